#!/usr/bin/env bash
# A large image folder end to end: IMAGES generated RGB images (96×96 PNG, 10 classes, 90 % train/ and 10 % val/),
# then (1) one training epoch at 32×32: decode throughput, cache size, peak memory; (2) the same run again, from the
# decoded cache; (3) a 2-candidate search at 96×96, whose decoded set (3×96×96 bytes per image) passes 2 GB at
# 80,000 images. Peak memory is sampled from /proc every 0.2 s: RSS, and its anonymous part (what the process
# itself holds; the rest is pages of the memory-mapped cache file, which the kernel can drop and read again).
# Usage: bash bench/large-folder.sh [IMAGES=100000] [WORK=/tmp/bs-large]   (needs /usr/bin/python3 with Pillow: python3-pil)
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${1:-100000}; WORK=${2:-/tmp/bs-large}
BS=(dotnet src/BlockSwap.Cli/bin/Release/net10.0/linux-x64/blockswap.dll)
[ -f "${BS[1]}" ] || ./blockswap --version > /dev/null
mkdir -p "$WORK"
export BLOCKSWAP_CACHE="$WORK/cache"

if [ ! -f "$WORK/folder/.complete-$IMAGES" ]; then
  rm -rf "$WORK/folder"
  /usr/bin/python3 - "$WORK/folder" "$IMAGES" <<'PY'
import os, sys, random
from multiprocessing import Pool
from PIL import Image, ImageDraw, ImageFilter
root, n = sys.argv[1], int(sys.argv[2])
def make(i):
    rng = random.Random(i)
    c = i % 10
    split = "val" if i % 10 == (i // 10) % 10 else "train"
    d = os.path.join(root, split, f"class{c}")
    os.makedirs(d, exist_ok=True)
    # A class colour and a seeded blob pattern, softened: compresses like a photograph, not like noise.
    base = ((37 * c) % 256, (91 * c + 40) % 256, (151 * c + 80) % 256)
    im = Image.new("RGB", (96, 96), base)
    draw = ImageDraw.Draw(im)
    for _ in range(12):
        x, y, r = rng.randrange(96), rng.randrange(96), rng.randrange(4, 16)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    im.filter(ImageFilter.GaussianBlur(2)).save(os.path.join(d, f"{i:07d}.png"))
with Pool(os.cpu_count()) as p:
    p.map(make, range(n), chunksize=500)
PY
  touch "$WORK/folder/.complete-$IMAGES"
fi
echo "folder: $IMAGES images, $(du -sh "$WORK/folder" | cut -f1) of PNG files"

# Runs a command, sampling its memory; prints the peak RSS and the peak anonymous RSS in MiB.
measure() {
  local log=$1; shift
  "$@" > "$log" 2>&1 &
  local pid=$! rss=0 anon=0
  while kill -0 "$pid" 2> /dev/null; do
    if [ -r "/proc/$pid/status" ]; then
      local r a
      r=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2> /dev/null || echo 0)
      a=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2> /dev/null || echo 0)
      [ "${r:-0}" -gt "$rss" ] && rss=$r
      [ "${a:-0}" -gt "$anon" ] && anon=$a
    fi
    sleep 0.2
  done
  wait "$pid" || { echo "FAILED: $* (see $log)"; tail -5 "$log"; return 1; }
  echo "peak memory: RSS $((rss / 1024)) MiB, of it anonymous $((anon / 1024)) MiB"
}

rm -rf "$WORK/cache" "$WORK/train1" "$WORK/train2" "$WORK/search"
echo "== 1. one training epoch at 32x32, decoding the folder"
measure "$WORK/train1.log" "${BS[@]}" train --dataset folder --data "$WORK/folder" --input-size 32 --arch wrn-16-1 --epochs 1 -o "$WORK/train1"
grep -E "^data: (train|val):" "$WORK/train1.log"
echo "cache: $(du -sh "$WORK/cache" | cut -f1)"
grep -E "test error|epoch 1" "$WORK/train1.log" | tail -2
echo "== 2. the same, from the decoded cache"
measure "$WORK/train2.log" "${BS[@]}" train --dataset folder --data "$WORK/folder" --input-size 32 --arch wrn-16-1 --epochs 1 -o "$WORK/train2"
grep -E "^data: (train|val):" "$WORK/train2.log"
echo "== 3. a 2-candidate search at 96x96 ($((IMAGES * 27648 / 1000000)) MB decoded)"
measure "$WORK/search.log" "${BS[@]}" search --dataset folder --data "$WORK/folder" --input-size 96 --arch wrn-16-1 --budget 50% --samples 2 -o "$WORK/search"
grep -E "^data: (train|val):" "$WORK/search.log"
echo "cache: $(du -sh "$WORK/cache" | cut -f1)"
tail -3 "$WORK/search.log"
