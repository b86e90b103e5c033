package io.distill4j.export;

import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Exports a weights file with its manifest into a new directory in one of the {@link ExportFormat}s.
 * The files are written, each atomically, into a hidden sibling staging directory that is renamed
 * into place at the end, so a failed export leaves no directory and no file behind.
 */
public final class Exporter {
    private Exporter() {}

    /**
     * What an export wrote.
     *
     * @param model what was exported
     * @param directory the export directory
     * @param files its files
     * @param foldedBatchNorms how many batch norms the ONNX graph folds into convolutions
     */
    public record Result(ExportedModel model, Path directory, List<Path> files, int foldedBatchNorms) {}

    /**
     * @param weights a weights file
     * @param format the format
     * @return the default export directory: {@code X-FORMAT/} beside {@code X.params}
     */
    public static Path defaultDirectory(Path weights, ExportFormat format) {
        String name = weights.getFileName().toString();
        String stem = name.endsWith(".params") ? name.substring(0, name.length() - ".params".length()) : name;
        return weights.toAbsolutePath().resolveSibling(stem + "-" + format.id());
    }

    /**
     * @param weights a weights file with its manifest beside it
     * @param format the format
     * @param out the export directory: absent or empty
     * @return what was written
     * @throws BadInputException if the weights or their manifest are missing or invalid, {@code out}
     *     holds files, or the network has a layer the exporter does not know; nothing is written then
     * @throws IOException if a file cannot be written; nothing is left behind then
     */
    public static Result export(Path weights, ExportFormat format, Path out) throws IOException {
        if (Files.isRegularFile(weights) && !Files.isRegularFile(ModelManifest.pathFor(weights))) {
            throw new BadInputException("weights " + weights + " have no manifest " + ModelManifest.pathFor(weights)
                    + ", so their input size, normalization and classes are unknown: write it with 'distill evaluate"
                    + " --weights " + weights + " --write-manifest' on the data they were trained on, then export");
        }
        requireEmpty(out);
        ExportedModel model;
        try (SavedModel saved = SavedModel.load(weights, ComputeDevice.cpu())) {
            model = ExportedModel.of(saved);
        }
        return write(model, format, out);
    }

    /**
     * Exports a network held in memory; it stays open.
     *
     * @param model the network with the manifest its weights file would have
     * @param format the format
     * @param out the export directory: absent or empty
     * @return what was written
     * @throws BadInputException if {@code out} holds files or the network has a layer the exporter
     *     does not know; nothing is written then
     * @throws IOException if a file cannot be written; nothing is left behind then
     */
    public static Result export(SavedModel model, ExportFormat format, Path out) throws IOException {
        requireEmpty(out);
        return write(ExportedModel.of(model), format, out);
    }

    private static Result write(ExportedModel model, ExportFormat format, Path out) throws IOException {
        Path target = out.toAbsolutePath();
        Path staging = target.resolveSibling("." + target.getFileName() + ".export-tmp");
        AtomicFiles.deleteTree(staging);
        try {
            Files.createDirectories(staging);
            List<Path> written = format.write(model, staging);
            Files.deleteIfExists(target); // an empty directory, checked above
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            List<Path> files = written.stream().map(f -> target.resolve(f.getFileName())).toList();
            return new Result(model, target, files, BatchNormFolding.foldable(model.layers()));
        } finally {
            AtomicFiles.deleteTree(staging);
        }
    }

    private static void requireEmpty(Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException("--out " + out + " is a file; an export never overwrites: name a new directory");
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new BadInputException("--out " + out + " already holds files; an export never overwrites:"
                            + " name a new directory");
                }
            }
        }
    }
}
