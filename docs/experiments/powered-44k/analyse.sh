#!/usr/bin/env bash
# Summarises the finished trainings of the powered comparison: test error mean ± sd per network over its seeds, and the
# paired differences pick − every other network (pairs by seed) with a 95 % Student-t interval.
# Usage: bash docs/experiments/powered-44k/analyse.sh   (prints Markdown; run from the repository root)
set -euo pipefail
cd "$(dirname "$0")"
for f in runs/*/result.json; do
  [ -f "$f" ] || continue
  d=$(basename "$(dirname "$f")"); name=${d%-s*}; seed=${d##*-s}
  err=$(grep -o '"testTop1Error": *[0-9.eE+-]*' "$f" | grep -o '[0-9.eE+-]*$')
  echo "$name $seed $err"
done | awk '
  BEGIN { split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228", t, " ") }
  { e[$1, $2] = $3; nets[$1] = 1; seeds[$2] = 1 }
  END {
    print "| network | seeds | test error (%), mean ± sd | per seed |"; print "|---|---:|---:|---|"
    for (n in nets) {
      k = 0; s = 0; ss = 0; list = ""
      for (sd in seeds) if ((n, sd) in e) { k++; s += e[n, sd]; ss += e[n, sd]^2; list = list sprintf("%s%s: %.2f", (list == "" ? "" : ", "), "s" sd, e[n, sd]) }
      m = s / k; v = k > 1 ? (ss - k * m * m) / (k - 1) : 0
      printf "| %s | %d | %.2f ± %.2f | %s |\n", n, k, m, sqrt(v > 0 ? v : 0), list
    }
    if (!("pick" in nets)) exit
    print ""; print "| pick − network | pairs | mean difference (points) | 95 % interval |"; print "|---|---:|---:|---|"
    for (n in nets) {
      if (n == "pick") continue
      k = 0; s = 0; ss = 0
      for (sd in seeds) if ((n, sd) in e && ("pick", sd) in e) { d = e["pick", sd] - e[n, sd]; k++; s += d; ss += d * d }
      if (k == 0) continue
      m = s / k
      if (k < 2) { printf "| %s | %d | %+.2f | – (one pair) |\n", n, k, m; continue }
      sdv = sqrt((ss - k * m * m) / (k - 1)); h = t[k - 1] * sdv / sqrt(k)
      printf "| %s | %d | %+.2f | [%+.2f, %+.2f] |\n", n, k, m, m - h, m + h
    }
  }'
