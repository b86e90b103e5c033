package io.distill4j.data.archive;

import static io.distill4j.data.archive.Cifar10Binary.BATCH_FILES;
import static io.distill4j.data.archive.Cifar10Binary.RECORD_BYTES;
import static io.distill4j.data.archive.Cifar10Binary.TEST_FILE;
import static io.distill4j.data.archive.Cifar10Binary.TRAIN_FILES;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of {@link Cifar10Binary#read(Path, int)} on tiny ({@value Cifar10Fixtures#RECORDS}
 * records per file) batch directories that are damaged at random: files truncated or extended,
 * bytes flipped (labels included), files deleted or replaced, garbage added.
 *
 * <p>The property: {@code read} returns a dataset that holds exactly the bytes on disk, or throws a
 * {@link BadInputException} with a one-line message naming the first offending file (in the order
 * {@code read} checks them); nothing else is thrown and no call hangs. An independent model of the
 * format predicts which of the two must happen.
 */
public class Cifar10BinaryPropertyTest {
    private static final int R = Cifar10Fixtures.RECORDS;
    private static final int FILE_BYTES = R * RECORD_BYTES;
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final Map<String, byte[]> GOOD = Cifar10Fixtures.batchFiles(R);

    // ---- the model of a batch directory --------------------------------------------------------

    /** What lies at a batch file's path. */
    sealed interface Node permits Bytes, Absent, Directory, BrokenLink, LinkToFile {}

    /** A regular file. */
    record Bytes(byte[] data) implements Node {}

    /** Nothing. */
    record Absent() implements Node {}

    /** A directory of that name. */
    record Directory() implements Node {}

    /** A symbolic link to nothing. */
    record BrokenLink() implements Node {}

    /** A symbolic link to a regular file outside the directory holding these bytes. */
    record LinkToFile(byte[] data) implements Node {}

    /** One change to a batch directory; generated values are small and printable. */
    sealed interface Mutation
            permits Resize, Flip, Delete, Replace, Garbage, ExtraFile, DropDirectory {}

    /** Truncates or extends batch file {@code file} to {@code length} bytes (seeded filler). */
    record Resize(int file, int length, long seed) implements Mutation {}

    /** XORs {@code mask} into byte {@code pos} (modulo the length) of batch file {@code file}. */
    record Flip(int file, int pos, int mask) implements Mutation {}

    /** Deletes batch file {@code file}. */
    record Delete(int file) implements Mutation {}

    /** Replaces batch file {@code file} by a directory, a broken link or a link to a file. */
    record Replace(int file, String kind) implements Mutation {}

    /**
     * Replaces batch file {@code file} by {@code length} seeded random bytes; with {@code
     * validLabels}, every record's label byte is then set to a class 0–9.
     */
    record Garbage(int file, int length, long seed, boolean validLabels) implements Mutation {}

    /** Adds a file that is not a batch file (or is a near miss of a batch file's name). */
    record ExtraFile(String name, int length, long seed) implements Mutation {}

    /** Removes the whole directory, or replaces it by a plain file. */
    record DropDirectory(boolean leaveFile) implements Mutation {}

    /** The directory after the mutations, as written to disk. */
    static final class Layout {
        final Map<String, Node> batches = new LinkedHashMap<>();
        final Map<String, byte[]> extras = new LinkedHashMap<>();
        /** null: a directory; "missing"; "file". */
        String dirState;

        Layout() {
            GOOD.forEach((name, data) -> batches.put(name, new Bytes(data.clone())));
        }

        Layout apply(List<? extends Mutation> mutations) {
            for (Mutation m : mutations) {
                apply(m);
            }
            return this;
        }

