package io.distill4j.api;

import io.distill4j.BadInputException;
import io.distill4j.data.TrainingSplits;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Network;
import io.distill4j.model.SavedModel;
import io.distill4j.model.TeacherManifest;
import io.distill4j.model.TorchScriptTeacher;
import io.distill4j.train.Learner;
import io.distill4j.train.SgdMomentum;
import io.distill4j.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;

/**
 * Step 2: a teacher, frozen and ready to distil from: trained here, loaded from distill4j weights,
 * or loaded from a TorchScript module exported from PyTorch. Every teacher is given the images of
 * the splits it is made for, normalized with their training split's statistics; close it when done.
 */
public final class Teachers {
    private Teachers() {}

    /**
     * Trains a registered architecture on the labels (cross-entropy), as the study trains its
     * teacher: the initial weights and the batch order come from {@code options.seed()}.
     *
     * @param architecture a registered architecture, e.g. {@code alexnet}
     * @param data the splits: trains on the training split, scores the validation split each epoch
     * @param options epochs, batch size, optimizer, seed, augmentation, device
     * @param listeners receivers of progress (phase {@code teacher})
     * @return the trained network, frozen
     * @throws BadInputException for an unknown architecture (listing the valid ones) or one that
     *     cannot take the data's image size
     * @throws io.distill4j.train.TrainingFailedException if the loss becomes NaN or infinite
     */
    public static Network train(String architecture, TrainingSplits data, TrainOptions options,
            TrainingListener... listeners) {
        Network net = Network.create(architecture, options.seed(), options.device(), Training.shape(data));
        net.computeIn(options.precision());
        return Training.closingOnFailure(net, () -> {
            Learner learner = new Learner("teacher", net, CrossEntropy.INSTANCE, new SgdMomentum(options.optimizer()));
            Training.run(learner, null, data, options, options.seed(), List.of(listeners));
            net.freeze();
        });
    }

    /**
     * @param weights distill4j weights ({@code X.params}) with their manifest {@code X.json} beside them
     * @param data the splits the teacher will be given: their classes must be the manifest's
     * @param device where it runs
     * @return the network with its weights, frozen
     * @throws BadInputException if the weights or their manifest are missing, unreadable, or name
     *     other classes or another image size than the data's
     */
    public static Network load(Path weights, TrainingSplits data, ComputeDevice device) {
        ModelManifest manifest = SavedModel.manifestOf(weights);
        if (manifest == null) {
            throw new BadInputException("teacher " + weights + " has no manifest " + ModelManifest.pathFor(weights)
                    + ", so its classes and input are unknown: write it with 'distill evaluate --weights " + weights
                    + " --write-manifest' on the data it was trained on");
        }
        manifest.requireClasses("teacher " + weights, data.dataset().name(), data.dataset().classNames());
        SavedModel saved = SavedModel.load(weights, device);
        Network net = saved.network();
        return Training.closingOnFailure(net, () -> {
            Training.requireFits("teacher", net, data);
            net.freeze();
        });
    }

    /**
     * Loads a TorchScript module exported from PyTorch (e.g. by {@code tools/export_teacher.py})
     * with its manifest {@code teacher.json} beside it, and checks its outputs with one forward pass.
     * It maps the splits' normalized images back to pixels, into its own channel order, value range
     * and normalization, and resizes them to its input side inside libtorch.
     *
     * @param module the TorchScript module, e.g. {@code teacher.pt}
     * @param data the splits the teacher will be given: their classes must be the manifest's, in order
     * @param device where it runs
     * @return the teacher, frozen, in inference mode
     * @throws BadInputException for a file that is not TorchScript, a missing or invalid manifest,
     *     outputs that disagree with it, or other classes than the data's
     */
    public static TorchScriptTeacher torchScript(Path module, TrainingSplits data, ComputeDevice device) {
        TorchScriptTeacher teacher = TorchScriptTeacher.load(module, TeacherManifest.pathFor(module), data.norm(),
                data.dataset().imageSide(), device);
        try {
            teacher.requireClasses("TorchScript teacher " + module, data.dataset().classNames());
            return teacher;
        } catch (RuntimeException e) {
            teacher.close();
            throw e;
        }
    }
}
