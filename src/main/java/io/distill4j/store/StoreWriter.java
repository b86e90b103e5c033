package io.distill4j.store;

import io.distill4j.AtomicFiles;
import io.distill4j.model.ModelOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one part of a store (one seed and epoch of views, or the test set) as one Parquet file:
 * under a temporary name, made the part by {@link #commit} (synced, renamed, folder synced), so a
 * part that exists is always whole and a killed build leaves only the parts it finished.
 */
public final class StoreWriter implements AutoCloseable {
    /** The file name this writer gives a part. */
    public static final String FILE = "part-00000.parquet";

    private final Path file;
    private final Path tmp;
    private final ViewFile.Writer writer;
    private boolean closed;

    /**
     * @param dir the part's folder, without a {@link #FILE} yet
     * @param logits how logits are stored
     * @param features the features stored
     * @throws IOException if the file cannot be created
     */
    public StoreWriter(Path dir, StoreManifest.Logits logits, List<String> features) throws IOException {
        this.file = dir.resolve(FILE);
        this.tmp = AtomicFiles.temporary(file);
        this.writer = new ViewFile.Writer(tmp, logits, features);
    }

    /**
     * @param dir a part's folder
     * @return whether it holds a committed part
     */
    public static boolean committed(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
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

    /**
     * Finishes the file and makes it the part.
     *
     * @throws IOException if it cannot be finished, synced or renamed
     */
    public void commit() throws IOException {
        closed = true;
        writer.close();
        AtomicFiles.commit(tmp, file);
    }

    /** Without a {@link #commit}: the unfinished file is deleted and no part is made. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                writer.close();
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
