package io.distill4j.train;

import io.distill4j.distill.Objective;
import io.distill4j.model.Network;

/**
 * A model being trained: its network, objective and optimizer, under a run name.
 *
 * @param name run name, e.g. {@code teacher} or {@code student-a0.5}
 * @param network the network whose weights are updated
 * @param objective the loss it minimizes
 * @param optimizer its optimizer (state included)
 */
public record Learner(String name, Network network, Objective objective, SgdMomentum optimizer) {}
