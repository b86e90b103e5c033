package io.distill4j.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code state.json} of a cell or a sweep's teacher: whether it is running, done or failed (with
 * the error), which plan and cell it belongs to, and who ran it. Written atomically by the worker
 * that holds the folder's lock.
 *
 * @param state {@code running}, {@code done} or {@code failed}
 * @param plan the plan's hash
 * @param hash the cell's (or teacher's) hash
 * @param error the failure's message, {@code null} unless failed
 * @param host the host that ran it last
 * @param pid the process that ran it last
 * @param started when that process started it (ISO-8601)
 * @param finished when it ended, {@code null} while running
 * @param seconds wall time of the last attempt, 0 while running
 */
public record CellState(String state, String plan, String hash, String error, String host, long pid, String started,
        String finished, double seconds) {
    /** The file's name inside the cell's folder. */
    public static final String FILE = "state.json";
    /** Running, or killed while running (the folder's lock tells them apart). */
    public static final String RUNNING = "running";
    /** Finished: its results are complete. */
    public static final String DONE = "done";
    /** Stopped by an error, named in {@link #error}. */
    public static final String FAILED = "failed";

    private static final ObjectMapper JSON = Json.mapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param dir a cell's or teacher's folder
     * @return its state, {@code null} where it has none (never started)
     * @throws BadInputException if the file is unreadable
     */
    public static CellState read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), CellState.class);
        } catch (IOException e) {
            throw new BadInputException(file + " is unreadable (" + e.getMessage().lines().findFirst().orElse("")
                    + "): delete it to run that cell again", e);
        }
    }

    /** @return a state for a run that starts now in this process */
    static CellState started(String plan, String hash) {
        return new CellState(RUNNING, plan, hash, null, localHost(), ProcessHandle.current().pid(), Instant.now().toString(),
                null, 0);
    }

    /** @return this run ended now, done where {@code error} is {@code null}, else failed with it */
    CellState ended(String error, double seconds) {
        return new CellState(error == null ? DONE : FAILED, plan, hash, error, host, pid, started, Instant.now().toString(),
                seconds);
    }

    /** Writes the state into the folder. */
    void write(Path dir) {
        try {
            AtomicFiles.write(dir.resolve(FILE), JSON.writeValueAsBytes(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the state as JSON: " + e.getMessage(), e);
        }
    }

    /** @return whether it finished */
    public boolean done() {
        return DONE.equals(state);
    }

    /** @return whether it stopped with an error */
    public boolean failed() {
        return FAILED.equals(state);
    }

    /**
     * @param what how messages call the folder, e.g. {@code cell 3}
     * @param dir the folder
     * @param planHash the plan's hash
     * @param ownHash the cell's (or teacher's) hash in that plan
     * @throws BadInputException if the folder was written under another plan
     */
    void requireOf(String what, Path dir, String planHash, String ownHash) {
        if (!planHash.equals(plan) || !ownHash.equals(hash)) {
            throw new BadInputException(what + " (" + dir + ") was run under another plan (" + PlanFile.shortHash(plan)
                    + ", this one " + PlanFile.shortHash(planHash) + "): the sweep directory belongs to another plan;"
                    + " plan into a new directory");
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
