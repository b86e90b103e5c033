#!/usr/bin/env python3
"""Regenerates the TorchScript teacher fixtures of the test suite (src/test/resources/torchscript/):

    /usr/bin/python3 tools/make_test_teacher.py src/test/resources/torchscript

tiny-teacher.pt/.json: a seeded, untrained 2-block CNN taking 16x16 images, 10 classes named as
distill4j's synthetic dataset (class-0 ... class-9), ImageNet normalization on [0, 1], with the
features block1 (8x8x8), block2 (16x8x8) and embedding (16), exported by export_teacher.export.
tiny-teacher-logits-only.pt/.json: the same module exporting its logits only.
tiny-teacher-expected.json: its logits and features for a fixed 32x32 image, normalized and resized
as distill4j must (values / 255, ImageNet mean and std, bilinear resize with antialiasing,
as torchvision's Resize and PIL do).
"""
import json
import os
import sys

import torch
from torch import nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_teacher import export, IMAGENET_MEAN, IMAGENET_STD  # noqa: E402


def tiny():
    torch.manual_seed(7)
    model = nn.Sequential()
    model.add_module("block1", nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2)))
    model.add_module("block2", nn.Sequential(nn.Conv2d(8, 16, 3, padding=1), nn.ReLU()))
    model.add_module("pool", nn.AdaptiveAvgPool2d(1))
    model.add_module("flat", nn.Flatten())
    model.add_module("fc", nn.Linear(16, 10))
    with torch.no_grad():  # non-trivial running statistics, so that inference mode matters
        model.block1[1].running_mean.uniform_(-0.2, 0.2)
        model.block1[1].running_var.uniform_(0.5, 1.5)
    return model


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    model = tiny().eval()
    pt = os.path.join(out_dir, "tiny-teacher.pt")
    export(model, pt, 16, ["class-%d" % i for i in range(10)],
           {"block1": "block1", "block2": "block2", "pool": "embedding"})
    export(model, os.path.join(out_dir, "tiny-teacher-logits-only.pt"), 16, ["class-%d" % i for i in range(10)])
    raw = torch.tensor([[[(c * 37 + y * 11 + x * 5) % 256 for x in range(32)] for y in range(32)] for c in range(3)],
                       dtype=torch.float32).unsqueeze(0)
    x = (raw / 255 - torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)) / torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    x = F.interpolate(x, size=(16, 16), mode="bilinear", align_corners=False, antialias=True)
    traced = torch.jit.load(pt)
    with torch.no_grad():
        logits, block1, block2, embedding = traced(x)
    expected = {
        "image": "pixel (c, y, x) = (37c + 11y + 5x) mod 256, 3x32x32, RGB",
        "logits": logits[0].tolist(),
        "block1_sum": float(block1.sum()),
        "block2_sum": float(block2.sum()),
        "embedding": embedding[0].tolist(),
        "torch_version": torch.__version__,
    }
    with open(os.path.join(out_dir, "tiny-teacher-expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    print("wrote", pt, "and its manifest and expected outputs")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/torchscript")
