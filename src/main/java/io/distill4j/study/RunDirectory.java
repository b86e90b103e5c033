package io.distill4j.study;

import io.distill4j.settings.SettingsFile;
import io.distill4j.settings.StudyConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.Provenance;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.data.Split;
import io.distill4j.report.Charts;
import io.distill4j.report.EvaluationWriter;
import io.distill4j.report.Formats;
import io.distill4j.report.HtmlReport;
import io.distill4j.report.MetricsCsvWriter;
import io.distill4j.report.PublishedFigures;
import io.distill4j.report.ResultsWriter;
import io.distill4j.train.Checkpointer;
import io.distill4j.train.TrainingListener;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The folder one study writes: {@code config.json}, {@code metrics.csv}, {@code results.json},
 * {@code results.md}, the charts, {@code models/} and {@code checkpoints/}. A folder that already
 * holds files is never reused for a new study, so earlier results are never overwritten; a study
 * holds an OS file lock on {@code .lock} while it writes, so a second study cannot write there.
 */
public final class RunDirectory implements AutoCloseable {
    private static final ObjectMapper JSON = Json.mapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance));

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private MetricsCsvWriter metrics;

    private RunDirectory(Path dir) {
        this(dir, true);
    }

    /** @param refuseHeld whether a lock held elsewhere is bad input; otherwise {@link #lock} stays {@code null} */
    private RunDirectory(Path dir, boolean refuseHeld) {
        this.dir = dir;
        Path lockFile = dir.resolve(".lock");
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new BadInputException("cannot write to " + dir + " (" + e.getMessage() + "): choose a writable directory", e);
        }
        FileLock acquired;
        try {
            acquired = lockChannel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            acquired = null;
        }
        lock = acquired;
        if (acquired == null) {
            closeQuietly(lockChannel);
            if (!refuseHeld) {
                return;
            }
            throw new BadInputException("run directory " + dir + " is in use by another study"
                    + holder(lockFile) + ": wait for it to finish or choose another --out");
        }
        try {
            lockChannel.truncate(0);
            lockChannel.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            lockChannel.force(true);
        } catch (IOException e) {
            close();
            throw new BadInputException("cannot write to " + dir + " (" + e.getMessage() + "): choose a writable directory", e);
        }
    }

    private static String holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to keep: the channel only held the lock
        }
    }

    /**
     * Opens an existing run to continue it: it must hold the {@code config.json} of a study.
     *
     * @param dir a run directory written by {@code distill study}
     * @return the locked run directory
     */
    public static RunDirectory open(Path dir) {
        requireRun(dir, "--resume ");
        return new RunDirectory(dir);
    }

    /**
     * @param dir a folder that should be a study's run directory
     * @param flag how the one-line message names it, e.g. {@code "--resume "}, or empty
     * @throws BadInputException if the folder does not exist or holds no {@code config.json}
     */
    private static void requireRun(Path dir, String flag) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(flag + dir + " does not exist: give the directory of a study run");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new BadInputException(flag + dir + " holds no config.json: give the directory of a study run");
        }
    }

    /**
     * Locks a folder that may hold part of a run, e.g. a sweep's cell that an earlier worker
     * started: the folder is created where missing, and nothing in it is checked or removed.
     *
     * @param dir the run's folder
     * @return the locked run directory, or {@code null} while another process holds its lock
     */
    public static RunDirectory tryLock(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot write to " + dir + " (" + e.getMessage() + "): choose a writable directory", e);
        }
        RunDirectory run = new RunDirectory(dir, false);
        return run.lock == null ? null : run;
    }

    /**
     * @param dir a run's folder
     * @return {@code " (pid N)"} naming the process that holds or last held its lock, or an empty text
     */
    public static String lockHolder(Path dir) {
        return holder(dir.resolve(".lock"));
    }

    /**
     * @return the settings the run was started with
     */
    public StudyConfig readConfig() {
        return readConfig(dir, "the run cannot be resumed; start a new study");
    }

    /**
     * Reads a run's settings without taking its lock: reading never disturbs a running study.
     *
     * @param dir a run directory written by {@code distill study}
     * @param consequence what an unreadable file means to the caller, ending its one-line message
     * @return the settings the run was started with
     * @throws BadInputException if the directory holds no readable {@code config.json}
     */
    public static StudyConfig readConfig(Path dir, String consequence) {
        requireRun(dir, "");
        Path file = dir.resolve("config.json");
        try {
            JsonNode settings = JSON.readTree(file.toFile()).get("settings");
            if (settings == null) {
                throw new IOException("no 'settings' object");
            }
            return SettingsFile.fromJson(settings);
        } catch (IOException e) {
            throw new BadInputException(file + " is unreadable (" + e.getMessage().lines().findFirst().orElse("")
                    + "): " + consequence, e);
        }
    }

    /** @return the checkpoint writer and reader of this run */
    public Checkpointer checkpointer() {
        return new Checkpointer(dir.resolve("checkpoints"));
    }

    /**
     * @param bytes space the run is expected to write
     * @throws BadInputException if the file system has less free space
     */
    public void requireSpace(long bytes) {
        io.distill4j.DiskSpace.require(dir, bytes, "the run", "or choose another --out");
    }

    /**
     * @param out the folder to create, or {@code null} for {@code runs/<timestamp>-study}
     * @return the new, empty run directory, checked to be writable
     */
    public static RunDirectory create(Path out) {
        Path dir = out != null ? out
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-study");
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new BadInputException("--out " + dir + " is a file: name a new directory");
                }
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new BadInputException("--out " + dir
                                + " already holds files; results are never overwritten: name a new directory");
                    }
                }
            }
            Files.createDirectories(dir.resolve("models"));
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new BadInputException("cannot write to --out " + dir + " (" + e.getMessage() + "): choose a writable directory", e);
        }
        return new RunDirectory(dir);
    }

    /** @return the folder */
    public Path path() {
        return dir;
    }

    /**
     * @param name a model's run name
     * @return where its weights go
     */
    public Path modelFile(String name) {
        return dir.resolve("models").resolve(name + ".params");
    }

    /**
     * @param name a model's run name
     * @return where the weights of its best epoch (by validation accuracy) are kept
     */
    public Path bestModelFile(String name) {
        return dir.resolve("models").resolve("best").resolve(name + ".params");
    }

    /** @return the listener that appends every epoch to {@code metrics.csv} */
    public TrainingListener metricsListener() {
        if (metrics == null) {
            metrics = new MetricsCsvWriter(dir.resolve(MetricsCsvWriter.FILE_NAME));
        }
        return metrics;
    }

    void writeConfig(StudyConfig config, Dataset data, Split split, Normalization norm, int processes) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("settings", SettingsFile.toJson(config));
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("dataset", data.name());
        described.put("fingerprint", data.fingerprint());
        described.put("image_side", data.imageSide());
        described.put("classes", data.classNames());
        described.put("train_images", split.train().size());
        described.put("validation_images", split.validation().size());
        described.put("test_images", data.test().size());
        described.put("normalization_mean", norm.mean());
        described.put("normalization_std", norm.std());
        described.put("skipped_images", data.skipped());
        if (data.unlabelled() != null) {
            described.put("unlabelled", Map.of("fingerprint", data.unlabelled().fingerprint(),
                    "images", data.unlabelled().images().size(), "skipped_images", data.unlabelled().skipped()));
        }
        doc.put("data", described);
        doc.put("provenance", Provenance.describe());
        doc.put("processes", processes);
        doc.put("command", ProcessHandle.current().info().commandLine().orElse(""));
        AtomicFiles.write(dir.resolve("config.json"), JSON.writeValueAsBytes(doc));
    }

    void writeResults(StudyConfig config, Study.Outcome outcome) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("seed", config.seed());
        meta.put("preset", config.preset());
        meta.put("dataset", config.dataset());
        meta.put("precision", config.precision().label());
        meta.put("commit", Provenance.codeVersion());
        meta.put("timing", outcome.timing());
        ResultsWriter.writeJson(dir.resolve("results.json"), outcome.models(), meta);
        String students = config.methods().isEmpty()
                ? config.alphas().size() + " " + config.studentModel() + " students trained with "
                        + (config.legacyNotebookLoss() ? "the original notebook's flawed loss (--legacy-notebook-loss)"
                                : "α·CE + (1−α)·T²·KL, T = " + Formats.number(config.temperature()))
                : config.methods().size() + " " + config.studentModel() + " students, one per method ("
                        + String.join(", ", config.methods()) + ")";
        String description = "Teacher " + config.teacherName() + " and " + students + ", on " + config.dataset()
                + " (preset " + config.preset() + ", seed " + config.seed()
                + (config.seeds() > 1 ? " to " + (config.seed() + config.seeds() - 1) : "")
                + ", teacher " + Formats.count(config.teacherEpochs(), "epoch") + ", students "
                + Formats.count(config.studentEpochs(), "epoch") + ").";
        ResultsWriter.writeMarkdown(dir.resolve("results.md"), "distill4j study", description,
                outcome.models(), PublishedFigures.forStudy(config.preset(), config.dataset()));
        if (outcome.models().stream().anyMatch(m -> "student".equals(m.role()))) {
            Charts.writeAll(dir, outcome.metrics(), outcome.models());
            Charts.writeMethods(dir.resolve(Charts.METHODS_PNG), outcome.models());
        } else { // a teacher alone (Study.runTeacher) has no students' loss curves and methods
            Charts.writeAccuracy(dir.resolve(Charts.ACCURACY_PNG), outcome.models());
        }
        EvaluationWriter.write(dir.resolve(EvaluationWriter.FILE_NAME), outcome.evaluations());
        Charts.writeEvaluation(dir, outcome.evaluations());
        HtmlReport.write(dir);
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // released with the channel below
        }
        closeQuietly(lockChannel);
    }
}
