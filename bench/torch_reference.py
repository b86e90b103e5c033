#!/usr/bin/env python3
"""Plain-PyTorch reference for `distill bench`: the same models, batch sizes, optimizer, losses and
figures (median, min, max images/s), written as JSON in the same layout, so that `bench/compare`
can divide one by the other.

Run with Debian's interpreter and PyTorch (apt-get install python3-torch):
    /usr/bin/python3 bench/torch_reference.py --threads 2 --json torch.json
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# Each registered model of distill4j (io.distill4j.model.ModelRegistry), layer by layer:
# convs as (filters, kernel, stride, padding, pool_kernel, pool_stride), hidden linear widths,
# dropout rate and where dropout goes.
MODELS = {
    "alexnet": dict(side=32, convs=[(48, 3, 1, 1, 2, 2), (96, 3, 1, 1, 2, 2), (192, 3, 1, 1, 0, 0),
                                    (192, 3, 1, 1, 0, 0), (192, 3, 1, 1, 2, 2)],
                    hidden=[1024, 1024], dropout=0.5, before_hidden=True),
    "student-cnn": dict(side=32, convs=[(32, 3, 1, 1, 2, 2), (64, 3, 1, 1, 2, 2)],
                        hidden=[96, 64], dropout=0.25, before_hidden=False),
    "alexnet-227": dict(side=227, convs=[(96, 11, 4, 0, 3, 2), (256, 5, 1, 2, 3, 2), (384, 3, 1, 1, 0, 0),
                                         (384, 3, 1, 1, 0, 0), (256, 3, 1, 1, 3, 2)],
                        hidden=[4096, 4096], dropout=0.5, before_hidden=True),
    "student-227": dict(side=227, convs=[(16, 11, 4, 0, 3, 2), (32, 5, 2, 2, 3, 2)],
                        hidden=[512, 256], dropout=0.5, before_hidden=False),
}
TEACHERS = {"student-cnn": "alexnet", "student-227": "alexnet-227"}
LR, MOMENTUM, WEIGHT_DECAY = 0.01, 0.9, 5e-4
ALPHA, TEMPERATURE = 0.5, 4.0
PRELOADED_BATCHES, PIPELINE_BATCHES, PAD = 4, 40, 4


class Net(nn.Module):
    """A ConvNetSpec: conv → BN → ReLU [→ max-pool] blocks, then linear layers with dropout."""

    def __init__(self, spec):
        super().__init__()
        self.side = spec["side"]
        layers, channels, side = [], 3, spec["side"]
        for filters, k, s, p, pk, ps in spec["convs"]:
            layers += [nn.Conv2d(channels, filters, k, s, p), nn.BatchNorm2d(filters), nn.ReLU()]
            side = (side + 2 * p - k) // s + 1
            if pk:
                layers.append(nn.MaxPool2d(pk, ps))
                side = (side - pk) // ps + 1
            channels = filters
        layers.append(nn.Flatten())
        width = channels * side * side
        for h in spec["hidden"]:
            if spec["before_hidden"]:
                layers.append(nn.Dropout(spec["dropout"]))
            layers += [nn.Linear(width, h), nn.ReLU()]
            if not spec["before_hidden"]:
                layers.append(nn.Dropout(spec["dropout"]))
            width = h
        layers.append(nn.Linear(width, 10))
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        if x.shape[-1] != self.side:
            x = F.interpolate(x, size=(self.side, self.side), mode="bilinear", align_corners=False)
        return self.body(x)


def macs_per_image(net):
    total = 0

    def hook(module, inputs, output):
        nonlocal total
        w = module.weight
        total += output[0].numel() * (w.numel() // w.shape[0])

    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    net.eval()
    with torch.no_grad():
        net(torch.zeros(1, 3, 32, 32))
    for h in handles:
        h.remove()
    return total


def figure(samples):
    return dict(median=statistics.median(samples), min=min(samples), max=max(samples), repetitions=len(samples))


class Timer:
    def __init__(self, args):
        self.args = args

    def time(self, what, units_per_call, work):
        t0 = time.perf_counter()
        for i in range(self.args.warmup):
            work(i)
        per_call = (time.perf_counter() - t0) / self.args.warmup
        calls = max(1, round(self.args.seconds / per_call))
        rates, done = [], self.args.warmup
        for _ in range(self.args.repetitions):
            s = time.perf_counter()
            for _ in range(calls):
                work(done)
                done += 1
            rates.append(calls * units_per_call / (time.perf_counter() - s))
        f = figure(rates)
        print(f"{what:34s} median {f['median']:10.1f}  min {f['min']:10.1f}  max {f['max']:10.1f}  "
              f"({len(rates)} × {calls} calls)", flush=True)
        return f, calls


class Pipeline:
    """Batches from uint8 images: gather, pad 4, per-sample random crop and flip, normalize."""

    def __init__(self, images, labels, batch, seed):
        self.images, self.labels, self.batch = images, labels, batch
        x = images.float()
        self.mean = x.mean(dim=(0, 2, 3)).view(1, 3, 1, 1)
        self.std = x.std(dim=(0, 2, 3)).view(1, 3, 1, 1)
        self.generator = torch.Generator().manual_seed(seed)
        self.order = torch.randperm(len(images), generator=self.generator)

    def batches(self):
        return (len(self.images) + self.batch - 1) // self.batch

    def get(self, b):
        idx = self.order[b * self.batch:(b + 1) * self.batch]
        x = F.pad(self.images[idx].float(), (PAD, PAD, PAD, PAD))
        n = len(idx)
        dy = torch.randint(0, 2 * PAD + 1, (n,), generator=self.generator)
        dx = torch.randint(0, 2 * PAD + 1, (n,), generator=self.generator)
        flip = torch.rand(n, generator=self.generator) < 0.5
        ar = torch.arange(32)
        rows = (dy[:, None] + ar).view(n, 1, 32, 1).expand(n, 3, 32, 32 + 2 * PAD)
        cols = torch.where(flip[:, None], dx[:, None] + 31 - ar, dx[:, None] + ar).view(n, 1, 1, 32).expand(n, 3, 32, 32)
        x = x.gather(2, rows).gather(3, cols)
        return (x - self.mean) / self.std, self.labels[idx]


def synthetic(n, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, 256, (n, 3, 32, 32), dtype=torch.uint8, generator=g), torch.randint(0, 10, (n,), generator=g)


def kd_loss(student, labels, teacher):
    soft = F.kl_div(F.log_softmax(student / TEMPERATURE, 1), F.softmax(teacher / TEMPERATURE, 1),
                    reduction="batchmean") * TEMPERATURE ** 2
    return ALPHA * F.cross_entropy(student, labels) + (1 - ALPHA) * soft


def forward(net, x):
    """The forward pass in the run's precision: as it is, or inside CPU autocast to bfloat16 (logits back to float32)."""
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=PRECISION == "bf16"):
        out = net(x)
    return out.float()


