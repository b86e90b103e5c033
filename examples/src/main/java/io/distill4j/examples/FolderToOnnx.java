package io.distill4j.examples;

import static io.distill4j.api.Splits.Part.TEST;

import io.distill4j.api.Data;
import io.distill4j.api.DistillOptions;
import io.distill4j.api.Evaluation;
import io.distill4j.api.ImageData;
import io.distill4j.api.Splits;
import io.distill4j.api.Students;
import io.distill4j.api.Teachers;
import io.distill4j.api.TrainOptions;
import io.distill4j.api.TrainedModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** An image folder → a teacher → a distilled (KD) student → ONNX, through distill4j's Java API. */
public final class FolderToOnnx {
    public static void main(String[] args) throws Exception {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("distill4j-example");
        Path photos = work.resolve("photos");
        String[] classes = {"reddish", "greenish", "bluish"};
        Random rng = new Random(1);
        for (int c = 0; c < classes.length; c++) {                 // 40 noisy 24×24 images per class
            Files.createDirectories(photos.resolve(classes[c]));
            for (int i = 0; i < 40; i++) {
                BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 24 * 24; p++) {
                    int[] rgb = {rng.nextInt(160), rng.nextInt(160), rng.nextInt(160)};
                    rgb[c] += 95;
                    image.setRGB(p % 24, p / 24, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
                }
                ImageIO.write(image, "png", photos.resolve(classes[c]).resolve(i + ".png").toFile());
            }
        }
        TrainOptions quick = TrainOptions.DEFAULT.withEpochs(3).withBatchSize(16).withLearningRate(0.01);
        DistillOptions kd = DistillOptions.of("kd").withTraining(quick.withEpochs(8));     // α = 0.5, T = 4
        try (ImageData photoSet = Data.folder(photos, 16)) {            // 16×16; 20 % test
            Splits data = photoSet.split();                               // 10 % validation
            try (TrainedModel teacher = Teachers.train("alexnet", data, quick);
                    TrainedModel student = Students.distill(teacher, data, kd)) {
                System.out.printf("teacher test accuracy: %.1f %%%n", 100 * Evaluation.accuracy(teacher, data, TEST));
                System.out.printf("student test accuracy: %.1f %%%n", 100 * Evaluation.accuracy(student, data, TEST));
                student.save(work.resolve("student.params"));              // and student.json, its manifest
                Path onnx = student.export("onnx", work.resolve("student-onnx")).directory().resolve("model.onnx");
                System.out.println("ONNX model: " + onnx);
            }
        }
    }
}
