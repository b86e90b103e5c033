package io.distill4j.export;

import io.distill4j.Provenance;
import io.distill4j.model.ModelManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link ExportedModel} as plain PyTorch: a {@code state_dict} (each layer's tensors under its
 * key: {@code features.0.weight}, {@code features.1.running_mean}, …, {@code classifier.1.weight}
 * for the plain models, the reference definition's names such as {@code layer1.0.conv1.weight} for
 * the zoo) and the Python source of an {@code nn.Module} that has exactly those names, its forward
 * pass written out layer by layer. Batch norm stays a layer of its own (nothing is folded), so the
 * module can be trained further.
 */
public final class TorchModule {
    /** PyTorch's {@code BatchNorm2d} momentum that equals distill4j's (running = 0.9·running + 0.1·batch). */
    private static final String BN_MOMENTUM = "0.1";
    private static final String INDENT = "        ";

    private final StringBuilder init = new StringBuilder();
    private final StringBuilder forward = new StringBuilder();
    private final Map<String, SafetensorsFile.Entry> stateDict = new LinkedHashMap<>();
    private int blocks;

    private TorchModule(ExportedModel model) {
        walk(model.layers(), "x");
    }

    /** Writes the forward pass of {@code layers}, which read and write the variable {@code x}. */
    private void walk(List<Layer> layers, String x) {
        for (Layer layer : layers) {
            step(layer, x);
        }
    }

    private void step(Layer layer, String x) {
        if (layer instanceof Layer.Conv c) {
            module(c.key(), String.format(Locale.ROOT, "nn.Conv2d(%d, %d, kernel_size=%d, stride=%d, padding=%d, groups=%d,"
                    + " bias=%s)", c.inChannels(), c.outChannels(), c.kernel(), c.stride(), c.padding(), c.groups(),
                    c.bias() != null ? "True" : "False"), x);
            put(c.key() + ".weight", c.weight());
            if (c.bias() != null) {
                put(c.key() + ".bias", c.bias());
            }
        } else if (layer instanceof Layer.BatchNorm b) {
            module(b.key(), String.format(Locale.ROOT, "nn.BatchNorm2d(%d, eps=%s, momentum=%s)", b.channels(),
                    Float.toString(b.epsilon()), BN_MOMENTUM), x);
            put(b.key() + ".weight", b.gamma());
            put(b.key() + ".bias", b.beta());
            put(b.key() + ".running_mean", b.mean());
            put(b.key() + ".running_var", b.variance());
            stateDict.put(b.key() + ".num_batches_tracked", SafetensorsFile.Entry.scalar(0));
        } else if (layer instanceof Layer.Linear l) {
            module(l.key(), "nn.Linear(" + l.inFeatures() + ", " + l.outFeatures() + ")", x);
            put(l.key() + ".weight", l.weight());
            put(l.key() + ".bias", l.bias());
        } else if (layer instanceof Layer.Residual r) {
            residual(r, x);
        } else {
            line(x + " = " + function(layer, x));
        }
    }

    private void residual(Layer.Residual r, String x) {
        String id = Integer.toString(++blocks);
        walk(r.pre(), x);
        line("branch" + id + " = " + x);
        walk(r.main(), x);
        line("main" + id + " = " + x);
        line(x + " = branch" + id);
        walk(r.shortcut(), x);
        line(x + " = " + switch (r.merge()) {
            case ADD -> "main" + id + " + " + x;
            case CONCAT_MAIN_FIRST -> "torch.cat([main" + id + ", " + x + "], 1)";
            case CONCAT_SHORTCUT_FIRST -> "torch.cat([" + x + ", main" + id + "], 1)";
        });
        walk(r.post(), x);
    }

    private static String function(Layer layer, String x) {
        if (layer instanceof Layer.Resize r) {
            return "F.interpolate(" + x + ", size=(" + r.to() + ", " + r.to() + "), mode=\"bilinear\", align_corners=False)";
        } else if (layer instanceof Layer.Relu) {
            return "F.relu(" + x + ")";
        } else if (layer instanceof Layer.MaxPool p) {
            return "F.max_pool2d(" + x + ", kernel_size=" + p.kernel() + ", stride=" + p.stride() + ")";
        } else if (layer instanceof Layer.AvgPool p) {
            return "F.avg_pool2d(" + x + ", kernel_size=" + p.kernel() + ", stride=" + p.stride() + ", padding="
                    + p.padding() + ")";
        } else if (layer instanceof Layer.GlobalAvgPool) {
            return "F.adaptive_avg_pool2d(" + x + ", 1)";
        } else if (layer instanceof Layer.Shuffle s) {
            return "channel_shuffle(" + x + ", " + s.groups() + ")";
        } else if (layer instanceof Layer.Channels c) {
            return x + "[:, " + c.from() + ":" + c.to() + "]";
        } else if (layer instanceof Layer.Flatten) {
            return "torch.flatten(" + x + ", 1)";
        } else if (layer instanceof Layer.Dropout d) {
            return "F.dropout(" + x + ", " + d.rate() + ", self.training)";
        }
        throw new IllegalStateException("no PyTorch form for " + layer);
    }

    private void module(String key, String constructor, String x) {
        init.append(INDENT).append("_put(self, \"").append(key).append("\", ").append(constructor).append(")\n");
        line(x + " = self.get_submodule(\"" + key + "\")(" + x + ")");
    }

    private void line(String code) {
        forward.append(INDENT).append(code).append('\n');
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
                .replace("{{INIT}}", m.init)
                .replace("{{FORWARD}}", m.forward);
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
            {{INIT}}
                def forward(self, x):
            {{FORWARD}}        return x


            def _put(root, path, module):
                \"\"\"Registers module under its dotted path, making the containers on the way.\"\"\"
                *parents, name = path.split(".")
                for p in parents:
                    if p not in root._modules:
                        root.add_module(p, nn.Module())
                    root = root._modules[p]
                root.add_module(name, module)


            def channel_shuffle(x, groups):
                \"\"\"ShuffleNet's channel shuffle: (N, g*k, H, W) -> (N, g, k, H, W) -> (N, k, g, H, W) -> (N, g*k, H, W).\"\"\"
                n, c, h, w = x.size()
                return x.view(n, groups, c // groups, h, w).transpose(1, 2).reshape(n, c, h, w)


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
