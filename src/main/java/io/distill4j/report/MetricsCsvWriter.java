package io.distill4j.report;

import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.train.EpochMetrics;
import io.distill4j.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code metrics.csv}: one row per model and epoch. After every row the whole file is
 * rewritten through {@link AtomicFiles}, so the file on disk is always complete (a crash loses no
 * finished epoch and never leaves half a row). Numbers are written with {@link Double#toString}, so
 * {@link #read} gives back exactly the values written.
 */
public final class MetricsCsvWriter implements TrainingListener, AutoCloseable {
    /** Conventional file name inside a run directory. */
    public static final String FILE_NAME = "metrics.csv";

    /** The header line. */
    public static final String HEADER = "model,epoch,train_loss,val_loss,val_acc,lr,seconds";

    private static final String[] COLUMNS = HEADER.split(",");

    private final Path csv;
    private final StringBuilder content = new StringBuilder();
    private boolean closed;

    /**
     * Creates (or replaces) the file with the header, creating missing parent directories.
     *
     * @param csv the file to write, usually {@code runDir/metrics.csv}
     * @throws UncheckedIOException if the file cannot be written
     */
    public MetricsCsvWriter(Path csv) {
        this.csv = csv;
        writeLine(HEADER);
    }

    /** @return the file being written */
    public Path path() {
        return csv;
    }

    /**
     * Adds one row and rewrites the file with it.
     *
     * @throws IllegalArgumentException if the model name contains a comma, quote or line break
     * @throws IllegalStateException if the writer is closed
     * @throws UncheckedIOException if the file cannot be written; it then keeps the previous rows
     */
    @Override
    public synchronized void onEpoch(EpochMetrics m) {
        if (closed) {
            throw new IllegalStateException(csv + " is already closed");
        }
        if (m.model().isEmpty() || m.model().matches(".*[,\"\\r\\n].*")) {
            throw new IllegalArgumentException(
                    "model name '" + m.model() + "' cannot be a CSV field: it must be non-empty,"
                            + " without commas, quotes or line breaks");
        }
        writeLine(String.join(",",
                m.model(),
                Integer.toString(m.epoch()),
                Double.toString(m.trainLoss()),
                Double.toString(m.valLoss()),
                Double.toString(m.valAcc()),
                Double.toString(m.lr()),
                Double.toString(m.seconds())));
    }

    private void writeLine(String line) {
        int before = content.length();
        content.append(line).append('\n');
        try {
            AtomicFiles.write(csv, content.toString().getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            content.setLength(before);
            throw e;
        }
    }

    /** Refuses further rows; the file is already complete. Closing twice does nothing. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    /**
     * Reads a file written by this class; blank lines are skipped.
     *
     * @param csv the file
     * @return the rows in file order
     * @throws BadInputException if the file is missing, has another header, or a row (named by its
     *     line number) does not have 7 fields of the right types
     */
    public static List<EpochMetrics> read(Path csv) {
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("metrics file " + csv + " does not exist; pass the file a"
                    + " training run wrote (runDir/" + FILE_NAME + ")", e);
        } catch (IOException e) {
            throw new BadInputException("cannot read metrics file " + csv + ": " + e.getMessage(), e);
        }
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().replace("\uFEFF", "").equals(HEADER)) {
            throw new BadInputException(csv + " line 1: expected the header '" + HEADER + "', found '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "'; is this a distill4j metrics.csv?");
        }
        List<EpochMetrics> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank()) {
                rows.add(parseRow(csv, i + 1, line));
            }
        }
        return rows;
    }

    private static EpochMetrics parseRow(Path csv, int lineNo, String line) {
        String[] f = line.split(",", -1);
        if (f.length != COLUMNS.length) {
            throw new BadInputException(String.format(
                    "%s line %d: expected %d comma-separated fields (%s), found %d: '%s'",
                    csv, lineNo, COLUMNS.length, HEADER, f.length, line));
        }
        String model = f[0].strip();
        if (model.isEmpty()) {
            throw new BadInputException(csv + " line " + lineNo + ": column 'model' is empty");
        }
        int epoch;
        try {
            epoch = Integer.parseInt(f[1].strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(String.format(
                    "%s line %d: column 'epoch' is not an integer: '%s'", csv, lineNo, f[1]), e);
        }
        double[] v = new double[5];
        for (int c = 0; c < v.length; c++) {
            String s = f[c + 2].strip();
            try {
                v[c] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new BadInputException(String.format("%s line %d: column '%s' is not a number: '%s'",
                        csv, lineNo, COLUMNS[c + 2], s), e);
            }
        }
        return new EpochMetrics(model, epoch, v[0], v[1], v[2], v[3], v[4]);
    }
}
