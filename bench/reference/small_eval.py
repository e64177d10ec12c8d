"""Evaluation of a small WRN in plain PyTorch: the 10,000 Fashion-MNIST test images in eval mode without gradients,
batch 256, NCHW and channels-last alternately, two passes each (the network as bench/reference/small_epoch.py builds it,
from the reference implementation, BayesWatch/pytorch-blockswap, MIT, imported, not copied). Prints seconds per pass.
Usage: /usr/bin/python3 small_eval.py REFERENCE_CHECKOUT IDX_FOLDER THREADS [teacher | TYPE]
"""
import gzip, sys, time
import numpy as np
ref, root, threads, kind = sys.argv[1], sys.argv[2].rstrip("/") + "/", int(sys.argv[3]), (sys.argv[4] if len(sys.argv) > 4 else "teacher")
sys.path.insert(0, ref)
import torch, torch.nn as nn, torch.nn.functional as F
from models import WideResNet
import models.wide_resnet as _wrn
import utils
torch.set_num_threads(threads)
_wrn.F = type('F', (), {**{k: getattr(F, k) for k in dir(F) if not k.startswith('__')},
                        'avg_pool2d': staticmethod(lambda t, k: F.adaptive_avg_pool2d(t, 1))})
with gzip.open(root + "t10k-images-idx3-ubyte.gz") as f:
    x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
x = (torch.from_numpy(x.astype(np.float32)) / 255 - 0.2860) / 0.3530
def one_channel(net):
    net.conv1 = nn.Conv2d(1, net.conv1.out_channels, 3, 1, 1, bias=False); return net
torch.manual_seed(0)
net = one_channel(WideResNet(16, 1) if kind == "teacher" else WideResNet(16, 1, convs=[utils.string_to_conv[kind]] * 6)).eval()
for cl in (False, True, False, True):
    m = net.to(memory_format=torch.channels_last) if cl else net.to(memory_format=torch.contiguous_format)
    t0 = time.time()
    with torch.no_grad():
        for k in range(0, len(x), 256):
            xb = x[k:k+256]
            if cl: xb = xb.contiguous(memory_format=torch.channels_last)
            out, _ = m(xb)
    print(kind, "channels_last" if cl else "nchw", "eval 10k: %.2f s" % (time.time() - t0))
