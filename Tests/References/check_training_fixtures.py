#!/usr/bin/env python3
"""Independent NumPy check of Fixtures/training/ (needs only NumPy).

Re-derives, from the inputs stored in the fixtures and the rules written out
in README.md, every optimizer trajectory (float64, textbook few-line
formulas), the l2-regularised model's three training steps, every schedule
value and every callback decision, and asserts agreement with what Keras
wrote:

* optimizer weights / slots / losses / gradients: |keras - numpy| <= 1e-6*|numpy|
  element-wise (relative; the worst value seen is printed);
* schedules: |keras - numpy| <= 1e-6*|numpy| + 1e-8 (the absolute term covers
  CosineDecay's float32 cancellation near the end of the decay);
* callbacks: exact (same decisions, same float32 learning rates).

    python Tests/References/check_training_fixtures.py    # also run by make_training_fixtures.py
"""

import json
import math
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RTOL = 1e-6
WORST = {}


def f32(x):
    return float(np.float32(x))


def load(folder):
    arrays = {}
    for p in sorted(folder.glob("*.npy")):
        a = np.load(p, allow_pickle=False)
        assert a.dtype.str == "<f4", p
        arrays[p.stem] = a.astype(np.float64)
    cfg = json.loads((folder / "config.json").read_text())
    assert sorted(cfg["arrays"]) == sorted(arrays), (folder, sorted(arrays))
    return arrays, cfg


