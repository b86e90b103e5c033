package io.distill4j.api;

import io.distill4j.BadInputException;
import io.distill4j.data.TrainingSplits;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Network;
import io.distill4j.model.SavedModel;
import io.distill4j.model.TeacherManifest;
import io.distill4j.model.TorchScriptTeacher;
import io.distill4j.train.Learner;
import io.distill4j.train.SgdMomentum;
import java.nio.file.Path;

/**
 * Step 2: a teacher, frozen and ready to distill from: trained here, loaded from distill4j weights,
 * or loaded from a TorchScript module exported from PyTorch. Every teacher is given the images of
 * the splits it is made for, normalized with their training split's statistics; close it when done.
 */
public final class Teachers {
    private Teachers() {}

    /**
     * Trains a registered architecture on the labels (cross-entropy), as the study trains its
     * teacher: the initial weights and the batch order come from {@code options.seed()}.
     *
     * @param architecture a registered architecture ({@link Models#architectures()}), e.g. {@code alexnet}
     * @param data the splits: trains on the training split, scores the validation split each epoch
     * @param options epochs, batch size, optimizer, seed, augmentation, hardware, precision
     * @param observers receivers of progress (phase {@code teacher})
     * @return the trained teacher, frozen
     * @throws InvalidInputException for an unknown architecture (listing the valid ones) or one that
     *     cannot take the data's image size
     * @throws DivergenceException if the loss becomes NaN or infinite
     */
    public static TrainedModel train(String architecture, Splits data, TrainOptions options,
            TrainingObserver... observers) {
        TrainingSplits splits = data.engine();
        Network net = Network.create(architecture, options.seed(), options.hardware().device(), Training.shape(splits));
        net.computeIn(options.precision().engine());
        return TrainedModel.of(Training.closingOnFailure(net, () -> {
            Learner learner = new Learner("teacher", net, CrossEntropy.INSTANCE,
                    new SgdMomentum(options.optimizer().config()));
            Training.run(learner, null, splits, options, options.seed(), observers);
            net.freeze();
        }), data);
    }

    /**
     * @param weights distill4j weights ({@code X.params}) with their manifest {@code X.json} beside them
     * @param data the splits the teacher will be given: their classes must be the manifest's
     * @param hardware where it runs
     * @return the teacher with its weights, frozen
     * @throws InvalidInputException if the weights or their manifest are missing, unreadable, or name
     *     other classes or another image size than the data's
     */
    public static TrainedModel load(Path weights, Splits data, Hardware hardware) {
        TrainingSplits splits = data.engine();
        ModelManifest manifest = SavedModel.manifestOf(weights);
        if (manifest == null) {
            throw new BadInputException("teacher " + weights + " has no manifest " + ModelManifest.pathFor(weights)
                    + ", so its classes and input are unknown: write it with 'distill evaluate --weights " + weights
                    + " --write-manifest' on the data it was trained on");
        }
        manifest.requireClasses("teacher " + weights, splits.dataset().name(), splits.dataset().classNames());
        SavedModel saved = SavedModel.load(weights, hardware.device());
        Network net = saved.network();
        Training.closingOnFailure(net, () -> {
            Training.requireFits("teacher", net, splits);
            net.freeze();
        });
        return TrainedModel.of(saved, data);
    }

    /**
     * Loads a TorchScript module exported from PyTorch (e.g. by {@code tools/export_teacher.py})
     * with its manifest {@code teacher.json} beside it, and checks its outputs with one forward pass.
     * It maps the splits' normalized images back to pixels, into its own channel order, value range
     * and normalization, and resizes them to its input side inside libtorch.
     *
     * @param module the TorchScript module, e.g. {@code teacher.pt}
     * @param data the splits the teacher will be given: their classes must be the manifest's, in order
     * @param hardware where it runs
     * @return the teacher, frozen, in inference mode; it cannot be saved or exported (it is PyTorch's file)
     * @throws InvalidInputException for a file that is not TorchScript, a missing or invalid manifest,
     *     outputs that disagree with it, or other classes than the data's
     */
    public static TrainedModel torchScript(Path module, Splits data, Hardware hardware) {
        TrainingSplits splits = data.engine();
        TorchScriptTeacher teacher = TorchScriptTeacher.load(module, TeacherManifest.pathFor(module), splits.norm(),
                splits.dataset().imageSide(), hardware.device());
        try {
            teacher.requireClasses("TorchScript teacher " + module, splits.dataset().classNames());
            return TrainedModel.of(teacher, data);
        } catch (RuntimeException e) {
            teacher.close();
            throw e;
        }
    }
}
