#!/usr/bin/env python3
"""Independent NumPy check of the Keras fixtures in Fixtures/.

Uses only NumPy (float64, naive loops) and the fixture files on disk: it
re-derives every case's outputs and gradients from x, dy and the parameters
and asserts they match what Keras wrote. This proves the fixtures mean what
README.md says they mean (padding rule, BN statistics, clipping, ...).

    python Tests/References/check_fixtures.py        # also run by make_layer_fixtures.py
"""

import json
import math
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RTOL = 1e-4
ATOL = 1e-5


def load(folder):
    arrays = {p.stem: np.load(p).astype(np.float64) for p in folder.glob("*.npy")}
    for p in folder.glob("*.npy"):
        assert np.load(p).dtype.str == "<f4", p
    cfg = json.loads((folder / "config.json").read_text())
    return arrays, cfg


# --------------------------------------------------------------------------
# reference implementations
# --------------------------------------------------------------------------
def same_pads(n, k, s):
    """TF 'same': out = ceil(n/s); extra padding goes after (bottom/right)."""
    out = math.ceil(n / s)
    total = max((out - 1) * s + k - n, 0)
    return out, total // 2, total - total // 2


def out_and_pads(n, k, s, padding):
    if padding == "same":
        return same_pads(n, k, s)
    return (n - k) // s + 1, 0, 0


def conv2d(x, w, b, strides, padding, dy):
    N, H, W, C = x.shape
    kh, kw, _, F = w.shape
    sh, sw = strides
    Ho, pt, pb = out_and_pads(H, kh, sh, padding)
    Wo, pl, pr = out_and_pads(W, kw, sw, padding)
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    y = np.zeros((N, Ho, Wo, F))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for i in range(Ho):
        for j in range(Wo):
            patch = xp[:, i * sh:i * sh + kh, j * sw:j * sw + kw, :]
            y[:, i, j, :] = np.einsum("nabc,abcf->nf", patch, w)
            g = dy[:, i, j, :]
            dw += np.einsum("nabc,nf->abcf", patch, g)
            dxp[:, i * sh:i * sh + kh, j * sw:j * sw + kw, :] += np.einsum("abcf,nf->nabc", w, g)
    if b is not None:
        y += b
    dx = dxp[:, pt:pt + H, pl:pl + W, :]
    db = dy.sum(axis=(0, 1, 2))
    return y, dx, dw, db


def pool2d(x, kind, pool, strides, padding, dy):
    N, H, W, C = x.shape
    (ph, pw), (sh, sw) = pool, strides
    Ho, pt, _ = out_and_pads(H, ph, sh, padding)
    Wo, pl, _ = out_and_pads(W, pw, sw, padding)
    y = np.zeros((N, Ho, Wo, C))
    dx = np.zeros_like(x)
    for i in range(Ho):
        for j in range(Wo):
            # window clipped to the real input: padding never contributes
            r0, c0 = i * sh - pt, j * sw - pl
            r1, c1 = min(r0 + ph, H), min(c0 + pw, W)
            r0, c0 = max(r0, 0), max(c0, 0)
            win = x[:, r0:r1, c0:c1, :]
            g = dy[:, i, j, :]
            if kind == "max":
                y[:, i, j, :] = win.max(axis=(1, 2))
                flat = win.reshape(N, -1, C)
                arg = flat.argmax(axis=1)
                for n in range(N):
                    for c in range(C):
                        a, bb = divmod(arg[n, c], c1 - c0)
                        dx[n, r0 + a, c0 + bb, c] += g[n, c]
            else:
                cnt = (r1 - r0) * (c1 - c0)  # excludes padding
                y[:, i, j, :] = win.mean(axis=(1, 2))
                dx[:, r0:r1, c0:c1, :] += g[:, None, None, :] / cnt
    return y, dx


def bn(x, a, training, momentum, eps, dy):
    axes = tuple(range(x.ndim - 1))
    g, b = a["gamma"], a["beta"]
    out = {}
    if training:
        m = x.shape[0] if x.ndim == 2 else int(np.prod(x.shape[:-1]))
        mu = x.mean(axis=axes)
        var = ((x - mu) ** 2).mean(axis=axes)  # biased (divide by m)
        xhat = (x - mu) / np.sqrt(var + eps)
        out["y"] = g * xhat + b
        dxhat = dy * g
        out["dx"] = (1.0 / np.sqrt(var + eps)) * (
            dxhat - dxhat.mean(axis=axes) - xhat * (dxhat * xhat).mean(axis=axes))
        out["moving_mean_after"] = a["moving_mean"] * momentum + mu * (1 - momentum)
        out["moving_variance_after"] = a["moving_variance"] * momentum + var * (1 - momentum)
        del m
    else:
        inv = 1.0 / np.sqrt(a["moving_variance"] + eps)
        xhat = (x - a["moving_mean"]) * inv
        out["y"] = g * xhat + b
        out["dx"] = dy * g * inv
    out["dgamma"] = (dy * xhat).sum(axis=axes)
    out["dbeta"] = dy.sum(axis=axes)
    return out


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_vjp(p, g):
    return p * (g - (g * p).sum(axis=-1, keepdims=True))


