package io.distill4j.settings;

import io.distill4j.BadInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Named bundles of defaults; each setting in {@link Settings} states its value under each.
 * {@code standard} is the study's protocol; {@code quick} shows every artefact in minutes on two
 * cores; {@code paper} is the original notebook's exact setup ({@code alexnet-227} and
 * {@code student-227} at 227×227, batch 64, constant SGD at 0.005, no augmentation), meant for a GPU.
 */
public enum Preset {
    /** Teacher 20 epochs, students 10 epochs, all 50,000 training images (10 % held out). */
    STANDARD,
    /** Teacher 3 epochs, students 3 epochs, the first 6,000 training images. */
    QUICK,
    /** The original notebook's models, batch size, optimizer and epochs. */
    PAPER;

    /** Batch size chosen by measurement (see docs/results.md). */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** Batch size of the notebook's 227×227 protocol ({@link #PAPER}). */
    public static final int PAPER_BATCH_SIZE = 64;

    /** @return the CLI names, in order */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Preset::label).toList();
    }

    /**
     * @param name {@code standard}, {@code quick} or {@code paper}
     * @return the preset
     */
    public static Preset of(String name) {
        return Arrays.stream(values())
                .filter(p -> p.label().equals(name))
                .findFirst()
                .orElseThrow(() -> new BadInputException(
                        "unknown preset '" + name + "': valid presets are " + String.join(", ", labels())));
    }

    /** @return the CLI name */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the one of the three values that belongs to this preset */
    <T> T pick(T standard, T quick, T paper) {
        return switch (this) {
            case STANDARD -> standard;
            case QUICK -> quick;
            case PAPER -> paper;
        };
    }
}
