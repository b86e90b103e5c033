package io.distill4j.distill;

import static io.distill4j.engine.Tensors.scalar;

import io.distill4j.model.ModelOutput;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A weighted sum of objectives, {@code L = Σ_k w_k · L_k}: how a feature- or relation-based method
 * is added on top of the label loss or the α/T response loss (e.g. {@code rkd+kd}).
 *
 * @param terms the weighted terms, at least one, at most one of them with trainable parameters
 */
public record Composite(List<Term> terms) implements Objective {
    /**
     * One weighted term.
     *
     * @param weight its factor
     * @param objective the term
     */
    public record Term(double weight, Objective objective) {
        /** Checks the weight. */
        public Term {
            Objects.requireNonNull(objective);
            if (!Double.isFinite(weight) || weight < 0) {
                throw new IllegalArgumentException("term weight " + weight + " must be finite and non-negative");
            }
        }
    }

    /** Checks the terms. */
    public Composite {
        terms = List.copyOf(terms);
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a composite objective needs at least one term");
        }
        if (terms.stream().filter(t -> t.objective().trainable() != null).count() > 1) {
            throw new IllegalArgumentException("at most one term may have trainable parameters");
        }
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        return loss(student, labels, null, teacher, epoch);
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, Tensor samples, ModelOutput teacher, double epoch) {
        Tensor sum = null;
        for (Term t : terms) {
            Tensor value = t.objective().loss(student, labels, samples, teacher, epoch);
            Tensor weighted = t.weight() == 1 ? value : value.mul(scalar(t.weight()));
            sum = sum == null ? weighted : sum.add(weighted);
        }
        return sum;
    }

    @Override
    public boolean needsTeacher() {
        return terms.stream().anyMatch(t -> t.objective().needsTeacher());
    }

    @Override
    public Set<String> studentFeatures() {
        Set<String> all = new HashSet<>();
        terms.forEach(t -> all.addAll(t.objective().studentFeatures()));
        return Set.copyOf(all);
    }

    @Override
    public Set<String> teacherFeatures() {
        Set<String> all = new HashSet<>();
        terms.forEach(t -> all.addAll(t.objective().teacherFeatures()));
        return Set.copyOf(all);
    }

    @Override
    public boolean batchRelational() {
        return terms.stream().anyMatch(t -> t.objective().batchRelational());
    }

    @Override
    public boolean keepsImageState() {
        return terms.stream().anyMatch(t -> t.objective().keepsImageState());
    }

    @Override
    public Module trainable() {
        return terms.stream().map(t -> t.objective().trainable()).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
