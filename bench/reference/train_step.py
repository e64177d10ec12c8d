"""Times the reference's training step on CPU (BayesWatch/pytorch-blockswap, MIT): the WRN-40-2 teacher with
cross-entropy, and a student (the published 400K genotype) with cross-entropy plus attention transfer to the
teacher as its train.py computes it (beta·3/len · Σ at_loss over the group outputs), SGD(0.1, 0.9, 5e-4),
batch 128, for `bench/blockswap-bench compare`.
Usage: /usr/bin/python3 train_step.py REFERENCE_CHECKOUT STEPS THREADS
"""
import sys, time

ref, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, ref)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from models import WideResNet  # noqa: E402
from utils import at_loss, string_to_conv  # noqa: E402

torch.set_num_threads(threads)
torch.manual_seed(0)
STUDENT = ("Conv,DConvG16,DConv,DConvA2,ConvB2,DConvA8,DConvG2,DConvG16,DConvA8,DConvA16,DConvG8,DConvA4,"
           "DConvG4,DConvG4,A4B2,DConvG8,DConvG8,G16B2").split(",")
g = torch.Generator().manual_seed(0)
x = torch.randn(128, 3, 32, 32, generator=g)
y = torch.randint(0, 10, (128,), generator=g)
teacher = WideResNet(40, 2)
student = WideResNet(40, 2, convs=[string_to_conv[c] for c in STUDENT], masked=True)


def time_steps(net, distil):
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    times = []
    for i in range(steps + 1):
        t0 = time.perf_counter()
        opt.zero_grad()
        out, ints = net(x)
        loss = F.cross_entropy(out, y)
        if distil:
            with torch.no_grad():
                _, teacher_ints = teacher(x)
            # as train.py: one activation per group, beta·3/len per pair
            loss = loss + 1e3 * 3 / len(ints) * sum(at_loss(a, b) for a, b in zip(ints, teacher_ints))
        loss.backward()
        opt.step()
        if i > 0:
            times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


print("RESULT teacher step %.3f s" % time_steps(teacher, False))
teacher.eval()
print("RESULT student+AT step %.3f s" % time_steps(student, True))
