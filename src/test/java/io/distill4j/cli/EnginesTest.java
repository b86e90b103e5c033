package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.util.Platform;
import io.distill4j.cli.Engines.LibtorchSource;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginesTest {
    @TempDir Path tmp;

    private static final BooleanSupplier NOT_ASKED = () -> {
        throw new AssertionError("the class path should not be searched");
    };

    @Test
    void offlineOnlyWhenLibtorchIsBundledOrGivenOnDisk() {
        assertThat(Engines.libtorchSource(null, null, () -> true)).isEqualTo(LibtorchSource.BUNDLED);
        assertThat(Engines.libtorchSource(null, null, () -> false)).isEqualTo(LibtorchSource.DOWNLOAD);
        assertThat(Engines.libtorchSource(null, "/opt/libtorch/lib", NOT_ASKED)).isEqualTo(LibtorchSource.LIBRARY_PATH);
        assertThat(Engines.libtorchSource("false", null, NOT_ASKED)).isEqualTo(LibtorchSource.USER_SETTING);
        assertThat(Engines.libtorchSource("true", "/opt/libtorch/lib", NOT_ASKED)).isEqualTo(LibtorchSource.USER_SETTING);
        assertThat(LibtorchSource.BUNDLED.offline()).isTrue();
        assertThat(LibtorchSource.LIBRARY_PATH.offline()).isTrue();
        assertThat(LibtorchSource.DOWNLOAD.offline()).isFalse();
        assertThat(LibtorchSource.USER_SETTING.offline()).isFalse(); // left as the user set it
    }

    /** A run in a JVM whose engine already started (a test's, a library user's) gets its own thread count. */
    @Test
    void threadsAreSetAgainOnAStartedEngine() {
        try {
            Engines.configureThreads(1);
            assertThat(ai.djl.pytorch.jni.JniUtils.getNumThreads()).isEqualTo(1);
            Engines.configureThreads(3);
            assertThat(ai.djl.pytorch.jni.JniUtils.getNumThreads()).isEqualTo(3);
        } finally {
            Engines.configureThreads(Runtime.getRuntime().availableProcessors()); // the default of --threads
        }
    }

    /** A class path holding only what a jar of the given build would hold of DJL's PyTorch metadata. */
    private ClassLoader classPath(String name, String nativeClassifier) throws IOException {
        Path root = Files.createDirectories(tmp.resolve(name));
        // what pytorch-engine's jar holds in both builds
        Files.writeString(root.resolve("pytorch-engine.properties"), "djl_version=0.36.0\npytorch_version=2.7.1\n");
        if (nativeClassifier != null) { // what pytorch-native-cpu's jar adds in the default build
            Path lib = Files.createDirectories(root.resolve("native/lib"));
            Files.writeString(lib.resolve("pytorch.properties"), "version=2.7.1-20250812\nflavor=cpu\nclassifier="
                    + nativeClassifier + "\nlibraries=libc10.so,libtorch.so,libtorch_cpu.so\n");
        }
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    @Test
    void bundledMeansANativeLibraryForThisPlatformOnTheClassPath() throws IOException {
        Platform system = Platform.fromSystem("pytorch");
        String otherArch = system.getOsArch().equals("aarch64") ? "x86_64" : "aarch64";
        assertThat(Engines.bundled(classPath("cpu-build", system.getClassifier()))).isTrue();
        assertThat(Engines.bundled(classPath("gpu-build", null))).isFalse();
        assertThat(Engines.bundled(classPath("foreign", system.getOsPrefix() + "-" + otherArch))).isFalse();
    }

    @Test
    void theCpuBuildsClassPathHasLibtorchBundledSoItRunsOffline() {
        assertThat(Engines.bundled(Engines.class.getClassLoader())).isTrue();
        assertThat(Engines.libtorchSource(null, null, () -> Engines.bundled(Engines.class.getClassLoader())))
                .isEqualTo(LibtorchSource.BUNDLED);
    }
}
