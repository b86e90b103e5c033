package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a class-names file: one name per line, in label order, UTF-8, blank lines at the end
 * ignored (the official CIFAR files end with some). Names are trimmed; an empty name inside the
 * list, a repeated name, a control character or a count other than the expected one is bad input.
 */
public final class ClassNamesFile {
    private ClassNamesFile() {}

    /**
     * @param file the names file
     * @param expected how many names it must hold
     * @param fix what messages tell the user to do
     * @return the names in label order
     * @throws BadInputException if the file does not hold exactly {@code expected} valid names
     */
    public static List<String> read(Path file, int expected, String fix) {
        List<String> lines;
        try {
            if (Files.size(file) > ArchiveSpec.SMALL_FILE_LIMIT) {
                throw bad(file, "is larger than " + ArchiveSpec.SMALL_FILE_LIMIT + " bytes", fix);
            }
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (CharacterCodingException e) {
            throw bad(file, "is not UTF-8 text", fix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.size() != expected) {
            throw bad(
                    file,
                    "has " + lines.size() + " class names, expected " + expected
                            + " (one per line)",
                    fix);
        }
        List<String> names = new ArrayList<>(expected);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            String problem =
                    name.isEmpty()
                            ? "is empty"
                            : name.codePoints().anyMatch(Character::isISOControl)
                                    ? "holds a control character"
                                    : !seen.add(name) ? "repeats '" + name + "'" : null;
            if (problem != null) {
                throw bad(file, "line " + (i + 1) + " " + problem, fix);
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private static BadInputException bad(Path file, String problem, String fix) {
        return new BadInputException("class names file " + file + " " + problem + ": " + fix);
    }
}
