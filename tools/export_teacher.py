#!/usr/bin/env python3
"""Export a PyTorch teacher for distill4j: teacher.pt (TorchScript) and teacher.json (its manifest).

Any nn.Module works, torchvision models included. The chosen intermediate outputs (by module path,
as in model.named_modules()) are returned after the logits, so that distill4j's feature and relation
methods (rkd, sp, at, fitnets) can use them: a feature named "embedding" is flattened to (N, D), the
others are kept as they are ((N, C, H, W) maps for convolution blocks).

From Python:

    from export_teacher import export
    model = torchvision.models.resnet18(num_classes=10); model.load_state_dict(torch.load("r18.pth"))
    export(model, "teacher.pt", input_size=224, class_names=classes, features={"layer4": "layer4", "avgpool": "embedding"})

From the shell, for a module made by a function (module:function, importable from the current directory):

    python3 tools/export_teacher.py --factory mymodels:resnet18 --weights r18.pth --input-size 224 \
        --classes classes.txt --features layer3,layer4,avgpool=embedding --out teacher.pt

The default normalization is ImageNet's, on values in [0, 1] (torchvision's convention); give --mean,
--std and --value-range 0-255 for a model trained on raw pixel values. Needs PyTorch >= 1.10.
"""
import argparse
import importlib
import json
import os
import sys

import torch
from torch import nn

FORMAT = "distill4j-torchscript-teacher-v1"
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


class _WithFeatures(nn.Module):
    """The model, returning (logits, feature 1, feature 2, ...) captured by forward hooks."""

    def __init__(self, model, features):
        super().__init__()
        self.model = model
        self.names = list(features.values())
        self.paths = list(features.keys())
        self._captured = {}
        modules = dict(model.named_modules())
        for path in self.paths:
            if path not in modules:
                raise SystemExit("error: the model has no module '%s'; its modules are %s"
                                 % (path, ", ".join(p for p in modules if p)))
            modules[path].register_forward_hook(self._hook(path))

    def _hook(self, path):
        def hook(_module, _inputs, output):
            self._captured[path] = output
        return hook

    def forward(self, x):
        self._captured.clear()
        logits = self.model(x)
        outputs = [logits]
        for path, name in zip(self.paths, self.names):
            f = self._captured[path]
            outputs.append(torch.flatten(f, 1) if name == "embedding" else f)
        return tuple(outputs)


def export(model, out, input_size, class_names, features=None, mean=None, std=None,
           value_range="0-1", channel_order="RGB"):
    """Traces model (in eval mode) with the chosen features and writes out (.pt) and its .json manifest.

    features maps module paths to output names (None or {}: the logits only).
    Returns the manifest as a dict.
    """
    features = dict(features or {})
    if len(set(features.values())) != len(features):
        raise SystemExit("error: feature names repeat: %s" % list(features.values()))
    model = model.eval()
    wrapped = _WithFeatures(model, features).eval()
    example = torch.zeros(1, 3, input_size, input_size)
    with torch.no_grad():
        outputs = wrapped(example)
        traced = torch.jit.trace(wrapped, example, check_trace=False)
    if outputs[0].shape[1:] != (len(class_names),):
        raise SystemExit("error: the model answers %s logits but %d class names were given"
                         % (tuple(outputs[0].shape[1:]), len(class_names)))
    names = ["logits"] + list(features.values())
    manifest = {
        "format": FORMAT,
        "input_side": input_size,
        "channel_order": channel_order,
        "value_range": value_range,
        "mean": list(mean if mean is not None else IMAGENET_MEAN),
        "std": list(std if std is not None else IMAGENET_STD),
        "class_names": list(class_names),
        "outputs": [{"name": n, "shape": list(o.shape[1:])} for n, o in zip(names, outputs)],
    }
    traced.save(out)
    with open(os.path.splitext(out)[0] + ".json", "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return manifest


def _features(spec):
    out = {}
    for item in filter(None, (spec or "").split(",")):
        path, _, name = item.partition("=")
        out[path] = name or path.replace(".", "_")
    return out


def _floats(text):
    return [float(v) for v in text.split(",")] if text else None


def main(argv=None):
    p = argparse.ArgumentParser(description="Export a PyTorch teacher for distill4j (--teacher-torchscript).")
    p.add_argument("--factory", required=True, help="module:function that returns the nn.Module")
    p.add_argument("--weights", help="a state_dict saved with torch.save, loaded into the module")
    p.add_argument("--input-size", type=int, required=True, help="side of the square images the model takes")
    p.add_argument("--classes", required=True, help="file with one class name per line, in logit order")
    p.add_argument("--features", help="module paths to return after the logits, path[=name], comma-separated;"
                   " name 'embedding' is flattened to (N, D)")
    p.add_argument("--mean", help="per-channel mean, e.g. 0.485,0.456,0.406 (default ImageNet's)")
    p.add_argument("--std", help="per-channel std, e.g. 0.229,0.224,0.225 (default ImageNet's)")
    p.add_argument("--value-range", default="0-1", choices=["0-1", "0-255"])
    p.add_argument("--channel-order", default="RGB", choices=["RGB", "BGR"])
    p.add_argument("--out", default="teacher.pt", help="TorchScript file; the manifest goes beside it (.json)")
    a = p.parse_args(argv)
    sys.path.insert(0, os.getcwd())
    module_name, _, function = a.factory.partition(":")
    model = getattr(importlib.import_module(module_name), function)()
    if a.weights:
        model.load_state_dict(torch.load(a.weights, map_location="cpu"))
    with open(a.classes) as f:
        classes = [line.strip() for line in f if line.strip()]
    m = export(model, a.out, a.input_size, classes, _features(a.features), _floats(a.mean), _floats(a.std),
               a.value_range, a.channel_order)
    print("wrote %s and %s: outputs %s" % (a.out, os.path.splitext(a.out)[0] + ".json",
                                           ", ".join("%s %s" % (o["name"], o["shape"]) for o in m["outputs"])))


if __name__ == "__main__":
    main()
