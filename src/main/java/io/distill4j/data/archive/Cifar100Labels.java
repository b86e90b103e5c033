package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which of the two labels of a CIFAR-100 record a dataset uses. */
public enum Cifar100Labels {
    /** The 100 classes (label byte 1), the default. */
    FINE(100, "fine_label_names.txt", 1),
    /** The 20 super-classes (label byte 0). */
    COARSE(20, "coarse_label_names.txt", 0);

    private final int classes;
    private final String namesFile;
    private final int labelByte;

    Cifar100Labels(int classes, String namesFile, int labelByte) {
        this.classes = classes;
        this.namesFile = namesFile;
        this.labelByte = labelByte;
    }

    /** @return the number of classes: 100 fine, 20 coarse */
    public int classes() {
        return classes;
    }

    /** @return the file of the extracted archive naming these classes, one per line */
    public String namesFile() {
        return namesFile;
    }

    /** @return the position of this label in a record: 0 coarse, 1 fine */
    int labelByte() {
        return labelByte;
    }

    /** @return the option value, {@code fine} or {@code coarse} */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value {@code fine} or {@code coarse}; {@code null} for the default
     * @return the labels
     * @throws BadInputException for any other value
     */
    public static Cifar100Labels parse(String value) {
        if (value == null) {
            return FINE;
        }
        for (Cifar100Labels labels : values()) {
            if (labels.optionValue().equals(value)) {
                return labels;
            }
        }
        throw new BadInputException(
                "unknown labels '" + value + "': use --labels "
                        + Arrays.stream(values())
                                .map(Cifar100Labels::optionValue)
                                .collect(Collectors.joining(" or ")));
    }
}
