package io.distill4j.cli;

import io.distill4j.Provenance;
import picocli.CommandLine;

/** Prints distill4j's version, commit and library versions for {@code --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return Provenance.versionLines();
    }
}
