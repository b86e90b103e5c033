package io.distill4j.api;

import io.distill4j.export.ExportFormat;
import io.distill4j.export.Exporter;
import java.nio.file.Path;
import java.util.List;

/**
 * What an export wrote.
 *
 * @param format {@code onnx}, {@code pytorch} or {@code djl}
 * @param directory the export directory, absolute
 * @param files its files, e.g. {@code model.onnx}
 * @param foldedBatchNorms how many batch norms the graph folds into their convolutions (0 for pytorch)
 */
public record ExportResult(String format, Path directory, List<Path> files, int foldedBatchNorms) {
    /**
     * Copies the lists.
     *
     * @param format {@code onnx}, {@code pytorch} or {@code djl}
     * @param directory the export directory, absolute
     * @param files its files, e.g. {@code model.onnx}
     * @param foldedBatchNorms how many batch norms the graph folds into their convolutions (0 for pytorch)
     */
    public ExportResult {
        files = List.copyOf(files);
    }

    static ExportResult of(ExportFormat format, Exporter.Result r) {
        return new ExportResult(format.id(), r.directory(), r.files(), r.foldedBatchNorms());
    }
}
