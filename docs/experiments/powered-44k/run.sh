#!/usr/bin/env bash
# The powered comparison (issue "Does the pick beat Moonshine?"): WRN-16-1 on the full Fashion-MNIST at a 44K budget,
# every network trained from the same converged teacher with the fitted recipe and attention transfer, 3 seeds each.
# Resumable: every training is its own folder; a finished one (result.json) is skipped, an interrupted one resumes.
# Run from the repository root:  bash docs/experiments/powered-44k/run.sh   (BLOCKSWAP="dotnet DIR/blockswap.dll" to
# run a copy of the build, so that rebuilding the repository cannot disturb a long run).
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/powered-44k
BS=${BLOCKSWAP:-./blockswap}
TEACHER_EPOCHS=${TEACHER_EPOCHS:-15}
EPOCHS=${EPOCHS:-10}
SEEDS=${SEEDS:-"1 2 3"}
log() { echo "[$(date -u +%FT%TZ)] $*" | tee -a "$D/stages.log"; }

train() { # folder, then train options
  local out=$1; shift
  if [ -f "$out/result.json" ]; then return; fi
  local resume=(); [ -f "$out/checkpoint" ] && resume=(--resume)
  log "train $out: $*"
  $BS train "$@" -o "$out" "${resume[@]}" > "$out.log" 2>&1 || { log "FAILED $out (see $out.log)"; exit 1; }
  log "done $out: $(grep -o '"testTop1Error": [0-9.]*' "$out/result.json")"
}

# Stage 1: the teacher, trained to convergence with the fitted recipe.
mkdir -p "$D/runs"
train "$D/teacher" --arch wrn-16-1 --epochs "$TEACHER_EPOCHS" --seed 1

# Stage 2: the paper's pick (Fisher potential at one initialisation, 100 candidates in the 44K window).
if [ ! -f "$D/search/best.json" ]; then
  log "search"
  $BS search --arch wrn-16-1 --budget 44k --samples 100 --seed 1 -o "$D/search" $([ -f "$D/search/search.json" ] && echo --resume) > "$D/search.log" 2>&1
fi

# The networks: the pick, every Moonshine type whose network lies in the search's window, and three random genotypes
# (the first three sampled candidates other than the pick: drawn uniformly from the window, independent of any score).
if [ ! -f "$D/networks.txt" ]; then
  budget=44000; lo=$((budget * 975 / 1000)); hi=$((budget * 1025 / 1000))
  {
    pick=$(tr -d ' \n' < "$D/search/best.json" | sed 's/.*"blocks":\[\([^]]*\)\].*/\1/; s/"//g')
    echo "pick $pick"
    for t in $($BS blocks | grep ' yes ' | awk '{print $1}'); do
      p=$($BS count --arch wrn-16-1 --in-channels 1 --input-size 28 --uniform "$t" --json | grep -o '"params": *[0-9]*' | head -1 | grep -o '[0-9]*$')
      if [ -n "$p" ] && [ "$p" -gt "$lo" ] && [ "$p" -lt "$hi" ]; then echo "moonshine-$t $(printf "$t,%.0s" 1 2 3 4 5 6 | sed 's/,$//')"; fi
    done
    tail -n +2 "$D/search/candidates.csv" | cut -d'"' -f2 | grep -vx "$pick" | head -3 | awk '{print "random-" NR " " $0}'
  } > "$D/networks.txt.tmp" && mv "$D/networks.txt.tmp" "$D/networks.txt"
  log "networks: $(cut -d' ' -f1 "$D/networks.txt" | tr '\n' ' ')"
fi
declare -A NET
while read -r name blocks; do NET[$name]="--blocks $blocks"; done < "$D/networks.txt"

# Stage 3: every network at every seed, seed by seed, so a partial run stays balanced.
for seed in $SEEDS; do
  for name in $(printf '%s\n' "${!NET[@]}" | sort); do
    train "$D/runs/$name-s$seed" --arch wrn-16-1 ${NET[$name]} --teacher "$D/teacher" --epochs "$EPOCHS" --seed "$seed"
  done
done
log "all trainings done"
