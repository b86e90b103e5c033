package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes recipe read as Kubernetes reads it (no cluster here; its schema is checked by
 * {@link KubernetesSchemaTest}): an Indexed Job whose pods run {@code sweep run} with as many shards as completions on
 * the volume of a ReadWriteMany claim; the Slurm recipe's shard count is the array's.
 */
class SweepRecipesTest {
    @Test
    void theIndexedJobRunsOneShardPerCompletionOnASharedVolume() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> docs = new ArrayList<>();
        try (var it = yaml.readerFor(JsonNode.class).readValues(Path.of("deploy/k8s/sweep-job.yaml").toFile())) {
            it.forEachRemaining(d -> docs.add((JsonNode) d));
        }
        assertThat(docs).hasSize(2);
        JsonNode claim = docs.get(0);
        JsonNode job = docs.get(1);
        assertThat(claim.path("kind").asText()).isEqualTo("PersistentVolumeClaim");
        assertThat(claim.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteMany");
        assertThat(job.path("apiVersion").asText()).isEqualTo("batch/v1");
        assertThat(job.path("kind").asText()).isEqualTo("Job");
        JsonNode spec = job.path("spec");
        assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
        int completions = spec.path("completions").asInt();
        assertThat(spec.path("parallelism").asInt()).isBetween(1, completions);
        JsonNode pod = spec.at("/template/spec");
        assertThat(pod.path("restartPolicy").asText()).isEqualTo("Never");
        JsonNode container = pod.path("containers").get(0);
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        String mount = container.at("/volumeMounts/0/mountPath").asText();
        assertThat(args.subList(0, 3)).containsExactly("sweep", "run", mount);
        assertThat(args.get(args.indexOf("--shard") + 1)).isEqualTo(Integer.toString(completions));
        assertThat(container.at("/volumeMounts/0/name").asText()).isEqualTo(pod.at("/volumes/0/name").asText());
        assertThat(pod.at("/volumes/0/persistentVolumeClaim/claimName").asText()).isEqualTo(claim.at("/metadata/name").asText());
        // the pod's arguments parse as the CLI's
        picocli.CommandLine cl = Main.commandLine();
        assertThat(cl.parseArgs(args.toArray(String[]::new)).subcommand().subcommand().commandSpec().name()).isEqualTo("run");
    }

    @Test
    void theSlurmArrayRunsOneShardPerTaskAndTheImageHoldsTheBuiltJar() throws Exception {
        String sbatch = Files.readString(Path.of("deploy/slurm/sweep.sbatch"));
        assertThat(sbatch).contains("SHARDS=${SLURM_ARRAY_TASK_COUNT:?}", "sweep run \"$SWEEP_DIR\" --shard \"$SHARDS\"");
        assertThat(Files.readString(Path.of("deploy/Containerfile"))).contains("COPY target/distill4j.jar");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>distill4j</finalName>");
    }
}
