"""The small WRN-16-1 of the bench scripts in plain PyTorch: the reference implementation's network
(BayesWatch/pytorch-blockswap, MIT, imported from a checkout, not copied) with a 1-channel stem and global pooling
(28x28 inputs end at 7x7 where the reference pools 8x8), and Fashion-MNIST images from the idx files, normalised."""
import gzip, sys
import numpy as np


def load(ref, threads):
    """Imports PyTorch and the reference's models from checkout REF; returns (torch, F, WideResNet, utils)."""
    sys.path.insert(0, ref)
    import torch, torch.nn.functional as F
    from models import WideResNet
    import models.wide_resnet as _wrn
    import utils
    torch.set_num_threads(threads)
    _wrn.F = type('F', (), {**{k: getattr(F, k) for k in dir(F) if not k.startswith('__')},
                            'avg_pool2d': staticmethod(lambda t, k: F.adaptive_avg_pool2d(t, 1))})
    return torch, F, WideResNet, utils


def images(torch, root, split, n=None):
    """The first N images of SPLIT ('train' or 't10k') as normalised float32 NCHW, and their labels."""
    root = root.rstrip("/") + "/"
    with gzip.open(root + f"{split}-images-idx3-ubyte.gz") as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(root + f"{split}-labels-idx1-ubyte.gz") as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)
    n = n or len(y)
    return (torch.from_numpy(x[:n].astype(np.float32)) / 255 - 0.2860) / 0.3530, torch.from_numpy(y[:n].astype(np.int64))


def network(torch, WideResNet, utils, kind):
    """'teacher' (all Conv), one block type everywhere, or six comma-separated types; stem for 1 channel."""
    if kind == "teacher":
        net = WideResNet(16, 1)
    else:
        types = kind.split(",")
        net = WideResNet(16, 1, convs=[utils.string_to_conv[t] for t in (types * 6 if len(types) == 1 else types)])
    net.conv1 = torch.nn.Conv2d(1, net.conv1.out_channels, 3, 1, 1, bias=False)
    return net
