#!/usr/bin/env python3
"""Prints distill4j's figures against PyTorch's from bench/compare's JSON files: per figure the median
over rounds of each round's median, the ratio, and the issue's target where there is one.

    python3 bench/ratios.py DIR ROUNDS
"""
import json
import statistics
import sys

def load(folder, side, rounds):
    return [json.load(open(f"{folder}/{side}-{r}.json")) for r in range(1, rounds + 1)]


def median(reports, pick):
    values = [pick(r) for r in reports]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def model(report, name):
    return next(m for m in report["models"] if m["model"] == name)


def main():
    folder, rounds = sys.argv[1], int(sys.argv[2])
    ours, theirs = load(folder, "distill4j", rounds), load(folder, "torch", rounds)
    print(f"distill4j: {ours[0]['engine']}, {ours[0]['threads']} threads")
    print(f"reference: {theirs[0]['engine']}, {theirs[0]['threads']} threads")
    print(f"medians over {rounds} round(s) of each round's median\n")
    rows = [("matmul GFLOP/s", "—", median(ours, lambda r: r["matmul_gflops"]["median"]),
             median(theirs, lambda r: r["matmul_gflops"]["median"]), None),
            ("data pipeline img/s", "—", median(ours, lambda r: r["pipeline"]["median"]),
             median(theirs, lambda r: r["pipeline"]["median"]), None)]
    checks = []
    for m in (x["model"] for x in ours[0]["models"]):
        teacher = model(ours[0], m)["distill_teacher"] is None  # bench gives teacher models no distillation step
        for key, label, target in (("train", "train img/s", 3.5 if teacher else 2.0),
                                   ("inference", "inference img/s", None),
                                   ("distill", "distill step img/s", None if teacher else 2.0),
                                   ("epoch", "epoch img/s", None)):
            a = median(ours, lambda r: (model(r, m)[key] or {}).get("median"))
            b = median(theirs, lambda r: (model(r, m)[key] or {}).get("median"))
            if a is None:
                continue
            rows.append((label, m, a, b, target))
        share = median(ours, lambda r: model(r, m)["epoch"]["median"] / model(r, m)["train"]["median"])
        checks.append((f"{m}: epoch / bare step loop", share, 0.95))
        roof = median(ours, lambda r: model(r, m)["roofline_share"])
        gflops = median(ours, lambda r: model(r, m)["train_gflops"]["median"])
        checks.append((f"{m}: training {gflops:.0f} GFLOP/s of matmul", roof, 0.55 if teacher else None))
    print(f"{'figure':22s} {'model':12s} {'distill4j':>10s} {'PyTorch':>10s} {'ratio':>7s} {'target':>7s}")
    for label, m, a, b, target in rows:
        ratio = a / b if a and b else None
        verdict = "" if target is None else ("  ok" if ratio and ratio >= target else "  MISSED")
        print(f"{label:22s} {m:12s} {a:10.1f} {(b or 0):10.1f} {(f'{ratio:.2f}×' if ratio else '—'):>7s} "
              f"{(f'≥{target}×' if target else ''):>7s}{verdict}")
    print()
    for key, label in (("minor_faults", "minor page faults per run"), ("system_seconds", "system CPU s per run"),
                       ("user_seconds", "user CPU s per run")):
        a = median(ours, lambda r: (r.get("process") or {}).get(key))
        b = median(theirs, lambda r: (r.get("process") or {}).get(key))
        if a is not None or b is not None:
            show = lambda v: "—" if v is None else f"{v:,.1f}"
            print(f"{label:35s} {show(a):>12s} {show(b):>12s}")
    print(f"allocator: distill4j {ours[0].get('allocator')}; PyTorch {theirs[0].get('allocator')}")
    print()
    for label, value, target in checks:
        verdict = "" if target is None else ("  ok" if value >= target else "  MISSED")
        print(f"{label:48s} {100 * value:6.1f} % {(f'target ≥{100 * target:.0f} %' if target else ''):>14s}{verdict}")


if __name__ == "__main__":
    main()
