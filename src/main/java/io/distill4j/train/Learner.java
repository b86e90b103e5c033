package io.distill4j.train;

import ai.djl.nn.Block;
import io.distill4j.distill.Objective;
import io.distill4j.model.Network;
import java.util.List;

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

    /** @return the network's block, followed by the objective's own trainable block if it has one */
    public List<Block> trainableBlocks() {
        Block extra = objective.trainable();
        return extra == null ? List.of(network.block()) : List.of(network.block(), extra);
    }
}
