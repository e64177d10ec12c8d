"""One training epoch of a small WRN in plain PyTorch, as a user would write it (the loop of ../shared/peer/small_epoch.py,
extended to mixed genotypes): WRN-16-1 from the reference implementation (BayesWatch/pytorch-blockswap, MIT) with a
1-channel stem and global pooling, Fashion-MNIST held in memory, batch 128, SGD(0.1, momentum 0.9, wd 5e-4, nesterov),
random crop (pad 4) + horizontal flip on the batch tensor, attention transfer (beta 1000) from an all-Conv teacher
when a student genotype is given. Prints wall seconds for the epoch (no evaluation).
Usage: /usr/bin/python3 small_epoch.py REFERENCE_CHECKOUT IDX_FOLDER THREADS [teacher | TYPE | T1,T2,...,T6] [IMAGES]
"""
import sys, time
import numpy as np
import small_wrn

ref, root, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
kind = sys.argv[4] if len(sys.argv) > 4 else "teacher"
torch, F, WideResNet, utils = small_wrn.load(ref, threads)
x, y = small_wrn.images(torch, root, "train", int(sys.argv[5]) if len(sys.argv) > 5 else None)
n = len(y)

torch.manual_seed(0)
teacher = small_wrn.network(torch, WideResNet, utils, "teacher").train()
student = small_wrn.network(torch, WideResNet, utils, kind).train() if kind != "teacher" else None
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
