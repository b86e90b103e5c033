"""Writes, for each zoo model named, a checkpoint as RepDistiller saves one (NAME.pth), its conversion by
tools/import_checkpoint.py (NAME.plain.pth), ({'model': state_dict, 'epoch', 'best_acc'};
random batch-norm statistics and scales so that nothing is the identity, the classifier scaled to logits of a few
units) and that model's logits for the given inputs. Usage: write_checkpoints.py DIR CLASSES INPUTS N NAME..."""
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_models  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "tools"))
import import_checkpoint  # noqa: E402

out, classes, inputs, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
with open(inputs, "rb") as f:
    x = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(n, 3, 32, 32)
for name in sys.argv[5:]:
    torch.manual_seed(7)
    model = reference_models.create(name, classes)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.2, 0.6)
                m.bias.uniform_(-0.3, 0.3)
                m.running_mean.uniform_(-0.3, 0.3)
                m.running_var.uniform_(0.5, 2)
                m.num_batches_tracked.fill_(1000)
            elif isinstance(m, torch.nn.Linear):
                m.weight.mul_(20)
    model.eval()
    original = os.path.join(out, name + ".pth")
    torch.save({"model": model.state_dict(), "epoch": 240, "best_acc": torch.tensor(79.42)}, original)
    import_checkpoint.convert(original, os.path.join(out, name + ".plain.pth"))
    with torch.no_grad():
        y = model(x).flatten().tolist()
    with open(os.path.join(out, name + ".logits"), "wb") as f:
        f.write(struct.pack("<%df" % len(y), *y))
# the same first model as DataParallel saves it, its state_dict alone with "module." before every name
wrapped = {"module." + k: v for k, v in torch.load(os.path.join(out, sys.argv[5] + ".pth"))["model"].items()}
torch.save(wrapped, os.path.join(out, sys.argv[5] + "-data-parallel.pth"))
print("torch", torch.__version__)