def activation(name, x, dy):
    if name == "relu":
        return np.maximum(x, 0), dy * (x > 0)
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-x))
        return s, dy * s * (1 - s)
    if name == "tanh":
        t = np.tanh(x)
        return t, dy * (1 - t * t)
    if name == "softmax":
        p = softmax(x)
        return p, softmax_vjp(p, dy)
    if name in ("linear", None):
        return x, dy
    raise ValueError(name)


EPS32 = 1e-7


def cce_prob(y_true, p, eps=EPS32):
    """Keras CCE on probabilities: q = p/sum(p), c = clip(q, eps, 1-eps)."""
    n = p.shape[0]
    S = p.sum(axis=-1, keepdims=True)
    q = (p.astype(np.float32) / p.astype(np.float32).sum(axis=-1, keepdims=True))
    lo, hi = np.float32(eps), np.float32(1.0) - np.float32(eps)
    c = np.clip(q, lo, hi).astype(np.float64)
    mask = (q >= lo) & (q <= hi)  # TF clip_by_value passes gradient inclusively
    loss = -(y_true * np.log(c)).sum(axis=-1).mean()
    gq = -y_true / c / n * mask
    dp = gq / S - (gq * p).sum(axis=-1, keepdims=True) / S ** 2
    return loss, dp


def sparse_prob(labels, p, eps=EPS32):
    """Keras sparse CCE on probabilities: clip (no renormalisation), log,
    then sparse_softmax_cross_entropy_with_logits."""
    n, k = p.shape
    onehot = np.eye(k)[labels.astype(int)]
    p32 = p.astype(np.float32)
    lo, hi = np.float32(eps), np.float32(1.0) - np.float32(eps)
    c = np.clip(p32, lo, hi).astype(np.float64)
    mask = (p32 >= lo) & (p32 <= hi)
    loss = (-np.log((onehot * c).sum(-1) / c.sum(-1))).mean()
    dp = mask * (1.0 / c.sum(-1, keepdims=True) - onehot / c) / n
    return loss, dp


# --------------------------------------------------------------------------
# checking
# --------------------------------------------------------------------------
RESULTS = []


