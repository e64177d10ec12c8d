"""Times the reference BlockSwap search (model_generator.py of BayesWatch/pytorch-blockswap, MIT) as a whole
process on CPU with a fixed random CIFAR-shaped batch instead of CIFAR-10, for `bench/blockswap-bench compare`.

model_generator.py is a script that samples and scores every candidate when imported; its data loader is
replaced before the import and it runs in a scratch folder because it writes genotypes/*.csv.
Usage: /usr/bin/python3 search.py REFERENCE_CHECKOUT SAMPLES BUDGET THREADS
"""
import os, sys, tempfile, time

ref, samples, budget, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, ref)
import torch  # noqa: E402

torch.set_num_threads(threads)
torch.manual_seed(0)


class FixedBatches:
    """Every iteration yields the same random batch of normalised-image-like data."""

    def __init__(self, batch_size):
        g = torch.Generator().manual_seed(0)
        self.x = torch.randn(batch_size, 3, 32, 32, generator=g)
        self.y = torch.randint(0, 10, (batch_size,), generator=g)

    def __iter__(self):
        while True:
            yield self.x, self.y

    def __len__(self):
        return 1


import utils  # noqa: E402

utils.get_cifar_loaders = lambda *a, **k: (FixedBatches(k.get("batch_size", 128)), FixedBatches(100))
work = tempfile.mkdtemp(prefix="blockswap-ref-")
os.makedirs(os.path.join(work, "genotypes"))
os.chdir(work)
sys.argv = ["model_generator.py", "--param_budget", str(budget), "--samples", str(samples), "--save_file", "ref"]
t0 = time.perf_counter()
import model_generator  # noqa: E402,F401  (the whole search runs here)
print("RESULT search %d candidates at %d: %.2f s in model_generator" % (samples, budget, time.perf_counter() - t0))
