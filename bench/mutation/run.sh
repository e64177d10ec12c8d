#!/usr/bin/env bash
# Mutation testing of the library's core with Stryker.NET (not CI: it takes longer than CI allows).
# Usage, from the repository root:  [TESTS=Statistics,Accounting] bash bench/mutation/run.sh [LAYER/FOLDER or LAYER/FOLDER/FILE.cs ...]
# (default: the seven core folders; a file narrows a folder to the parts named, e.g. Search's sampling, limits and merge)
# Needs Stryker.NET: dotnet tool install dotnet-stryker --version 5.1.0 --tool-path /tmp/stryker (or set STRYKER).
# Mutates a clean copy of HEAD (so the working tree can be rebuilt meanwhile) and leaves the reports in
# bench/mutation/results/<folders>/ (mutation-report.md and .json), with a per-folder summary from summarise.py.
set -euo pipefail
root=$(pwd)
STRYKER=${STRYKER:-/tmp/stryker/dotnet-stryker}
folders=("$@"); [ ${#folders[@]} -gt 0 ] || folders=(Foundation/Statistics Description/Blocks Description/Layers Engine/Genotypes Engine/Networks Methods/Search Methods/Scoring)
name=$(printf '%s\n' "${folders[@]}" | sed -E 's#/[^/]+\.cs$##; s#.*/##' | uniq | paste -sd- -)
work=$(mktemp -d /tmp/bs-mutation-XXXX)
git clone -q "$root" "$work/repo"
git -C "$work/repo" checkout -q "$(git rev-parse HEAD)"
mutate=$(for f in "${folders[@]}"; do case $f in *.cs) printf '"%s",' "$f";; *) printf '"%s/**/*.cs",' "$f";; esac; done); mutate="[${mutate%,}]"
# TESTS=NAMESPACE,... narrows the tests to those namespaces (the ones that mirror the mutated folders): every test that
# covers a mutant runs for it, and a block type is covered by nearly every test of the suite.
# COVERAGE=all runs every selected test against every covered mutant: slower than Stryker's per-test mapping, which
# missed tests that do kill a mutant (docs/architecture.md), so a survivor under it is a real one.
# CONCURRENCY=1 runs one test host at a time, e.g. pinned to a core of its own: taskset -c 1 bash bench/mutation/run.sh ...
# TIMEOUT_MS adds to each test run's time limit (Stryker's additional-timeout; 10000 by default here): a run past the
# limit ends as "timeout", which Stryker counts as detected, so a higher limit tells slow mutants from endless ones.
python3 - "$root/bench/mutation/stryker-config.json" "$work/repo/stryker-config.json" "$mutate" "${TESTS:-}" "${COVERAGE:-}" "${CONCURRENCY:-}" "${TIMEOUT_MS:-}" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
cfg["stryker-config"]["mutate"] = json.loads(sys.argv[3])
if sys.argv[5]:
    cfg["stryker-config"]["coverage-analysis"] = sys.argv[5]
if sys.argv[6]:
    cfg["stryker-config"]["concurrency"] = int(sys.argv[6])
if sys.argv[7]:
    cfg["stryker-config"]["additional-timeout"] = int(sys.argv[7])
if sys.argv[4]:
    names = "|".join(f"FullyQualifiedName~BlockSwap.Tests.{n}." for n in sys.argv[4].split(","))
    cfg["stryker-config"]["test-case-filter"] = f"({names})&{cfg['stryker-config']['test-case-filter']}"
json.dump(cfg, open(sys.argv[2], "w"), indent=2)
PY
cd "$work/repo/tests/BlockSwap.Tests"
# A copy of the test output with Stryker's mutated assembly in it, taken once Stryker has injected it (it restores the
# original at the end), for recheck.py: it reruns each undetected mutant by hand (docs/architecture.md).
( until grep -qs "Capture mutant coverage" "$work"/out/logs/log-*.txt; do sleep 5; done
  cp -r bin/Release/net10.0/linux-x64 "$work/bin-mutated" ) &
"$STRYKER" --config-file ../../stryker-config.json --output "$work/out" --log-to-file 2>&1 | tee "$work/stryker.log" | grep -vE "^\s*$" | tail -n 40
out="$root/bench/mutation/results/$name${COVERAGE:+-$COVERAGE}"
mkdir -p "$out"
cp "$work"/out/reports/mutation-report.{md,json} "$out/" 2>/dev/null || true
python3 "$root/bench/mutation/summarise.py" "$out/mutation-report.json" | tee "$out/summary.md"
gzip -9f "$out/mutation-report.json"   # Stryker's full report, kept small in the repository
filter=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["stryker-config"]["test-case-filter"])' "$work/repo/stryker-config.json")
echo "Recheck the undetected mutants by hand (a few seconds each):"
echo "  python3 bench/mutation/recheck.py $out/mutation-report.json.gz $work/bin-mutated '$filter' 90 > $out/recheck.tsv"
