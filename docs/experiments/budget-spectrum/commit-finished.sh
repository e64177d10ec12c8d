#!/usr/bin/env bash
# Commits every finished stage of the running experiment by path (its small files only), every few minutes, so that a
# session that stops without warning loses at most the trainings in progress. From the repository root:
#   nohup bash docs/experiments/budget-spectrum/commit-finished.sh &
set -uo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/budget-spectrum
while true; do
  new=()
  for f in "$D"/run/budget-*/*/result.json "$D"/run/budget-*/search-*/best.json "$D"/run/report.md; do
    [ -f "$f" ] || continue
    dir=$(dirname "$f")
    for g in "$dir"/{result.json,metrics.jsonl,best.json,best.csv,candidates.csv,search.json,latency-table.json} \
             "$D"/run/{report.md,report.json,config.json,*.png}; do
      [ -f "$g" ] || continue
      # A committed search is final: the experiment's build re-times its winner when a phase starts (best.json).
      case "$g" in */search-*/*) git ls-files --error-unmatch "$g" >/dev/null 2>&1 && continue ;; esac
      git ls-files --error-unmatch "$g" >/dev/null 2>&1 && git diff --quiet -- "$g" && continue
      new+=("$g")
    done
  done
  if [ ${#new[@]} -gt 0 ]; then
    for g in "$D"/logs/*.log; do [ -f "$g" ] && new+=("$g"); done
    mapfile -t new < <(printf '%s\n' "${new[@]}" | sort -u)
    done_count=$(ls "$D"/run/budget-*/{blockswap,moonshine,random}-s*/result.json 2>/dev/null | wc -l)
    for try in 1 2 3 4 5; do
      if git add -- "${new[@]}" 2>/dev/null && \
         git commit -q -m "budget-spectrum: $done_count trainings finished" --only -- "${new[@]}" 2>/dev/null; then break; fi
      git diff --cached --quiet -- "${new[@]}" && break   # nothing changed after all
      sleep 7
    done
  fi
  sleep "${EVERY:-600}"
done
