package io.distill4j.export;

import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.model.ModelManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The files that make a directory holding {@code model.onnx} a DJL model for image classification:
 * {@code serving.properties} (the engine, DJL's {@code ImageClassificationTranslatorFactory} and its
 * settings: shorter side scaled to the model's side, centre crop, the manifest's normalization,
 * softmax) and {@code synset.txt} (the class names, one a line, in label order). DJL's
 * {@code Criteria} then loads it with no code of distill4j.
 */
final class DjlModelDir {
    /** DJL's engine for ONNX models. */
    static final String ENGINE = "OnnxRuntime";

    private DjlModelDir() {}

    /**
     * @param model the model
     * @param dir the directory
     * @param onnx the ONNX model already written there
     * @return every file of the directory
     * @throws BadInputException if a class name holds a line break (synset.txt has one name a line)
     * @throws IOException if a file cannot be written
     */
    static List<Path> write(ExportedModel model, Path dir, Path onnx) throws IOException {
        ModelManifest m = model.manifest();
        for (String name : m.classNames()) {
            if (name.contains("\n") || name.contains("\r")) {
                throw new BadInputException("class name '" + name.replace("\n", "\\n").replace("\r", "\\r")
                        + "' holds a line break, which DJL's synset.txt cannot hold: export --format onnx or pytorch");
            }
        }
        Path synset = dir.resolve("synset.txt");
        byte[] names = (String.join("\n", m.classNames()) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(synset, out -> out.write(names));
        Path properties = dir.resolve("serving.properties");
        byte[] text = servingProperties(m).getBytes(StandardCharsets.ISO_8859_1);
        AtomicFiles.write(properties, out -> out.write(text));
        return List.of(onnx, properties, synset);
    }

    /** DJL's {@code ToTensor} divides pixels by 255 before {@code Normalize}, so mean and std are too. */
    static String servingProperties(ModelManifest m) {
        int side = m.inputSide();
        float[] mean = m.normalization().mean();
        float[] std = m.normalization().std();
        return String.format(Locale.ROOT, """
                # A DJL model directory written by distill4j: %s, %d classes (synset.txt), input %dx%d RGB.
                # Criteria.builder().setTypes(Image.class, Classifications.class).optModelPath(thisDirectory)
                engine=%s
                translatorFactory=ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory
                width=%d
                height=%d
                resizeShort=%d
                centerCrop=true
                normalize=%s,%s,%s,%s,%s,%s
                applySoftmax=true
                synsetFileName=synset.txt
                """, m.architecture(), m.classNames().size(), side, side, ENGINE, side, side, side,
                mean[0] / 255f, mean[1] / 255f, mean[2] / 255f, std[0] / 255f, std[1] / 255f, std[2] / 255f);
    }
}
