package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/k8s/sweep-job.yaml} and {@code train-multinode.yaml} against the Kubernetes API's schema, with no cluster: the JSON
 * schemas that fabric8 generates from the API's Go types ({@code schema/validation-schema.json} in
 * its {@code kubernetes-model-batch} and {@code kubernetes-model-core} jars, Kubernetes 1.23), made
 * strict as {@code kubeconform -strict} is: a key the type does not have is an error. Two types are
 * given their wire form, which fabric8 models as Java objects: a quantity ({@code 3Gi}, {@code "2"})
 * is a string or a number, an int-or-string either of those.
 */
class KubernetesSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema job;
    private static JsonSchema claim;
    private static JsonSchema service;

    @BeforeAll
    static void schemas() throws IOException {
        job = schema("kubernetes-model-batch", "kubernetes_batch_v1_Job");
        claim = schema("kubernetes-model-core", "kubernetes_core_PersistentVolumeClaim");
        service = schema("kubernetes-model-core", "kubernetes_core_Service");
    }

    /** @return the schema of one definition of the jar's validation schema, strict */
    static JsonSchema schema(String artifact, String definition) throws IOException {
        List<URL> all = Collections.list(KubernetesSchemaTest.class.getClassLoader().getResources("schema/validation-schema.json"));
        URL url = all.stream().filter(u -> u.toString().contains("/" + artifact + "-")).findFirst()
                .orElseThrow(() -> new IllegalStateException(artifact + "'s schema is not on the test class path: " + all));
        ObjectNode definitions = (ObjectNode) JSON.readTree(url).get("definitions");
        strict(definitions);
        ObjectNode scalar = (ObjectNode) JSON.readTree("{\"type\": [\"string\", \"number\"]}");
        List<String> wire = new ArrayList<>();
        definitions.fieldNames().forEachRemaining(name -> {
            if (name.endsWith("_Quantity") || name.endsWith("_IntOrString")) {
                wire.add(name);
            }
        });
        assertThat(wire).as("fabric8's quantity and int-or-string types").isNotEmpty();
        wire.forEach(name -> definitions.set(name, scalar));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("definitions", definitions);
        root.put("$ref", "#/definitions/" + definition);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root);
    }

    /** Every object type with named properties accepts no other key; draft-3 style {@code required: true} is dropped. */
    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && (!o.has("additionalProperties") || o.get("additionalProperties").isBoolean())) {
                o.put("additionalProperties", false);
            }
            if (o.path("required").isBoolean()) {
                o.remove("required");
            }
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            strict(it.next());
        }
    }

    private static List<JsonNode> manifest() throws IOException {
        return manifest("deploy/k8s/sweep-job.yaml");
    }

    private static List<JsonNode> manifest(String file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(Path.of(file).toFile())) {
            it.forEachRemaining(d -> docs.add((JsonNode) d));
        }
        return docs;
    }

    @Test
    void theRecipeIsAValidClaimAndJob() throws IOException {
        List<JsonNode> docs = manifest();
        assertThat(docs).hasSize(2);
        assertThat(claim.validate(docs.get(0))).isEmpty();
        assertThat(job.validate(docs.get(1))).isEmpty();
    }

    /**
     * The multi-node recipe: a headless Service, a claim and an Indexed Job, valid and consistent: as many
     * ranks (WORLD_SIZE) as pods, all at once, rank 0 named through the Service, the rank from the pod's index.
     */
    @Test
    void theMultiNodeRecipeIsAValidServiceClaimAndJobWhoseRanksAgree() throws IOException {
        List<JsonNode> docs = manifest("deploy/k8s/train-multinode.yaml");
        assertThat(docs).hasSize(3);
        assertThat(service.validate(docs.get(0))).isEmpty();
        assertThat(claim.validate(docs.get(1))).isEmpty();
        JsonNode trainJob = docs.get(2);
        assertThat(job.validate(trainJob)).isEmpty();
        assertThat(docs.get(0).at("/spec/clusterIP").asText()).isEqualTo("None");
        Map<String, JsonNode> env = new java.util.HashMap<>();
        trainJob.at("/spec/template/spec/containers/0/env").forEach(e -> env.put(e.get("name").asText(), e));
        int ranks = env.get("WORLD_SIZE").get("value").asInt();
        assertThat(trainJob.at("/spec/completions").asInt()).isEqualTo(ranks);
        assertThat(trainJob.at("/spec/parallelism").asInt()).isEqualTo(ranks);
        assertThat(trainJob.at("/spec/completionMode").asText()).isEqualTo("Indexed");
        String name = trainJob.at("/metadata/name").asText();
        String subdomain = trainJob.at("/spec/template/spec/subdomain").asText();
        assertThat(subdomain).isEqualTo(docs.get(0).at("/metadata/name").asText());
        assertThat(env.get("MASTER_ADDR").get("value").asText()).isEqualTo(name + "-0." + subdomain);
        assertThat(env.get("RANK").at("/valueFrom/fieldRef/fieldPath").asText())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        assertThat(trainJob.at("/spec/template/spec/containers/0/args").toString()).contains("\"--nodes\",\"auto\"");
    }

    @Test
    void misspeltKeysWrongTypesAndAClaimGivenAsAJobAreFound() throws IOException {
        JsonNode good = manifest().get(1);
        ObjectNode misspelt = good.deepCopy();
        ((ObjectNode) misspelt.get("spec")).set("completionsMode", ((ObjectNode) misspelt.get("spec")).remove("completionMode"));
        assertThat(messages(job.validate(misspelt))).anyMatch(m -> m.contains("completionsMode"));

        ObjectNode wrongType = good.deepCopy();
        ((ObjectNode) wrongType.get("spec")).put("parallelism", "four");
        assertThat(messages(job.validate(wrongType))).anyMatch(m -> m.contains("parallelism"));

        ObjectNode nestedTypo = good.deepCopy();
        ObjectNode container = (ObjectNode) nestedTypo.at("/spec/template/spec/containers/0");
        container.set("volumeMount", container.remove("volumeMounts"));
        assertThat(messages(job.validate(nestedTypo))).anyMatch(m -> m.contains("volumeMount"));

        assertThat(claim.validate(good)).isNotEmpty();
        assertThat(job.validate(JSON.valueToTree(Map.of("spec", Map.of("template", Map.of("spec",
                Map.of("containers", List.of(Map.of("resources", Map.of("requests", Map.of("cpu", true))))))))))).isNotEmpty();
    }

    private static List<String> messages(Set<ValidationMessage> errors) {
        return errors.stream().map(ValidationMessage::getMessage).toList();
    }
}
