#!/usr/bin/env python3
"""Convert a published PyTorch checkpoint of a zoo model (RepDistiller's or mdistiller's teachers, or your own)
into the plain form distill4j reads: its state_dict as a plain dict of tensors, saved by torch.save in the zip
format. libtorch's C++ unpickler, which distill4j reads checkpoints with, cannot read the OrderedDict every
state_dict is, nor the format of PyTorch before 1.6; this script reads both with your PyTorch.

    python3 tools/import_checkpoint.py resnet32x4_vanilla/ckpt_epoch_240.pth resnet32x4.pth

The state_dict is taken from the checkpoint itself or from its "model", "state_dict" or "net" entry, and the
"module." prefix DataParallel adds is dropped. Only tensors are loaded where PyTorch can (weights_only=True,
PyTorch >= 1.13). Then, in Java, io.distill4j.model.TorchCheckpoint.load(network, resnet32x4.pth) copies the
weights by name into the zoo model and refuses a checkpoint of another architecture or class count, naming the
tensor (see docs/zoo.md).
"""
import sys

import torch

WRAPPER_KEYS = ("model", "state_dict", "net")


def state_dict(checkpoint):
    """The checkpoint's state_dict as a plain dict, "module." prefixes dropped."""
    for key in WRAPPER_KEYS:
        if isinstance(checkpoint, dict) and isinstance(checkpoint.get(key), dict):
            checkpoint = checkpoint[key]
            break
    if not isinstance(checkpoint, dict) or not all(torch.is_tensor(v) for v in checkpoint.values()):
        raise SystemExit("not a state_dict, nor a dict holding one under " + ", ".join(WRAPPER_KEYS))
    return {(k[len("module."):] if k.startswith("module.") else k): v.contiguous() for k, v in checkpoint.items()}


def convert(source, target):
    """Reads the checkpoint source and writes its state_dict to target in the form distill4j reads."""
    try:
        checkpoint = torch.load(source, map_location="cpu", weights_only=True)
    except TypeError:  # PyTorch < 1.13 has no weights_only
        checkpoint = torch.load(source, map_location="cpu")
    tensors = state_dict(checkpoint)
    torch.save(tensors, target)
    return tensors


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python3 tools/import_checkpoint.py CHECKPOINT OUT")
    n = len(convert(sys.argv[1], sys.argv[2]))
    print("%s: %d tensors written for distill4j" % (sys.argv[2], n))
