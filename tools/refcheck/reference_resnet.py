# Loads our model.pt strictly into the reference ResNet and writes its eval logits (by-hand check; see README.md).
import sys, torch
sys.path.insert(0, sys.argv[1])
import models.blocks as B
from models.resnet import ResNet
convs = [B.conv_function(c) for c in sys.argv[2].split(",")]
net = ResNet(B.Conv, B.BasicBlock, [2,2,2,2], num_classes=10, convs=convs, masked=sys.argv[3] == "group-first")
print("strict load:", net.load_state_dict(torch.load(sys.argv[4]), strict=True))
net.eval(); x = torch.randn(2, 3, 224, 224)
with torch.no_grad(): y, _ = net(x)
torch.save({"x": x, "logits": y}, sys.argv[5])
