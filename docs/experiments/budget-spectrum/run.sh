#!/usr/bin/env bash
# The four-budget comparison (PLAN.md): the product's own `run`, as resumable phases in the plan's order.
# Each phase reuses every stage an earlier one finished (and resumes an interrupted training from its checkpoint where
# this machine kept it), so rerunning this script continues wherever it stopped. Two one-thread ranks under Open MPI.
# From the repository root, with a copy of the build so that a rebuild cannot touch the running job:
#   git worktree add /tmp/bs-src ddc27d4 && (cd /tmp/bs-src && dotnet build src/BlockSwap.Cli -c Release)
#   cp -r /tmp/bs-src/src/BlockSwap.Cli/bin/Release/net10.0/linux-x64 /tmp/bs-spectrum
#   BLOCKSWAP="dotnet /tmp/bs-spectrum/blockswap.dll" nohup bash docs/experiments/budget-spectrum/run.sh &
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/budget-spectrum
BS=${BLOCKSWAP:-dotnet src/BlockSwap.Cli/bin/Release/net10.0/linux-x64/blockswap.dll}
mkdir -p "$D/logs"
common=(run --arch wrn-16-1 --budgets 11k,22k,44k,104k --samples 100 --epochs 10
        --teacher docs/experiments/powered-44k/teacher -j 1 -o "$D/run")
phase() {
  local name=$1; shift
  echo "[$(date -u +%FT%TZ)] phase $name: ${common[*]} $*" >> "$D/logs/phases.log"
  # shellcheck disable=SC2086
  mpirun --allow-run-as-root --bind-to none -x TERM=dumb -np 2 $BS "${common[@]}" "$@" >> "$D/logs/phase-$name.log" 2>&1
  echo "[$(date -u +%FT%TZ)] phase $name done" >> "$D/logs/phases.log"
}
phase 1 --seeds 8 --baselines moonshine          # pick and Moonshine, seeds 1-8, budget by budget
# PLAN.md's addendum of 2026-12-07: the random arm is trained beside fresh picks (one CPU per pair), at seeds 9-10.
phase 2 --seeds 10 --baselines moonshine,random --random-seeds 9-10   # pick, Moonshine and random, seeds 9-10