        void apply(Mutation m) {
            if (m instanceof Resize r) {
                String name = BATCH_FILES.get(r.file());
                byte[] old = contentOf(batches.get(name));
                if (old != null) {
                    byte[] data = Arrays.copyOf(old, r.length());
                    if (r.length() > old.length) {
                        byte[] fill = random(r.length() - old.length, r.seed());
                        System.arraycopy(fill, 0, data, old.length, fill.length);
                    }
                    batches.put(name, withContent(batches.get(name), data));
                }
            } else if (m instanceof Flip f) {
                String name = BATCH_FILES.get(f.file());
                byte[] data = contentOf(batches.get(name));
                if (data != null && data.length > 0) {
                    data[Math.floorMod(f.pos(), data.length)] ^= (byte) f.mask();
                }
            } else if (m instanceof Delete d) {
                batches.put(BATCH_FILES.get(d.file()), new Absent());
            } else if (m instanceof Replace r) {
                String name = BATCH_FILES.get(r.file());
                byte[] data = contentOf(batches.get(name));
                batches.put(
                        name,
                        switch (r.kind()) {
                            case "directory" -> new Directory();
                            case "broken link" -> new BrokenLink();
                            default -> new LinkToFile(data != null ? data : new byte[0]);
                        });
            } else if (m instanceof Garbage g) {
                byte[] data = random(g.length(), g.seed());
                if (g.validLabels()) {
                    Random rnd = new Random(g.seed() ^ 0x5DEECE66DL);
                    for (int at = 0; at < data.length; at += RECORD_BYTES) {
                        data[at] = (byte) rnd.nextInt(ImageSet.CLASSES);
                    }
                }
                batches.put(BATCH_FILES.get(g.file()), new Bytes(data));
            } else if (m instanceof ExtraFile e) {
                extras.put(e.name(), random(e.length(), e.seed()));
            } else if (m instanceof DropDirectory d) {
                dirState = d.leaveFile() ? "file" : "missing";
            }
        }

        private static byte[] contentOf(Node node) {
            if (node instanceof Bytes b) {
                return b.data();
            }
            if (node instanceof LinkToFile l) {
                return l.data();
            }
            return null;
        }

        private static Node withContent(Node node, byte[] data) {
            return node instanceof LinkToFile ? new LinkToFile(data) : new Bytes(data);
        }

        /** Writes the layout as {@code root/cifar-10-batches-bin}; link targets go in root. */
        Path write(Path root) throws IOException {
            Path dir = root.resolve(Cifar10Binary.DIR_NAME);
            if ("missing".equals(dirState)) {
                return dir;
            }
            if ("file".equals(dirState)) {
                Files.write(dir, new byte[] {1, 2, 3});
                return dir;
            }
            Files.createDirectory(dir);
            Path outside = Files.createDirectory(root.resolve("outside"));
            for (Map.Entry<String, Node> e : batches.entrySet()) {
                Path file = dir.resolve(e.getKey());
                Node node = e.getValue();
                if (node instanceof Bytes b) {
                    Files.write(file, b.data());
                } else if (node instanceof Directory) {
                    Files.createDirectory(file);
                } else if (node instanceof BrokenLink) {
                    Files.createSymbolicLink(file, outside.resolve("nothing-" + e.getKey()));
                } else if (node instanceof LinkToFile l) {
                    Files.createSymbolicLink(
                            file, Files.write(outside.resolve(e.getKey()), l.data()));
                }
            }
            for (Map.Entry<String, byte[]> e : extras.entrySet()) {
                if (!batches.containsKey(e.getKey())) {
                    Files.write(dir.resolve(e.getKey()), e.getValue());
                }
            }
            return dir;
        }

        /**
         * @return null if {@code read} must succeed, else the problem it must report first: the
         *     offending file's name and what the message must say
         */
        Problem expectedProblem(Path dir) {
            if (dirState != null) {
                return new Problem(
                        "no directory",
                        dir.toString(),
                        "missing".equals(dirState) ? " does not exist" : " is not a directory");
            }
            for (String name : BATCH_FILES) {
                if (contentOf(batches.get(name)) == null) {
                    return new Problem("missing file", name, name + " is missing from " + dir);
                }
            }
            List<String> order = new ArrayList<>(TRAIN_FILES);
            order.add(TEST_FILE);
            for (String name : order) {
                byte[] data = contentOf(batches.get(name));
                Path file = dir.resolve(name);
                if (data.length != FILE_BYTES) {
                    return new Problem(
                            "wrong size",
                            file.toString(),
                            file + " has " + data.length + " bytes, expected " + FILE_BYTES);
                }
                for (int r = 0; r < R; r++) {
                    int label = Byte.toUnsignedInt(data[r * RECORD_BYTES]);
                    if (label >= ImageSet.CLASSES) {
                        return new Problem(
                                "bad label",
                                file.toString(),
                                file + " record " + r + " has label " + label + ", outside 0–9");
                    }
                }
            }
            return null;
        }

