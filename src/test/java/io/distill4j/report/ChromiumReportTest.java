package io.distill4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a report of a synthetic three-seed run in a real headless Chromium: the page must render
 * (a screenshot that is not blank), its DOM must hold the tables and inline images, and the browser
 * must report no page error and no blocked request (the page's Content-Security-Policy forbids
 * anything but inline styles and data: images, so any outside reference would be reported).
 * Skipped, saying why, where {@code chromium} is not installed ({@code .ci/run} installs it).
 */
class ChromiumReportTest {
    /** The background of a table's header cells in report.css ({@code th{background:#eef3f8}}). */
    private static final int TABLE_HEADER = 0xeef3f8;
    private static final Pattern IMG = Pattern.compile("<img [^>]*src=\"([^\"]{0,40})");

    @TempDir static Path tmp;
    private static Path report;

    @BeforeAll
    static void writeReport() throws Exception {
        report = HtmlReport.write(RunFixture.write(tmp.resolve("run"), 3, true));
    }

    private static String chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }

    /** Runs headless Chromium on the report with extra arguments; returns {stdout, stderr}. */
    private static String[] browse(String... extra) throws Exception {
        String binary = chromium();
        io.distill4j.Components.need(io.distill4j.Components.CHROMIUM, binary != null, "chromium is not installed (apt-get install chromium); .ci/run installs it");
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile")));
        cmd.addAll(List.of(extra));
        cmd.add(report.toUri().toString());
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + cmd);
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("chromium exit code; stderr: %s", stderr).isZero();
        return new String[] {Files.readString(out, StandardCharsets.UTF_8), stderr};
    }

    @Test
    void theScreenshotShowsARenderedPage() throws Exception {
        BufferedImage image = screenshot("screenshot.png", 4000);
        // not blank: a good share of the pixels differ from the white background, in several colours
        long inked = 0;
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    inked++;
                }
            }
        }
        long samples = (long) (image.getHeight() / 4) * (image.getWidth() / 4);
        assertThat(inked).as("non-white pixels of %s", samples).isGreaterThan(samples / 20);
        assertThat(colours.size()).isGreaterThan(50);
    }

    /** The answer comes first: the accuracy table's header row shows in the first screen of a 1280 × 800 window. */
    @Test
    void theAccuracyTableIsInTheFirstScreen() throws Exception {
        BufferedImage image = screenshot("first-screen.png", 800);
        assertThat(image.getHeight()).isEqualTo(800);
        int firstHeaderRow = -1;
        for (int y = 0; y < image.getHeight() && firstHeaderRow < 0; y++) {
            int shaded = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                shaded += (image.getRGB(x, y) & 0xffffff) == TABLE_HEADER ? 1 : 0;
            }
            firstHeaderRow = shaded > 200 ? y : -1; // a header row, not a stray pixel
        }
        assertThat(firstHeaderRow).as("y of the accuracy table's header in the first screen").isBetween(0, 799);
        String dom = browse("--dump-dom")[0];
        assertThat(dom.indexOf("<table")).as("the first table is the accuracy table")
                .isGreaterThan(dom.indexOf("id=\"accuracy\"")).isLessThan(dom.indexOf("id=\"curves\""));
    }

    @Test
    void theDomHoldsTheTablesAndInlineImages() throws Exception {
        String[] result = browse("--dump-dom");
        String dom = result[0];
        assertNoPageErrors(result[1]);
        assertThat(dom).contains("<th>test % 95 % CI</th>", "<th>paired seeds</th>", "<th>agreement with teacher %</th>",
                "<th>latency (ms, batch 1)</th>", "<td>student-a0.5</td>", "beats labels-only");
        // Every table the page holds (the study's seven, plus the per-class and most-confused tables), parsed by the browser.
        int served = Files.readString(report, StandardCharsets.UTF_8).split("<table", -1).length - 1;
        assertThat(served).isGreaterThanOrEqualTo(7);
        assertThat(dom.split("<table", -1)).as("tables").hasSize(1 + served);
        Matcher m = IMG.matcher(dom);
        int images = 0;
        while (m.find()) {
            images++;
            assertThat(m.group(1)).startsWith("data:image/png;base64,");
        }
        assertThat(images).isEqualTo(2 + 1 + 4 + 4);
    }

    /** A screenshot of the report in a window 1280 px wide and {@code height} high, the page free of errors. */
    private static BufferedImage screenshot(String name, int height) throws Exception {
        Path png = tmp.resolve(name);
        String[] result = browse("--screenshot=" + png, "--window-size=1280," + height);
        assertNoPageErrors(result[1]);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("screenshot PNG").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        return image;
    }

    private static void assertNoPageErrors(String stderr) {
        assertThat(stderr.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")
                || l.contains("Refused to") || l.contains("Content Security Policy") || l.contains("net::ERR")))
                .as("page errors reported by chromium").isEmpty();
    }
}
