#!/usr/bin/env python3
"""PyTorch side of the round trip (bench/roundtrip/run.sh): loads a distill4j `export --format pytorch`
directory in plain PyTorch, compares its logits on the first N CIFAR-10 test images with distill4j's,
then traces it with tools/export_teacher.py, returning the same features distill4j's network names
(conv1 ... convK after each convolution block, embedding before the last linear layer).

    python3 bench/roundtrip/roundtrip.py EXPORT_DIR DATA_DIR N JAVA_LOGITS.f32 OUT_TEACHER.pt
"""
import os
import sys

import numpy as np
import torch
from torch import nn

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "tools"))
from export_teacher import export  # noqa: E402


def cifar_test(data_dir, n):
    raw = np.fromfile(os.path.join(data_dir, "cifar-10-batches-bin", "test_batch.bin"), dtype=np.uint8)
    records = raw.reshape(-1, 3073)[:n]
    return records[:, 1:].reshape(n, 3, 32, 32).astype(np.float32), records[:, 0].astype(np.int64)


def feature_points(model):
    """Module paths of distill4j's feature points: the last layer of each conv block, the last hidden ReLU."""
    points, block = {}, 0
    convs = [name for name, m in model.features.named_children()]
    mods = dict(model.features.named_children())
    for i, name in enumerate(convs):
        nxt = convs[i + 1] if i + 1 < len(convs) else None
        if isinstance(mods[name], (nn.ReLU, nn.MaxPool2d)) and (nxt is None or isinstance(mods[nxt], nn.Conv2d)):
            block += 1
            points["features." + name] = "conv%d" % block
    relus = [name for name, m in model.classifier.named_children() if isinstance(m, nn.ReLU)]
    if relus:
        points["classifier." + relus[-1]] = "embedding"
    return points


def main(export_dir, data_dir, n, java_logits, out_pt):
    sys.path.insert(0, export_dir)
    import model as exported  # the generated module
    cls = [getattr(exported, c) for c in dir(exported) if isinstance(getattr(exported, c), type)
           and issubclass(getattr(exported, c), nn.Module) and getattr(exported, c) is not nn.Module][0]
    net = cls()
    net.load_state_dict(exported.load_file(os.path.join(export_dir, "model.safetensors")))
    net.eval()
    pixels, labels = cifar_test(data_dir, n)
    mean = np.array(exported.MEAN, dtype=np.float32)[None, :, None, None]
    std = np.array(exported.STD, dtype=np.float32)[None, :, None, None]
    with torch.no_grad():
        logits = net(torch.from_numpy((pixels - mean) / std)).numpy()
    theirs = np.fromfile(java_logits, dtype="<f4").reshape(n, -1)
    print("PyTorch %s: %d test images, accuracy %.2f %%, distill4j's %.2f %%, max |logit difference| %.2e"
          % (torch.__version__, n, 100 * (logits.argmax(1) == labels).mean(), 100 * (theirs.argmax(1) == labels).mean(),
             np.abs(logits - theirs).max()))
    points = feature_points(net)
    manifest = export(net, out_pt, exported.INPUT_SIDE, list(exported.CLASS_NAMES), points,
                      list(exported.MEAN), list(exported.STD), value_range="0-255")
    print("traced %s: outputs %s" % (out_pt, ", ".join("%s %s" % (o["name"], o["shape"]) for o in manifest["outputs"])))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
