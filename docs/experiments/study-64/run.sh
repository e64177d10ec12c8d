#!/usr/bin/env bash
# The 64-candidate study of the issue "Does the pick beat Moonshine?" (WRN-16-1, Fashion-MNIST, 44K), with the
# fitted recipe. Stage 1: 64 sampled candidates plus the Moonshine network in the window, each scored at 3
# initialisations and trained at 2 seeds for 4 epochs on 10,000 training images with attention transfer from the
# powered comparison's converged teacher, validated on 5,000 held-out images. Beside them, kept out of the
# correlations (--extra): the picks of the ten searches of docs/experiments/evolution-44k (random sampling and
# regularised evolution, search seeds 1-5, 100 scored candidates each), trained alike, so that each pick's regret
# against this pool's best is measured (the evolution strategy in the study's regret).
# The 75 entries run as 8 shards (--shard I/8, contiguous slices) pulled from a queue by WORKERS processes of THREADS
# libtorch threads each (two one-thread processes train about 1.2x more per hour on two cores than one two-thread
# process, docs/performance.md), then 'blockswap merge' writes stage1/ with the report. Resumable: the same command
# continues (every shard and every candidate is its own folder). Run from the repository root:
#   bash docs/experiments/study-64/run.sh      (BLOCKSWAP="dotnet DIR/blockswap.dll" to run a copy of the build)
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/study-64
BS=${BLOCKSWAP:-./blockswap}
SHARDS=8; WORKERS=${WORKERS:-2}; THREADS=${THREADS:-1}
# CLAIMS: a folder shared by several invocations of this script on one machine, so that they split the queue.
OWN_CLAIMS=0; [ -n "${CLAIMS:-}" ] || { CLAIMS=$(mktemp -d); OWN_CLAIMS=1; }; mkdir -p "$CLAIMS"
log() { echo "[$(date -u +%FT%TZ)] $*" >> "$D/stages.log"; }
# --extra STRATEGY-sSEED=GENOTYPE for every pick in evolution-44k/picks.csv (strategy,search_seed,"blocks",error).
extras() { tail -n +2 docs/experiments/evolution-44k/picks.csv | tr -d '"' | awk -F, '{ g = $3; for (i = 4; i < NF; i++) g = g "," $i; printf " --extra %s-s%s=%s", $1, $2, g }'; }
shard() {
  local i=$1 out="$D/stage1-shards/s$1"
  [ -f "$out.done" ] && return 0
  log "study stage 1: shard $i/$SHARDS"
  $BS study --arch wrn-16-1 --budget 44k --candidates 64 --init-seeds 3 --train-seeds 2 --epochs 4 \
    --teacher docs/experiments/powered-44k/teacher --train-images 10000 --validation-images 5000 \
    --ensemble fisher,params --seed 1 $(extras) --shard "$i/$SHARDS" -j "$THREADS" -o "$out" \
    $([ -f "$out/study.json" ] && echo --resume) > "$out.log" 2>&1 || { log "FAILED shard $i (see $out.log)"; return 1; }
  touch "$out.done"; log "study stage 1: shard $i/$SHARDS done"
}
worker() { for i in $(seq 0 $((SHARDS - 1))); do if mkdir "$CLAIMS/$i" 2>/dev/null; then shard "$i" || true; fi; done; }
mkdir -p "$D/stage1-shards"
pids=(); for w in $(seq "$WORKERS"); do worker & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; done
[ "$OWN_CLAIMS" = 0 ] || rm -r "$CLAIMS"
for i in $(seq 0 $((SHARDS - 1))); do [ -f "$D/stage1-shards/s$i.done" ] || { log "stage 1 not complete: shard $i (failed, or another invocation still runs it)"; exit 1; }; done
$BS merge $(for i in $(seq 0 $((SHARDS - 1))); do echo "$D/stage1-shards/s$i"; done) -o "$D/stage1" > "$D/stage1.log" 2>&1
log "study stage 1 done (merged into stage1/)"
