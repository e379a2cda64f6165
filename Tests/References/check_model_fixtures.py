#!/usr/bin/env python3
"""Independent NumPy check of the block fixtures in Fixtures/models/.

Uses only NumPy and the files on disk. Each block folder's config.json lists
its layers in order with their inbound layers and Keras arguments; this script
runs that graph with check_fixtures.py's float64 naive-loop layers (conv2d,
bn, pool2d, activation) and checks, against what Keras wrote:

  * y (training=True), every act.<layer> (training=True), y_inference;
  * the full backward pass for upstream dy: dx and every d.<layer>.<param>,
    with the shortcut gradient summed into the block input (dx = main + shortcut);
  * every <bn>.moving_mean_after / moving_variance_after;
  * l2_loss (= 1e-4 * sum of squared regularized kernels) where present;
  * discriminating checks: con_block's stride sits on the first 1x1 conv (not
    the 3x3), and seed 004's stride-2 shortcut is AvgPool2D + 1x1 conv (a
    plain strided 1x1 conv does not match).

    python Tests/References/check_model_fixtures.py   # also run by make_model_fixtures.py
"""

import copy
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "Tools"))   # seed_models.py lives with the tools that use it

from check_fixtures import ATOL, RTOL, activation, bn, conv2d, pool2d  # noqa: E402

BLOCKS = ["identity_block", "conv_block", "residual_unit_s2", "residual_unit_s1"]


def load(folder):
    arrays = {}
    for p in folder.glob("*.npy"):
        a = np.load(p)
        assert a.dtype.str == "<f4", p
        arrays[p.stem] = a.astype(np.float64)
    return arrays, json.loads((folder / "config.json").read_text())


def weights_of(a, name):
    return {k.split(".", 1)[1]: v for k, v in a.items()
            if k.startswith(name + ".") and not k.endswith("_after")}


def layer_forward(L, ins, w, training):
    cls, c = L["class_name"], L["config"]
    x = ins[0]
    if cls == "Conv2D":
        # check_fixtures.conv2d also runs a backward pass; give it a zero dy
        y = conv2d(x, w["kernel"], w.get("bias"), c["strides"], c["padding"],
                   _zeros_out(x, w["kernel"], c))[0]
        return y
    if cls == "BatchNormalization":
        return bn(x, w, training, c["momentum"], c["epsilon"], np.zeros_like(x))["y"]
    if cls in ("AveragePooling2D", "MaxPooling2D"):
        kind = "avg" if cls.startswith("Average") else "max"
        Ho = _out(x.shape[1], c["pool_size"][0], c["strides"][0], c["padding"])
        Wo = _out(x.shape[2], c["pool_size"][1], c["strides"][1], c["padding"])
        dy0 = np.zeros((x.shape[0], Ho, Wo, x.shape[3]))
        return pool2d(x, kind, c["pool_size"], c["strides"], c["padding"], dy0)[0]
    if cls == "Activation":
        return activation(c["activation"], x, np.zeros_like(x))[0]
    if cls == "Add":
        return sum(ins)
    raise ValueError(cls)