def close(name, keras_val, ref, rtol=RTOL, atol=0.0, group="optimizers"):
    keras_val = np.asarray(keras_val, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    assert keras_val.shape == ref.shape, (name, keras_val.shape, ref.shape)
    err = np.abs(keras_val - ref)
    ok = err <= rtol * np.abs(ref) + atol
    if not ok.all():
        i = np.unravel_index(np.argmax(err - rtol * np.abs(ref)), err.shape)
        raise AssertionError(f"{name}: keras {keras_val[i]!r} vs numpy {ref[i]!r} at {i}")
    denom = np.where(ref == 0, 1.0, np.abs(ref))
    rel = float(np.max(err / denom)) if err.size else 0.0
    if rel > WORST.get(group, (0.0, ""))[0]:
        WORST[group] = (rel, name)


def differs(name, keras_val, ref, rtol=1e-4):
    """Negative control: the plausible alternative must NOT match."""
    keras_val, ref = np.asarray(keras_val), np.asarray(ref)
    assert not np.all(np.abs(keras_val - ref) <= rtol * np.abs(ref)), f"negative control matched: {name}"


# --------------------------------------------------------------------------
# optimizers: textbook formulas in float64
# --------------------------------------------------------------------------
def sgd(w, grads, lrs, momentum=0.0, nesterov=False):
    v = np.zeros_like(w)
    out = []
    for g, lr in zip(grads, lrs):
        if momentum == 0.0:
            w = w - lr * g
        else:
            v = momentum * v - lr * g
            w = w + (momentum * v - lr * g if nesterov else v)
        out.append(w)
    return np.stack(out), {"momentum": v} if momentum else {}


def adam(w, grads, lrs, b1, b2, eps, textbook_eps=False, keras_constants=True):
    # Keras casts beta_1/beta_2 to float32 before beta^t and (1 - beta) to
    # float32 before multiplying; by default use the same constants
    # (keras_constants=False: exact decimal ones, also within tolerance).
    if keras_constants:
        b1p, b2p = f32(b1), f32(b2)
        c1, c2 = f32(1 - b1), f32(1 - b2)
        eps = f32(eps)
    else:
        b1p, b2p, c1, c2 = b1, b2, 1 - b1, 1 - b2
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    out = []
    for t, (g, lr) in enumerate(zip(grads, lrs), start=1):
        m = (1 - c1) * m + c1 * g
        v = (1 - c2) * v + c2 * g * g
        if textbook_eps:    # lr * m_hat / (sqrt(v_hat) + eps)
            w = w - lr * (m / (1 - b1p ** t)) / (np.sqrt(v / (1 - b2p ** t)) + eps)
        else:               # Keras: epsilon-hat form
            alpha = lr * math.sqrt(1 - b2p ** t) / (1 - b1p ** t)
            w = w - alpha * m / (np.sqrt(v) + eps)
        out.append(w)
    return np.stack(out), {"momentum": m, "velocity": v}


def piecewise(step, boundaries, values):
    for b, val in zip(boundaries, values):
        if step <= b:
            return val
    return values[-1]


def check_optimizer(folder):
    a, cfg = load(folder)
    oc = cfg["optimizer_config"]
    lrs = cfg["lr_per_step"]
    grads = a["grads"]
    # the learning rate the Keras run used is what its config says it is
    lr_cfg = oc["learning_rate"]
    if isinstance(lr_cfg, dict):      # serialized schedule: schedule(k - 1)
        sc = lr_cfg["config"]
        expect = [f32(piecewise(k, sc["boundaries"], sc["values"])) for k in range(5)]
    elif "lr_set_before_each_step" in cfg:
        expect = [f32(x) for x in cfg["lr_set_before_each_step"]]
    else:
        expect = [f32(lr_cfg)] * 5
    assert lrs == expect, (folder.name, lrs, expect)
    assert cfg["iterations_after"] == 5

    if cfg["optimizer"] == "SGD":
        w, slots = sgd(a["w0"], grads, lrs, oc["momentum"], oc["nesterov"])
        if oc["momentum"]:
            # negative control: Nesterov and plain momentum must differ
            alt, _ = sgd(a["w0"], grads, lrs, oc["momentum"], not oc["nesterov"])
            differs(folder.name + " nesterov<->plain", a["w_steps"][1:], alt[1:])
    else:
        assert oc["amsgrad"] is False
        w, slots = adam(a["w0"], grads, lrs, oc["beta_1"], oc["beta_2"], oc["epsilon"])
        alt, _ = adam(a["w0"], grads, lrs, oc["beta_1"], oc["beta_2"], oc["epsilon"],
                      textbook_eps=True)
        # epsilon placement only matters in the 1e-8-scaled column
        differs(folder.name + " textbook epsilon", a["w_steps"][:, :, 3] - a["w0"][:, 3],
                alt[:, :, 3] - a["w0"][:, 3])
        # with exact decimal betas the result is still within tolerance
        exact, _ = adam(a["w0"], grads, lrs, oc["beta_1"], oc["beta_2"], oc["epsilon"],
                        keras_constants=False)
        close(folder.name + "/w_steps (decimal betas)", a["w_steps"], exact, group="decimal")
    close(folder.name + "/w_steps", a["w_steps"], w, group=folder.name)
    assert sorted(slots) == sorted(cfg["slot_variables"]), (folder.name, slots.keys())
    for k, ref in slots.items():
        close(f"{folder.name}/{k}", a[k], ref, group=folder.name)
    return folder.name


def check_l2_model(folder):
    a, cfg = load(folder)
    x, y, K, b = a["x"], a["y"], a["kernel0"], a["bias0"]
    l2, lr, mu, n = cfg["l2"], f32(0.1), 0.9, x.shape[0]
    vK, vb = np.zeros_like(K), np.zeros_like(b)
    for s in range(3):
        z = x @ K + b
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        data = float(np.mean(-np.sum(y * np.log(p), axis=1)))
        reg = l2 * float(np.sum(K * K))
        dK = x.T @ (p - y) / n + 2 * l2 * K
        db = (p - y).sum(axis=0) / n
        g = folder.name
        close(f"{g}/loss_data[{s}]", a["loss_data"][s], data, group=g)
        close(f"{g}/loss_l2[{s}]", a["loss_l2"][s], reg, group=g)
        close(f"{g}/loss_reported[{s}]", a["loss_reported"][s], data + reg, group=g)
        differs(f"{folder.name}/loss_reported[{s}] without l2", a["loss_reported"][s], data, rtol=1e-7)
        # gradients are float32 sums with cancellation (x^T (p - y)): relative
        # to the array's largest entry, not element-wise
        close(f"{folder.name}/dkernel_steps[{s}]", a["dkernel_steps"][s], dK,
              atol=RTOL * np.abs(dK).max(), group="gradients")
        close(f"{folder.name}/dbias_steps[{s}]", a["dbias_steps"][s], db,
              atol=RTOL * np.abs(db).max(), group="gradients")
        vK = mu * vK - lr * dK
        vb = mu * vb - lr * db
        K = K + mu * vK - lr * dK
        b = b + mu * vb - lr * db
        close(f"{g}/kernel_steps[{s}]", a["kernel_steps"][s], K, group=g)
        close(f"{g}/bias_steps[{s}]", a["bias_steps"][s], b, group=g)
    close(f"{g}/momentum_kernel", a["momentum_kernel"], vK, group=g)
    close(f"{g}/momentum_bias", a["momentum_bias"], vb, group=g)
    assert cfg["iterations_after"] == 3
    return folder.name


# --------------------------------------------------------------------------
# schedules
# --------------------------------------------------------------------------
def lr_schedule(epoch):
    if epoch > 180:
        return 1e-3 * 0.5e-3
    if epoch > 160:
        return 1e-3 * 1e-3
    if epoch > 120:
        return 1e-3 * 1e-2
    if epoch > 80:
        return 1e-3 * 1e-1
    return 1e-3


def schedule_value(cls, c, step):
    if cls == "CosineDecay":
        init, ds, alpha = c["initial_learning_rate"], c["decay_steps"], c["alpha"]
        wt, ws = c["warmup_target"], c["warmup_steps"]
        if wt is None:
            s = min(step, ds)
            return init * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * s / ds)) + alpha)
        s = min(step, ds + ws)
        if s < ws:
            return init + (wt - init) * s / ws
        s -= ws
        return wt * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * s / ds)) + alpha)
    if cls == "ExponentialDecay":
        p = step / c["decay_steps"]
        if c["staircase"]:
            p = math.floor(p)
        return c["initial_learning_rate"] * c["decay_rate"] ** p
    if cls == "PiecewiseConstantDecay":
        return piecewise(step, c["boundaries"], c["values"])
    raise ValueError(cls)


