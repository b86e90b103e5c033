package io.distill4j.data.archive;

import static io.distill4j.data.archive.Cifar10Binary.BATCH_FILES;
import static io.distill4j.data.archive.Cifar10Binary.DIR_NAME;
import static io.distill4j.data.archive.Cifar10Binary.RECORD_BYTES;
import static io.distill4j.data.archive.Cifar10Binary.TRAIN_FILES;
import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.deleteTree;
import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.describe;
import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.random;
import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.withTimeout;
import static io.distill4j.data.archive.Cifar10Store.ARCHIVE_NAME;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Properties of {@link Cifar10Store#importFrom} and {@link Cifar10Store#load} (local archive, no
 * network) on tiny ({@value Cifar10Fixtures#RECORDS} records per file) {@code .tar.gz} archives
 * that are truncated, have bytes flipped in the gzip or tar stream, or hold extra entries: path
 * traversal, absolute paths, links, special files, duplicates, huge declared sizes.
 *
 * <p>The property: a {@link BadInputException} with a one-line message, or an import whose
 * extracted files and returned dataset are exactly the archive's data; no other exception, no
 * hang, no file written (or changed) outside the data directory, no staging leftovers inside it,
 * and extracted data already there untouched when the import fails.
 *
 * <p>Most tries give the store the MD5 of the damaged archive, so damage reaches extraction; some
 * give it the MD5 of the intact one, or an unrelated one, so the checksum must reject the archive
 * before anything is written.
 */
class Cifar10ArchivePropertyTest {
    private static final int R = Cifar10Fixtures.RECORDS;
    private static final int BATCH_BYTES = R * RECORD_BYTES;
    private static final byte[] GOOD_ARCHIVE = Cifar10Fixtures.archive();
    private static final String GOOD_MD5 = Cifar10Fixtures.md5(GOOD_ARCHIVE);
    private static final String UNRELATED_MD5 = "0123456789abcdef0123456789abcdef";
    private static final Map<String, byte[]> GOOD_BATCHES = Cifar10Fixtures.batchFiles(R);
    private static final byte[] META = "airplane\n".getBytes(StandardCharsets.US_ASCII);
    private static final String ROOT = "{ROOT}";
    private static final FileTime MOD_TIME = FileTime.fromMillis(1_262_304_000_000L);
    private static final Set<String> EXTRACTED_NAMES =
            Set.copyOf(
                    Stream.concat(BATCH_FILES.stream(), Stream.of("batches.meta.txt", "readme.html"))
                            .toList());

    // ---- what a try builds ---------------------------------------------------------------------

    /**
     * An entry added to the archive.
     *
     * @param at where among the entries so far it goes (modulo their number + 1)
     * @param name entry name; {@value #ROOT} stands for the try's temp directory
     * @param type tar type flag: '0' file, '5' directory, '1' hard link, '2' symlink, '3' '4' '6'
     * @param link link target, for links
     * @param content for files: "zeros", "random", "labels" (random, valid labels) or "batch k"
     * @param size bytes of content written
     * @param declared size written into the header instead, or null; "malformed" is not a number
     * @param seed for random content
     */
    record Extra(
            int at,
            String name,
            char type,
            String link,
            String content,
            int size,
            String declared,
            long seed) {}

    /** Damage to the compressed bytes. */
    record GzipDamage(Integer truncateAt, List<int[]> flips, int appended) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("GzipDamage[truncateAt=" + truncateAt + ", flips=");
            flips.forEach(f -> sb.append(f[0]).append('^').append(f[1]).append(' '));
            return sb.append("appended=").append(appended).append(']').toString();
        }
    }

    static final GzipDamage NO_GZIP_DAMAGE = new GzipDamage(null, List.of(), 0);

    /** Which MD5 the store is given: of the bytes as damaged, of the intact archive, or other. */
    enum Md5 {
        OF_GIVEN_BYTES,
        OF_INTACT_ARCHIVE,
        UNRELATED
    }

    /** How the archive reaches the store. */
    enum Route {
        /** {@code importFrom(file, fresh data dir)}. */
        IMPORT,
        /** {@code importFrom(file, data dir already holding a good import)}. */
        IMPORT_OVER_DATA,
        /** Archive placed in the data dir as {@value Cifar10Store#ARCHIVE_NAME}; {@code load}. */
        LOAD
    }

    /**
     * One try.
     *
     * @param extras entries added
     * @param dropped base entries left out (0 the directory, 1–6 the batches, 7 the meta file)
     * @param tarFlips (position, xor mask) pairs applied to the uncompressed tar
     * @param gzip damage to the compressed bytes
     * @param md5 the MD5 the store expects
     * @param route how the archive is given
     */
    record Scenario(
            List<Extra> extras,
            Set<Integer> dropped,
            List<int[]> tarFlips,
            GzipDamage gzip,
            Md5 md5,
            Route route) {}

    /** One entry of the tar as written. */
    record Entry(String name, char type, String link, byte[] content, String declared) {}

    // ---- the properties ------------------------------------------------------------------------

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void truncatedArchiveIsRejectedOrImportedExactly(
            @ForAll("truncations") GzipDamage damage, @ForAll("routes") Route route) {
        check(new Scenario(List.of(), Set.of(), List.of(), damage, Md5.OF_GIVEN_BYTES, route));
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void flippedGzipBytesAreRejectedOrImportedExactly(
            @ForAll("gzipFlips") GzipDamage damage, @ForAll("routes") Route route) {
        check(new Scenario(List.of(), Set.of(), List.of(), damage, Md5.OF_GIVEN_BYTES, route));
    }

    @Property(tries = 400, shrinking = ShrinkingMode.BOUNDED)
    void extraEntriesAreRejectedOrIgnoredSafely(
            @ForAll("extraLists") List<Extra> extras,
            @ForAll("droppedEntries") Set<Integer> dropped,
            @ForAll("routes") Route route) {
        check(new Scenario(extras, dropped, List.of(), NO_GZIP_DAMAGE, Md5.OF_GIVEN_BYTES, route));
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void flippedTarBytesAreRejectedOrImportedExactly(
            @ForAll("tarFlipLists") List<int[]> flips, @ForAll("routes") Route route) {
        check(new Scenario(List.of(), Set.of(), flips, NO_GZIP_DAMAGE, Md5.OF_GIVEN_BYTES, route));
    }

    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    void checksumRejectsAnyChangeBeforeWritingAnything(
            @ForAll("smallExtraLists") List<Extra> extras,
            @ForAll("anyGzipDamage") GzipDamage damage,
            @ForAll("wrongMd5") Md5 md5,
            @ForAll("routes") Route route) {
        check(new Scenario(extras, Set.of(), List.of(), damage, md5, route));
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void anyDamageIsRejectedOrImportedExactly(
            @ForAll("smallExtraLists") List<Extra> extras,
            @ForAll("droppedEntries") Set<Integer> dropped,
            @ForAll("smallTarFlipLists") List<int[]> tarFlips,
            @ForAll("anyGzipDamage") GzipDamage damage,
            @ForAll("anyMd5") Md5 md5,
            @ForAll("routes") Route route) {
        check(new Scenario(extras, dropped, tarFlips, damage, md5, route));
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<Route> routes() {
        return Arbitraries.of(Route.class);
    }

    @Provide
    Arbitrary<Md5> wrongMd5() {
        return Arbitraries.of(Md5.OF_INTACT_ARCHIVE, Md5.UNRELATED);
    }

    @Provide
    Arbitrary<Md5> anyMd5() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(Md5.OF_GIVEN_BYTES)),
                Tuple.of(1, Arbitraries.just(Md5.OF_INTACT_ARCHIVE)),
                Tuple.of(1, Arbitraries.just(Md5.UNRELATED)));
    }

    /** Truncation points over the whole archive, denser near both ends. */
    private static Arbitrary<Integer> truncationPoint() {
        int n = GOOD_ARCHIVE.length;
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, n)),
                Tuple.of(2, Arbitraries.integers().between(0, 20)),
                Tuple.of(2, Arbitraries.integers().between(n - 20, n)));
    }

    @Provide
    Arbitrary<GzipDamage> truncations() {
        return truncationPoint().map(t -> new GzipDamage(t, List.of(), 0));
    }

    private static Arbitrary<int[]> gzipFlip() {
        int n = GOOD_ARCHIVE.length;
        Arbitrary<Integer> pos =
                Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.integers().between(0, n - 1)),
                        // header (magic, method, flags, mtime, os) and trailer (CRC32, ISIZE)
                        Tuple.of(2, Arbitraries.integers().between(0, 9)),
                        Tuple.of(2, Arbitraries.integers().between(n - 8, n - 1)));
        return Combinators.combine(pos, Arbitraries.integers().between(1, 255))
                .as((p, m) -> new int[] {p, m});
    }

    @Provide
    Arbitrary<GzipDamage> gzipFlips() {
        return gzipFlip().list().ofMinSize(1).ofMaxSize(4).map(f -> new GzipDamage(null, f, 0));
    }

    @Provide
    Arbitrary<GzipDamage> anyGzipDamage() {
        Arbitrary<Integer> truncate =
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just((Integer) null)),
                        Tuple.of(1, truncationPoint()));
        Arbitrary<List<int[]>> flips =
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(List.<int[]>of())),
                        Tuple.of(1, gzipFlip().list().ofMinSize(1).ofMaxSize(3)));
        Arbitrary<Integer> appended =
                Arbitraries.frequencyOf(
                        Tuple.of(5, Arbitraries.just(0)),
                        Tuple.of(1, Arbitraries.integers().between(1, 40)));
        return Combinators.combine(truncate, flips, appended).as(GzipDamage::new);
    }

    @Provide
    Arbitrary<Set<Integer>> droppedEntries() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(Set.<Integer>of())),
                Tuple.of(1, Arbitraries.integers().between(0, 7).set().ofMinSize(1).ofMaxSize(2)));
    }

    private static Arbitrary<int[]> tarFlip() {
        // a tar header's name, mode, size, checksum and type fields, or anywhere
        Arbitrary<Integer> headerField =
                Combinators.combine(
                                Arbitraries.integers().between(0, 9),
                                Arbitraries.of(0, 5, 50, 100, 124, 130, 135, 148, 154, 156, 257))
                        // the directory's header at 0, then each batch's header every 10,240
                        .as((block, field) -> (block == 0 ? 0 : 512 + (block - 1) * 10_240) + field);
        Arbitrary<Integer> anywhere = Arbitraries.integers().between(0, 80_000);
        Arbitrary<Integer> pos =
                Arbitraries.frequencyOf(Tuple.of(1, headerField), Tuple.of(1, anywhere));
        return Combinators.combine(pos, Arbitraries.integers().between(1, 255))
                .as((p, m) -> new int[] {p, m});
    }

    @Provide
    Arbitrary<List<int[]>> tarFlipLists() {
        return tarFlip().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<int[]>> smallTarFlipLists() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(List.<int[]>of())),
                Tuple.of(1, tarFlip().list().ofMinSize(1).ofMaxSize(2)));
    }

    private static final String B = DIR_NAME + "/";

    /** Names that must be refused: traversal, absolute, backslashes, drive letters. */
    private static Arbitrary<String> unsafeNames() {
        return Arbitraries.of(
                "../x",
                "a/../../x",
                "..",
                "../",
                B + "..",
                B + "../data_batch_1.bin",
                B + "../../evil",
                B + "../../../../../../evil",
                "./../evil",
                B + "readme.html/../../../evil",
                ROOT + "/evil",
                ROOT + "/" + B + "data_batch_1.bin",
                "/etc/distill4j-must-not-exist",
                "/" + B + "data_batch_1.bin",
                "C:/evil",
                "c:evil",
                B + "..\\..\\evil",
                "\\\\server\\share\\evil",
                "../evil\nsecond line",
                "/evil\r\nsecond line",
                "a/".repeat(60) + "../".repeat(65) + "evil");
    }

    /** Names that are harmless: ignored, or the expected files again. */
    private static Arbitrary<String> safeNames() {
        Arbitrary<String> fixed =
                Arbitraries.of(
                        B + "data_batch_1.bin",
                        B + "data_batch_5.bin",
                        B + "test_batch.bin",
                        "./" + B + "data_batch_3.bin",
                        B + "batches.meta.txt",
                        B + "readme.html",
                        B + "data_batch_6.bin",
                        B + "./data_batch_2.bin",
                        B + "sub/data_batch_2.bin",
                        "other/" + B + "data_batch_1.bin",
                        "cifar-10-batches-bin",
                        "data_batch_1.bin",
                        "notes\nwith a newline",
                        "d\u00e9j\u00e0/\u00fcber.bin",
                        "x..y/..z",
                        "a/".repeat(60) + "long.bin");
        Arbitrary<String> randomNames =
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars('.', '_', '-', '/')
                        .ofMinLength(1)
                        .ofMaxLength(30)
                        .filter(s -> !s.startsWith("/") && !Arrays.asList(s.split("/")).contains(".."))
                        .filter(s -> !s.endsWith("/") && !s.contains("//"));
        return Arbitraries.frequencyOf(Tuple.of(3, fixed), Tuple.of(1, randomNames));
    }

    private static Arbitrary<String> linkTargets() {
        return Arbitraries.of(
                "../../evil", ROOT + "/evil", "/etc/passwd", "data_batch_2.bin", B + "data_batch_2.bin");
    }

    /** Declared sizes that cannot fit in the archive, or are not numbers. */
    private static Arbitrary<String> hugeSizes() {
        return Arbitraries.of(
                "1048576", "4294967296", "8589934591", "1099511627776", "9223372036854775807", "-1",
                "malformed");
    }

    private static Arbitrary<Extra> extra(boolean huge) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 20);
        Arbitrary<Long> seed = Arbitraries.longs();
        Arbitrary<Integer> size =
                Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.just(BATCH_BYTES)),
                        Tuple.of(2, Arbitraries.of(0, 1, 511, 512, 513, BATCH_BYTES - 1, BATCH_BYTES + 1)),
                        Tuple.of(1, Arbitraries.integers().between(0, 2 * BATCH_BYTES)));
        Arbitrary<String> content =
                Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.of("zeros", "random", "labels")),
                        Tuple.of(1, Arbitraries.integers().between(0, 5).map(k -> "batch " + k)));
        Arbitrary<String> declared =
                huge
                        ? hugeSizes()
                        : Arbitraries.frequencyOf(
                                Tuple.of(5, Arbitraries.just((String) null)),
                                Tuple.of(1, hugeSizes()));
        Arbitrary<Extra> safeFile =
                Combinators.combine(at, safeNames(), content, size, declared, seed)
                        .as((a, n, c, s, d, sd) -> new Extra(a, n, '0', null, c, s, d, sd));
        Arbitrary<Extra> unsafeFile =
                Combinators.combine(at, unsafeNames(), content, size, seed)
                        .as((a, n, c, s, sd) -> new Extra(a, n, '0', null, c, s, null, sd));
        Arbitrary<Extra> directory =
                Combinators.combine(at, Arbitraries.oneOf(safeNames(), unsafeNames()))
                        .as((a, n) -> new Extra(a, n.endsWith("/") ? n : n + "/", '5', null, null, 0, null, 0));
        Arbitrary<Extra> link =
                Combinators.combine(
                                at,
                                Arbitraries.oneOf(safeNames(), unsafeNames()),
                                Arbitraries.of('1', '2'),
                                linkTargets())
                        .as((a, n, t, l) -> new Extra(a, n, t, l, null, 0, null, 0));
        Arbitrary<Extra> special =
                Combinators.combine(at, safeNames(), Arbitraries.of('3', '4', '6'))
                        .as((a, n, t) -> new Extra(a, n, t, null, null, 0, null, 0));
        if (huge) {
            return safeFile;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(5, safeFile),
                Tuple.of(3, unsafeFile),
                Tuple.of(1, directory),
                Tuple.of(2, link),
                Tuple.of(1, special));
    }

    @Provide
    Arbitrary<List<Extra>> extraLists() {
        return Arbitraries.frequencyOf(
                        Tuple.of(6, extra(false)), Tuple.of(1, extra(true)))
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Extra>> smallExtraLists() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(List.<Extra>of())),
                Tuple.of(1, extra(false).list().ofMinSize(1).ofMaxSize(2)));
    }

    // ---- building the archive ------------------------------------------------------------------

    private static List<Entry> entries(Scenario s, Path root) {
        List<Entry> base = new ArrayList<>();
        base.add(new Entry(B, '5', null, null, null));
        GOOD_BATCHES.forEach((name, data) -> base.add(new Entry(B + name, '0', null, data, null)));
        base.add(new Entry(B + "batches.meta.txt", '0', null, META, null));
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            if (!s.dropped().contains(i)) {
                all.add(base.get(i));
            }
        }
        for (Extra e : s.extras()) {
            String name = e.name().replace(ROOT, root.toString());
            String link = e.link() == null ? null : e.link().replace(ROOT, root.toString());
            byte[] content =
                    e.type() != '0' ? null : name.endsWith("/") ? new byte[0] : content(e);
            all.add(e.at() % (all.size() + 1), new Entry(name, e.type(), link, content, e.declared()));
        }
        return all;
    }

    private static byte[] content(Extra e) {
        String c = e.content();
        if (c.startsWith("batch ")) {
            byte[] batch = GOOD_BATCHES.get(BATCH_FILES.get(Integer.parseInt(c.substring(6))));
            return Arrays.copyOf(batch, e.size());
        }
        byte[] data = c.equals("zeros") ? new byte[e.size()] : random(e.size(), e.seed());
        if (c.equals("labels")) {
            for (int at = 0; at < data.length; at += RECORD_BYTES) {
                data[at] = (byte) Math.floorMod(data[at], ImageSet.CLASSES);
            }
        }
        return data;
    }

    /** @return the uncompressed tar, with declared sizes patched and tar flips applied */
    static byte[] tar(List<Entry> entries, List<int[]> flips) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Entry e : entries) {
                TarArchiveEntry te = new TarArchiveEntry(e.name(), (byte) e.type(), true);
                te.setModTime(MOD_TIME); // whole seconds: no PAX time headers
                if (e.link() != null) {
                    te.setLinkName(e.link());
                }
                te.setSize(e.content() == null ? 0 : e.content().length);
                tar.putArchiveEntry(te);
                if (e.content() != null) {
                    tar.write(e.content());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] tar = bytes.toByteArray();
        List<Integer> headers = headerOffsets(tar);
        assertThat(headers).hasSameSizeAs(entries);
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).declared() != null) {
                patchSize(tar, headers.get(i), entries.get(i).declared());
            }
        }
        for (int[] f : flips) {
            if (f[0] < tar.length) {
                tar[f[0]] ^= (byte) f[1];
            }
        }
        return tar;
    }

    /** @return offsets of the headers of the entries themselves (not PAX or GNU long names) */
    private static List<Integer> headerOffsets(byte[] tar) {
        List<Integer> offsets = new ArrayList<>();
        for (int off = 0; off + 512 <= tar.length; ) {
            if (isZero(tar, off)) {
                break;
            }
            char type = (char) tar[off + 156];
            long size =
                    Long.parseLong(
                            new String(tar, off + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            if ("xgLK".indexOf(type) < 0) {
                offsets.add(off);
            }
            off += 512 + (int) ((size + 511) / 512 * 512);
        }
        return offsets;
    }

    private static boolean isZero(byte[] b, int off) {
        for (int i = off; i < off + 512; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code declared} into the size field (octal, base-256 or junk), fixing the checksum. */
    private static void patchSize(byte[] tar, int off, String declared) {
        byte[] field = new byte[12];
        if (declared.equals("malformed")) {
            field = "12345678x01\0".getBytes(StandardCharsets.US_ASCII);
        } else {
            long size = Long.parseLong(declared);
            if (size >= 0 && size < 077777777777L) {
                byte[] octal =
                        String.format("%011o\0", size).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(octal, 0, field, 0, 12);
            } else {
                for (int i = 11; i >= 1; i--) {
                    field[i] = (byte) (size >> (8 * (11 - i)));
                }
                field[0] = (byte) (size < 0 ? 0xff : 0x80);
            }
        }
        System.arraycopy(field, 0, tar, off + 124, 12);
        Arrays.fill(tar, off + 148, off + 156, (byte) ' ');
        long sum = 0;
        for (int i = off; i < off + 512; i++) {
            sum += tar[i] & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, tar, off + 148, 8);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] damage(byte[] gz, GzipDamage d) {
        byte[] out = gz.clone();
        for (int[] f : d.flips()) {
            out[Math.floorMod(f[0], out.length)] ^= (byte) f[1];
        }
        if (d.truncateAt() != null) {
            out = Arrays.copyOf(out, Math.min(d.truncateAt(), out.length));
        }
        if (d.appended() > 0) {
            byte[] tail = random(d.appended(), d.appended());
            out = Arrays.copyOf(out, out.length + tail.length);
            System.arraycopy(tail, 0, out, out.length - tail.length, tail.length);
        }
        return out;
    }

    // ---- the reference: what a correct import of the (undamaged) tar must yield -------------

    /** What the store must do: fail (with why) or install exactly {@code batches}. */
    record Expected(String failure, Map<String, byte[]> batches) {}

    /**
     * Reads the uncompressed tar with commons-compress plus this test's own safety and layout
     * rules: any link, special file (device, FIFO, unknown type), absolute or {@code ..} name must
     * be refused; every batch must be a regular file of the exact size holding labels 0–9; the
     * last of equal names wins.
     */
    static Expected reference(byte[] tar) {
        Map<String, byte[]> found = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                String name = e.getName();
                boolean regular =
                        e.getLinkFlag() == TarConstants.LF_NORMAL
                                || e.getLinkFlag() == TarConstants.LF_OLDNORM;
                if (e.isSymbolicLink() || e.isLink() || !(regular || e.isDirectory())) {
                    return new Expected("link or special entry " + name, null);
                }
                if (name.startsWith("/") || name.contains("\\") || name.matches("(?s)[A-Za-z]:.*")
                        || Arrays.asList(name.split("/")).contains("..")) {
                    return new Expected("unsafe name " + name, null);
                }
                String plain = name.startsWith("./") ? name.substring(2) : name;
                byte[] data = in.readAllBytes();
                if (e.isFile() && plain.startsWith(B)) {
                    String base = plain.substring(B.length());
                    if (BATCH_FILES.contains(base) && e.getSize() != BATCH_BYTES) {
                        return new Expected("batch entry of size " + e.getSize(), null);
                    }
                    if (EXTRACTED_NAMES.contains(base)) {
                        found.put(base, data);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Expected("unreadable tar: " + e, null);
        }
        for (String name : BATCH_FILES) {
            byte[] data = found.get(name);
            if (data == null) {
                return new Expected("no " + name, null);
            }
            for (int at = 0; at < data.length; at += RECORD_BYTES) {
                if (Byte.toUnsignedInt(data[at]) >= ImageSet.CLASSES) {
                    return new Expected("label " + Byte.toUnsignedInt(data[at]) + " in " + name, null);
                }
            }
        }
        return new Expected(null, found);
    }

    /** Reasons, known from how the scenario was generated, why extraction must fail. */
    private static String mustFail(Scenario s) {
        if (!s.tarFlips().isEmpty()) {
            return null; // a flip may have changed the entry
        }
        for (Extra e : s.extras()) {
            String n = e.name();
            boolean unsafeName =
                    n.startsWith("/") || n.startsWith(ROOT) || n.contains("\\") || n.matches("(?s)[A-Za-z]:.*")
                            || Arrays.asList(n.split("/")).contains("..");
            if (e.type() != '0' && e.type() != '5') {
                return "extra entry of type " + e.type();
            }
            if (unsafeName) {
                return "extra entry with unsafe name";
            }
            if (e.declared() != null) {
                return "extra entry with impossible size " + e.declared();
            }
        }
        return null;
    }

    // ---- the check -----------------------------------------------------------------------------

    static void check(Scenario s) {
        Path root = null;
        try {
            root = Files.createTempDirectory("distill4j-cifar-prop-");
            checkIn(root, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(root);
        }
    }

    private static void checkIn(Path root, Scenario s) throws IOException {
        // The data directory sits deep so that ../ chains stay inside root, where they are seen.
        Path dataDir = root.resolve("p1/p2/p3/p4/p5/p6/p7/data");
        Files.createDirectories(dataDir.getParent());
        Path input = Files.createDirectories(root.resolve("in")).resolve("archive.tar.gz");

        byte[] tar = s.extras().isEmpty() && s.dropped().isEmpty() && s.tarFlips().isEmpty() ? null
                : tar(entries(s, root), s.tarFlips());
        byte[] intact = tar == null ? GOOD_ARCHIVE : gzip(tar);
        byte[] archive = damage(intact, s.gzip());
        Expected expected = tar == null ? GOOD_EXPECTED : reference(tar);
        String md5 =
                switch (s.md5()) {
                    case OF_GIVEN_BYTES -> Cifar10Fixtures.md5(archive);
                    case OF_INTACT_ARCHIVE -> GOOD_MD5;
                    case UNRELATED -> UNRELATED_MD5;
                };
        boolean md5Ok = md5.equals(Cifar10Fixtures.md5(archive));
        boolean gzipDamaged = !Arrays.equals(archive, intact);

        if (s.route() == Route.IMPORT_OVER_DATA) {
            // what a good import leaves behind
            Path batches = Files.createDirectories(dataDir.resolve(DIR_NAME));
            GOOD_BATCHES.forEach((name, data) -> write(batches.resolve(name), data));
            write(batches.resolve("batches.meta.txt"), META);
            write(dataDir.resolve(ARCHIVE_NAME), GOOD_ARCHIVE);
        }
        if (s.route() == Route.LOAD) {
            Files.createDirectories(dataDir);
            Files.write(dataDir.resolve(ARCHIVE_NAME), archive);
        } else {
            Files.write(input, archive);
        }
        Map<String, String> outsideBefore = snapshot(root, dataDir);
        Map<String, String> dataBefore = snapshot(dataDir, null);

        Cifar10Store store =
                new Cifar10Store(new Cifar10Source(URI.create("http://127.0.0.1:1/unused"), md5), R);
        Object outcome =
                withTimeout(
                        () -> s.route() == Route.LOAD
                                ? store.load(dataDir, false)
                                : store.importFrom(input, dataDir));

        Statistics.label("outcome")
                .collect(
                        outcome instanceof Dataset ? "imported"
                                : outcome instanceof BadInputException b
                                        ? (b.getMessage().contains(" MD5 ") ? "rejected: MD5" : "rejected")
                                        : "other exception");

        assertThat(snapshot(root, dataDir))
                .as("files outside the data directory")
                .isEqualTo(outsideBefore);
        try (Stream<Path> names = Files.list(dataDir)) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .as("data directory holds no staging leftovers")
                    .allMatch(n -> n.equals(ARCHIVE_NAME) || n.equals(DIR_NAME));
        }

        if (s.route() == Route.LOAD) {
            assertThat(Files.readAllBytes(dataDir.resolve(ARCHIVE_NAME)))
                    .as("the archive in the data directory")
                    .isEqualTo(archive);
        }
        if (outcome instanceof Dataset data) {
            if (!md5Ok) {
                fail("imported an archive whose MD5 differs from the expected one");
            }
            if (expected.failure() != null) {
                fail("imported an archive that must be rejected (" + expected.failure() + ")");
            }
            String why = mustFail(s);
            if (why != null) {
                fail("imported an archive that must be rejected (" + why + ")");
            }
            assertInstalled(dataDir, expected.batches(), data);
            assertThat(Files.readAllBytes(dataDir.resolve(ARCHIVE_NAME))).isEqualTo(archive);
            return;
        }
        Throwable e = (Throwable) outcome;
        if (!(e instanceof BadInputException)) {
            fail(s.route() + " threw " + describe(e) + " instead of BadInputException", e);
        }
        assertThat(e.getMessage()).as("one-line message").doesNotContainPattern("\\R");
        if (!md5Ok) {
            assertThat(e.getMessage()).contains("has MD5 ").contains("expected " + md5);
            assertThat(snapshot(dataDir, null))
                    .as("the checksum rejects before anything is written")
                    .isEqualTo(dataBefore);
            return;
        }
        if (!gzipDamaged && expected.failure() == null && mustFail(s) == null) {
            fail("rejected an archive that is fine: " + e.getMessage(), e);
        }
        // A failed import leaves extracted data as it was; only the archive may be replaced.
        Map<String, String> after = snapshot(dataDir, null);
        Map<String, String> before = new TreeMap<>(dataBefore);
        after.keySet().removeIf(k -> k.equals(ARCHIVE_NAME));
        before.keySet().removeIf(k -> k.equals(ARCHIVE_NAME));
        assertThat(after).as("extracted data after a failed import").isEqualTo(before);
    }

    private static final Expected GOOD_EXPECTED = reference(gunzipGood());

    private static void write(Path file, byte[] data) {
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gunzipGood() {
        try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(GOOD_ARCHIVE))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertInstalled(Path dataDir, Map<String, byte[]> batches, Dataset data)
            throws IOException {
        Path dir = dataDir.resolve(DIR_NAME);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(EXTRACTED_NAMES::contains);
        }
        for (Map.Entry<String, byte[]> e : batches.entrySet()) {
            assertThat(Files.readAllBytes(dir.resolve(e.getKey())))
                    .as("extracted " + e.getKey())
                    .isEqualTo(e.getValue());
        }
        byte[] trainPixels = new byte[TRAIN_FILES.size() * R * ImageSet.IMAGE_BYTES];
        byte[] trainLabels = new byte[TRAIN_FILES.size() * R];
        byte[] testPixels = new byte[R * ImageSet.IMAGE_BYTES];
        byte[] testLabels = new byte[R];
        for (int f = 0; f < BATCH_FILES.size(); f++) {
            byte[] file = batches.get(BATCH_FILES.get(f));
            boolean train = f < TRAIN_FILES.size();
            for (int r = 0; r < R; r++) {
                int i = (train ? f * R : 0) + r;
                (train ? trainLabels : testLabels)[i] = file[r * RECORD_BYTES];
                System.arraycopy(
                        file, r * RECORD_BYTES + 1,
                        train ? trainPixels : testPixels, i * ImageSet.IMAGE_BYTES,
                        ImageSet.IMAGE_BYTES);
            }
        }
        assertThat(data)
                .isEqualTo(
                        new Dataset(
                                "cifar10",
                                new ImageSet(trainPixels, trainLabels),
                                new ImageSet(testPixels, testLabels)));
    }

    /**
     * @return every path under {@code root} (but not under {@code skip}) with its kind and, for
     *     files, content hash; links are not followed
     */
    private static Map<String, String> snapshot(Path root, Path skip) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return tree;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (skip != null && p.startsWith(skip)) {
                    continue;
                }
                String key = root.relativize(p).toString();
                if (key.isEmpty()) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    tree.put(key, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    tree.put(key, "dir");
                } else {
                    tree.put(key, "file " + Cifar10Fixtures.md5(Files.readAllBytes(p)));
                }
            }
        }
        return tree;
    }
}
