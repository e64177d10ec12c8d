"""Checks python/blockswap_torch.py against files BlockSwap.NET wrote (driven by tests/.../PythonModuleTests.cs).

Reads CASES (a JSON list) and prints one JSON object: per case the largest absolute logit difference after a strict
load, and per counted network the parameter count. Each case: {"dir", "input": [shape], "uint8": bool, "spec"?}."""
import json, os, sys

import torch

sys.path.insert(0, os.environ["BLOCKSWAP_PYTHON"])
import blockswap_torch as bs  # noqa: E402

torch.set_num_threads(1)
cases = json.load(open(sys.argv[1]))
out = {"torch": torch.__version__, "cases": [], "counts": []}
for c in cases.get("cases", []):
    d = c["dir"]
    model, info = bs.load(d)  # result.json or best.json + model.pt, strict=True
    raw = open(os.path.join(d, "input.bin"), "rb").read()
    if c["uint8"]:
        images = torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(c["input"])
        _, probs = bs.predict(model, images, info)
        with torch.no_grad():
            logits = model(bs.normalise(images, info))
    else:
        with torch.no_grad():
            logits = model(torch.frombuffer(bytearray(raw), dtype=torch.float32).reshape(c["input"]))
    expected = torch.frombuffer(bytearray(open(os.path.join(d, "logits.bin"), "rb").read()), dtype=torch.float32).reshape(logits.shape)
    out["cases"].append({"dir": d, "maxAbsDiff": float((logits - expected).abs().max()), "scale": float(expected.abs().max())})
for spec in cases.get("counts", []):
    net = bs.BlockSwapNet(spec["architecture"], spec["blocks"], spec.get("classes", 10), spec.get("inChannels", 3), spec.get("wrapper", "per-block"))
    out["counts"].append(sum(p.numel() for p in net.parameters()))
print(json.dumps(out))
