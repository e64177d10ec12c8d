#!/usr/bin/env bash
# Does a bf16 teacher change the student? (issue "Speed of the whole job": lower precision for the teacher's attention
# maps.) The demo's DConvA8 Moonshine student (WRN-16-1, 44K) trained with attention transfer from the powered
# comparison's converged teacher (6.50 %), 3 epochs on a seeded 10,000-image subset of Fashion-MNIST, test error on the
# 10,000 test images; the same seeds with --teacher-precision fp32 and bf16, so each pair differs only in the teacher's
# arithmetic. Resumable (finished runs are skipped). Run from the repository root:
#   bash docs/experiments/teacher-bf16/run.sh   (BLOCKSWAP="dotnet DIR/blockswap.dll" to run a copy of the build)
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/teacher-bf16
BS=${BLOCKSWAP:-./blockswap}
SEEDS=${SEEDS:-"1 2 3 4"}
for seed in $SEEDS; do
  for precision in fp32 bf16; do
    out="$D/runs/$precision-s$seed"
    [ -f "$out/result.json" ] && continue
    mkdir -p "$D/runs"
    $BS train --arch wrn-16-1 --uniform DConvA8 --teacher docs/experiments/powered-44k/teacher --epochs 3 --train-images 10000 \
      --teacher-precision "$precision" --seed "$seed" -o "$out" --overwrite > "$out.log" 2>&1
    echo "$precision seed $seed: $(grep -o '"testTop1Error": [0-9.]*' "$out/result.json")"
  done
done
