"""Networks trained by BlockSwap.NET, in plain PyTorch.

One file, no dependency beyond PyTorch (1.13 or later). It rebuilds any network the tool makes from the tool's own
description of it (a training run's ``result.json``, or a search's ``best.json``) and loads the run's ``model.pt``
with ``strict=True``: every block type, both wrapper policies, any input channels, image size and class count, the
WideResNets and the pre-activation ResNet-18/34. Module names are the tool's, which are the reference
implementation's, so the state_dict keys match without mapping.

    import blockswap_torch as bs
    model, info = bs.load("runs/tour/student")           # a run folder (result.json + model.pt), or an export --pytorch folder
    classes, probs = bs.predict(model, images, info)     # images: uint8 N×H×W(×C) or float N×C×H×W in [0, 1]

The block catalogue below mirrors the tool's (``blockswap blocks`` lists it; docs/method.md defines it); the
project's tests check every type's parameter count and the logits of several networks against the tool.
"""
from __future__ import annotations

import json
import os
import re
from collections import OrderedDict

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["BlockType", "block_type", "build", "load", "predict", "normalise", "read_description"]


# ---------------------------------------------------------------------------------------------------------------
# Block types: a name says the family, the grouping of the spatial 3×3 convolution and the bottleneck reduction.
# ---------------------------------------------------------------------------------------------------------------

