package io.distill4j.engine;

import static org.bytedeco.pytorch.global.torch.get_num_threads;
import static org.bytedeco.pytorch.global.torch.globalContext;
import static org.bytedeco.pytorch.global.torch.set_num_interop_threads;
import static org.bytedeco.pytorch.global.torch.set_num_threads;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bytedeco.javacpp.Loader;

/**
 * Starts libtorch (JavaCPP's PyTorch presets) once per JVM and sets what distill4j needs of it
 * before the first tensor: its libraries unpacked from the jar before anything loads (a system
 * libtorch, such as Debian's {@code python3-torch}, must never be bound instead: a first run on an
 * empty cache beside it can crash otherwise), OpenBLAS at one thread (its own pool would spin beside
 * libtorch's OpenMP threads on every fp32 {@code Linear}), NNPACK off (on CPUs it does not support it
 * prints a warning per convolution and is never used), one inter-op thread, and the intra-op threads
 * a run asks for.
 */
public final class Torch {
    private static boolean started;

    private Torch() {}

    /**
     * Loads libtorch if this JVM has not, with the settings above; later calls return at once.
     *
     * @throws IllegalStateException if the native libraries cannot be unpacked or loaded
     */
    public static synchronized void start() {
        if (started) {
            return;
        }
        try {
            Loader.cacheResources("/org/bytedeco/openblas/" + Loader.getPlatform() + "/");
            Loader.cacheResources("/org/bytedeco/pytorch/" + Loader.getPlatform() + "/");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack libtorch into JavaCPP's cache (~/.javacpp/cache unless"
                    + " -Dorg.bytedeco.javacpp.cachedir says otherwise): free disk space or name another folder", e);
        }
        Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
        org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads(1);
        Loader.load(org.bytedeco.openblas.global.openblas.class);
        org.bytedeco.openblas.global.openblas.blas_set_num_threads(1);
        Loader.load(org.bytedeco.pytorch.global.torch.class);
        globalContext().setUserEnabledNNPACK(false);
        set_num_interop_threads(1);
        started = true;
    }

    /**
     * Sets libtorch's intra-op threads, starting it if needed. Results are bit-identical only at
     * equal thread counts, so every run sets its own.
     *
     * @param threads intra-op threads, at least 1
     */
    public static void threads(int threads) {
        start();
        if (get_num_threads() != threads) {
            set_num_threads(threads);
        }
    }

    /** @return libtorch's intra-op threads */
    public static int threads() {
        start();
        return get_num_threads();
    }

    /**
     * Seeds libtorch's default generators (weight initialization, dropout).
     *
     * @param seed the seed
     */
    public static void seed(long seed) {
        start();
        org.bytedeco.pytorch.global.torch.manual_seed(seed);
    }

    /**
     * Runs {@code work} and puts libtorch's default CPU generator back where it was, so that work
     * which builds throwaway modules (their initialization draws from it) leaves the seeded sequence
     * of weights and dropout masks untouched.
     *
     * @param work what to run
     * @param <T> its result
     * @return its result
     */
    public static <T> T keepingRandomState(java.util.function.Supplier<T> work) {
        start();
        org.bytedeco.pytorch.Generator generator = org.bytedeco.pytorch.global.torch.getDefaultCPUGenerator();
        org.bytedeco.pytorch.Tensor state = generator.get_state();
        try {
            return work.get();
        } finally {
            generator.set_state(state);
        }
    }
}
