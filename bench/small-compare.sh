#!/usr/bin/env bash
# One epoch of the demo's small networks, this tool (whole process: start-up, training, a 10k evaluation) against plain
# PyTorch (training only, bench/reference/small_epoch.py), alternating, on the first IMAGES Fashion-MNIST training images.
# Usage: bash bench/small-compare.sh [ROUNDS=2] [IMAGES=12800] [THREADS=2]   (needs python3-torch, python3-torchvision and
# the reference checkout in $BLOCKSWAP_REF; prints one line per run and the ratios of the medians). With BF16=1 each
# epoch of ours also runs with --precision bf16 (students with a bf16 teacher too), and each student epoch with
# --teacher-precision bf16 alone, in the same round.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-2}; IMAGES=${2:-12800}; THREADS=${3:-2}
REF=${BLOCKSWAP_REF:?set BLOCKSWAP_REF to the reference checkout (pytorch-blockswap)}
FM=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
BS=${BLOCKSWAP:-./blockswap}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$FM" "$work/data" "$IMAGES" <<'PY'
import gzip, os, shutil, sys
src, dst, n = sys.argv[1] + "/", sys.argv[2] + "/", int(sys.argv[3])
os.makedirs(dst)
for name, header in (("train-images-idx3-ubyte.gz", 16), ("train-labels-idx1-ubyte.gz", 8)):
    with gzip.open(src + name) as f: d = f.read()
    size = 784 if header == 16 else 1
    h = bytearray(d[:header]); h[4:8] = n.to_bytes(4, "big")
    with gzip.open(dst + name, "wb") as f: f.write(bytes(h) + d[header:header + n * size])
for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"): shutil.copy(src + name, dst + name)
PY
$BS --version >/dev/null   # builds the tool first if needed
$BS train --arch wrn-16-1 --data "$work/data" --epochs 1 -j "$THREADS" -o "$work/teacher" >/dev/null 2>&1
MIXED=A4B2,DConvG8,DConv,DConv,DConvG8,DConvA8
# Variants of ours timed in the same round: the default; with BF16=1 also a bf16 teacher (students) and bf16 training.
variants() { echo default; [ "${BF16:-0}" = 1 ] || return 0; [ "$1" = teacher ] || echo bf16-teacher; echo bf16-training; }
declare -A ours theirs
for r in $(seq 1 "$ROUNDS"); do
  for kind in teacher DConvA8 $MIXED; do
    if [ $kind = teacher ]; then net=(); elif [ $kind = DConvA8 ]; then net=(--uniform DConvA8 --teacher "$work/teacher"); else net=(--blocks $kind --teacher "$work/teacher"); fi
    for v in $(variants $kind); do
      case $v in default) extra=() ;; bf16-teacher) extra=(--teacher-precision bf16) ;;
        bf16-training) extra=(--precision bf16); [ $kind = teacher ] || extra+=(--teacher-precision bf16) ;; esac
      rm -rf "$work/out"
      t0=$(date +%s.%N); $BS train --arch wrn-16-1 --data "$work/data" "${net[@]}" "${extra[@]}" --epochs 1 -j "$THREADS" -o "$work/out" >/dev/null 2>&1; t1=$(date +%s.%N)
      o=$(echo "$t1 - $t0" | bc); ours[$kind|$v]+="$o "
      echo "round $r $kind: ours ($v) $o s (whole process)"
    done
    p=$(/usr/bin/python3 bench/reference/small_epoch.py "$REF" "$work/data" "$THREADS" $kind 2>/dev/null | sed -n 's/.*wall=\([0-9.]*\)s.*/\1/p')
    theirs[$kind]+="$p "
    echo "round $r $kind: PyTorch $p s (training only)"
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for kind in teacher DConvA8 $MIXED; do
  mp=$(echo "${theirs[$kind]}" | median)
  echo "median $kind: PyTorch $mp s"
  for v in $(variants $kind); do
    mo=$(echo "${ours[$kind|$v]}" | median)
    echo "median $kind: ours ($v) $mo s, ratio $(echo "scale=2; $mo / $mp" | bc)"
  done
done
