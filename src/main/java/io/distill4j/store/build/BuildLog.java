package io.distill4j.store.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.store.StoreManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * {@code STORE/build.json}: what a store build in progress will store. It is written before
 * anything else and deleted after {@code store.json}, so a store that has it is unfinished. A killed
 * build leaves it with the parts it committed (each part is renamed into place whole, see {@link
 * io.distill4j.store.StoreWriter}); {@code --resume} checks that the settings give the same plan and
 * computes only the missing parts, which are the bytes an uninterrupted build writes (each seed's
 * epoch draws its order and augmentation from its own generator).
 */
final class BuildLog {
    /** The file's name in the store. */
    static final String FILE = "build.json";

    /**
     * Everything that decides a store's bytes.
     *
     * @param teacherFile the teacher's file name
     * @param teacherSha256 its SHA-256
     * @param views the views
     * @param logits how logits are stored
     * @param features the features stored
     */
    record Plan(String teacherFile, String teacherSha256, StoreManifest.Views views, StoreManifest.Logits logits,
            List<String> features) {
        Plan {
            features = List.copyOf(features);
        }
    }

    private final Path store;

    private BuildLog(Path store) {
        this.store = store;
    }

    /**
     * @param store the store directory: absent, or an empty folder
     * @param plan what the build stores
     * @return the log of a new build, its plan written
     * @throws BadInputException if the directory holds files
     * @throws IOException if the plan cannot be written
     */
    static BuildLog begin(Path store, Plan plan) throws IOException {
        requireNew(store);
        AtomicFiles.write(store.resolve(FILE), Json.mapper().writeValueAsBytes(plan));
        return new BuildLog(store);
    }

    /**
     * @param store a new store's directory
     * @throws BadInputException if it exists and is not an empty folder, saying whether it is an
     *     unfinished build that {@code --resume} finishes
     * @throws IOException if it cannot be listed
     */
    static void requireNew(Path store) throws IOException {
        if (Files.exists(store) && (!Files.isDirectory(store) || hasFiles(store))) {
            String fix = Files.isRegularFile(store.resolve(FILE)) ? "it is an unfinished build: add --resume to finish it, or name a new directory"
                    : "stores are never overwritten: name a new directory";
            throw new BadInputException("--out " + store + " already exists; " + fix);
        }
    }

    /**
     * @param store the directory of an unfinished build
     * @param plan what the resumed build would store
     * @return its log
     * @throws BadInputException if it is finished, not a store build, or was started with other settings
     */
    static BuildLog resume(Path store, Plan plan) {
        Path file = store.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            String why = Files.isRegularFile(store.resolve(StoreManifest.FILE)) ? "is a finished store: nothing to resume"
                    : "holds no unfinished store build (no " + FILE + ")";
            throw new BadInputException("--resume: " + store + " " + why + "; drop --resume and name a new directory");
        }
        ObjectMapper mapper = Json.mapper();
        JsonNode started;
        JsonNode now;
        try {
            now = mapper.readTree(mapper.writeValueAsBytes(plan)); // parsed as the file is: equal numbers, equal nodes
            started = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException("--resume: " + file + " cannot be read (" + e.getMessage().lines().findFirst().orElse("")
                    + "): build the store anew in a new directory");
        }
        String difference = firstDifference("", started, now);
        if (difference != null) {
            throw new BadInputException("--resume: the build in " + store + " was started with other settings (" + difference
                    + "): resume with the settings it was started with, or build anew in a new directory");
        }
        return new BuildLog(store);
    }

    /** @return the first field, depth first, where the two plans differ, with both values; null if equal */
    private static String firstDifference(String path, JsonNode started, JsonNode now) {
        if (started != null && now != null && started.isObject() && now.isObject()) {
            for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                String d = firstDifference(path.isEmpty() ? key : path + "." + key, started.get(key), now.get(key));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (started != null && started.equals(now)) {
            return null;
        }
        return path.replace('_', '-') + " " + brief(started) + " then, " + brief(now) + " now";
    }

    private static String brief(JsonNode value) {
        String text = value == null || value.isNull() ? "none" : value.toString();
        return text.length() > 40 ? text.substring(0, 37) + "…" : text;
    }

    /** Marks the build finished: {@code store.json} is written, so the plan goes. */
    void finished() throws IOException {
        Files.deleteIfExists(store.resolve(FILE));
        AtomicFiles.syncFolder(store);
    }

    private static boolean hasFiles(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }
}