        /** Checks {@code data} holds exactly the bytes of the batch files, in order. */
        void assertHolds(Dataset data) {
            assertThat(data.name()).isEqualTo("cifar10");
            assertThat(data.train().size()).isEqualTo(TRAIN_FILES.size() * R);
            assertThat(data.test().size()).isEqualTo(R);
            for (int f = 0; f < BATCH_FILES.size(); f++) {
                byte[] file = contentOf(batches.get(BATCH_FILES.get(f)));
                ImageSet set = f < TRAIN_FILES.size() ? data.train() : data.test();
                int first = f < TRAIN_FILES.size() ? f * R : 0;
                for (int r = 0; r < R; r++) {
                    int at = r * RECORD_BYTES;
                    assertThat(set.label(first + r)).isEqualTo(file[at]);
                    assertThat(set.image(first + r))
                            .isEqualTo(Arrays.copyOfRange(file, at + 1, at + RECORD_BYTES));
                }
            }
        }
    }

    /** The problem {@code read} must report: the file it must name, and a fragment of text. */
    record Problem(String kind, String file, String text) {}

    static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ---- the properties ------------------------------------------------------------------------

    @Property(tries = 600, shrinking = ShrinkingMode.BOUNDED)
    void truncatedOrExtendedFileIsReportedOrReadExactly(
            @ForAll("resizes") List<Resize> resizes) {
        check(new Layout().apply(resizes));
    }

