package io.distill4j.store;

import io.distill4j.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the Parquet files of one part of a store (one seed and epoch, or the test set), whoever
 * wrote them: this code, or Spark's DataFrame writer (any file names, optional columns, Snappy).
 */
final class ViewReader {
    private ViewReader() {}

    /**
     * The views of one part, in position order.
     *
     * @param samples training-split (or test-set) index of each position
     * @param logits {@code (positions × classes)} float32 logits, row-major, top-k stores expanded
     * @param features stored feature name → {@code (positions × size)} values, row-major
     */
    record Rows(int[] samples, float[] logits, Map<String, float[]> features) {}

    /**
     * @param dir the part's folder, holding one or more {@code *.parquet} files
     * @param expected the number of views it must hold (positions 0 … expected − 1, each once)
     * @param classes the class count
     * @param encoding how the logits are stored
     * @param featureNames the features stored
     * @return its views
     * @throws BadInputException if a file is missing, truncated or foreign, or positions are missing or repeated
     */
    static Rows read(Path dir, int expected, int classes, StoreManifest.Logits encoding, List<String> featureNames) {
        List<Path> files = files(dir);
        int[] samples = new int[expected];
        java.util.Arrays.fill(samples, -1);
        float[] logits = new float[expected * classes];
        short[] halves = encoding.precision().equals("float16") ? new short[expected * classes] : null;
        java.util.BitSet stored = new java.util.BitSet();
        Map<String, float[]> features = new HashMap<>();
        int topK = encoding.topK();
        for (Path file : files) {
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                    ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                PageReadStore group;
                while ((group = reader.readNextRowGroup()) != null) {
                    RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                            .getRecordReader(group, new GroupRecordConverter(schema));
                    for (long r = 0; r < group.getRowCount(); r++) {
                        Group row = records.read();
                        int p = row.getInteger(ViewRow.POSITION, 0);
                        if (p < 0 || p >= expected || samples[p] != -1) {
                            throw bad(file, "has position " + p + (p >= 0 && p < expected ? " twice" : ", outside 0.." + (expected - 1)));
                        }
                        samples[p] = row.getInteger(ViewRow.SAMPLE, 0);
                        if (topK == 0) {
                            values(row, ViewRow.LOGITS, logits, halves, p * classes, classes, file);
                            stored.set(p * classes, (p + 1) * classes);
                        } else {
                            float rest = row.getFloat(ViewRow.REST_LOGIT, 0);
                            java.util.Arrays.fill(logits, p * classes, (p + 1) * classes, rest);
                            Group index = row.getGroup(ViewRow.TOPK_INDEX, 0);
                            Group value = row.getGroup(ViewRow.TOPK_LOGIT, 0);
                            for (int j = 0; j < index.getFieldRepetitionCount("list"); j++) {
                                int c = index.getGroup("list", j).getInteger("element", 0);
                                int at = p * classes + c;
                                Group e = value.getGroup("list", j);
                                if (halves != null) {
                                    halves[at] = (short) e.getInteger("element", 0);
                                    stored.set(at);
                                } else {
                                    logits[at] = e.getFloat("element", 0);
                                }
                            }
                        }
                        for (String f : featureNames) {
                            Group list = row.getGroup(ViewRow.FEATURE + f, 0);
                            int size = list.getFieldRepetitionCount("list");
                            float[] all = features.computeIfAbsent(f, k -> new float[expected * size]);
                            values(row, ViewRow.FEATURE + f, all, null, p * size, size, file);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof BadInputException b) {
                    throw b;
                }
                throw bad(file, "cannot be read as teacher outputs (" + firstLine(e) + ")");
            }
        }
        for (int p = 0; p < expected; p++) {
            if (samples[p] == -1) {
                throw bad(dir, "lacks position " + p + " of " + expected);
            }
        }
        if (halves != null) {
            expandHalves(logits, halves, stored);
        }
        return new Rows(samples, logits, features);
    }

    /**
     * @param dir a part's folder
     * @param expected the views it must hold
     * @throws BadInputException if its files are missing, truncated, foreign, or hold another number of rows
     */
    static void requireRows(Path dir, int expected) {
        long rows = 0;
        for (Path file : files(dir)) {
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                    ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
                rows += reader.getRecordCount();
            } catch (IOException | RuntimeException e) {
                throw bad(file, "cannot be read as Parquet (" + firstLine(e) + ")");
            }
        }
        if (rows != expected) {
            throw bad(dir, "holds " + rows + " views where " + expected + " belong");
        }
    }

    /** Replaces the entries stored as float16 with their float32 values. */
    private static void expandHalves(float[] logits, short[] halves, java.util.BitSet stored) {
        float[] converted = ViewFile.floats(halves);
        stored.stream().forEach(i -> logits[i] = converted[i]);
    }

    private static void values(Group row, String column, float[] into, short[] halves, int from, int count, Path file) {
        Group list = row.getGroup(column, 0);
        int n = list.getFieldRepetitionCount("list");
        if (n != count) {
            throw bad(file, "has " + n + " values in " + column + " where " + count + " belong");
        }
        for (int k = 0; k < n; k++) {
            Group e = list.getGroup("list", k);
            if (halves != null) {
                halves[from + k] = (short) e.getInteger("element", 0);
            } else {
                into[from + k] = e.getFloat("element", 0);
            }
        }
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList());
            if (files.isEmpty()) {
                throw bad(dir, "holds no .parquet file");
            }
            return files;
        } catch (IOException e) {
            throw bad(dir, "is missing (" + firstLine(e) + ")");
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("");
    }

    private static BadInputException bad(Path where, String what) {
        return new BadInputException("teacher-output store part " + where + " " + what
                + ": the store is truncated or foreign; build it again with `distill teacher-outputs`");
    }
}
