#!/usr/bin/env bash
# The declared latency (PLAN.md's addendum "after three interim latency reports"): once phase 2 has finished, the tool
# at 733c1aa or later (the bootstrap interval from 534218f, the machine's load from 8a40fcb, --latency-rounds from
# 733c1aa) reports the finished run three times on a quiet machine (nothing else running), each timing 60 rounds of
# every network and saying how busy the machine was meanwhile. Each report reuses every stage and only
# re-times; each one's report.md, report.json and latency.csv are kept in run/final-reports/N, and the last one stays
# the run's report. From the repository root, with a copy of the build:
#   dotnet build src/BlockSwap.Cli -c Release && cp -r src/BlockSwap.Cli/bin/Release/net10.0/linux-x64 /tmp/bs-report
#   BLOCKSWAP="dotnet /tmp/bs-report/blockswap.dll" bash docs/experiments/budget-spectrum/final-report.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/budget-spectrum
BS=${BLOCKSWAP:-dotnet src/BlockSwap.Cli/bin/Release/net10.0/linux-x64/blockswap.dll}
args=(run --arch wrn-16-1 --budgets 11k,22k,44k,104k --samples 100 --epochs 10
      --teacher docs/experiments/powered-44k/teacher -j 1 -o "$D/run"
      --seeds 10 --baselines moonshine,random --random-seeds 9-10 --latency-rounds 60)
for i in 1 2 3; do
  echo "[$(date -u +%FT%TZ)] final report $i of 3: $($BS --version | head -1): ${args[*]}" >> "$D/logs/phases.log"
  # shellcheck disable=SC2086
  $BS "${args[@]}" >> "$D/logs/final-report.log" 2>&1
  mkdir -p "$D/run/final-reports/$i"
  cp "$D"/run/{report.md,report.json,latency.csv} "$D/run/final-reports/$i/"
  echo "[$(date -u +%FT%TZ)] final report $i of 3 done" >> "$D/logs/phases.log"
done
