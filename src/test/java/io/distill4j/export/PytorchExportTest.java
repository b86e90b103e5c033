package io.distill4j.export;

import io.distill4j.PythonTorch;
import io.distill4j.PythonTorch.Run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The PyTorch export of every registered architecture, loaded by plain PyTorch as its README says
 * ({@code model.load_state_dict(load_file(...))}, strict names) and run on the same inputs as
 * distill4j. Needs a Python with torch (Debian's {@code python3-torch}, which {@code .ci/run}
 * installs); skipped, saying so, where there is none.
 */
class PytorchExportTest {
    private static final int IMAGES = 3;
    private static final String SCRIPT = """
            import importlib.util, json, struct, sys
            import torch
            torch.set_num_threads(1)
            folder, class_name, inputs, outputs, n, side = sys.argv[1:7]
            spec = importlib.util.spec_from_file_location("model", folder + "/model.py")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            model = getattr(module, class_name)()
            model.load_state_dict(module.load_file(folder + "/model.safetensors"))
            model.eval()
            with open(inputs, "rb") as f:
                x = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(int(n), 3, int(side), int(side))
            with torch.no_grad():
                y = model(x).flatten().tolist()
            with open(outputs, "wb") as f:
                f.write(struct.pack("<%df" % len(y), *y))
            print(json.dumps({"torch": torch.__version__, "classes": module.CLASS_NAMES, "mean": module.MEAN,
                              "std": module.STD, "side": module.INPUT_SIDE,
                              "safetensors_package": importlib.util.find_spec("safetensors") is not None}))
            """;

    private static String python;

    @TempDir Path tmp;

    @BeforeAll
    static void findTorch() throws Exception {
        python = PythonTorch.interpreter();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("io.distill4j.export.ExportFixtures#CASES")
    void plainPytorchLoadsTheStateDictAndGivesDistill4jsLogits(ExportFixtures.Case c) throws Exception {
        io.distill4j.Components.need(io.distill4j.Components.PYTHON_TORCH, python != null, "no Python with torch here (apt-get install python3-torch): the PyTorch"
                + " export is not run in PyTorch");
        Path weights = ExportFixtures.save(c, 11, tmp);
        Exporter.Result r = Exporter.export(weights, ExportFormat.PYTORCH, tmp.resolve("torch"));
        assertThat(r.files()).containsExactly(tmp.resolve("torch/model.safetensors"), tmp.resolve("torch/model.py"));
        float[] x = ExportFixtures.inputs(IMAGES, c.side(), 5);
        ByteBuffer in = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        in.asFloatBuffer().put(x);
        Path inputs = Files.write(tmp.resolve("x.f32"), in.array());
        Path outputs = tmp.resolve("y.f32");
        Path script = Files.writeString(tmp.resolve("check.py"), SCRIPT);
        List<String> command = new ArrayList<>(List.of(python, script.toString(), r.directory().toString(),
                TorchModule.className(c.architecture()), inputs.toString(), outputs.toString(),
                Integer.toString(IMAGES), Integer.toString(c.side())));
        Run py = PythonTorch.run(command, 300);
        assertThat(py.exit()).as("python: %s", py.output()).isZero();
        ByteBuffer out = ByteBuffer.wrap(Files.readAllBytes(outputs)).order(ByteOrder.LITTLE_ENDIAN);
        float[] torch = new float[out.remaining() / 4];
        out.asFloatBuffer().get(torch);
        float[] expected = ExportFixtures.logits(weights, x, IMAGES);
        double diff = ExportFixtures.maxAbsDiff(torch, expected);
        JsonNode report = new ObjectMapper().readTree(py.output().lines().reduce((a, b) -> b).orElseThrow());
        System.out.printf(Locale.ROOT, "PyTorch %s vs distill4j, %s: max |Δ logit| = %.3g (safetensors package: %s)%n",
                report.path("torch").asText(), c, diff, report.path("safetensors_package").asBoolean());
        assertThat(diff).as("max |Δ logit| of %s", c).isLessThan(1e-4);
        assertThat(report.path("side").asInt()).isEqualTo(c.side());
        assertThat(report.path("classes").size()).isEqualTo(c.classes());
        assertThat(report.path("classes").get(1).asText()).isEqualTo("sea lion é");
        assertThat(report.path("mean").get(0).asDouble()).isEqualTo(125.3, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(report.path("std").get(2).asDouble()).isEqualTo(66.7, org.assertj.core.api.Assertions.within(1e-4));
    }
}
