package io.distill4j.train;

import io.distill4j.distill.Objective;
import io.distill4j.model.Network;
import java.util.List;
import org.bytedeco.pytorch.Module;

/**
 * A model being trained: its network, objective and optimizer, under a run name.
 *
 * @param name run name, e.g. {@code teacher} or {@code student-a0.5}
 * @param network the network whose weights are updated
 * @param objective the loss it minimizes
 * @param optimizer its optimizer (state included)
 * @param parallel replicas on further devices for data-parallel steps, or {@code null} for one device
 */
public record Learner(String name, Network network, Objective objective, SgdMomentum optimizer, DataParallel parallel) {
    /**
     * @throws io.distill4j.BadInputException if the objective cannot be split across devices
     */
    public Learner {
        if (parallel != null) {
            DataParallel.check(name, objective);
        }
    }

    /** A learner on one device. */
    public Learner(String name, Network network, Objective objective, SgdMomentum optimizer) {
        this(name, network, objective, optimizer, null);
    }

    /** @return the network's module, followed by the objective's own trainable module if it has one */
    public List<Module> trainableBlocks() {
        Module extra = objective.trainable();
        return extra == null ? List.of(network.module()) : List.of(network.module(), extra);
    }
}
