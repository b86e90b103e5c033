package io.distill4j.eval;

import io.distill4j.data.BatchSource;
import io.distill4j.data.ImageSet;
import io.distill4j.engine.Tensors;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Network;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Class probabilities of single images: each image's bytes (CHW, at the manifest's side) are
 * normalized with the manifest's mean and std, exactly as training batches are ({@code (v − mean)
 * / std} in float32), run through the network in inference mode, and the softmax's largest
 * entries returned with the manifest's class names.
 */
public final class Predictor {
    /**
     * One class of a prediction.
     *
     * @param index the class's label
     * @param name its name
     * @param probability its softmax probability, in [0, 1]
     */
    public record Ranked(int index, String name, double probability) {}

    private final Network network;
    private final ModelManifest manifest;

    /**
     * @param network the model
     * @param manifest what it was trained on; its side and class count must be the network's
     */
    public Predictor(Network network, ModelManifest manifest) {
        if (!manifest.inputShape().equals(network.inputShape())) {
            throw new IllegalArgumentException("manifest " + manifest.inputShape() + " does not describe "
                    + network.architecture() + " at " + network.inputShape());
        }
        this.network = network;
        this.manifest = manifest;
    }

    /** @return the side of the images {@link #top} takes */
    public int side() {
        return manifest.inputSide();
    }

    /**
     * @param images images as {@code 3 × side × side} bytes each (CHW, RGB)
     * @param k classes to return per image; at most the class count are returned
     * @return per image, the {@code k} most probable classes, most probable first
     */
    public List<List<Ranked>> top(List<byte[]> images, int k) {
        int side = side();
        int imageBytes = 3 * side * side;
        byte[] pixels = new byte[images.size() * imageBytes];
        for (int i = 0; i < images.size(); i++) {
            byte[] chw = images.get(i);
            if (chw.length != imageBytes) {
                throw new IllegalArgumentException("image " + i + " has " + chw.length + " bytes, not " + imageBytes);
            }
            System.arraycopy(chw, 0, pixels, i * imageBytes, imageBytes);
        }
        int classes = manifest.classNames().size();
        // The batch is built and normalized as every training and evaluation batch is.
        ImageSet set = new ImageSet(pixels, new byte[images.size()], side, classes);
        BatchSource source = new BatchSource(set, manifest.normalization(), images.size());
        float[] probabilities;
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Tensor x = source.load(IntStream.range(0, images.size()).toArray(), false, null).on(network.device()).images();
            probabilities = Tensors.toFloats(network.forward(x, false).softmax(1));
        }
        List<List<Ranked>> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            int base = i * classes;
            out.add(IntStream.range(0, classes).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> -probabilities[base + c]))
                    .limit(k).map(c -> new Ranked(c, manifest.classNames().get(c), probabilities[base + c])).toList());
        }
        return out;
    }
}
