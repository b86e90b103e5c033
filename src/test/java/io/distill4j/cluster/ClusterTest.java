package io.distill4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.FreePorts;
import io.distill4j.engine.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collectives' own logic on a job of one process (a real TCPStore and Gloo group of size 1, so
 * sums and broadcasts return their input): buckets, gathers, shared files, shards; and the spec's
 * reading of options and of torchrun's and Slurm's variables. Two processes are {@code
 * ProcessParallelTest}'s and {@code MultiNodeStudyTest}'s.
 */
class ClusterTest {
    @TempDir Path tmp;

    private static Cluster alone() {
        return alone(FreePorts.get());
    }

    private static Cluster alone(int port) {
        return Cluster.join(new ClusterSpec(1, 0, "127.0.0.1", port, 30));
    }

    /** A job restarted at once on the same port (after a failure) must find the port free again. */
    @Test
    void closingLeavesThePortFree() {
        int port = FreePorts.get();
        alone(port).close();
        try (Cluster again = alone(port)) {
            assertThat(again.rank()).isZero();
        }
    }

    @Test
    void sumsGoInBucketsOfAtMost25MegabytesAndComeBackInPlace() throws Exception {
        try (Cluster cluster = alone()) {
            List<Tensor> small = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                small.add(torch.full(new long[] {1000}, new org.bytedeco.pytorch.Scalar((double) i)));
            }
            cluster.sum(small);
            assertThat(cluster.collectives()).as("30 small tensors, one bucket").isEqualTo(1);
            assertThat(Tensors.toFloats(small.get(29))).containsOnly(29f);
            // 3 × 10 MB: two fit in 25 MB, the third starts a bucket
            List<Tensor> large = List.of(torch.ones(2_500_000), torch.ones(2_500_000), torch.ones(2_500_000));
            cluster.sum(large);
            assertThat(cluster.collectives()).isEqualTo(1 + 2);
            assertThat(cluster.sum(1.5, -2)).containsExactly(1.5, -2.0);
        }
    }

    @Test
    void gatherPlacesEachRanksRowsAndSharedFilesComeFromRankZero() throws Exception {
        try (Cluster cluster = alone()) {
            Tensor mine = Tensors.floats(new float[] {1, 2, 3, 4}, 2, 2);
            assertThat(Tensors.toFloats(cluster.gather(mine, new long[] {2}))).containsExactly(1, 2, 3, 4);
            Path file = tmp.resolve("ckpt");
            Files.write(file, new byte[] {7, 8});
            cluster.share(file);
            assertThat(Files.readAllBytes(file)).containsExactly(7, 8);
            assertThat(cluster.broadcast(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
            assertThat(cluster.broadcast((byte[]) null)).isNull();
            assertThat(cluster.traffic()).startsWith("rank 0 of 1: ");
        }
    }

    @Test
    void shardsCutABatchAsDataParallelDoes() {
        Shard a = Shard.of(0, 3, 10);
        Shard c = Shard.of(2, 3, 10);
        assertThat(List.of(a.from(), a.to(), c.from(), c.to())).containsExactly(0, 3, 6, 10);
        assertThat(a.rows()).containsExactly(3, 3, 4);
        assertThat(a.weight()).isEqualTo(0.3);
        assertThat(Shard.of(1, 3, 2).anyEmpty()).isTrue();
    }

    @Test
    void theSpecComesFromOptionsThenTorchrunThenSlurm() {
        assertThat(ClusterSpec.resolve(null, null, null, null, 60, Map.of("WORLD_SIZE", "4")).nodes())
                .as("without --nodes the environment is not read").isEqualTo(1);
        ClusterSpec torchrun = ClusterSpec.resolve("auto", null, null, null, 60,
                Map.of("WORLD_SIZE", "4", "RANK", "3", "MASTER_ADDR", "head", "MASTER_PORT", "1234",
                        "SLURM_NTASKS", "9", "SLURM_PROCID", "8"));
        assertThat(torchrun).isEqualTo(new ClusterSpec(4, 3, "head", 1234, 60));
        ClusterSpec slurm = ClusterSpec.resolve("auto", null, "given", null, 60,
                Map.of("SLURM_NTASKS", "2", "SLURM_PROCID", "1", "MASTER_ADDR", "head"));
        assertThat(slurm).isEqualTo(new ClusterSpec(2, 1, "given", ClusterSpec.DEFAULT_PORT, 60));
        assertThatThrownBy(() -> ClusterSpec.resolve("auto", null, "h", null, 60, Map.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("SLURM_NTASKS is not set");
        assertThatThrownBy(() -> ClusterSpec.resolve("two", 0, "h", null, 60, Map.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--nodes is 'two', not a whole number");
        assertThatThrownBy(() -> ClusterSpec.resolve(null, 1, null, null, 60, Map.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--rank 1 needs --nodes");
        assertThatThrownBy(() -> ClusterSpec.resolve("2", 0, "h", 70000, 60, Map.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--master-port must be a TCP port");
    }
}
