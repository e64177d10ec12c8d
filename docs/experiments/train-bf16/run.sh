#!/usr/bin/env bash
# Does training in bf16 (train --precision bf16) change the network it trains? The WRN-16-1 teacher (all Conv, 175K; the
# network where bf16 pays, docs/performance.md) trained 3 epochs on the full Fashion-MNIST training split with the fitted
# recipe, test error on the 10,000 test images; the same seeds in fp32 and bf16, so each pair differs only in the
# arithmetic. Resumable (finished runs are skipped). Run from the repository root:
#   bash docs/experiments/train-bf16/run.sh   (BLOCKSWAP="dotnet DIR/blockswap.dll" to run a copy of the build;
#   THREADS=1 beside other jobs)
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/train-bf16
BS=${BLOCKSWAP:-./blockswap}
SEEDS=${SEEDS:-"1 2 3"}
for seed in $SEEDS; do
  for precision in fp32 bf16; do
    out="$D/runs/$precision-s$seed"
    [ -f "$out/result.json" ] && continue
    mkdir -p "$D/runs"
    resume=(); [ -f "$out/checkpoint" ] && resume=(--resume)
    $BS train --arch wrn-16-1 --epochs 3 --precision "$precision" --seed "$seed" -j "${THREADS:-2}" -o "$out" "${resume[@]}" > "$out.log" 2>&1
    echo "$precision seed $seed: $(grep -o '"testTop1Error": [0-9.]*' "$out/result.json")"
  done
done
/usr/bin/python3 - "$D/runs" $SEEDS <<'PY'
import json, sys, statistics as st
from scipy import stats
runs, seeds = sys.argv[1], sys.argv[2:]
err = {p: [json.load(open(f"{runs}/{p}-s{s}/result.json"))["testTop1Error"] for s in seeds] for p in ("fp32", "bf16")}
for p, e in err.items(): print(f"{p}: {' / '.join(f'{v:.2f}' for v in e)} %, mean {st.mean(e):.2f} ± {st.stdev(e):.2f}")
d = [b - a for a, b in zip(err["fp32"], err["bf16"])]
h = stats.t.ppf(0.975, len(d) - 1) * st.stdev(d) / len(d) ** 0.5
print(f"bf16 - fp32, paired over {len(d)} seeds: {st.mean(d):+.2f} points [{st.mean(d) - h:+.2f}, {st.mean(d) + h:+.2f}] (95 %, t)")
PY