def _out(n, k, s, padding):
    return -(-n // s) if padding == "same" else (n - k) // s + 1


def _zeros_out(x, k, c):
    Ho = _out(x.shape[1], k.shape[0], c["strides"][0], c["padding"])
    Wo = _out(x.shape[2], k.shape[1], c["strides"][1], c["padding"])
    return np.zeros((x.shape[0], Ho, Wo, k.shape[3]))


def run_graph(cfg, a, training, dy=None):
    """Forward through cfg['layers']; with dy also the backward pass.
    Returns (outputs by layer name, gradients: 'x' and 'layer.param')."""
    vals = {cfg["input"]: a["x"]}
    for L in cfg["layers"]:
        ins = [vals[n] for n in L["inbound"]]
        vals[L["name"]] = layer_forward(L, ins, weights_of(a, L["name"]), training)
    if dy is None:
        return vals, {}
    grad = {cfg["output"]: dy}
    out = {}
    for L in reversed(cfg["layers"]):
        name, cls, c = L["name"], L["class_name"], L["config"]
        g = grad.pop(name)
        ins = [vals[n] for n in L["inbound"]]
        w = weights_of(a, name)
        if cls == "Conv2D":
            _, dx, dw, db = conv2d(ins[0], w["kernel"], w.get("bias"),
                                   c["strides"], c["padding"], g)
            out[name + ".kernel"] = dw
            if c["use_bias"]:
                out[name + ".bias"] = db
            dins = [dx]
        elif cls == "BatchNormalization":
            r = bn(ins[0], w, training, c["momentum"], c["epsilon"], g)
            out[name + ".gamma"], out[name + ".beta"] = r["dgamma"], r["dbeta"]
            if training:
                out[name + ".moving_mean_after"] = r["moving_mean_after"]
                out[name + ".moving_variance_after"] = r["moving_variance_after"]
            dins = [r["dx"]]
        elif cls in ("AveragePooling2D", "MaxPooling2D"):
            kind = "avg" if cls.startswith("Average") else "max"
            dins = [pool2d(ins[0], kind, c["pool_size"], c["strides"], c["padding"], g)[1]]
        elif cls == "Activation":
            dins = [activation(c["activation"], ins[0], g)[1]]
        elif cls == "Add":
            dins = [g for _ in ins]  # the shortcut gets the same gradient
        else:
            raise ValueError(cls)
        for n, d in zip(L["inbound"], dins):
            grad[n] = grad.get(n, 0) + d  # shortcut + main path meet here
    out["x"] = grad.pop(cfg["input"])
    assert not grad, grad.keys()
    return vals, out


RESULTS = []


def compare(case, name, ref, got):
    ref = np.asarray(ref, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    assert ref.shape == got.shape, (case, name, ref.shape, got.shape)
    diff = np.abs(ref - got)
    mad = float(diff.max()) if diff.size else 0.0
    ok = np.allclose(got, ref, rtol=RTOL, atol=ATOL)
    RESULTS.append((case, name, mad, ok))
    assert ok, f"{case}/{name}: max abs diff {mad:.3g}"


def check_block(case, a, cfg):
    vals, grads = run_graph(cfg, a, True, a["dy"])
    compare(case, "y", vals[cfg["output"]], a["y"])
    for L in cfg["layers"]:
        compare(case, "act." + L["name"], vals[L["name"]], a["act." + L["name"]])
    compare(case, "dx", grads["x"], a["dx"])
    for p in cfg["trainable_params"]:
        compare(case, "d." + p, grads[p], a["d." + p])
    for L in cfg["layers"]:
        if L["class_name"] == "BatchNormalization":
            for s in ("moving_mean_after", "moving_variance_after"):
                k = f"{L['name']}.{s}"
                compare(case, k, grads[k], a[k])
    inf, _ = run_graph(cfg, a, False)
    compare(case, "y_inference", inf[cfg["output"]], a["y_inference"])
    if "l2_loss" in a:
        l2 = np.float64(np.float32(1e-4))
        ref = sum(l2 * (a[L["name"] + ".kernel"] ** 2).sum() for L in cfg["layers"]
                  if L["class_name"] == "Conv2D" and L["config"].get("kernel_l2"))
        compare(case, "l2_loss", ref, a["l2_loss"])
    # every array in the folder was checked or is an input
    inputs = {"x", "dy"} | {k for k in a if k.count(".") == 1 and not k.startswith(("d.", "act."))
                            and not k.endswith("_after")}
    checked = {n for c, n, _, _ in RESULTS if c == case}
    assert set(a) == inputs | checked, set(a) ^ (inputs | checked)


def negative_controls(case, a, cfg):
    """The plausible alternative architecture must NOT reproduce y."""
    alt = copy.deepcopy(cfg)
    layers = {L["name"]: L for L in alt["layers"]}
    if case == "conv_block":
        # stride on the 3x3 conv (torchvision 'v1.5') instead of the first 1x1
        layers["res3a_branch2a"]["config"]["strides"] = [1, 1]
        layers["res3a_branch2b"]["config"]["strides"] = [2, 2]
    elif case == "residual_unit_s2":
        # seed 003-style projection: strided 1x1 conv, no average pooling
        layers["shortcut_pool"]["config"].update(pool_size=[1, 1], strides=[1, 1])
        layers["shortcut_conv"]["config"]["strides"] = [2, 2]
    else:
        return
    vals, _ = run_graph(alt, a, True)
    assert not np.allclose(vals[alt["output"]], a["y"], rtol=RTOL, atol=ATOL), case


def main(root=None):
    root = Path(root) if root else HERE / "Fixtures" / "models"
    RESULTS.clear()
    for case in BLOCKS:
        a, cfg = load(root / case)
        check_block(case, a, cfg)
        negative_controls(case, a, cfg)
    print(f"check_model_fixtures: {len(RESULTS)} arrays in {len(BLOCKS)} blocks match NumPy "
          f"(rtol={RTOL}, atol={ATOL}); max abs diff per block "
          f"(forward training / forward inference / backward and moving stats):")
    for case in BLOCKS:
        rs = [r for r in RESULTS if r[0] == case]
        fwd = max(m for _, n, m, _ in rs if n == "y" or n.startswith("act."))
        inf = max(m for _, n, m, _ in rs if n == "y_inference")
        rest = max(m for _, n, m, _ in rs if not (n in ("y", "y_inference") or n.startswith("act.")))
        print(f"  {case:18s} {fwd:.2e}  {inf:.2e}  {rest:.2e}")
    print(f"  overall max abs diff {max(r[2] for r in RESULTS):.2e}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
