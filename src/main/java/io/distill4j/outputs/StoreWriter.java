package io.distill4j.outputs;

import io.distill4j.model.ModelOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes one part of a store (one seed and epoch of views, or the test set) as one Parquet file. */
public final class StoreWriter implements AutoCloseable {
    /** The file name this writer gives a part. */
    public static final String FILE = "part-00000.parquet";

    private final ViewFile.Writer writer;

    /**
     * @param dir the part's folder, without a {@link #FILE} yet
     * @param logits how logits are stored
     * @param features the features stored
     * @throws IOException if the file cannot be created
     */
    public StoreWriter(Path dir, StoreManifest.Logits logits, List<String> features) throws IOException {
        this.writer = new ViewFile.Writer(dir.resolve(FILE), logits, features);
    }

    /**
     * @param first position of the batch's first view
     * @param samples the split index of each view of the batch
     * @param out the teacher's outputs on the batch, holding every stored feature
     * @throws IOException if writing fails
     */
    public void append(int first, int[] samples, ModelOutput out) throws IOException {
        writer.append(first, samples, out);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
