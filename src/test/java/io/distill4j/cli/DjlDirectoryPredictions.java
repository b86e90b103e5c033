package io.distill4j.cli;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a DJL user's program answers for images with a model directory of {@code distill export
 * --format djl}: loaded by DJL's {@code Criteria}, no distill4j code. Run in a JVM of its own (DJL
 * brings its own libtorch for the image operations, which must not meet distill4j's in one process).
 *
 * <p>Arguments: the directory, k, then image files. Prints, per image, a line {@code file} then k
 * lines {@code class<TAB>probability}; first the engine's name.
 */
public final class DjlDirectoryPredictions {
    private DjlDirectoryPredictions() {}

    public static void main(String[] args) throws Exception {
        int k = Integer.parseInt(args[1]);
        Criteria<Image, Classifications> criteria = Criteria.builder().setTypes(Image.class, Classifications.class)
                .optModelPath(Path.of(args[0])).build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> djl = model.newPredictor()) {
            System.out.println(model.getNDManager().getEngine().getEngineName());
            for (int i = 2; i < args.length; i++) {
                System.out.println(args[i]);
                for (Classifications.Classification c : djl.predict(ImageFactory.getInstance().fromFile(Path.of(args[i]))).topK(k)) {
                    System.out.println(c.getClassName() + "\t" + String.format(Locale.ROOT, "%.9f", c.getProbability()));
                }
            }
        }
    }
}