def check_schedules(root):
    d = json.loads((root / "schedules" / "lr_schedule.json").read_text())
    assert d["epochs"] == list(range(201))
    assert d["lr"] == [lr_schedule(e) for e in d["epochs"]]
    assert d["lr_float32"] == [f32(lr_schedule(e)) for e in d["epochs"]]
    n = 1
    d = json.loads((root / "schedules" / "keras_schedules.json").read_text())
    for case in d["cases"]:
        ref = [schedule_value(case["class"], case["config"], s) for s in case["steps"]]
        close("schedules/" + case["name"], case["values"], ref, atol=1e-8, group="schedules")
        n += 1
    return n


# --------------------------------------------------------------------------
# callbacks: the rules of README.md, simulated
# --------------------------------------------------------------------------
def better(mode, current, ref, min_delta):
    if ref is None:
        return True
    if mode == "min":
        return current + min_delta < ref      # Keras: less(current - (-min_delta), ref)
    return current - min_delta > ref


def direction(args):
    if args["mode"] != "auto":
        return args["mode"]
    return "min" if args["monitor"].removeprefix("val_") == "loss" else "max"


def sim_rlrop(case, schedule=None):
    a = case["args"]
    mode = direction(a)
    lr = f32(case["initial_lr"])
    best, wait, cool = None, 0, 0
    during, after, rows = [], [], []
    for epoch, cur in enumerate(case["values"]):
        if schedule is not None:
            lr = f32(schedule(epoch))
        during.append(lr)
        if cool > 0:
            cool -= 1
            wait = 0
        if better(mode, cur, best, a["min_delta"]):
            best, wait = cur, 0
        elif cool == 0:
            wait += 1
            if wait >= a["patience"] and lr > f32(a["min_lr"]):
                lr = f32(max(lr * a["factor"], a["min_lr"]))
                cool, wait = a["cooldown"], 0
        after.append(lr)
        rows.append({"epoch": epoch, "lr_after": lr, "wait": wait, "cooldown_counter": cool,
                     "best": best})
    return during, after, rows


def sim_early_stopping(case):
    a = case["args"]
    mode = direction(a)
    best, wait, best_epoch, stopped_epoch, stop = None, 0, 0, 0, False
    rows = []
    for epoch, cur in enumerate(case["values"]):
        wait += 1
        if better(mode, cur, best, a["min_delta"]):
            best, best_epoch = cur, epoch
            if a["baseline"] is None or better(mode, cur, a["baseline"], a["min_delta"]):
                wait = 0
        elif wait >= a["patience"] and epoch > 0:
            stopped_epoch, stop = epoch, True
        rows.append({"epoch": epoch, "wait": wait, "best": best, "stop_training": stop})
        if stop:
            break
    return {"stopped": stop, "stopped_epoch": stopped_epoch, "epochs_run": len(rows),
            "best": best, "best_epoch": best_epoch, "per_epoch": rows}


