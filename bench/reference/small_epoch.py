"""One training epoch of a small WRN in plain PyTorch, as a user would write it (the loop of ../shared/peer/small_epoch.py,
extended to mixed genotypes): WRN-16-1 from the reference implementation (BayesWatch/pytorch-blockswap, MIT) with a
1-channel stem and global pooling, Fashion-MNIST held in memory, batch 128, SGD(0.1, momentum 0.9, wd 5e-4, nesterov),
random crop (pad 4) + horizontal flip on the batch tensor, attention transfer (beta 1000) from an all-Conv teacher
when a student genotype is given. Prints wall seconds for the epoch (no evaluation).
Usage: /usr/bin/python3 small_epoch.py REFERENCE_CHECKOUT IDX_FOLDER THREADS [teacher | TYPE | T1,T2,...,T6] [IMAGES]
"""
import gzip, sys, time
import numpy as np

ref, root, threads = sys.argv[1], sys.argv[2].rstrip("/") + "/", int(sys.argv[3])
kind = sys.argv[4] if len(sys.argv) > 4 else "teacher"
sys.path.insert(0, ref)
import torch, torch.nn as nn, torch.nn.functional as F  # noqa: E402
from models import WideResNet  # noqa: E402
import models.wide_resnet as _wrn  # noqa: E402
import utils  # noqa: E402

torch.set_num_threads(threads)
# 28x28 inputs end at 7x7: global pooling where the reference pools 8x8.
_wrn.F = type('F', (), {**{k: getattr(F, k) for k in dir(F) if not k.startswith('__')},
                        'avg_pool2d': staticmethod(lambda t, k: F.adaptive_avg_pool2d(t, 1))})
with gzip.open(root + "train-images-idx3-ubyte.gz") as f:
    x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
with gzip.open(root + "train-labels-idx1-ubyte.gz") as f:
    y = np.frombuffer(f.read(), np.uint8, offset=8)
n = int(sys.argv[5]) if len(sys.argv) > 5 else len(y)
x = (torch.from_numpy(x[:n].astype(np.float32)) / 255 - 0.2860) / 0.3530
y = torch.from_numpy(y[:n].astype(np.int64))


def one_channel(net):
    net.conv1 = nn.Conv2d(1, net.conv1.out_channels, 3, 1, 1, bias=False)
    return net


torch.manual_seed(0)
teacher = one_channel(WideResNet(16, 1)).train()
student = None
if kind != "teacher":
    types = kind.split(",")
    types = types * 6 if len(types) == 1 else types
    student = one_channel(WideResNet(16, 1, convs=[utils.string_to_conv[t] for t in types])).train()
net = student if student is not None else teacher
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True)


def at(a):
    return F.normalize(a.pow(2).mean(1).view(a.size(0), -1))


def augment(b):
    p = F.pad(b, (4, 4, 4, 4))
    i, j = np.random.randint(0, 9, 2)
    b = p[:, :, i:i + 28, j:j + 28]
    flip = torch.rand(b.size(0)) < 0.5
    b = b.clone(); b[flip] = b[flip].flip(3)
    return b


t0 = time.time()
perm = torch.randperm(n)
for k in range(0, n, 128):
    idx = perm[k:k + 128]
    xb, yb = augment(x[idx]), y[idx]
    out, acts = net(xb)
    loss = F.cross_entropy(out, yb)
    if student is not None:
        with torch.no_grad():
            _, tacts = teacher(xb)
        loss = loss + 1000 / 2 * sum((at(a) - at(t)).pow(2).mean() for a, t in zip(acts, tacts))
    opt.zero_grad(); loss.backward(); opt.step()
print("EPOCH %s images=%d wall=%.2fs loss=%.4f" % (kind, n, time.time() - t0, loss.item()))
