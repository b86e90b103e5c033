package io.distill4j.data.archive;

import static io.distill4j.data.archive.Cifar100Binary.RECORD_BYTES;
import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.deleteTree;
import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.describe;
import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.random;
import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.withTimeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * Properties of {@link Cifar100Binary#read} on tiny directories whose files are truncated,
 * extended, have bytes flipped (label bytes most often), are deleted, or whose names files gain,
 * lose, blank, repeat or garble lines. The property: either a one-line {@link BadInputException}
 * naming the first damaged file, exactly when an independent check of the bytes finds damage, or a
 * dataset holding exactly the files' labels, pixels and names.
 */
class Cifar100BinaryPropertyTest {
    private static final List<String> ORDER =
            List.of("train.bin", "test.bin", "fine_label_names.txt", "coarse_label_names.txt");

    /** A change to file {@code file} (index into {@link #ORDER}); see {@link #apply}. */
    record Damage(int file, String kind, int at, int value, long seed) {}

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void damagedRecordFilesAreReportedOrReadExactly(
            @ForAll("recordDamage") List<Damage> damage, @ForAll Cifar100Labels labels) {
        check(damage, labels);
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void damagedNamesFilesAreReportedOrReadExactly(
            @ForAll("namesDamage") List<Damage> damage, @ForAll Cifar100Labels labels) {
        check(damage, labels);
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void anyMixOfDamageIsReportedOrReadExactly(
            @ForAll("anyDamage") List<Damage> damage, @ForAll Cifar100Labels labels) {
        check(damage, labels);
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Damage>> recordDamage() {
        return recordDamageOne().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Damage>> namesDamage() {
        return namesDamageOne().list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Damage>> anyDamage() {
        Arbitrary<Damage> remove =
                Arbitraries.integers().between(0, 3).map(f -> new Damage(f, "remove", 0, 0, 0));
        return Arbitraries.frequencyOf(
                        Tuple.of(4, recordDamageOne()),
                        Tuple.of(3, namesDamageOne()),
                        Tuple.of(1, remove))
                .list()
                .ofMinSize(0)
                .ofMaxSize(5);
    }

    private static Arbitrary<Damage> recordDamageOne() {
        Arbitrary<Integer> file = Arbitraries.integers().between(0, 1);
        Arbitrary<Integer> record = Arbitraries.integers().between(0, Cifar100Fixtures.TRAIN - 1);
        Arbitrary<Damage> labelFlip =
                Combinators.combine(
                                file, record, Arbitraries.integers().between(0, 1),
                                Arbitraries.integers().between(0, 255))
                        .as((f, r, b, v) -> new Damage(f, "set", r * RECORD_BYTES + b, v, 0));
        Arbitrary<Damage> anyFlip =
                Combinators.combine(
                                file, Arbitraries.integers().between(0, 5 * RECORD_BYTES),
                                Arbitraries.integers().between(1, 255))
                        .as((f, at, x) -> new Damage(f, "xor", at, x, 0));
        Arbitrary<Damage> resize =
                Combinators.combine(
                                file,
                                Arbitraries.frequencyOf(
                                        Tuple.of(3, Arbitraries.integers().between(-3, 3)),
                                        Tuple.of(1, Arbitraries.integers().between(-20_000, 20_000))),
                                Arbitraries.longs())
                        .as((f, delta, seed) -> new Damage(f, "resize", 0, delta, seed));
        return Arbitraries.oneOf(labelFlip, anyFlip, resize);
    }

    private static Arbitrary<Damage> namesDamageOne() {
        return Combinators.combine(
                        Arbitraries.integers().between(2, 3),
                        Arbitraries.of("drop", "add", "blank", "repeat", "trailing", "garble"),
                        Arbitraries.integers().between(0, 120),
                        Arbitraries.longs())
                .as((f, kind, at, seed) -> new Damage(f, kind, at, 0, seed));
    }

    // ---- damage and the independent check ------------------------------------------------------

    private static void apply(Map<String, byte[]> files, Damage d) {
        String name = ORDER.get(d.file());
        byte[] data = files.get(name);
        if (data == null) {
            return;
        }
        switch (d.kind()) {
            case "remove" -> files.remove(name);
            case "set", "xor" -> {
                if (d.at() < data.length) {
                    data[d.at()] = (byte) (d.kind().equals("set") ? d.value() : data[d.at()] ^ d.value());
                }
            }
            case "resize" -> {
                int length = Math.max(0, data.length + d.value());
                byte[] resized = Arrays.copyOf(data, length);
                if (length > data.length) {
                    byte[] tail = random(length - data.length, d.seed());
                    System.arraycopy(tail, 0, resized, data.length, tail.length);
                }
                files.put(name, resized);
            }
            default -> files.put(name, editNames(data, d));
        }
    }

    private static byte[] editNames(byte[] data, Damage d) {
        List<String> lines =
                new ArrayList<>(List.of(new String(data, StandardCharsets.UTF_8).split("\n", -1)));
        int at = Math.min(d.at(), lines.size() - 1);
        switch (d.kind()) {
            case "drop" -> lines.remove(at);
            case "add" -> lines.add(at, "extra" + d.seed());
            case "blank" -> lines.set(at, "  ");
            case "repeat" -> lines.set(at, lines.get((at + 1) % lines.size()));
            case "trailing" -> lines.add("");
            default -> {
                return random(data.length, d.seed());
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the file {@code read} must name, or null if the directory is valid */
    private static String firstProblem(Map<String, byte[]> files) {
        for (String name : ORDER) {
            if (!files.containsKey(name)) {
                return name;
            }
        }
        int[] classes = {100, 20};
        for (int k = 0; k < 2; k++) {
            if (namesOf(files.get(ORDER.get(2 + k)), classes[k]) == null) {
                return ORDER.get(2 + k);
            }
        }
        int[] records = {Cifar100Fixtures.TRAIN, Cifar100Fixtures.TEST};
        for (int f = 0; f < 2; f++) {
            byte[] data = files.get(ORDER.get(f));
            if (data.length != records[f] * RECORD_BYTES) {
                return ORDER.get(f);
            }
            for (int r = 0; r < records[f]; r++) {
                if ((data[r * RECORD_BYTES] & 0xFF) >= 20 || (data[r * RECORD_BYTES + 1] & 0xFF) >= 100) {
                    return ORDER.get(f);
                }
            }
        }
        return null;
    }

    /** @return the names the file must give, or null if it must be rejected */
    private static List<String> namesOf(byte[] data, int expected) {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        String text;
        try {
            text = decoder.decode(java.nio.ByteBuffer.wrap(data)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
        List<String> lines = new ArrayList<>(text.lines().map(String::strip).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        boolean ok = lines.size() == expected
                && lines.stream().noneMatch(String::isEmpty)
                && lines.stream().noneMatch(l -> l.codePoints().anyMatch(Character::isISOControl))
                && new HashSet<>(lines).size() == lines.size();
        return ok ? lines : null;
    }

    private static void check(List<Damage> damage, Cifar100Labels labels) {
        Map<String, byte[]> files = Cifar100Fixtures.files();
        damage.forEach(d -> apply(files, d));
        String problem = firstProblem(files);
        Statistics.label("expected").collect(problem == null ? "dataset" : problem);
        Path root = null;
        try {
            root = Files.createTempDirectory("distill4j-cifar100-prop-");
            Path dir = Cifar100Fixtures.write(root.resolve(Cifar100Binary.DIR_NAME), files);
            Object outcome = withTimeout(() -> Cifar100Fixtures.read(dir, labels));
            if (outcome instanceof Dataset data) {
                assertThat(problem).as("read succeeded, but %s is damaged", problem).isNull();
                assertHolds(data, files, labels);
            } else {
                Throwable e = (Throwable) outcome;
                if (!(e instanceof BadInputException)) {
                    fail("read threw " + describe(e) + " instead of BadInputException", e);
                }
                assertThat(problem).as("rejected a valid directory: %s", e.getMessage()).isNotNull();
                assertThat(e.getMessage()).doesNotContainPattern("\\R").contains(problem);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(root);
        }
    }

    private static void assertHolds(Dataset data, Map<String, byte[]> files, Cifar100Labels labels) {
        assertThat(data.classNames())
                .isEqualTo(namesOf(files.get(labels.namesFile()), labels.classes()));
        int labelByte = labels == Cifar100Labels.COARSE ? 0 : 1;
        for (int f = 0; f < 2; f++) {
            byte[] file = files.get(ORDER.get(f));
            ImageSet set = f == 0 ? data.train() : data.test();
            assertThat(set.classes()).isEqualTo(labels.classes());
            assertThat(set.size() * RECORD_BYTES).isEqualTo(file.length);
            for (int r = 0; r < set.size(); r++) {
                int at = r * RECORD_BYTES;
                assertThat(set.label(r)).isEqualTo(file[at + labelByte]);
                assertThat(set.image(r))
                        .isEqualTo(Arrays.copyOfRange(file, at + 2, at + RECORD_BYTES));
            }
        }
    }
}
