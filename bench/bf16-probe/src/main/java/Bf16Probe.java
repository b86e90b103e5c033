import static org.bytedeco.pytorch.global.torch.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Issue 12's probe: distill4j's {@code alexnet} and {@code student-cnn} training steps written
 * against JavaCPP's PyTorch presets (libtorch 2.10 with oneDNN), in float32 and in bfloat16
 * autocast, measured like {@code bin/distill bench} measures the DJL engine: batch 128 of random
 * channels-last images, SGD with momentum 0.9 and weight decay 5e-4, the loss read back every
 * step, median img/s of timed repetitions after untimed warm-up steps. Also the 2048² matrix
 * product in both precisions, the roof each training rate is compared with.
 *
 * <p>Usage: {@code java -jar bf16-probe.jar [model,…] [fp32,bf16] [seconds per repetition]
 * [repetitions]}; default {@code alexnet,student-cnn fp32,bf16 6 3}. Threads: {@code THREADS}
 * environment variable, default 2.
 */
public final class Bf16Probe {
    private static final int BATCH = 128;
    private static final int WARMUP = 8;

    /** One topology of distill4j's model registry, re-stated for this probe. */
    record Spec(String name, int[] filters, boolean[] pool, int[] hidden, double dropout, boolean dropoutBeforeHidden) {}

    static final Spec ALEXNET = new Spec("alexnet", new int[] {48, 96, 192, 192, 192},
            new boolean[] {true, true, false, false, true}, new int[] {1024, 1024}, 0.5, true);
    static final Spec STUDENT = new Spec("student-cnn", new int[] {32, 64},
            new boolean[] {true, true}, new int[] {96, 64}, 0.25, false);

    /** conv 3×3 (pad 1) → BN → ReLU → optional 2×2 max-pool per block; then the linear layers. */
    static final class Net extends Module {
        final Spec spec;
        final List<Conv2dImpl> convs = new ArrayList<>();
        final List<BatchNorm2dImpl> norms = new ArrayList<>();
        final List<LinearImpl> linears = new ArrayList<>();

        Net(Spec spec) {
            this.spec = spec;
            long in = 3;
            int side = 32;
            for (int i = 0; i < spec.filters().length; i++) {
                Conv2dOptions o = new Conv2dOptions(in, spec.filters()[i], new LongPointer(3L, 3L));
                o.padding().put(new LongPointer(1L, 1L));
                convs.add(register_module("conv" + i, new Conv2dImpl(o)));
                norms.add(register_module("bn" + i, new BatchNorm2dImpl(new BatchNormOptions(spec.filters()[i]))));
                in = spec.filters()[i];
                side = spec.pool()[i] ? side / 2 : side;
            }
            long width = in * side * side;
            for (int i = 0; i < spec.hidden().length; i++) {
                linears.add(register_module("fc" + i, new LinearImpl(width, spec.hidden()[i])));
                width = spec.hidden()[i];
            }
            linears.add(register_module("out", new LinearImpl(width, 10)));
        }

        Tensor forward(Tensor x) {
            for (int i = 0; i < convs.size(); i++) {
                x = relu(norms.get(i).forward(convs.get(i).forward(x)));
                if (spec.pool()[i]) {
                    x = max_pool2d(x, 2, 2);
                }
            }
            x = flatten(x, 1, -1);
            for (int i = 0; i < linears.size() - 1; i++) {
                if (spec.dropoutBeforeHidden()) {
                    x = dropout(x, spec.dropout(), is_training());
                }
                x = relu(linears.get(i).forward(x));
                if (!spec.dropoutBeforeHidden()) {
                    x = dropout(x, spec.dropout(), is_training());
                }
            }
            return linears.get(linears.size() - 1).forward(x);
        }
    }

    @FunctionalInterface
    interface Work {
        void run(int i);
    }

