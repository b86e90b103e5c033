package io.distill4j.export;

import io.distill4j.Provenance;
import io.distill4j.model.ModelManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link ExportedModel} as plain PyTorch: a {@code state_dict} (names as {@code nn.Sequential}
 * gives them: {@code features.0.weight}, {@code features.1.running_mean}, …, {@code classifier.1.weight})
 * and the Python source of the {@code nn.Module} that has exactly those names, its layers written
 * out one by one. Batch norm stays a layer of its own (nothing is folded), so the module can be
 * trained further.
 */
public final class TorchModule {
    /** PyTorch's {@code BatchNorm2d} momentum that equals DJL's 0.9 (running = 0.9·running + 0.1·batch). */
    private static final String BN_MOMENTUM = "0.1";

    private final List<String> features = new ArrayList<>();
    private final List<String> classifier = new ArrayList<>();
    private final Map<String, SafetensorsFile.Entry> stateDict = new LinkedHashMap<>();
    private String resize = "";

    private TorchModule(ExportedModel model) {
        boolean flat = false;
        for (Layer layer : model.layers()) {
            List<String> into = flat ? classifier : features;
            String prefix = (flat ? "classifier." : "features.") + into.size() + ".";
            if (layer instanceof Layer.Resize r) {
                resize = "        x = F.interpolate(x, size=(" + r.to() + ", " + r.to()
                        + "), mode=\"bilinear\", align_corners=False)\n";
            } else if (layer instanceof Layer.Flatten) {
                flat = true;
            } else if (layer instanceof Layer.Conv c) {
                into.add(String.format(Locale.ROOT, "nn.Conv2d(%d, %d, kernel_size=%d, stride=%d, padding=%d)",
                        c.inChannels(), c.outChannels(), c.kernel(), c.stride(), c.padding()));
                put(prefix + "weight", c.weight());
                put(prefix + "bias", c.bias());
            } else if (layer instanceof Layer.BatchNorm b) {
                into.add(String.format(Locale.ROOT, "nn.BatchNorm2d(%d, eps=%s, momentum=%s)", b.channels(),
                        Float.toString(b.epsilon()), BN_MOMENTUM));
                put(prefix + "weight", b.gamma());
                put(prefix + "bias", b.beta());
                put(prefix + "running_mean", b.mean());
                put(prefix + "running_var", b.variance());
                stateDict.put(prefix + "num_batches_tracked", SafetensorsFile.Entry.scalar(0));
            } else if (layer instanceof Layer.Relu) {
                into.add("nn.ReLU()");
            } else if (layer instanceof Layer.MaxPool p) {
                into.add("nn.MaxPool2d(kernel_size=" + p.kernel() + ", stride=" + p.stride() + ")");
            } else if (layer instanceof Layer.Dropout d) {
                into.add("nn.Dropout(" + d.rate() + ")");
            } else if (layer instanceof Layer.Linear l) {
                into.add("nn.Linear(" + l.inFeatures() + ", " + l.outFeatures() + ")");
                put(prefix + "weight", l.weight());
                put(prefix + "bias", l.bias());
            } else {
                throw new IllegalStateException("no PyTorch form for " + layer);
            }
        }
    }

    private void put(String name, Layer.Tensor t) {
        stateDict.put(name, SafetensorsFile.Entry.of(t));
    }

    /**
     * @param model the model
     * @return its {@code state_dict}, by name in module order
     */
    public static Map<String, SafetensorsFile.Entry> stateDict(ExportedModel model) {
        return new TorchModule(model).stateDict;
    }

