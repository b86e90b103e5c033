package io.distill4j.cli;

import io.distill4j.AtomicFiles;
import io.distill4j.Json;
import io.distill4j.cluster.Cluster;
import io.distill4j.cluster.ClusterSpec;
import io.distill4j.data.Dataset;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.launch.Launch;
import io.distill4j.model.DeviceChoice;
import io.distill4j.progress.Progress;
import io.distill4j.settings.SettingsFile;
import io.distill4j.settings.StudyConfig;
import io.distill4j.study.RunDirectory;
import io.distill4j.study.Study;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A process of rank 1 or above of a multi-process study. It takes the study's settings from rank 0
 * (its own settings flags are not read), loads the same data, and runs the same study with rank 0:
 * it trains its shard of every batch and scores its share of the validation batches. Everything it
 * would write goes to a scratch folder deleted at the end; the run directory is rank 0's alone.
 */
final class Follower {
    private Follower() {}

    /** @return the line a process prints before it joins */
    static String joining(ClusterSpec spec) {
        return "rank " + spec.rank() + " of " + spec.nodes() + ": joining the job at " + spec.masterAddress() + ":"
                + spec.masterPort();
    }

    /**
     * Rank 0's side: gives the other processes the study's settings.
     *
     * @param cluster the joined processes
     * @param config the settings
     * @throws IOException if they cannot be encoded
     */
    static void sendSettings(Cluster cluster, StudyConfig config) throws IOException {
        cluster.broadcast(Json.mapper().writeValueAsBytes(SettingsFile.toJson(config)));
    }

    /**
     * @param spec this process's place, rank 1 or above
     * @param command the study command, for its output
     * @param device {@code --device}
     * @return the exit code
     * @throws IOException if the data cannot be read
     */
    static int run(ClusterSpec spec, CommandSpec command, String device) throws IOException {
        PrintWriter out = command.commandLine().getOut();
        out.println(joining(spec));
        out.flush();
        try (Cluster cluster = Cluster.join(spec)) {
            StudyConfig config = SettingsFile.fromJson(Json.mapper().readTree(cluster.broadcast((byte[]) null)));
            Launch.threads(config.threads());
            Path scratch = Files.createTempDirectory("distill4j-rank" + spec.rank() + "-");
            try (Dataset dataset = Datasets.load(config.dataRequest(), Main.console(command));
                    RunDirectory run = RunDirectory.create(scratch)) {
                out.println("rank " + spec.rank() + ": training with rank 0, which writes the run");
                out.flush();
                new Study(config, run, List.of(), DeviceChoice.parse(device).resolveAll(1), Progress.SILENT, cluster)
                        .run(dataset);
                out.println(cluster.traffic());
            } finally {
                AtomicFiles.deleteTree(scratch);
            }
        }
        out.println("rank " + spec.rank() + ": done");
        out.flush();
        return 0;
    }
}
