package io.distill4j.store;

import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import io.distill4j.model.ClassifierShape;
import io.distill4j.model.InputShape;
import io.distill4j.train.TeacherOutputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * A teacher-output store on disk: the teacher's outputs on every augmented training view of some
 * seeds and epochs, computed once, so that students train without the teacher. Layout:
 * <pre>
 * STORE/store.json                                  the manifest ({@link StoreManifest}), written last
 * STORE/views/seed=S/epoch=E/*.parquet              the views of study seed S, epoch E ({@link ViewFile})
 * STORE/test/*.parquet                              the teacher's logits on the test set, for evaluation
 * STORE/teacher/                                    the teacher's scores: a run directory (results.json, evaluation.json)
 * </pre>
 * The {@code key=value} folders are Hive-style partitions: Spark, pandas and DuckDB read the
 * {@code views} folder as one table with {@code seed} and {@code epoch} columns.
 */
public final class TeacherStore {
    /** Folder of the training views. */
    public static final String VIEWS = "views";
    /** Folder of the test-set logits. */
    public static final String TEST = "test";
    /** Run directory of the teacher's scores. */
    public static final String TEACHER = "teacher";

    private final Path dir;
    private final StoreManifest manifest;

    private TeacherStore(Path dir, StoreManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * @param dir the store directory
     * @return the store
     * @throws io.distill4j.BadInputException if it has no manifest or one of another format
     */
    public static TeacherStore open(Path dir) {
        return new TeacherStore(dir, StoreManifest.read(dir));
    }

    /** @return the store directory */
    public Path path() {
        return dir;
    }

    /** @return its manifest */
    public StoreManifest manifest() {
        return manifest;
    }

    /**
     * @param store a store directory
     * @param seed a study seed
     * @param epoch a 1-based epoch
     * @return the folder of that seed's and epoch's views
     */
    public static Path viewsDir(Path store, long seed, int epoch) {
        return store.resolve(VIEWS).resolve("seed=" + seed).resolve("epoch=" + epoch);
    }

    /** @return the teacher, as distillation methods see it: its name, input and features */
    public ClassifierShape teacher() {
        StoreManifest.Teacher t = manifest.teacher();
        Map<String, Dims> features = new LinkedHashMap<>();
        t.featureShapes().forEach((name, dims) -> features.put(name, Dims.of(dims.stream().mapToLong(Long::longValue).toArray())));
        return new Described(t.architecture(), new InputShape(t.side(), t.classes()), Map.copyOf(features));
    }

    private record Described(String architecture, InputShape inputShape, Map<String, Dims> featureShapes)
            implements ClassifierShape {}

    /**
     * @param seed a study seed the store holds
     * @param epoch an epoch the store holds
     * @return that epoch's views in order
     */
    ViewReader.Rows views(long seed, int epoch) {
        return ViewReader.read(viewsDir(dir, seed, epoch), manifest.views().trainImages(), manifest.teacher().classes(),
                manifest.logits(), manifest.features());
    }

    /**
     * @param images the test set's size
     * @return the teacher's logits on the test set, {@code (images, classes)}
     */
    public Tensor testLogits(int images) {
        ViewReader.Rows rows = ViewReader.read(dir.resolve(TEST), images, manifest.teacher().classes(), manifest.logits(),
                List.of());
        return Tensors.keep(Tensors.floats(rows.logits(), images, manifest.teacher().classes()));
    }

    /**
     * @param seed the study seed of a students phase
     * @return the stored outputs of that seed's views
     */
    public TeacherOutputs outputs(long seed) {
        return new StoredOutputs(this, seed);
    }

    /**
     * @param file a teacher's weights or module
     * @return its SHA-256, hexadecimal
     * @throws IOException if it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        return io.distill4j.Hashes.sha256Hex(file);
    }

    /**
     * Checks, from the files' footers alone, that every part the run reads is there and whole.
     *
     * @param seeds the study seeds the run reads
     * @param epochs the epochs it reads
     * @throws io.distill4j.BadInputException naming the first part missing, truncated or of another size
     */
    public void verify(List<Long> seeds, int epochs) {
        for (long seed : seeds) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                ViewReader.requireRows(viewsDir(dir, seed, epoch), manifest.views().trainImages());
            }
        }
    }

    /**
     * @param method a method of the run
     * @param features the teacher features its objective reads
     * @throws io.distill4j.BadInputException naming a feature the store lacks
     */
    public void requireFeatures(String method, java.util.Set<String> features) {
        for (String f : features) {
            if (!manifest.features().contains(f)) {
                throw new io.distill4j.BadInputException("method " + method + " reads teacher feature '" + f + "' but store "
                        + dir + " holds no teacher feature '" + f + "' (it has " + manifest.features()
                        + "): build the store with --features " + f);
            }
        }
    }

    /**
     * @param file the teacher a run names besides the store
     * @throws io.distill4j.BadInputException if the store holds another teacher's outputs
     */
    public void requireTeacher(Path file) {
        String sha;
        try {
            sha = sha256(file);
        } catch (IOException e) {
            throw new io.distill4j.BadInputException("teacher " + file + " cannot be read (" + e.getMessage() + "): give a readable file");
        }
        if (!sha.equals(manifest.teacher().sha256())) {
            throw new io.distill4j.BadInputException("store " + dir + " holds the outputs of another teacher ("
                    + manifest.teacher().file() + ", SHA-256 " + manifest.teacher().sha256().substring(0, 12) + "…) than "
                    + file + " (" + sha.substring(0, 12) + "…): build a store of this teacher, or drop the teacher option");
        }
    }
}
