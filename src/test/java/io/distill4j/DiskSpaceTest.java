package io.distill4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {
    @TempDir Path tmp;

    @Test
    void moreThanAnyDiskHoldsIsRefusedInOneLineNamingBothSizesAndTheFix() {
        DiskSpace.require(tmp, 1, "a byte", "");
        assertThatThrownBy(() -> DiskSpace.require(tmp, Long.MAX_VALUE, "the image cache c.bin", "or give --cache-dir"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("only ")
                .hasMessageContaining(" free under " + tmp + ", the image cache c.bin needs about 9,223,372,037 GB:"
                        + " free space or give --cache-dir")
                .message().doesNotContain("\n");
        assertThatThrownBy(() -> DiskSpace.require(tmp.resolve("missing"), 1, "x", ""))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cannot check free space");
    }

    @Test
    void sizesReadInMegabytesThenGigabytes() {
        assertThat(DiskSpace.size(1_500_000)).isEqualTo("2 MB");
        assertThat(DiskSpace.size(9_999_000_000L)).isEqualTo("9,999 MB");
        assertThat(DiskSpace.size(12_000_000_000L)).isEqualTo("12 GB");
    }
}
