package io.distill4j.store;

import io.distill4j.BadInputException;
import io.distill4j.data.BatchSource;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import io.distill4j.model.ModelOutput;
import io.distill4j.train.TeacherOutputs;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;

/**
 * The teacher outputs of one seed's students phase read from a {@link TeacherStore}, an epoch at a
 * time. Each batch's views are checked against the store's: a batch whose images are not the
 * stored ones (another order, split or seed) fails instead of training on wrong targets.
 */
final class StoredOutputs implements TeacherOutputs {
    private final TeacherStore store;
    private final long seed;
    private final Map<String, Dims> featureShapes;
    private int epoch = -1;
    private ViewReader.Rows rows;

    StoredOutputs(TeacherStore store, long seed) {
        this.store = store;
        this.seed = seed;
        this.featureShapes = store.teacher().featureShapes();
    }

    @Override
    public ModelOutput outputs(BatchSource.Batch batch, View view, boolean training, Set<String> features) {
        if (training) {
            throw new IllegalStateException("stored outputs are the teacher's in inference mode, not training mode");
        }
        if (view.epoch() != epoch) {
            store.requireFeatures("a learner of this phase", features);
            rows = store.views(seed, view.epoch());
            epoch = view.epoch();
        }
        int n = view.samples().length;
        int[] stored = Arrays.copyOfRange(rows.samples(), view.first(), view.first() + n);
        if (!Arrays.equals(stored, view.samples())) {
            throw new BadInputException("store " + store.path() + " holds other images at epoch " + epoch + ", positions "
                    + view.first() + ".." + (view.first() + n - 1) + " of seed " + seed
                    + " than this run trains on: build the store with this run's settings");
        }
        int classes = store.manifest().teacher().classes();
        Tensor logits = Tensors.floats(Arrays.copyOfRange(rows.logits(), view.first() * classes,
                (view.first() + n) * classes), n, classes);
        Map<String, Tensor> out = new HashMap<>();
        for (String f : features) {
            float[] all = rows.features().get(f);
            Dims one = featureShapes.get(f);
            int size = (int) one.size();
            out.put(f, Tensors.floats(Arrays.copyOfRange(all, view.first() * size, (view.first() + n) * size),
                    one.prepend(n).sizes()));
        }
        return new ModelOutput(logits, out);
    }
}