    @Property(tries = 800, shrinking = ShrinkingMode.BOUNDED)
    void flippedBytesAreReportedOrReadExactly(@ForAll("flipLists") List<Flip> flips) {
        check(new Layout().apply(flips));
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void deletedOrReplacedFilesAreReported(@ForAll("removals") List<Mutation> removals) {
        check(new Layout().apply(removals));
    }

    @Property(tries = 400, shrinking = ShrinkingMode.BOUNDED)
    void garbageFilesAreReportedOrReadExactly(@ForAll("garbage") List<Mutation> garbage) {
        check(new Layout().apply(garbage));
    }

    @Property(tries = 600, shrinking = ShrinkingMode.BOUNDED)
    void anyMixOfDamageIsReportedOrReadExactly(@ForAll("anything") List<Mutation> mutations) {
        check(new Layout().apply(mutations));
    }

    // ---- generators ----------------------------------------------------------------------------

    private static Arbitrary<Integer> fileIndex() {
        return Arbitraries.integers().between(0, BATCH_FILES.size() - 1);
    }

    /** Lengths near the right one, tiny ones and anything up to three files' worth. */
    private static Arbitrary<Integer> lengths() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(-3, 3).map(d -> FILE_BYTES + d)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                0, 1, RECORD_BYTES - 1, RECORD_BYTES, RECORD_BYTES + 1,
                                FILE_BYTES - RECORD_BYTES, FILE_BYTES + RECORD_BYTES,
                                2 * FILE_BYTES)),
                Tuple.of(3, Arbitraries.integers().between(0, 3 * FILE_BYTES)));
    }

    private static Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<List<Resize>> resizes() {
        Arbitrary<Resize> one =
                Combinators.combine(fileIndex(), lengths(), seeds()).as(Resize::new);
        return one.list().ofMinSize(1).ofMaxSize(3);
    }

    private static Arbitrary<Flip> flips() {
        Arbitrary<Integer> labelPos =
                Arbitraries.integers().between(0, R - 1).map(r -> r * RECORD_BYTES);
        Arbitrary<Integer> anyPos = Arbitraries.integers().between(0, FILE_BYTES - 1);
        Arbitrary<Integer> pos =
                Arbitraries.frequencyOf(
                        Tuple.of(1, labelPos), Tuple.of(1, anyPos));
        Arbitrary<Integer> mask = Arbitraries.integers().between(1, 255);
        return Combinators.combine(fileIndex(), pos, mask).as(Flip::new);
    }

    @Provide
    Arbitrary<List<Flip>> flipLists() {
        return flips().list().ofMinSize(1).ofMaxSize(6);
    }

    /** Deletes a batch file or puts something else in its place; rarely drops the directory. */
    private static Arbitrary<Mutation> removal() {
        Arbitrary<Mutation> perFile =
                Arbitraries.oneOf(
                        fileIndex().map(Delete::new),
                        Combinators.combine(
                                        fileIndex(),
                                        Arbitraries.of("directory", "broken link", "link to file"))
                                .as(Replace::new));
        return Arbitraries.frequencyOf(
                Tuple.of(6, perFile),
                Tuple.of(1, Arbitraries.of(true, false).map(DropDirectory::new)));
    }

    @Provide
    Arbitrary<List<Mutation>> removals() {
        return removal().list().ofMinSize(1).ofMaxSize(6);
    }

    private static Arbitrary<Mutation> garbageFile() {
        Arbitrary<Integer> length =
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(FILE_BYTES)), Tuple.of(1, lengths()));
        return Combinators.combine(fileIndex(), length, seeds(), Arbitraries.of(true, false))
                .as(Garbage::new);
    }

    private static Arbitrary<Mutation> extraFile() {
        Arbitrary<String> names =
                Arbitraries.oneOf(
                        Arbitraries.of(
                                "data_batch_6.bin", "data_batch_0.bin", "data_batch_1.bin.bak",
                                "DATA_BATCH_1.BIN", ".data_batch_1.bin", "test_batch.bin~",
                                "batches.meta.txt", "readme.html", "data_batch_1.bin.part"),
                        Arbitraries.strings().alpha().numeric().withChars('.', '_', '-')
                                .ofMinLength(1).ofMaxLength(20)
                                .filter(s -> !s.equals(".") && !s.equals("..")));
        return Combinators.combine(names, lengths(), seeds()).as(ExtraFile::new);
    }

    @Provide
    Arbitrary<List<Mutation>> garbage() {
        return Arbitraries.oneOf(garbageFile(), extraFile()).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Mutation>> anything() {
        Arbitrary<Mutation> resize =
                Combinators.combine(fileIndex(), lengths(), seeds()).as(Resize::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(3, flips().map(f -> (Mutation) f)),
                        Tuple.of(2, resize),
                        Tuple.of(1, removal()),
                        Tuple.of(2, garbageFile()),
                        Tuple.of(2, extraFile()))
                .list()
                .ofMinSize(0)
                .ofMaxSize(8);
    }

    // ---- the check -----------------------------------------------------------------------------

    static void check(Layout layout) {
        Path root = null;
        try {
            root = Files.createTempDirectory("distill4j-cifar-prop-");
            Path dir = layout.write(root);
            Problem problem = layout.expectedProblem(dir);
            Statistics.label("expected").collect(problem == null ? "dataset" : problem.kind());
            Object outcome = withTimeout(() -> Cifar10Binary.read(dir, R));
            if (outcome instanceof Dataset data) {
                if (problem != null) {
                    fail("read succeeded, but must report " + problem);
                }
                layout.assertHolds(data);
            } else {
                Throwable e = (Throwable) outcome;
                if (!(e instanceof BadInputException)) {
                    fail("read threw " + describe(e) + " instead of BadInputException", e);
                }
                if (problem == null) {
                    fail("read rejected a valid directory: " + e.getMessage(), e);
                }
                assertThat(e.getMessage())
                        .as("one-line message")
                        .doesNotContainPattern("\\R")
                        .contains(problem.file())
                        .contains(problem.text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(root);
        }
    }

    private static final ExecutorService[] RUNNER = {newRunner()};

    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(
                r -> {
                    Thread t = new Thread(r, "cifar10-property-try");
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Runs {@code call} on a helper thread with a time limit: a hang fails the try instead of
     * the build.
     *
     * @return what {@code call} returned, or the throwable it threw
     */
    public static synchronized Object withTimeout(Callable<?> call) {
        Future<?> future = RUNNER[0].submit(call);
        try {
            return future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            future.cancel(true);
            RUNNER[0].shutdownNow();
            RUNNER[0] = newRunner();
            return fail("no result within " + LIMIT.toSeconds() + " s: the call hangs");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    static String describe(Throwable e) {
        StringWriter s = new StringWriter();
        e.printStackTrace(new PrintWriter(s));
        String[] lines = s.toString().split("\\R");
        return String.join(" | ", Arrays.copyOf(lines, Math.min(lines.length, 6)));
    }

    public static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try {
            Cifar10Store.deleteTree(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
