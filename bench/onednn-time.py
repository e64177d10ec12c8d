#!/usr/bin/env python3
"""Where oneDNN's time goes in a run logged with ONEDNN_VERBOSE=1: execution time summed by primitive and, for
convolutions, by kind (dense / grouped by channels per group / depthwise) and direction, with the arithmetic rate.

    ONEDNN_VERBOSE=1 ./blockswap search --budget 400k --samples 32 --dataset synthetic -o /tmp/s > /tmp/v.txt 2>&1
    python3 bench/onednn-time.py /tmp/v.txt

The times are oneDNN's own (each primitive's execution, measured inside the library); logging costs the run itself
little. Everything not listed (batch norm, ReLU, additions, autograd, Fisher sums, start-up) is the rest of the wall
time.
"""
import collections
import re
import sys

SHAPE = re.compile(r'(?:g(\d+))?mb(\d+)_ic(\d+)oc(\d+)_ih(\d+)oh(\d+)kh(\d+)(?:sh(\d+))?.*?_iw(\d+)ow(\d+)kw(\d+)')


def rows(path):
    for line in open(path, errors='replace'):
        if line.startswith('onednn_verbose') and ',exec,' in line:
            fields = line.rstrip().split(',')
            at = fields.index('exec')  # oneDNN 3 logs "v1,primitive,exec,cpu,...", 2.x "exec,cpu,..."
            yield fields[at + 2], fields[at + 4], fields[-2], float(fields[-1])


def conv_kind(desc):
    m = SHAPE.match(desc)
    if not m:
        return 'convolution (shape not parsed)', 0
    g = int(m.group(1) or 1)
    mb, ic, oc, ih, oh, kh = (int(v) for v in m.groups()[1:7])
    ow, kw = int(m.group(10)), int(m.group(11))
    flops = 2 * mb * oh * ow * oc * (ic // g) * kh * kw
    if g == 1:
        kind = f'dense {kh}x{kw}'
    elif g == ic and g == oc:
        kind = f'depthwise {kh}x{kw}'
    else:
        kind = f'grouped {kh}x{kw}, {ic // g:>2} ch/group'
    return kind, flops


def main(path):
    by_primitive, seconds, calls, flops = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
    for primitive, prop, desc, ms in rows(path):
        by_primitive[primitive] += ms / 1000
        if primitive == 'convolution':
            kind, f = conv_kind(desc)
            direction = 'forward' if prop.startswith('forward') else prop
            key = f'{kind:28s} {direction}'
            seconds[key] += ms / 1000
            calls[key] += 1
            flops[key] += f
    if not by_primitive:
        sys.exit(f'{path}: no oneDNN execution lines (was ONEDNN_VERBOSE=1 set?)')
    print('primitive            seconds')
    for k, v in by_primitive.most_common():
        print(f'{k:20s} {v:8.3f}')
    print(f'{"all":20s} {sum(by_primitive.values()):8.3f}\n')
    print(f'{"convolution":45s} {"calls":>6s} {"seconds":>8s} {"GFLOP/s":>8s}')
    for k, v in seconds.most_common():
        rate = flops[k] / v / 1e9 if v and flops[k] else float('nan')
        print(f'{k:45s} {calls[k]:6d} {v:8.3f} {rate:8.1f}')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: onednn-time.py VERBOSE_LOG')
    main(sys.argv[1])
