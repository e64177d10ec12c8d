# Loads our model.pt strictly into the reference network and writes its eval logits and Fisher values.
import sys, torch
ref, mode = sys.argv[1], sys.argv[2]
sys.path.insert(0, ref)
from models.wide_resnet import WideResNet
from models.blocks import conv_function, Conv
torch.manual_seed(0)
if mode == "teacher":
    depth, width, out = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    net = WideResNet(depth, width, Conv)
    net.train()
    with torch.no_grad():
        for _ in range(3): net(torch.randn(8, 3, 32, 32) * 2 + 0.5)
    torch.save(net.state_dict(), out)
    net.eval()
    x = torch.randn(4, 3, 32, 32)
    with torch.no_grad(): y, _ = net(x)
    torch.save({"x": x, "logits": y}, out + ".ref")
    print("reference teacher keys", len(net.state_dict()))
    sys.exit(0)
depth, width, convs, masked, model, out = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split(","), sys.argv[6] == "group-first", sys.argv[7], sys.argv[8]
net = WideResNet(depth, width, convs=[conv_function(c) for c in convs], masked=masked)
sd = torch.load(model)
res = net.load_state_dict(sd, strict=True)
print("strict load:", res)
net.eval()
x = torch.randn(4, 3, 32, 32)
with torch.no_grad(): y, _ = net(x)
d = {"x": x, "logits": y}
if masked:
    net.train()
    xb = torch.randn(16, 3, 32, 32); yb = torch.randint(0, 10, (16,))
    d["xb"], d["yb"] = xb, yb
    # the BN running stats change in train mode: keep the file's weights for our side by reloading there
    out_, _ = net(xb)
    loss = torch.nn.functional.cross_entropy(out_, yb)
    loss.backward()
    blocks = [m for m in net.modules() if hasattr(m, "running_fisher")]
    d["fisher"] = torch.tensor([float(b.running_fisher.sum()) for b in blocks], dtype=torch.float64)
torch.save(d, out)
