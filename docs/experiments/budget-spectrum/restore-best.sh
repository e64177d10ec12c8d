#!/usr/bin/env bash
# The experiment's build (ddc27d4, like 36c0da9) re-times a finished search's winner whenever a phase walks past it
# (at each start, and at each budget it reaches) and rewrites its committed best.json. While run.sh runs, this puts
# every committed best.json back every two minutes and logs each time it did. From the repository root:
#   setsid nohup bash docs/experiments/budget-spectrum/restore-best.sh > /tmp/spectrum-restore.out 2>&1 < /dev/null &
cd "$(dirname "$0")/../../.."
D=docs/experiments/budget-spectrum
while pgrep -f "$D/run.sh" > /dev/null; do
  sleep 120
  if ! git diff --quiet -- "$D/run/budget-*/search-*/best.json"; then
    changed=$(git diff --name-only -- "$D/run/budget-*/search-*/best.json" | sed -E 's|.*/(budget-[0-9]+/search-s[0-9]+)/.*|\1|' | tr '\n' ' ')
    git checkout -- "$D/run/budget-*/search-*/best.json"
    echo "[$(date -u +%FT%TZ)] a phase re-measured finished searches' winners ($changed): their best.json files restored" >> "$D/logs/phases.log"
  fi
done
