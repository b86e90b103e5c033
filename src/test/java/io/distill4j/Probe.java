package io.distill4j;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.distill4j.data.*;
import io.distill4j.distill.*;
import io.distill4j.model.Network;
import io.distill4j.train.*;
import java.nio.file.Path;
import java.util.List;

public class Probe {
    public static void main(String[] a) throws Exception {
        String arch = a[0]; int bs = Integer.parseInt(a[1]); int n = Integer.parseInt(a[2]);
        SyntheticCifar s = new SyntheticCifar(1);
        Dataset d = s.generate(n, 1000);
        Normalization norm = Normalization.of(d.train());
        try (NDManager m = NDManager.newBaseManager(); Network net = Network.create(arch, 1, Device.cpu())) {
            System.out.println(arch + " params=" + net.trainableParameters() + " macs=" + net.macsPerImage());
            Learner l = new Learner(arch, net, CrossEntropy.INSTANCE, new SgdMomentum(new OptimizerConfig(0.05, 0.9, 5e-4, 1)));
            BatchSource tr = new BatchSource(d.train(), norm, bs);
            BatchSource va = new BatchSource(d.test(), norm, 500);
            TrainingListener pr = new TrainingListener() { public void onEpoch(EpochMetrics e) { System.out.println(e); } };
            for (int r = 0; r < 2; r++) {
                TrainingLoop.PhaseTiming t = new TrainingLoop(List.of(pr)).run("p", List.of(l), null, tr, va, 1, 1, true, m);
                System.out.printf("bs=%d img/s=%.0f (step %.1fs data %.2fs eval %.1fs)%n", bs, t.images() / t.stepSeconds().get(0), t.stepSeconds().get(0), t.dataSeconds(), t.evalSeconds());
            }
        }
    }
}