def sim_checkpoint(values, mode, best):
    saved, files, bests = [], [], []
    for epoch, cur in enumerate(values):
        if best is None or (cur < best if mode == "min" else cur > best):
            best = cur
            saved.append(epoch)
            files.append(f"ckpt_{epoch + 1:03d}.weights.h5")
        else:
            files.append(None)
        bests.append(best)
    return saved, files, bests


def check_callbacks(root):
    n = 0
    d = json.loads((root / "callbacks" / "reduce_lr_on_plateau.json").read_text())
    for case in d["cases"]:
        sched = lr_schedule if case.get("lr_scheduler") else None
        during, after, rows = sim_rlrop(case, sched)
        assert case["lr_during_epoch"] == during, (case["name"], case["lr_during_epoch"], during)
        assert case["lr_after_epoch"] == after, (case["name"], case["lr_after_epoch"], after)
        assert case["per_epoch"] == rows, case["name"]
        assert case["epochs_run"] == len(case["values"])
        n += 1
    d = json.loads((root / "callbacks" / "early_stopping.json").read_text())
    for case in d["cases"]:
        sim = sim_early_stopping(case)
        for k, v in sim.items():
            assert case[k] == v, (case["name"], k, case[k], v)
        n += 1
    d = json.loads((root / "callbacks" / "model_checkpoint.json").read_text())
    for case in d["cases"]:
        a = case["args"]
        saved, files, bests = sim_checkpoint(case["values"], direction(a), a["initial_value_threshold"])
        assert (case["saved_at_epochs"], case["files_written"], case["best_after_epoch"]) == \
            (saved, files, bests), case["name"]
        if "second_fit_same_instance" in case:
            s2 = case["second_fit_same_instance"]
            saved, files, bests = sim_checkpoint(s2["values"], direction(a), bests[-1])
            assert (s2["saved_at_epochs"], s2["files_written"], s2["best_after_epoch"]) == \
                (saved, files, bests), case["name"] + " second fit"
        n += 1
    d = json.loads((root / "callbacks" / "val_acc_naming.json").read_text())
    for o in d["observations"]:
        auto_fails = o["compile_metrics"] == ["accuracy"] and o["mode"] == "auto"
        assert (o["outcome"] == "ValueError") == auto_fails, o
        if o["compile_metrics"] == ["accuracy"] and o["mode"] == "max":
            assert o["warnings"], o
            if "ModelCheckpoint" in o["callback"]:
                assert len(o["files_written"]) == o["epochs_run"] == 2, o
            if "ReduceLROnPlateau" in o["callback"]:
                assert o["lr_after"] == f32(0.1), o
            if "EarlyStopping" in o["callback"]:
                assert o["epochs_run"] == 2, o
        n += 1
    return n


def main(root=None):
    root = Path(root) if root else HERE / "Fixtures" / "training"
    opt_dirs = sorted(p for p in (root / "optimizers").iterdir() if p.is_dir())
    done = []
    for folder in opt_dirs:
        if folder.name.startswith("l2_model"):
            done.append(check_l2_model(folder))
        else:
            done.append(check_optimizer(folder))
    print(f"optimizers: {len(done)} cases OK, element-wise |keras - numpy| <= {RTOL}*|numpy|:")
    for name in done:
        rel, where = WORST.get(name, (0.0, "all exact"))
        print(f"  {name:34s} worst relative {rel:.2e}  ({where})")
    print(f"  Adam with exact decimal beta_1/beta_2/epsilon instead of Keras's float32 casts: "
          f"worst relative {WORST['decimal'][0]:.2e}")
    if "gradients" in WORST:
        print(f"  l2 model gradients: worst element-wise relative {WORST['gradients'][0]:.2e} "
              f"({WORST['gradients'][1]}), within 1e-6 of each array's max |value|")
    n = check_schedules(root)
    print(f"schedules: {n} OK; worst relative {WORST['schedules'][0]:.2e} ({WORST['schedules'][1]})")
    n = check_callbacks(root)
    print(f"callbacks: {n} cases/observations OK (exact)")
    print("check_training_fixtures: all OK")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
