package io.distill4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Outside components some tests need (Debian's PyTorch, Chromium, Slurm, the real CIFAR-10
 * images). Where one is missing a test is skipped, unless {@code .ci/run} installed or found it:
 * it names them in {@code DISTILL4J_REQUIRED} (comma-separated: {@code python3-torch},
 * {@code chromium}, {@code slurm}, {@code cifar10}), and there the test fails instead, so a broken
 * component cannot hide as a skip.
 */
public final class Components {
    /** Debian's PyTorch ({@code /usr/bin/python3} with {@code torch}). */
    public static final String PYTHON_TORCH = "python3-torch";
    /** Headless Chromium. */
    public static final String CHROMIUM = "chromium";
    /** slurm-wlm with munge, started as a one-node cluster. */
    public static final String SLURM = "slurm";
    /** The real CIFAR-10 images of {@code ../shared/datasets}. */
    public static final String CIFAR10 = "cifar10";

    private Components() {}

    /** @return the components this run must have, from {@code DISTILL4J_REQUIRED} */
    public static Set<String> required() {
        String env = System.getenv("DISTILL4J_REQUIRED");
        return env == null ? Set.of() : Arrays.stream(env.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param component one of the names above
     * @param present whether the test found it working
     * @param why what is missing and what the test therefore does not check
     */
    public static void need(String component, boolean present, Supplier<String> why) {
        if (present) {
            return;
        }
        if (required().contains(component)) {
            fail(component + " is required here (DISTILL4J_REQUIRED, set by .ci/run, which installed it), but "
                    + why.get());
        }
        Assumptions.assumeTrue(false, why);
    }

    /** {@link #need(String, boolean, Supplier)} with a fixed message. */
    public static void need(String component, boolean present, String why) {
        need(component, present, () -> why);
    }
}
