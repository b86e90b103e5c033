package io.distill4j.data.parquet;

import io.distill4j.BadInputException;
import io.distill4j.data.ImageSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads the Parquet tables of {@link ParquetImages} one row group at a time, each pass reading only
 * the column it needs: {@link #labels} the labels of every row (a few bytes each), {@link Rows} the
 * encoded images, one row group of them in memory at a time.
 */
final class ParquetTables {
    /** Names the image column may have. */
    static final List<String> IMAGE_COLUMNS = List.of("image", "img");
    /** The label column's name. */
    static final String LABEL = "label";

    private ParquetTables() {}

    /**
     * One table file.
     *
     * @param file the file
     * @param relative its path under the dataset's root, {@code /}-separated
     * @param test whether it holds test rows
     */
    record Table(Path file, String relative, boolean test) {}

    /** What one pass over the label column saw in a row: a class name, or a class index when {@code name} is null. */
    interface LabelSink {
        /**
         * @param table the row's table
         * @param row its index in the table
         * @param name its label's class name, or {@code null}
         * @param index its label's class index where {@code name} is null
         */
        void accept(Table table, long row, String name, long index);
    }

    /**
     * Reads the label column of every table, in order, checking each table's columns.
     *
     * @throws BadInputException for a table that cannot be read, lacks a column, or has a row without a label or with
     *     a class index out of range
     */
    static void labels(List<Table> tables, LabelSink sink) {
        for (Table t : tables) {
            try (ParquetFileReader reader = open(t.file())) {
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                imageColumn(t.file(), schema);
                PrimitiveTypeName type = schema.getType(LABEL).isPrimitive()
                        ? schema.getType(LABEL).asPrimitiveType().getPrimitiveTypeName() : null;
                MessageType projection = new MessageType(schema.getName(), schema.getType(LABEL));
                reader.setRequestedSchema(projection);
                long row = 0;
                for (PageReadStore group; (group = reader.readNextRowGroup()) != null; ) {
                    RecordReader<Group> records = records(projection, group);
                    for (long r = 0; r < group.getRowCount(); r++, row++) {
                        Group g = records.read();
                        present(g, LABEL, t.file(), row);
                        if (type == PrimitiveTypeName.BINARY) {
                            sink.accept(t, row, g.getString(LABEL, 0), -1);
                        } else {
                            sink.accept(t, row, null, index(g, type == PrimitiveTypeName.INT64, t.file(), row));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw unreadable(t.file(), e);
            }
        }
    }

    /**
     * One row's encoded image.
     *
     * @param where its table's relative path and row index, as errors and the skipped list name it
     * @param content the encoded image file
     * @param ordinal the row's index over all tables
     * @param test whether it is a test row
     */
    record Row(String where, byte[] content, int ordinal, boolean test) {}

    /** The image column of every table, row by row; one row group held at a time. */
    static final class Rows implements Iterator<Row>, AutoCloseable {
        private final Iterator<Table> tables;
        private Table table;
        private ParquetFileReader reader;
        private MessageType projection;
        private String image;
        private boolean raw;
        private RecordReader<Group> records;
        private long left;
        private int block;
        private long row;
        private int ordinal;

        Rows(List<Table> tables) {
            this.tables = tables.iterator();
        }

        @Override
        public boolean hasNext() {
            try {
                while (left == 0) {
                    // readRowGroup, unlike readNextRowGroup, keeps no reference to the group it returns: dropping ours
                    // lets the last group be collected before the next is read, so one group is in the heap at a time.
                    records = null;
                    if (reader != null && block < reader.getRowGroups().size()) {
                        int index = block++;
                        if (reader.getRowGroups().get(index).getRowCount() > 0) {
                            PageReadStore group = reader.readRowGroup(index);
                            records = records(projection, group);
                            left = group.getRowCount();
                        }
                        continue;
                    }
                    close();
                    if (!tables.hasNext()) {
                        return false;
                    }
                    table = tables.next();
                    row = 0;
                    block = 0;
                    reader = open(table.file());
                    MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                    image = imageColumn(table.file(), schema);
                    raw = schema.getType(image).isPrimitive();
                    projection = new MessageType(schema.getName(), schema.getType(image));
                    reader.setRequestedSchema(projection);
                }
                return true;
            } catch (IOException | RuntimeException e) {
                throw unreadable(table.file(), e);
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                Group g = records.read();
                present(g, image, table.file(), row);
                byte[] content = raw ? g.getBinary(image, 0).getBytes() : g.getGroup(image, 0).getBinary("bytes", 0).getBytes();
                left--;
                return new Row(table.relative() + " row " + row++, content, ordinal++, table.test());
            } catch (RuntimeException e) {
                throw unreadable(table.file(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    private static ParquetFileReader open(Path file) throws IOException {
        return ParquetFileReader.open(new LocalInputFile(file), ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
    }

    private static RecordReader<Group> records(MessageType projection, PageReadStore group) {
        return new ColumnIOFactory().getColumnIO(projection).getRecordReader(group, new GroupRecordConverter(projection));
    }

    /** @return the image column's name, after checking that the label column is there too */
    private static String imageColumn(Path file, MessageType schema) {
        String image = IMAGE_COLUMNS.stream().filter(schema::containsField).findFirst().orElseThrow(() -> new BadInputException(
                "Parquet table " + file + " has no column " + String.join(" or ", IMAGE_COLUMNS) + " (its columns: "
                        + schema.getFields().stream().map(Type::getName).toList() + "): name the image bytes column image"));
        if (!schema.containsField(LABEL)) {
            throw new BadInputException("Parquet table " + file + " has no column " + LABEL + ": add the class of each image"
                    + " (its name, or its index)");
        }
        return image;
    }

    private static void present(Group g, String column, Path file, long row) {
        if (g.getFieldRepetitionCount(column) == 0) {
            throw new BadInputException("Parquet table " + file + " row " + row + " has no " + column
                    + ": give every row an image and a label");
        }
    }

    private static long index(Group g, boolean int64, Path file, long row) {
        long v = int64 ? g.getLong(LABEL, 0) : g.getInteger(LABEL, 0);
        if (v < 0 || v >= ImageSet.MAX_CLASSES) {
            throw new BadInputException("Parquet table " + file + " row " + row + " has label " + v + ", outside 0–"
                    + (ImageSet.MAX_CLASSES - 1) + ": give class indices or names");
        }
        return v;
    }

    private static BadInputException unreadable(Path file, Exception e) {
        if (e instanceof BadInputException b) {
            return b;
        }
        return new BadInputException("Parquet table " + file + " cannot be read (" + e.getMessage()
                + "): it is truncated or not a table of images; write it again");
    }
}
