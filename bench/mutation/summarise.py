#!/usr/bin/env python3
"""Per-folder mutation scores from a Stryker JSON report, and every surviving mutant (file:line, mutator, replacement).

Score = detected / (detected + undetected), detected = Killed + Timeout, undetected = Survived + NoCoverage (Stryker's
definition; compile errors and ignored mutants count in neither)."""
import collections, json, sys

report = json.load(open(sys.argv[1]))
by_folder = collections.defaultdict(collections.Counter)
survivors = []
for path, f in sorted(report["files"].items()):
    parts = path.replace("\\", "/").split("/")
    i = len(parts) - 1 - parts[::-1].index("BlockSwap") if "BlockSwap" in parts else -1   # [src/BlockSwap/]<Layer>/<Folder>/...
    folder = parts[i + 2] if parts[i + 1] in ("Foundation", "Description", "Engine", "Methods", "Outputs") else parts[i + 1]
    for m in f["mutants"]:
        by_folder[folder][m["status"]] += 1
        if m["status"] in ("Survived", "NoCoverage"):
            line = m["location"]["start"]["line"]
            survivors.append((folder, f"{'/'.join(parts[i + 1:])}:{line}",
                              m["status"], m["mutatorName"], (m.get("replacement") or "").replace("\n", " ")[:90]))

def score(c):
    detected, undetected = c["Killed"] + c["Timeout"], c["Survived"] + c["NoCoverage"]
    return detected, undetected, 100.0 * detected / (detected + undetected) if detected + undetected else float("nan")

def killed_only(c):
    # A timeout counts as detected in Stryker's score; on a loaded machine a slow test run times out too, so the score
    # with timeouts counted as undetected is given beside it as the lower bound.
    n = c["Killed"] + c["Timeout"] + c["Survived"] + c["NoCoverage"]
    return 100.0 * c["Killed"] / n if n else float("nan")

print("| folder | killed | timeout | survived | no coverage | compile error | score | killed only |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
total = collections.Counter()
for folder, c in sorted(by_folder.items()):
    total.update(c)
    if sum(score(c)[:2]) == 0: continue                # a file with only compile errors or ignored mutants: nothing tested
    print(f"| {folder} | {c['Killed']} | {c['Timeout']} | {c['Survived']} | {c['NoCoverage']} | {c['CompileError']} | {score(c)[2]:.1f} % | {killed_only(c):.1f} % |")
print(f"| all | {total['Killed']} | {total['Timeout']} | {total['Survived']} | {total['NoCoverage']} | {total['CompileError']} | {score(total)[2]:.1f} % | {killed_only(total):.1f} % |")
print()
print(f"Undetected mutants ({len(survivors)}):")
print()
for folder, where, status, mutator, replacement in survivors:
    print(f"- `{where}` {status}: {mutator} → `{replacement}`")