def compare(case, name, ref, got):
    ref = np.asarray(ref, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    assert ref.shape == got.shape, (case, name, ref.shape, got.shape)
    diff = np.abs(ref - got)
    mad = float(diff.max()) if diff.size else 0.0
    rel = float((diff / np.maximum(np.abs(ref), 1e-3)).max()) if diff.size else 0.0
    ok = np.allclose(got, ref, rtol=RTOL, atol=ATOL)
    RESULTS.append((case, name, mad, rel, ok))
    assert ok, f"{case}/{name}: max abs diff {mad:.3g}"


def check_layer(case, a, cfg):
    kind = cfg["layer"]
    dy = a.get("dy")
    if kind == "Conv2D":
        y, dx, dw, db = conv2d(a["x"], a["kernel"], a.get("bias"),
                               cfg["strides"], cfg["padding"], dy)
        compare(case, "y", y, a["y"])
        compare(case, "dx", dx, a["dx"])
        compare(case, "dkernel", dw, a["dkernel"])
        if cfg["use_bias"]:
            compare(case, "dbias", db, a["dbias"])
    elif kind == "BatchNormalization":
        out = bn(a["x"], a, cfg["training"], cfg["momentum"], cfg["epsilon"], dy)
        for k, v in out.items():
            compare(case, k, v, a[k])
        if cfg["training"]:
            # discriminating check: the unbiased (m-1) variance must NOT
            # reproduce Keras's moving_variance update.
            x = a["x"]
            axes = tuple(range(x.ndim - 1))
            mom = cfg["momentum"]
            v_unb = x.var(axis=axes, ddof=1)
            mv_unb = a["moving_variance"] * mom + v_unb * (1 - mom)
            assert not np.allclose(mv_unb, a["moving_variance_after"], rtol=1e-6, atol=1e-7), case
    elif kind in ("MaxPooling2D", "AveragePooling2D"):
        y, dx = pool2d(a["x"], "max" if kind.startswith("Max") else "avg",
                       cfg["pool_size"], cfg["strides"], cfg["padding"], dy)
        compare(case, "y", y, a["y"])
        compare(case, "dx", dx, a["dx"])
        if kind.startswith("Average") and cfg["padding"] == "same":
            # discriminating check: counting the zero padding in the divisor
            # (count_include_pad) must NOT reproduce Keras's output.
            x = a["x"]
            (ph, pw), (sh, sw) = cfg["pool_size"], cfg["strides"]
            Ho, pt, pb = same_pads(x.shape[1], ph, sh)
            Wo, pl, pr = same_pads(x.shape[2], pw, sw)
            xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
            y_incl = np.stack([np.stack([xp[:, i*sh:i*sh+ph, j*sw:j*sw+pw].mean(axis=(1, 2))
                                         for j in range(Wo)], 1) for i in range(Ho)], 1)
            assert not np.allclose(y_incl, a["y"], rtol=RTOL, atol=ATOL), case
    elif kind == "GlobalAveragePooling2D":
        x = a["x"]
        compare(case, "y", x.mean(axis=(1, 2)), a["y"])
        compare(case, "dx", np.broadcast_to(dy[:, None, None, :] / (x.shape[1] * x.shape[2]),
                                            x.shape), a["dx"])
    elif kind == "ZeroPadding2D":
        (t, b), (l, r) = cfg["padding"]
        x = a["x"]
        compare(case, "y", np.pad(x, ((0, 0), (t, b), (l, r), (0, 0))), a["y"])
        compare(case, "dx", dy[:, t:t + x.shape[1], l:l + x.shape[2], :], a["dx"])
    elif kind == "Flatten":
        x = a["x"]
        compare(case, "y", x.reshape(x.shape[0], -1), a["y"])  # C order (NHWC)
        compare(case, "dx", dy.reshape(x.shape), a["dx"])
    elif kind == "Dense":
        z = a["x"] @ a["kernel"] + (a["bias"] if cfg["use_bias"] else 0)
        y, dz = activation(cfg["activation"], z, dy)
        compare(case, "y", y, a["y"])
        compare(case, "dx", dz @ a["kernel"].T, a["dx"])
        compare(case, "dkernel", a["x"].T @ dz, a["dkernel"])
        if cfg["use_bias"]:
            compare(case, "dbias", dz.sum(0), a["dbias"])
    elif kind == "Activation":
        y, dx = activation(cfg["activation"], a["x"], dy)
        compare(case, "y", y, a["y"])
        compare(case, "dx", dx, a["dx"])
    elif kind == "Add":
        compare(case, "y", a["x1"] + a["x2"], a["y"])
        compare(case, "dx1", dy, a["dx1"])
        compare(case, "dx2", dy, a["dx2"])
    else:
        raise ValueError(kind)


def check_loss(case, a, cfg):
    name = cfg["loss"]
    if name in ("CategoricalCrossentropy", "SparseCategoricalCrossentropy"):
        n = a["logits"].shape[0]
        p = softmax(a["logits"])
        compare(case, "y_pred", p, a["y_pred"])
        if name == "CategoricalCrossentropy":
            onehot = a["y_true"]
            loss, dp = cce_prob(onehot, a["y_pred"])
        else:
            onehot = np.eye(p.shape[1])[a["y_true"].astype(int)]
            loss, dp = sparse_prob(a["y_true"], a["y_pred"])
        compare(case, "loss", loss, a["loss"])
        compare(case, "dy_pred", dp, a["dy_pred"])
        compare(case, "dlogits", softmax_vjp(a["y_pred"], dp), a["dlogits"])
        logsm = a["logits"] - a["logits"].max(-1, keepdims=True)
        logsm = logsm - np.log(np.exp(logsm).sum(-1, keepdims=True))
        compare(case, "loss_fused", -(onehot * logsm).sum(-1).mean(), a["loss_fused"])
        compare(case, "dlogits_fused", (p - onehot) / n, a["dlogits_fused"])
        if case == "cce_extreme":
            # the probability path must really have hit the clipping
            assert abs(a["loss"] - a["loss_fused"]) > 1.0, case
    elif name == "MeanSquaredError":
        d = a["y_pred"] - a["y_true"]
        compare(case, "loss", (d ** 2).mean(-1).mean(), a["loss"])
        compare(case, "dy_pred", 2 * d / d.size, a["dy_pred"])
    elif name == "L2":
        l2 = np.float64(np.float32(cfg["l2"]))
        compare(case, "loss", l2 * (a["kernel"] ** 2).sum(), a["loss"])
        compare(case, "dkernel", 2 * l2 * a["kernel"], a["dkernel"])
    else:
        raise ValueError(name)


def main(root=None):
    root = Path(root) if root else HERE / "Fixtures"
    RESULTS.clear()
    n_cases = 0
    for group, fn in (("layers", check_layer), ("losses", check_loss)):
        for folder in sorted((root / group).iterdir()):
            a, cfg = load(folder)
            fn(folder.name, a, cfg)
            n_cases += 1
    worst, worst_rel = {}, {}
    for case, name, mad, rel, ok in RESULTS:
        worst[case] = max(worst.get(case, 0.0), mad)
        worst_rel[case] = max(worst_rel.get(case, 0.0), rel)
    print(f"check_fixtures: {len(RESULTS)} arrays in {n_cases} cases match NumPy "
          f"(rtol={RTOL}, atol={ATOL}); per case max abs diff / max rel diff "
          f"(rel = |d| / max(|ref|, 1e-3)):")
    for case, mad in worst.items():
        print(f"  {case:30s} {mad:.2e}  {worst_rel[case]:.2e}")
    print(f"  overall max abs diff {max(worst.values()):.2e}, "
          f"max rel diff {max(worst_rel.values()):.2e}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
