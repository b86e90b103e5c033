package io.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill4j.Json;
import io.distill4j.PythonTorch;
import io.distill4j.data.Normalization;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Dims;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/export_teacher.py} and {@code tools/make_test_teacher.py} run in a real PyTorch
 * (Debian's {@code python3-torch}; skipped saying so where there is none): the committed fixtures
 * are what the generator makes, and a module exported from the command line with a factory, a
 * class file and renamed features loads as a teacher with those outputs.
 */
class ExportTeacherScriptTest {
    @TempDir Path tmp;
    private String python;

    @BeforeEach
    void findTorch() throws Exception {
        python = PythonTorch.interpreter();
        io.distill4j.Components.need(io.distill4j.Components.PYTHON_TORCH, python != null, "no Python with torch here (apt-get install python3-torch):"
                + " tools/export_teacher.py is not run");
    }

    @Test
    void theCommittedFixturesAreWhatTheGeneratorMakes() throws Exception {
        PythonTorch.Run r = PythonTorch.run(List.of(python, "tools/make_test_teacher.py", tmp.toString()), 300);
        assertThat(r.exit()).as(r.output()).isZero();
        for (String name : List.of("tiny-teacher.json", "tiny-teacher-logits-only.json")) {
            assertThat(Json.mapper().readTree(tmp.resolve(name).toFile()))
                    .isEqualTo(Json.mapper().readTree(TorchScriptTeacherTest.fixture(name).toFile()));
        }
        JsonNode made = Json.mapper().readTree(tmp.resolve("tiny-teacher-expected.json").toFile());
        JsonNode committed = Json.mapper().readTree(TorchScriptTeacherTest.fixture("tiny-teacher-expected.json").toFile());
        for (int k = 0; k < 10; k++) {
            assertThat(made.get("logits").get(k).asDouble())
                    .isCloseTo(committed.get("logits").get(k).asDouble(), org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void aModuleExportedFromTheCommandLineLoadsWithItsNamedOutputs() throws Exception {
        Files.writeString(tmp.resolve("mymodels.py"), """
                import torch
                from torch import nn

                def small():
                    torch.manual_seed(3)
                    return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(2),
                                         nn.Flatten(), nn.Linear(16, 3))
                """);
        Files.writeString(tmp.resolve("classes.txt"), "cat\ndog\nfox\n");
        Path tool = Path.of("tools/export_teacher.py").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(python, tool.toString(), "--factory", "mymodels:small", "--input-size", "12",
                "--classes", "classes.txt", "--features", "1=relu,3=embedding", "--value-range", "0-255", "--mean",
                "120,110,100", "--std", "60,60,60", "--out", "t.pt").directory(tmp.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(output).contains("logits [3], relu [4, 12, 12], embedding [16]");

        TeacherManifest manifest = TeacherManifest.read(tmp.resolve("t.json"));
        assertThat(manifest.classNames()).containsExactly("cat", "dog", "fox");
        assertThat(manifest.valueRange()).isEqualTo("0-255");
        Normalization data = new Normalization(new float[] {120, 110, 100}, new float[] {60, 60, 60});
        try (TorchScriptTeacher teacher = TorchScriptTeacher.load(tmp.resolve("t.pt"), tmp.resolve("t.json"), data, 24,
                ComputeDevice.cpu())) {
            assertThat(teacher.featureShapes()).containsOnlyKeys("relu", "embedding");
            assertThat(teacher.featureShapes().get("relu")).isEqualTo(Dims.of(4, 12, 12));
            // conv 3→4 (3×3) 108+4, linear 16→3 48+3
            assertThat(teacher.trainableParameters()).isEqualTo(163);
        }
    }
}
