package io.distill4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.data.images.ImageDecoder;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.eval.Predictor;
import io.distill4j.launch.Launch;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.SavedModel;
import io.distill4j.progress.Progress;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code distill predict}: the most probable classes of images, from weights with a manifest. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        header = "Print the most probable classes of each image, with their probabilities.",
        description = "Images of any size (JPEG, PNG, BMP, GIF; grey or colour) are converted to RGB, their shorter side"
                + " scaled to the model's image size and the centre square kept, then normalized as in training, all as"
                + " the weights' manifest (FILE.json beside FILE.params) records.")
public final class PredictCommand implements Callable<Integer> {
    /** File name endings read from a folder. */
    static final List<String> IMAGE_ENDINGS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");
    private static final int CHUNK = 32;
    private static final ObjectMapper JSON = Json.mapper();

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Weights file (models/*.params) with its manifest.")
    Path weights;

    @Option(names = "--top", paramLabel = "K", description = "Classes shown per image. Default: ${DEFAULT-VALUE}.")
    int top = 5;

    @Option(names = "--json", description = "Print JSON for machines instead of text.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads. Default: all cores.")
    Integer threads;

    @Parameters(arity = "1..*", paramLabel = "IMAGE|FOLDER",
            description = "Image files, or folders whose images (searched in sub-folders too) are all predicted.")
    List<Path> inputs;

    /** One image's answer. */
    record Prediction(String file, List<Predictor.Ranked> top) {}

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new BadInputException("--top must be at least 1, got " + top);
        }
        List<Path> files = imageFiles(inputs);
        if (!Files.isRegularFile(ModelManifest.pathFor(weights)) && Files.isRegularFile(weights)) {
            throw new BadInputException("weights " + weights + " have no manifest " + ModelManifest.pathFor(weights)
                    + " (written before distill4j recorded one), so their classes and normalization are unknown:"
                    + " write it with 'distill evaluate --weights " + weights + " --write-manifest' on the data they"
                    + " were trained on");
        }
        Launch.threads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        List<Prediction> predictions = new ArrayList<>();
        try (SavedModel model = SavedModel.load(weights, ComputeDevice.cpu());
                Progress.Task task = Main.progress(spec).start("predicting", files.size(), "images")) {
            Predictor predictor = new Predictor(model.network(), model.manifest());
            for (int from = 0; from < files.size(); from += CHUNK) {
                List<Path> chunk = files.subList(from, Math.min(files.size(), from + CHUNK));
                List<byte[]> images = new ArrayList<>();
                for (Path f : chunk) {
                    images.add(ImageDecoder.read(f, predictor.side()));
                }
                List<List<Predictor.Ranked>> ranked = predictor.top(images, top);
                for (int i = 0; i < chunk.size(); i++) {
                    predictions.add(new Prediction(chunk.get(i).toString(), ranked.get(i)));
                }
                task.advance(chunk.size());
            }
            print(spec.commandLine().getOut(), model.manifest(), predictions);
        }
        return 0;
    }

    private void print(PrintWriter out, ModelManifest manifest, List<Prediction> predictions) throws IOException {
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("weights", weights.toString());
            root.put("architecture", manifest.architecture());
            root.put("input_side", manifest.inputSide());
            root.put("images", predictions);
            out.println(JSON.writeValueAsString(root));
        } else {
            for (Prediction p : predictions) {
                out.println(p.file());
                for (int r = 0; r < p.top().size(); r++) {
                    Predictor.Ranked c = p.top().get(r);
                    out.printf(Locale.ROOT, "  %d. %-24s %6.2f %%%n", r + 1, c.name(), 100 * c.probability());
                }
            }
        }
        out.flush();
    }

    /**
     * @param inputs files and folders as given
     * @return the files, and each folder's image files (by name ending, sub-folders included) in
     *     path order
     * @throws BadInputException if an input does not exist or a folder holds no image
     */
    static List<Path> imageFiles(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> walk = Files.walk(in)) {
                    List<Path> found = walk.filter(Files::isRegularFile).filter(PredictCommand::looksLikeImage)
                            .sorted().toList();
                    if (found.isEmpty()) {
                        throw new BadInputException("folder " + in + " holds no JPEG, PNG, BMP or GIF file: give"
                                + " image files or a folder of them");
                    }
                    files.addAll(found);
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in);
            } else {
                throw new BadInputException("image " + in + " does not exist: give image files or folders");
            }
        }
        return files;
    }

    private static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_ENDINGS.stream().anyMatch(name::endsWith);
    }
}