def train_step(net, opt, x, y, teacher_logits=None):
    opt.zero_grad(set_to_none=True)
    out = forward(net, x)
    loss = F.cross_entropy(out, y) if teacher_logits is None else kd_loss(out, y, teacher_logits)
    loss.backward()
    opt.step()
    return loss.item()


def sgd(net):
    return torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)


def layout(net, channels_last):
    return net.to(memory_format=torch.channels_last) if channels_last else net


def bench_model(name, batch, timer, matmul):
    torch.manual_seed(1)
    cl = timer.args.channels_last
    net = layout(Net(MODELS[name]), cl)
    macs = macs_per_image(net)
    params = sum(p.numel() for p in net.parameters())
    xs = [torch.randn(batch, 3, 32, 32) for _ in range(PRELOADED_BATCHES)]
    if cl:
        xs = [x.contiguous(memory_format=torch.channels_last) for x in xs]
    ys = [torch.randint(0, 10, (batch,)) for _ in range(PRELOADED_BATCHES)]
    opt = sgd(net)
    net.train()
    train, calls = timer.time(f"{name} train img/s", batch,
                              lambda i: train_step(net, opt, xs[i % PRELOADED_BATCHES], ys[i % PRELOADED_BATCHES]))
    net.eval()
    with torch.no_grad():
        inference, _ = timer.time(f"{name} inference img/s", batch, lambda i: forward(net, xs[i % PRELOADED_BATCHES]))
    net.train()
    epoch = bench_epoch(name, net, opt, calls * batch, batch, timer.args.repetitions)
    distill, teacher_name = None, TEACHERS.get(name)
    if teacher_name:
        torch.manual_seed(2)
        student, teacher = layout(Net(MODELS[name]), cl), layout(Net(MODELS[teacher_name]), cl)
        teacher.eval()
        for p in teacher.parameters():
            p.requires_grad_(False)
        student_opt = sgd(student)
        student.train()

        def distill_step(i):
            x, y = xs[i % PRELOADED_BATCHES], ys[i % PRELOADED_BATCHES]
            with torch.no_grad():
                t = forward(teacher, x)
            train_step(student, student_opt, x, y, t)

        distill, _ = timer.time(f"{name} distill step img/s ({teacher_name})", batch, distill_step)
    gflops = {k: (v * 6 * macs / 1e9 if k != "repetitions" else v) for k, v in train.items()}
    return dict(model=name, batch=batch, parameters=params, macs_per_image=macs, train=train, inference=inference,
                distill_teacher=teacher_name, distill=distill, epoch=epoch, train_gflops=gflops,
                roofline_share=gflops["median"] / matmul["median"])


