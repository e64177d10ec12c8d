#!/usr/bin/env python3
"""Stage 2 of the 64-candidate study: the choice of candidates and the analysis (stage2.sh runs the trainings).

    stage2.py choose REPORT               16 sampled candidates evenly along stage 1's ranking by mean validation
                                          error: "index blocks mean-validation-error" per line
    stage2.py analyse REPORT STAGE2_DIR   for the seeds finished for every chosen candidate: Spearman's rho of the
                                          converged mean test error against stage 1's ranking and against the Fisher
                                          potential, with 10,000-resample bootstrap intervals; the spread between
                                          candidates against one run's noise (from stage 2's own seeds when it has two,
                                          else from the powered comparison's repeated trainings); a Markdown table.
Needs python3 with scipy.
"""
import glob
import json
import math
import os
import random
import statistics
import sys


SEEDS = (1, 2)
POWERED_RUNS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'powered-44k', 'runs')


def mean_validation_error(candidate):
    return statistics.mean(t['validationError'] for t in candidate['trainings'])


def choose(report):
    sampled = [c for c in report['candidates'] if not c.get('moonshine') and not c.get('extra')]
    ranked = sorted(sampled, key=lambda c: (mean_validation_error(c), c['index']))
    k = min(16, len(ranked))
    return [ranked[round(i * (len(ranked) - 1) / (k - 1))] for i in range(k)]


def rho_ci(a, b, resamples=10000):
    from scipy import stats  # only the analysis needs scipy
    rho = stats.spearmanr(a, b).correlation
    rng = random.Random(1)
    n = len(a)
    boot = []
    for _ in range(resamples):
        idx = [rng.randrange(n) for _ in range(n)]
        r = stats.spearmanr([a[i] for i in idx], [b[i] for i in idx]).correlation
        if r == r:
            boot.append(r)
    boot.sort()
    return f'{rho:.3f} [{boot[int(0.025 * len(boot))]:.3f}, {boot[int(0.975 * len(boot))]:.3f}]'


def result(stage2, index, seed):
    path = os.path.join(stage2, f'c{index:03d}-s{seed}', 'result.json')
    return json.load(open(path))['testTop1Error'] if os.path.exists(path) else None


def pooled_sd(groups):
    """Within-group SD pooled over groups of repeated measurements, with its degrees of freedom."""
    ss = sum(sum((x - statistics.mean(g)) ** 2 for x in g) for g in groups if len(g) > 1)
    df = sum(len(g) - 1 for g in groups if len(g) > 1)
    return (math.sqrt(ss / df), df) if df else (float('nan'), 0)


def powered_noise():
    groups = {}
    for f in glob.glob(os.path.join(POWERED_RUNS, '*', 'result.json')):
        name, _ = os.path.basename(os.path.dirname(f)).rsplit('-s', 1)
        groups.setdefault(name, []).append(json.load(open(f))['testTop1Error'])
    return pooled_sd(groups.values())


def analyse(report, stage2):
    chosen = choose(report)
    seeds = [s for s in SEEDS if all(result(stage2, c['index'], s) is not None for c in chosen)]
    for s in SEEDS:
        missing = [c['index'] for c in chosen if result(stage2, c['index'], s) is None]
        if missing:
            print(f'stage 2 not complete for seed {s}: candidates {", ".join(map(str, missing))}')
    if not seeds:
        print('stage 2: no seed finished for every candidate yet')
        return 1
    errors = {c['index']: [result(stage2, c['index'], s) for s in seeds] for c in chosen}
    short = [mean_validation_error(c) for c in chosen]
    converged = [statistics.mean(errors[c['index']]) for c in chosen]
    fisher1 = [-c['scores'][0]['fisher'] for c in chosen]
    fisher_mean = [-statistics.mean(math.log(s['fisher']) for s in c['scores']) for c in chosen]
    n = len(chosen)
    print(f'over {n} candidates, Spearman rho against the converged mean test error (seeds {", ".join(map(str, seeds))}), '
          '95 % bootstrap interval:')
    print(f'  stage 1\'s mean validation error (4 epochs, 10,000 images): {rho_ci(short, converged)}')
    print(f'  Fisher potential, first initialisation (negated):          {rho_ci(fisher1, converged)}')
    print(f'  Fisher potential, mean log-score over the inits (negated): {rho_ci(fisher_mean, converged)}')

    k = len(seeds)
    spread = statistics.stdev(converged)
    if k > 1:
        noise, df = pooled_sd(errors.values())
        source = f'stage 2\'s own seeds, df {df}'
        per_seed = [[errors[c['index']][i] for c in chosen] for i in range(k)]
        print(f'  seed 1 against seed 2 (the converged errors\' own agreement): {rho_ci(per_seed[0], per_seed[1])}')
    else:
        noise, df = powered_noise()
        source = f'the powered comparison\'s repeated trainings, pooled, df {df}'
    # The k-seed means' variance across candidates is the true spread plus noise²/k.
    reliability = 1 - noise ** 2 / k / spread ** 2
    print(f'spread of the converged {k}-seed means across candidates: SD {spread:.3f} points '
          f'(range {min(converged):.2f}–{max(converged):.2f} %)')
    print(f'one run\'s noise at convergence: SD {noise:.3f} points ({source})')
    print(f'so the reliability of the {k}-seed mean is about {reliability:.2f}'
          + (f'; no ranking can correlate with it beyond about {math.sqrt(reliability):.2f}' if reliability > 0 else
             ': the differences between candidates are not larger than the noise of a run'))
    print('\n| stage-1 rank | candidate | genotype | stage 1 mean val. error (%) | converged test error (%) | converged rank |')
    print('|---:|---:|---|---:|---:|---:|')
    order = sorted(range(n), key=lambda i: converged[i])
    conv_rank = {i: r + 1 for r, i in enumerate(order)}
    for i, c in enumerate(chosen):
        per = ', '.join(f'{e:.2f}' for e in errors[c['index']])
        print(f'| {i + 1} | {c["index"]} | `{",".join(c["genotype"])}` | {short[i]:.2f} | {per} | {conv_rank[i]} |')
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == 'choose':
        for c in choose(json.load(open(argv[1]))):
            print(f'{c["index"]} {",".join(c["genotype"])} {mean_validation_error(c):.4f}')
        return 0
    if len(argv) == 3 and argv[0] == 'analyse':
        return analyse(json.load(open(argv[1])), argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