    /**
     * @param architecture a registered model name, e.g. {@code student-cnn}
     * @return the Python class name, e.g. {@code StudentCnn}
     */
    public static String className(String architecture) {
        StringBuilder s = new StringBuilder();
        for (String part : architecture.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return Character.isDigit(s.charAt(0)) ? "Model" + s : s.toString();
    }

    /**
     * @param model the model
     * @param module the Python module's name: the source goes to {@code module.py}, the weights to
     *     {@code module.safetensors} beside it
     * @return the Python module's source
     */
    public static String source(ExportedModel model, String module) {
        TorchModule m = new TorchModule(model);
        ModelManifest manifest = model.manifest();
        String cls = className(manifest.architecture());
        return PYTHON
                .replace("{{ARCHITECTURE}}", manifest.architecture())
                .replace("{{VERSION}}", Provenance.productVersion())
                .replace("{{CLASS}}", cls)
                .replace("{{CLASS_NAMES}}", ExportMetadata.json(manifest.classNames()))
                .replace("{{MEAN}}", ExportMetadata.of(manifest, false).get("mean"))
                .replace("{{STD}}", ExportMetadata.of(manifest, false).get("std"))
                .replace("{{SIDE}}", Integer.toString(manifest.inputSide()))
                .replace("{{MODULE}}", module)
                .replace("{{WEIGHTS}}", module + ".safetensors")
                .replace("{{FEATURES}}", layers(m.features))
                .replace("{{CLASSIFIER}}", layers(m.classifier))
                .replace("{{RESIZE}}", m.resize);
    }

    private static String layers(List<String> layers) {
        StringBuilder s = new StringBuilder();
        for (String l : layers) {
            s.append("            ").append(l).append(",\n");
        }
        return s.toString();
    }

    private static final String PYTHON = """
            # The distill4j model '{{ARCHITECTURE}}' as a plain PyTorch nn.Module (written by distill4j {{VERSION}}).
            #
            #     from {{MODULE}} import {{CLASS}}, load_file
            #     net = {{CLASS}}()
            #     net.load_state_dict(load_file("{{WEIGHTS}}"))   # or: net = {{MODULE}}.load()
            #     logits = net.eval()((pixels - MEAN) / STD)
            #
            # Input: (N, 3, INPUT_SIDE, INPUT_SIDE) float32, RGB pixel values 0-255 normalized per channel
            # with MEAN and STD. Output: (N, len(CLASS_NAMES)) logits. load_file() uses the safetensors
            # package where it is installed, otherwise the small reader below, which needs only torch (1.10 or
            # later, for torch.frombuffer).
            import json
            import os
            import struct

            import torch
            import torch.nn.functional as F
            from torch import nn

            CLASS_NAMES = {{CLASS_NAMES}}
            MEAN = {{MEAN}}
            STD = {{STD}}
            INPUT_SIDE = {{SIDE}}
            WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "{{WEIGHTS}}")


            class {{CLASS}}(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.features = nn.Sequential(
            {{FEATURES}}        )
                    self.classifier = nn.Sequential(
            {{CLASSIFIER}}        )

                def forward(self, x):
            {{RESIZE}}        x = self.features(x)
                    x = torch.flatten(x, 1)
                    return self.classifier(x)


            _DTYPES = {"F32": torch.float32, "I64": torch.int64}


            def load_file(path):
                \"\"\"The tensors of a safetensors file, by name.\"\"\"
                try:
                    from safetensors.torch import load_file as safetensors_load_file
                except ImportError:
                    safetensors_load_file = None
                if safetensors_load_file is not None:
                    return safetensors_load_file(path)
                with open(path, "rb") as f:
                    data = f.read()
                (n,) = struct.unpack("<Q", data[:8])
                header = json.loads(data[8:8 + n].decode("utf-8"))
                header.pop("__metadata__", None)
                body = data[8 + n:]
                tensors = {}
                for name, t in header.items():
                    begin, end = t["data_offsets"]
                    flat = torch.frombuffer(bytearray(body[begin:end]), dtype=_DTYPES[t["dtype"]])
                    tensors[name] = flat.reshape(t["shape"])
                return tensors


            def load(path=WEIGHTS):
                \"\"\"The model with the exported weights, in eval mode.\"\"\"
                model = {{CLASS}}()
                model.load_state_dict(load_file(path))
                return model.eval()
            """;
}
