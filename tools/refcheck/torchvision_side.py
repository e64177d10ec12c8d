# Writes a torchvision ResNet's state_dict (random weights, BN statistics moved by a few training-mode passes) and
# its eval-mode logits and stage outputs on a random batch, for `refcheck torchvision`.
import sys, torch, torchvision
layers, classes, size, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
torch.manual_seed(0)
net = getattr(torchvision.models, f"resnet{layers}")(num_classes=classes)
net.train()
with torch.no_grad():
    for _ in range(3): net(torch.randn(8, 3, size, size) * 2 + 0.5)
torch.save(net.state_dict(), out)
net.eval()
x = torch.randn(4, 3, size, size)
with torch.no_grad():
    h = net.maxpool(net.relu(net.bn1(net.conv1(x))))
    stages = []
    for layer in (net.layer1, net.layer2, net.layer3, net.layer4):
        h = layer(h); stages.append(h)
    y = net(x)
torch.save({"x": x, "logits": y, **{f"stage{i}": s for i, s in enumerate(stages)}}, out + ".ref")
print(f"torchvision resnet{layers}: {len(net.state_dict())} keys, {sum(p.numel() for p in net.parameters())} params")