class BlockType:
    """One substitute for a 3×3 convolution, e.g. ``G8B2``: family, group rule, reduction (or MBConv expansion)."""

    def __init__(self, name, family, rule, n, reduction):
        self.name, self.family, self.rule, self.n, self.reduction = name, family, rule, n, reduction

    @property
    def wrapper(self):
        """The residual wrapper the type gets on its own: two instances (basic) or one (bottle)."""
        return "basic" if self.family in ("conv", "dconv") else "bottle"

    def spatial_channels(self, a, b):
        if self.family == "bottleneck":
            return b // self.reduction
        return self.reduction * a if self.family == "mbconv" else a

    def groups(self, a, b):
        c = self.spatial_channels(a, b)
        if self.family == "conv" or self.rule == "full":
            return 1
        if self.rule == "depthwise":
            return c
        return self.n if self.rule == "count" else c // self.n

    def check(self, a, b):
        c, g = self.spatial_channels(a, b), self.groups(a, b)
        if c <= 0 or g <= 0 or c % g != 0:
            raise ValueError(f"block type {self.name} cannot map {a} to {b} channels ({c} channels in {g} groups)")

    def instance(self, a, b, stride):
        """The layers of one instance a→b, named as the tool names them."""
        self.check(a, b)
        g = self.groups(a, b)
        conv = lambda i, o, k, s, groups=1: nn.Conv2d(i, o, k, stride=s, padding=k // 2, groups=groups, bias=False)
        if self.family == "conv":
            layers = [("conv", conv(a, b, 3, stride))]
        elif self.family == "dconv":
            layers = [("convdw", conv(a, a, 3, stride, g)), ("bn", nn.BatchNorm2d(a)), ("relu", nn.ReLU()), ("conv1x1", conv(a, b, 1, 1))]
        elif self.family == "bottleneck":
            m = self.spatial_channels(a, b)
            layers = [("conv1x1_down", conv(a, m, 1, 1)), ("bn1", nn.BatchNorm2d(m)), ("relu1", nn.ReLU()),
                      ("convdw" if self.rule == "depthwise" else "conv", conv(m, m, 3, stride, g)),
                      ("bn2", nn.BatchNorm2d(m)), ("relu2", nn.ReLU()), ("conv1x1_up", conv(m, b, 1, 1))]
        else:  # mbconv: expand, depthwise, project, with a final BN and no ReLU
            p = self.spatial_channels(a, b)
            layers = [("conv1", conv(a, p, 1, 1)), ("bn1", nn.BatchNorm2d(p)), ("relu1", nn.ReLU()),
                      ("conv2", conv(p, p, 3, stride, p)), ("bn2", nn.BatchNorm2d(p)), ("relu2", nn.ReLU()),
                      ("conv3", conv(p, b, 1, 1)), ("bn3", nn.BatchNorm2d(b))]
        return nn.Sequential(OrderedDict(layers))

    def __repr__(self):
        return self.name


_PATTERNS = [
    (r"Conv", lambda m: ("conv", "full", 1, 0)),
    (r"DConv", lambda m: ("dconv", "depthwise", 0, 0)),
    (r"DConvA(\d+)", lambda m: ("dconv", "count", int(m[1]), 0)),
    (r"DConvG(\d+)", lambda m: ("dconv", "size", int(m[1]), 0)),
    (r"ConvB(\d+)", lambda m: ("bottleneck", "full", 1, int(m[1]))),
    (r"DConvB(\d+)", lambda m: ("bottleneck", "depthwise", 0, int(m[1]))),
    (r"A(\d+)B(\d+)", lambda m: ("bottleneck", "count", int(m[1]), int(m[2]))),
    (r"G(\d+)B(\d+)", lambda m: ("bottleneck", "size", int(m[1]), int(m[2]))),
    (r"MBConv(\d+)", lambda m: ("mbconv", "depthwise", 0, int(m[1]))),
]


def block_type(name: str) -> BlockType:
    """The block type a name describes (case-insensitive, as the tool): ``Conv``, ``DConvA8``, ``G8B2``, ``MBConv6`` ..."""
    for pattern, fields in _PATTERNS:
        m = re.fullmatch(pattern, name.strip(), flags=re.IGNORECASE)
        if m:
            family, rule, n, reduction = fields(m)
            return BlockType(name.strip(), family, rule, n, reduction)
    raise ValueError(f"unknown block type '{name}'; `blockswap blocks` lists the valid ones")


# ---------------------------------------------------------------------------------------------------------------
# The residual wrapper and the networks.
# ---------------------------------------------------------------------------------------------------------------

class Residual(nn.Module):
    """Pre-activation residual block: a = relu(bn1(x)); out = shortcut(a) + branch(a), or x + branch(a) without a projection."""

    def __init__(self, t: BlockType, wrapper: str, a: int, b: int, stride: int):
        super().__init__()
        self.bn1, self.relu1 = nn.BatchNorm2d(a), nn.ReLU()
        self.conv1 = t.instance(a, b, stride)
        self.basic = wrapper == "basic"
        if self.basic:
            self.bn2, self.relu2 = nn.BatchNorm2d(b), nn.ReLU()
            self.conv2 = t.instance(b, b, 1)
        self.convShortcut = nn.Conv2d(a, b, 1, stride=stride, bias=False) if a != b else None

    def forward(self, x):
        a = self.relu1(self.bn1(x))
        y = self.conv1(a)
        if self.basic:
            y = self.conv2(self.relu2(self.bn2(y)))
        return (self.convShortcut(a) if self.convShortcut is not None else x) + y


class _Group(nn.Module):
    """Holds a group's blocks under ``layer`` (the reference's NetworkBlock), so paths read block{g}.0.layer.{j}."""

    def __init__(self, blocks):
        super().__init__()
        self.layer = nn.Sequential(*blocks)

    def forward(self, x):
        return self.layer(x)


def _skeleton(architecture: str):
    """(family, stem width, group widths, blocks per group, group strides) of wrn-D-K, resnet18 or resnet34."""
    name = architecture.strip().lower()
    m = re.fullmatch(r"wrn-(\d+)-(\d+)", name)
    if m:
        depth, k = int(m[1]), int(m[2])
        if depth < 10 or (depth - 4) % 6:
            raise ValueError(f"WideResNet depth {depth} is invalid: use 6n+4")
        n = (depth - 4) // 6
        return "wrn", 16, [16 * k, 32 * k, 64 * k], [n, n, n], [1, 2, 2]
    if name in ("resnet18", "resnet-18", "resnet34", "resnet-34"):
        blocks = [2, 2, 2, 2] if "18" in name else [3, 4, 6, 3]
        return "resnet", 64, [64, 128, 256, 512], blocks, [1, 2, 2, 2]
    raise ValueError(f"unknown architecture '{architecture}'; use wrn-D-K, resnet18 or resnet34")


class BlockSwapNet(nn.Module):
    """A WideResNet or pre-activation ResNet with one block type per position, as BlockSwap.NET builds it."""

    def __init__(self, architecture: str, blocks, classes=10, in_channels=3, wrapper="per-block"):
        super().__init__()
        family, width, widths, counts, strides = _skeleton(architecture)
        types = [b if isinstance(b, BlockType) else block_type(b) for b in blocks]
        if len(types) != sum(counts):
            raise ValueError(f"{architecture} has {sum(counts)} block positions but {len(types)} block types were given")
        if wrapper not in ("per-block", "group-first"):
            raise ValueError(f"wrapper policy '{wrapper}' is invalid: per-block or group-first")
        self.family = family
        if family == "wrn":
            self.conv1 = nn.Conv2d(in_channels, 16, 3, padding=1, bias=False)
        else:
            self.conv1 = nn.Conv2d(in_channels, 64, 7, stride=2, padding=3, bias=False)
            self.bn1, self.relu = nn.BatchNorm2d(64), nn.ReLU()
            self.mpool = nn.MaxPool2d(3, stride=2, padding=1)
        i = 0
        for g, (w, count, stride) in enumerate(zip(widths, counts, strides)):
            group_wrapper = types[i].wrapper
            group = []
            for j in range(count):
                t = types[i]
                group.append(Residual(t, group_wrapper if wrapper == "group-first" else t.wrapper, width, w, stride if j == 0 else 1))
                width, i = w, i + 1
            setattr(self, f"block{g + 1}", nn.Sequential(_Group(group)))
        self.groups = len(widths)
        if family == "wrn":
            self.bn1, self.relu = nn.BatchNorm2d(width), nn.ReLU()
        self.fc = nn.Linear(width, classes)

    def forward(self, x):
        x = self.conv1(x)
        if self.family == "resnet":
            x = self.mpool(self.relu(self.bn1(x)))
        for g in range(self.groups):
            x = getattr(self, f"block{g + 1}")(x)
        if self.family == "wrn":
            x = self.relu(self.bn1(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


# ---------------------------------------------------------------------------------------------------------------
# Files: result.json / best.json, model.pt, and the stored preprocessing.
# ---------------------------------------------------------------------------------------------------------------

def read_description(path: str) -> dict:
    """The network description and preprocessing of a run folder, a result.json or a best.json, as one flat dict."""
    if os.path.isdir(path):
        for name in ("network.json", "result.json", "best.json"):
            if os.path.exists(os.path.join(path, name)):
                path = os.path.join(path, name)
                break
        else:
            raise FileNotFoundError(f"{path} holds no result.json or best.json")
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    net = doc.get("network", doc)  # result.json nests it; best.json is flat
    arch = net["architecture"]
    info = {
        "architecture": arch,
        "blocks": list(net["blocks"]),
        "classes": net.get("classes", 10),
        "in_channels": net.get("inChannels", 3),
        "input_size": net.get("inputSize") or (224 if arch.lower().startswith("resnet") else 32),
        "wrapper": net.get("wrapper", "per-block"),
        "class_names": doc.get("classes") if isinstance(doc.get("classes"), list) else None,
        "mean": (doc.get("normalisation") or {}).get("mean"),
        "std": (doc.get("normalisation") or {}).get("std"),
        "source": path,
    }
    return info


def build(description) -> BlockSwapNet:
    """An untrained network from a description (dict from read_description, or a path to result.json/best.json/folder)."""
    d = read_description(description) if isinstance(description, str) else description
    return BlockSwapNet(d["architecture"], d["blocks"], d["classes"], d["in_channels"], d["wrapper"])


def load(path: str, weights: str | None = None, strict: bool = True, map_location="cpu"):
    """The trained network of a run folder (or result.json), its weights loaded with ``strict``; and its description."""
    info = read_description(path)
    model = build(info)
    if weights is None:
        weights = os.path.join(os.path.dirname(info["source"]), "model.pt")
    model.load_state_dict(torch.load(weights, map_location=map_location), strict=strict)
    return model.eval(), info


def normalise(images, info: dict) -> torch.Tensor:
    """Images as the network was trained on them: N×C×H×W float, (pixel / 255 − mean) / std with the stored statistics.

    Accepts uint8 N×H×W, N×H×W×C or N×C×H×W (pixels 0–255), or float N×C×H×W in [0, 1]. Images must already have the
    network's input size (the tool resizes the short side and centre-crops when it reads an image folder)."""
    x = torch.as_tensor(images)
    if x.dtype == torch.uint8:
        x = x.float() / 255
        if x.dim() == 3:
            x = x.unsqueeze(1)
        elif x.dim() == 4 and x.shape[-1] in (1, 3) and x.shape[1] not in (1, 3):
            x = x.permute(0, 3, 1, 2)
    x = x.float()
    if x.dim() != 4 or x.shape[1] != info["in_channels"] or x.shape[2] != info["input_size"] or x.shape[3] != info["input_size"]:
        raise ValueError(f"images of shape {tuple(x.shape)} do not fit the network: it takes N×{info['in_channels']}×"
                         f"{info['input_size']}×{info['input_size']}")
    if info.get("mean") is not None:
        mean = torch.tensor(info["mean"]).view(1, -1, 1, 1)
        std = torch.tensor(info["std"]).view(1, -1, 1, 1)
        x = (x - mean) / std
    return x


@torch.no_grad()
def predict(model: nn.Module, images, info: dict):
    """Class indices (or names, when the run stored them) and probabilities, with the run's own preprocessing."""
    model.eval()
    probs = torch.softmax(model(normalise(images, info)), dim=1)
    best = probs.argmax(dim=1)
    names = info.get("class_names")
    labels = [names[i] for i in best.tolist()] if names else best.tolist()
    return labels, probs


if __name__ == "__main__":
    import sys

    if len(sys.argv) < 2:
        print("usage: python3 blockswap_torch.py RUN_DIR   (loads result.json + model.pt strictly and prints the network)")
        sys.exit(2)
    net, meta = load(sys.argv[1])
    print(f"{meta['architecture']} [{','.join(meta['blocks'])}] ({meta['wrapper']}): "
          f"{sum(p.numel() for p in net.parameters()):,} parameters, input {meta['in_channels']}×{meta['input_size']}²,"
          f" {meta['classes']} classes; loaded {os.path.join(os.path.dirname(meta['source']), 'model.pt')} strictly")
