package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import java.util.List;

/** The datasets published as archives, by the names {@code --dataset} takes. */
public final class ArchiveDatasets {
    /** Names of the archive datasets, the default first. */
    public static final List<String> NAMES = List.of("cifar10", "cifar100");

    private ArchiveDatasets() {}

    /**
     * @param dataset {@code cifar10} or {@code cifar100}; {@code null} for {@code cifar10}
     * @param labels {@code fine} or {@code coarse} for CIFAR-100 ({@code null}: fine); must be
     *     {@code null} for CIFAR-10, which has one label
     * @return the store of the official archive, reading the labels asked for
     * @throws BadInputException for an unknown dataset or labels, or labels for CIFAR-10
     */
    public static ArchiveStore store(String dataset, String labels) {
        String name = dataset == null ? NAMES.get(0) : dataset;
        switch (name) {
            case "cifar10":
                if (labels != null) {
                    throw new BadInputException(
                            "--labels applies to cifar100 only: CIFAR-10 has one label per image;"
                                    + " drop --labels or add --dataset cifar100");
                }
                return new Cifar10Store().archiveStore();
            case "cifar100":
                return Cifar100Binary.store(Cifar100Labels.parse(labels));
            default:
                throw new BadInputException(
                        "unknown dataset '" + name + "': use --dataset "
                                + String.join(" or ", NAMES));
        }
    }
}