    public static void main(String[] args) throws java.io.IOException {
        // Unpack libtorch before any torch class loads: a system libtorch must never be bound instead.
        Loader.cacheResources("/org/bytedeco/pytorch/" + Loader.getPlatform() + "/");
        List<String> models = Arrays.asList((args.length > 0 ? args[0] : "alexnet,student-cnn").split(","));
        List<String> precisions = Arrays.asList((args.length > 1 ? args[1] : "fp32,bf16").split(","));
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 6;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int threads = Integer.parseInt(System.getenv().getOrDefault("THREADS", "2"));
        set_num_threads(threads);
        System.out.printf(Locale.ROOT, "libtorch (JavaCPP pytorch 2.10.0-1.5.13), mkldnn=%s, threads=%d, batch=%d%n",
                hasMKLDNN(), get_num_threads(), BATCH);
        System.out.println("ATen CPU capability " + get_cpu_capability().getString() + "; " + get_parallel_info().getString()
                .lines().filter(l -> l.contains("threads") || l.contains("OpenMP") || l.contains("MKL")).toList());
        if (System.getenv("SHOW_CONFIG") != null) {
            System.out.println(show_config().getString());
        }
        for (String precision : precisions) {
            matmul(precision, seconds, reps);
        }
        for (String model : models) {
            for (String precision : precisions) {
                train(model.equals("alexnet") ? ALEXNET : STUDENT, precision.equals("bf16"), seconds, reps);
            }
        }
    }

    private static void matmul(String precision, double seconds, int reps) {
        int n = 2048;
        Tensor a = randn(n, n);
        Tensor b = randn(n, n);
        if (precision.equals("bf16")) {
            a = a.to(ScalarType.BFloat16);
            b = b.to(ScalarType.BFloat16);
        }
        Tensor fa = a, fb = b;
        time("matmul 2048² " + precision + " GFLOP/s", 2.0 * n * n * n / 1e9, seconds, reps, i -> {
            try (PointerScope s = new PointerScope()) {
                mm(fa, fb).sum().item_float();
            }
        });
    }

    private static void train(Spec spec, boolean bf16, double seconds, int reps) {
        manual_seed(1);
        Net net = new Net(spec);
        TensorVector params = net.parameters();
        for (long i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.dim() == 4) {
                p.set_data(p.contiguous(MemoryFormat.ChannelsLast));
            }
        }
        SGDOptions options = new SGDOptions(0.01);
        options.momentum().put(0.9);
        options.weight_decay().put(5e-4);
        SGD sgd = new SGD(params, options);
        List<Tensor> images = new ArrayList<>();
        List<Tensor> labels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(randn(BATCH, 3, 32, 32).contiguous(MemoryFormat.ChannelsLast));
            labels.add(randint(0L, 10L, new long[] {BATCH}));
        }
        String tag = spec.name() + " " + (bf16 ? "bf16" : "fp32");
        net.train(true);
        time(tag + " train img/s", BATCH, seconds, reps, i -> {
            try (PointerScope s = new PointerScope()) {
                sgd.zero_grad();
                Tensor logits = forward(net, images.get(i % 4), bf16);
                Tensor loss = cross_entropy(logits.to(ScalarType.Float), labels.get(i % 4));
                loss.backward();
                sgd.step();
                loss.item_float();
            }
        });
        net.train(false);
        time(tag + " inference img/s", BATCH, seconds, reps, i -> {
            try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                forward(net, images.get(i % 4), bf16).sum().item_float();
            }
        });
    }

    /** The forward pass, inside autocast to bfloat16 when asked; master weights stay float32. */
    private static Tensor forward(Net net, Tensor x, boolean bf16) {
        if (!bf16) {
            return net.forward(x);
        }
        set_autocast_dtype(DeviceType.CPU, ScalarType.BFloat16);
        set_autocast_enabled(DeviceType.CPU, true);
        increment_nesting();
        try {
            return net.forward(x);
        } finally {
            set_autocast_enabled(DeviceType.CPU, false);
            if (decrement_nesting() == 0) {
                clear_cache();
            }
        }
    }

    private static void time(String what, double units, double seconds, int reps, Work work) {
        long t0 = 0;
        for (int i = 0; i < WARMUP; i++) {
            t0 = i == WARMUP - 3 ? System.nanoTime() : t0;
            work.run(i);
        }
        // The first calls create oneDNN's primitives: the rate comes from the last three warm-up calls.
        double perCall = (System.nanoTime() - t0) / 1e9 / 3;
        int calls = Math.max(1, (int) Math.round(seconds / perCall));
        double[] rates = new double[reps];
        int done = WARMUP;
        for (int r = 0; r < reps; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                work.run(done++);
            }
            rates[r] = calls * units / ((System.nanoTime() - s) / 1e9);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-34s median %8.1f  (%s; %d × %d calls)%n", what, sorted[reps / 2],
                Arrays.toString(Arrays.stream(rates).map(v -> Math.round(v * 10) / 10.0).toArray()), reps, calls);
    }
}
