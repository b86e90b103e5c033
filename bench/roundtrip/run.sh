#!/usr/bin/env bash
# The PyTorch round trip of issue 14 on real CIFAR-10: a distill4j teacher → export --format pytorch →
# plain PyTorch (logits compared on N test images) → traced with its conv features by
# tools/export_teacher.py → teacher.pt for `study --teacher-torchscript`.
#   bench/roundtrip/run.sh RUN_DIR/models/teacher.params DATA_DIR [N=1000] [OUT=target/roundtrip]
set -euo pipefail
cd "$(dirname "$0")/../.."
weights=$1; data=$2; n=${3:-1000}; out=${4:-target/roundtrip}
py=/usr/bin/python3; "$py" -c "import torch" 2>/dev/null || py=python3
rm -rf "$out" && mkdir -p "$out"
bin/distill export --weights "$weights" --format pytorch --out "$out/torch"
java -cp target/distill4j.jar bench/roundtrip/JavaLogits.java "$weights" "$data" "$n" "$out/java-logits.f32"
"$py" bench/roundtrip/roundtrip.py "$out/torch" "$data" "$n" "$out/java-logits.f32" "$out/teacher.pt"
