"""Evaluation of a small WRN in plain PyTorch: the 10,000 Fashion-MNIST test images in eval mode without gradients,
batch 256, NCHW and channels-last alternately, two passes each (the network as bench/reference/small_epoch.py builds it,
from the reference implementation, BayesWatch/pytorch-blockswap, MIT, imported, not copied). Prints seconds per pass.
Usage: /usr/bin/python3 small_eval.py REFERENCE_CHECKOUT IDX_FOLDER THREADS [teacher | TYPE]
"""
import sys, time
import small_wrn

ref, root, threads, kind = sys.argv[1], sys.argv[2], int(sys.argv[3]), (sys.argv[4] if len(sys.argv) > 4 else "teacher")
torch, F, WideResNet, utils = small_wrn.load(ref, threads)
x, _ = small_wrn.images(torch, root, "t10k")
torch.manual_seed(0)
net = small_wrn.network(torch, WideResNet, utils, kind).eval()
for cl in (False, True, False, True):
    m = net.to(memory_format=torch.channels_last) if cl else net.to(memory_format=torch.contiguous_format)
    t0 = time.time()
    with torch.no_grad():
        for k in range(0, len(x), 256):
            xb = x[k:k+256]
            if cl: xb = xb.contiguous(memory_format=torch.channels_last)
            out, _ = m(xb)
    print(kind, "channels_last" if cl else "nchw", "eval 10k: %.2f s" % (time.time() - t0))
