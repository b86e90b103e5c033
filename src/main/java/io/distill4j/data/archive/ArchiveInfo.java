package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import io.distill4j.data.DataCache;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code data info} text of an {@link ArchiveStore}: where the data is and how much space it
 * takes, whether the archive and the extracted directory are present and valid, and the dataset's
 * image size and classes with their counts per split.
 */
final class ArchiveInfo {
    private final ArchiveSpec spec;
    private final Function<Path, Dataset> reader;

    ArchiveInfo(ArchiveSpec spec, Function<Path, Dataset> reader) {
        this.spec = spec;
        this.reader = reader;
    }

    String describe(Path dir, String labelsNote) throws IOException {
        Path archive = dir.resolve(spec.archiveName());
        Path extracted = dir.resolve(spec.dirName());
        StringBuilder sb = new StringBuilder();
        sb.append("dataset:   ").append(spec.title());
        sb.append(labelsNote.isEmpty() ? "" : ", " + labelsNote).append('\n');
        sb.append("data directory: ").append(dir.toAbsolutePath()).append('\n');
        long archiveBytes = DataCache.sizeOnDisk(archive);
        long extractedBytes = DataCache.sizeOnDisk(extracted);
        sb.append(
                String.format(
                        Locale.ROOT,
                        "on disk:   %s (archive %s, extracted %s)%n",
                        megabytes(archiveBytes + extractedBytes),
                        megabytes(archiveBytes),
                        megabytes(extractedBytes)));
        sb.append("archive:   ").append(archive).append(": ");
        boolean archiveOk = false;
        if (Files.isRegularFile(archive)) {
            String md5 = Checksum.md5(archive);
            archiveOk = md5.equals(spec.md5());
            sb.append("present, ")
                    .append(Files.size(archive))
                    .append(" bytes, ")
                    .append(
                            archiveOk
                                    ? "MD5 verified"
                                    : "MD5 " + md5 + " does not match " + spec.md5()
                                            + " (corrupt: delete it)");
        } else {
            sb.append("absent");
        }
        sb.append('\n').append("extracted: ").append(extracted).append(": ");
        Dataset data = null;
        if (Files.exists(extracted)) {
            try {
                data = reader.apply(extracted);
                sb.append("present, valid");
            } catch (BadInputException e) {
                sb.append("INVALID: ").append(e.getMessage());
            }
        } else {
            sb.append("absent");
        }
        sb.append('\n');
        if (data != null) {
            appendContents(sb, data);
        } else if (archiveOk) {
            sb.append("run `").append(spec.fetchCommand()).append("` to extract the archive\n");
        } else {
            sb.append("to get the data, run `")
                    .append(spec.fetchCommand())
                    .append("`, or ")
                    .append(spec.offlineHint(dir))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static void appendContents(StringBuilder sb, Dataset data) {
        int[] train = classCounts(data.train());
        int[] test = classCounts(data.test());
        sb.append(
                String.format(
                        "images:    %d train, %d test%n", data.train().size(), data.test().size()));
        sb.append(
                String.format(
                        "image size: %d × %d pixels, %d channels (RGB), %d bytes per image%n",
                        data.train().side(), data.train().side(), ImageSet.CHANNELS,
                        data.train().imageBytes()));
        sb.append(String.format("classes:   %d%n", data.classCount()));
        List<String> names = data.classNames();
        int width = Math.max(12, names.stream().mapToInt(String::length).max().orElse(0) + 1);
        String row = "%-" + width + "s %7s %7s%n";
        sb.append(String.format(row, "class", "train", "test"));
        for (int c = 0; c < names.size(); c++) {
            sb.append(String.format(row, names.get(c), train[c], test[c]));
        }
    }

    private static int[] classCounts(ImageSet set) {
        int[] counts = new int[set.classes()];
        for (int i = 0; i < set.size(); i++) {
            counts[set.label(i)]++;
        }
        return counts;
    }
}