def bench_epoch(name, net, opt, images, batch, repetitions):
    data, labels = synthetic(images, 11)
    rates = []
    for r in range(repetitions):
        pipe = Pipeline(data, labels, batch, r + 1)
        start, seen, loss_sum = time.perf_counter(), 0, 0.0
        for b in range(pipe.batches()):
            x, y = pipe.get(b)
            loss_sum += train_step(net, opt, x, y)
            seen += len(y)
        rates.append(seen / (time.perf_counter() - start))
    f = figure(rates)
    print(f"{name + ' epoch img/s':34s} median {f['median']:10.1f}  min {f['min']:10.1f}  max {f['max']:10.1f}  "
          f"({repetitions} epochs of {images} images)", flush=True)
    return f


# Forward passes in "fp32" or "bf16" (--precision).
PRECISION = "fp32"

# The allocator settings distill4j's launchers set (io.distill4j.Allocator); bench/compare sets them for both sides.
MALLOC = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", action="append", help="model (repeatable or comma-separated); default: all")
    p.add_argument("--batch", type=int, default=0, help="images per step; default: 128 at 32×32, 64 at 227×227")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repetitions", type=int, default=5)
    p.add_argument("--seconds", type=float, default=4.0)
    p.add_argument("--matmul-side", type=int, default=2048)
    p.add_argument("--threads", type=int, default=0, help="intra-op threads; default: all cores")
    p.add_argument("--channels-last", action="store_true",
                   help="models and inputs in channels-last memory (not plain PyTorch; distill4j's layout)")
    p.add_argument("--precision", choices=("fp32", "bf16"), default="fp32",
                   help="forward passes in float32, or in CPU autocast to bfloat16 (weights, loss, optimizer float32)")
    p.add_argument("--json", help="also write the figures as JSON")
    args = p.parse_args()
    global PRECISION
    PRECISION = args.precision
    models = [m for arg in (args.model or [",".join(MODELS)]) for m in arg.split(",")]
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        sys.exit(f"error: unknown model {unknown[0]!r}: valid models are {', '.join(MODELS)}")
    if args.warmup < 1 or args.repetitions < 1 or args.seconds <= 0:
        sys.exit("error: --warmup and --repetitions must be at least 1 and --seconds positive")
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    threads = torch.get_num_threads()
    engine = f"PyTorch {torch.__version__} (Python {sys.version.split()[0]}), {PRECISION}" + (
        ", channels-last" if args.channels_last else "")
    print(f"{engine}, {threads} threads", flush=True)
    timer = Timer(args)
    start = resource.getrusage(resource.RUSAGE_SELF)
    n = args.matmul_side
    dtype = torch.bfloat16 if PRECISION == "bf16" else torch.float32
    a, b = torch.randn(n, n).to(dtype), torch.randn(n, n).to(dtype)
    matmul, _ = timer.time(f"matmul {n}² {dtype} GFLOP/s", 2 * n ** 3 / 1e9, lambda i: torch.mm(a, b))
    first_batch = args.batch or (64 if MODELS[models[0]]["side"] > 32 else 128)
    data, labels = synthetic(PIPELINE_BATCHES * first_batch, 7)
    pipe = Pipeline(data, labels, first_batch, 1)
    pipeline, _ = timer.time("data pipeline img/s", first_batch, lambda i: pipe.get(i % PIPELINE_BATCHES))
    results = []
    for m in models:
        batch = args.batch or (64 if MODELS[m]["side"] > 32 else 128)
        results.append(bench_model(m, batch, timer, matmul))
    end = resource.getrusage(resource.RUSAGE_SELF)
    process = dict(minor_faults=end.ru_minflt - start.ru_minflt, major_faults=end.ru_majflt - start.ru_majflt,
                   user_seconds=end.ru_utime - start.ru_utime, system_seconds=end.ru_stime - start.ru_stime)
    print(f"process: {process['minor_faults']:,} minor / {process['major_faults']:,} major page faults, "
          f"{process['user_seconds']:.1f} s user, {process['system_seconds']:.1f} s system", flush=True)
    malloc = " ".join(f"{k}={os.environ[k]}" for k in MALLOC if k in os.environ)
    report = dict(engine=engine, threads=threads, matmul_gflops=matmul, pipeline=pipeline, models=results,
                  allocator=f"glibc malloc ({malloc or 'defaults'})", process=process)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
