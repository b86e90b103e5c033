package io.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import java.util.List;
import java.util.Random;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link SgdMomentum} computes what {@code torch.optim.SGD} computes, in its order of operations
 * ({@code d = g + λ·w}, then {@code v = μ·v + d}, then {@code w = w − η·v}), so that its rounding is
 * PyTorch's: the order {@code (μ·v + g) + λ·w} gives other last bits, which in an unstable run
 * (the quick study's α = 0 student) decided between 89.5 % and chance.
 */
class SgdMomentumTest {
    private static final double LR = 0.05;
    private static final double MU = 0.9;
    private static final double WD = 5e-4;

    @Test
    void twoStepsEqualPytorchsOrderBitForBit() {
        Torch.start();
        Random rng = new Random(7);
        Module module = new LinearImpl(64, 32);
        List<Tensor> params = SgdMomentum.parameters(List.of(module));
        float[][] w = new float[params.size()][];
        float[][] v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            w[i] = Tensors.toFloats(params.get(i));
        }
        SgdMomentum sgd = new SgdMomentum(new OptimizerConfig(LR, MU, WD, 0));
        for (int step = 0; step < 2; step++) {
            Tensor loss = null;
            for (int i = 0; i < params.size(); i++) {
                float[] g = new float[w[i].length];
                for (int k = 0; k < g.length; k++) {
                    g[k] = (float) (rng.nextGaussian() * 3);
                }
                Tensor p = params.get(i);
                long[] shape = p.sizes().vec().get();
                // Σ p·G has the gradient G exactly
                Tensor term = p.mul(Tensors.floats(g, shape)).sum();
                loss = loss == null ? term : loss.add(term);
                // the reference: libtorch's own ops, one at a time, in torch.optim.SGD's order
                Tensor d = Tensors.floats(g, shape).add(Tensors.floats(w[i], shape), Tensors.scalar(WD));
                Tensor velocity = step == 0 ? d : Tensors.floats(v[i], shape).mul(Tensors.scalar(MU)).add(d);
                v[i] = Tensors.toFloats(velocity);
                w[i] = Tensors.toFloats(Tensors.floats(w[i], shape).add(velocity, Tensors.scalar(-LR)));
            }
            loss.backward();
            sgd.step(List.of(module), LR);
            for (int i = 0; i < params.size(); i++) {
                assertThat(Tensors.toFloats(params.get(i))).as("parameter %d after step %d", i, step + 1)
                        .containsExactly(w[i]);
                assertThat(params.get(i).grad().defined()).as("gradient dropped").isFalse();
            }
        }
        assertThat(sgd.steps()).isEqualTo(2);
    }
}
