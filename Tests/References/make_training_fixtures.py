#!/usr/bin/env python3
"""Keras reference fixtures for training: optimizers, LR schedules, callbacks.

Run from anywhere (paths are resolved relative to this file):

    /work/tfvenv/bin/python Tests/References/make_training_fixtures.py

Deletes and rewrites only Tests/References/Fixtures/training/:

    training/optimizers/<case>/   w0.npy grads.npy w_steps.npy [momentum.npy
                                  velocity.npy] config.json
    training/optimizers/l2_model_sgd_nesterov/   a Dense layer with l2(1e-4)
                                  trained by train_on_batch (see README.md)
    training/schedules/lr_schedule.json        seed 003's lr_schedule(epoch)
    training/schedules/keras_schedules.json    CosineDecay, ExponentialDecay,
                                               PiecewiseConstantDecay
    training/callbacks/reduce_lr_on_plateau.json, early_stopping.json,
                       model_checkpoint.json, val_acc_naming.json

Arrays follow the conventions of make_layer_fixtures.py: float32 '<f4',
C order, np.save without pickle; each case has its own
np.random.default_rng(crc32(case name)). JSON numbers that came out of a
float32 Keras variable/tensor are written as the exact float32 value
(float(np.float32(x)), e.g. 0.0010000000474974513).

The callbacks run in Keras's own CallbackList, driven by the epoch loop of
model.fit (on_train_begin, on_epoch_begin, on_epoch_end, stop on
model.stop_training, on_train_end) on a tiny compiled model, without the
training step; a first callback ("injector") writes the fixed monitored value
into the epoch logs. One case per callback kind is repeated in a real
model.fit and must give identical records (crosschecked_with_model_fit).

After writing, runs check_training_fixtures.py (independent NumPy
re-implementation of every optimizer update, schedule and callback rule).
"""

import json
import math
import os
import shutil
import sys
import tempfile
import warnings
import zlib
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "Fixtures" / "training"

tf.config.experimental.enable_op_determinism()
keras.backend.set_floatx("float32")

VERSIONS = {
    "tensorflow": tf.__version__,
    "keras": keras.__version__,
    "numpy": np.__version__,
    "python": sys.version.split()[0],
}

F32 = np.dtype("<f4")


# --------------------------------------------------------------------------
# helpers (same conventions as make_layer_fixtures.py)
# --------------------------------------------------------------------------
def rng_for(case):
    seed = zlib.crc32(case.encode("utf-8"))
    return seed, np.random.default_rng(seed)


def f32(a):
    return np.array(a, dtype=F32, order="C")


def fl32(x):
    """Exact value of a float32 as a Python float (for JSON)."""
    return float(np.float32(x))


def jsonable(v):
    if isinstance(v, (tuple, list)):
        return [jsonable(e) for e in v]
    if isinstance(v, dict):
        return {str(k): jsonable(e) for k, e in v.items()}
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def dump_json(obj, indent=0):
    """json with dicts indented and lists of scalars inline."""
    pad = "  " * (indent + 1)
    if isinstance(obj, dict) and obj:
        items = [f"{pad}{json.dumps(k)}: {dump_json(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(obj, list) and any(isinstance(e, (dict, list)) for e in obj):
        if all(isinstance(e, list) and not any(isinstance(x, (dict, list)) for x in e) for e in obj):
            items = [pad + json.dumps(e) for e in obj]
        else:
            items = [pad + dump_json(e, indent + 1) for e in obj]
        return "[\n" + ",\n".join(items) + "\n" + "  " * indent + "]"
    return json.dumps(obj)


def write_json(path, obj):
    obj = dict(obj)
    obj.update(VERSIONS)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_json(jsonable(obj)) + "\n")
    print(f"wrote {path.relative_to(HERE)}  ({path.stat().st_size} bytes)")


def write_case(folder, arrays, config):
    folder.mkdir(parents=True, exist_ok=False)
    shapes = {}
    for name, arr in arrays.items():
        arr = f32(arr)
        assert arr.dtype.str == "<f4", (name, arr.dtype)
        np.save(folder / f"{name}.npy", arr, allow_pickle=False)
        shapes[name] = list(arr.shape)
    config = dict(config)
    config["arrays"] = shapes
    config.update(VERSIONS)
    (folder / "config.json").write_text(dump_json(jsonable(config)) + "\n")
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 50_000, (folder, size)
    print(f"wrote {folder.relative_to(HERE)}  ({len(arrays)} arrays, {size} bytes)")


# --------------------------------------------------------------------------
# 1. optimizer updates
# --------------------------------------------------------------------------
# Exactly what keras/src/optimizers/{sgd,adam}.py `update_step` does in
# Keras 3.15.1 (TF backend: tf ops on the float32 variables; `lr` is the
# optimizer's float32 learning-rate variable, read once per apply).
FORMULA_SGD = {
    "source": "keras/src/optimizers/sgd.py SGD.update_step",
    "update": "w = w - lr*g",
    "slots": "none (momentum == 0 creates no slot variable)",
}
FORMULA_MOMENTUM = {
    "source": "keras/src/optimizers/sgd.py SGD.update_step",
    "update": "v = momentum*v - lr*g;  w = w + v",
    "slots": "momentum (= v, Keras name '<var>_momentum'), initialised to 0",
}
FORMULA_NESTEROV = {
    "source": "keras/src/optimizers/sgd.py SGD.update_step",
    "update": "v = momentum*v - lr*g;  w = w + momentum*v - lr*g   (v already the new v)",
    "slots": "momentum (= v, Keras name '<var>_momentum'), initialised to 0",
}
FORMULA_ADAM = {
    "source": "keras/src/optimizers/adam.py Adam.update_step",
    "update": (
        "t = iterations + 1 (iterations = number of previous applies);  "
        "m = m + (g - m)*(1 - beta_1);  v = v + (g*g - v)*(1 - beta_2);  "
        "alpha = lr*sqrt(1 - beta_2^t)/(1 - beta_1^t);  "
        "w = w - (m*alpha)/(sqrt(v) + epsilon)"),
    "notes": (
        "Bias correction is folded into the step size alpha; m and v are stored "
        "uncorrected. epsilon is added OUTSIDE the sqrt and to the uncorrected "
        "sqrt(v) ('epsilon hat' form of Kingma & Ba sec. 2), i.e. NOT "
        "lr*m_hat/(sqrt(v_hat) + epsilon): the two differ where sqrt(v) is "
        "comparable to epsilon (the 1e-8-scaled last column of grads.npy). "
        "m + (g-m)*(1-b1) is algebraically beta_1*m + (1-beta_1)*g. "
        "amsgrad=False: no velocity_hat slot."),
    "slots": "momentum (= m, '<var>_momentum'), velocity (= v, '<var>_velocity'), both initialised to 0",
}


def make_grads(rng):
    """5 gradients (3,4): scales 1, 100, 1e-4, per-element 10^U(-6,2), 1;
    last column scaled by 1e-8 in every step (Adam's epsilon dominates there);
    g5[0,0] = 0 exactly (momentum still moves that weight)."""
    w0 = f32(rng.normal(size=(3, 4)))
    base = rng.normal(size=(5, 3, 4))
    scale = np.ones((5, 3, 4))
    scale[1] = 100.0
    scale[2] = 1e-4
    scale[3] = 10.0 ** rng.uniform(-6, 2, size=(3, 4))
    scale[:, :, 3] *= 1e-8
    g = base * scale
    g[4, 0, 0] = 0.0
    return w0, f32(g)


GRADS_DESCRIPTION = (
    "grads[k] is g_{k+1}; base ~ N(0,1); step scales: g1 x1, g2 x100, g3 x1e-4, "
    "g4 x10^U(-6,2) per element, g5 x1; column 3 additionally x1e-8 in every step; "
    "g5[0,0] = 0 exactly. w0 ~ N(0,1).")


def run_optimizer(make_opt, w0, grads, lr_steps=None):
    keras.backend.clear_session()        # deterministic names: "sgd", "adam"
    opt = make_opt()
    cfg_full = opt.get_config()          # before any step (lr as constructed)
    w = keras.Variable(w0, name="w", dtype="float32")
    steps, lrs = [], []
    for k in range(len(grads)):
        if lr_steps is not None:
            opt.learning_rate = lr_steps[k]
        # the lr this apply uses: a schedule is evaluated at `iterations`
        # BEFORE the increment; a float lr is the variable's value.
        lrs.append(fl32(np.asarray(opt._get_current_learning_rate())))
        opt.apply_gradients([(tf.constant(grads[k]), w)])
        steps.append(w.numpy().copy())
    return opt, cfg_full, np.stack(steps), lrs


def opt_case(case, make_opt, formula, lr_steps=None, note=None):
    seed, rng = rng_for(case)
    w0, grads = make_grads(rng)
    opt, cfg_full, w_steps, lrs = run_optimizer(make_opt, w0, grads, lr_steps)
    arrays = {"w0": w0, "grads": grads, "w_steps": w_steps}
    slots = {}
    for v in opt.variables:
        if v.name in ("iteration", "learning_rate"):
            continue
        assert v.name.startswith("w_"), v.name
        fname = v.name[2:]               # "w_momentum" -> "momentum"
        arrays[fname] = v.numpy()
        slots[fname] = v.path
    keys = ["learning_rate", "momentum", "nesterov", "beta_1", "beta_2",
            "epsilon", "amsgrad", "weight_decay", "clipnorm", "clipvalue",
            "global_clipnorm", "use_ema", "loss_scale_factor",
            "gradient_accumulation_steps"]
    cfg = {
        "optimizer": type(opt).__name__,
        "optimizer_config": {k: cfg_full[k] for k in keys if k in cfg_full},
        "call": note,
        "formula": formula,
        "lr_per_step": lrs,
        "iterations_after": int(opt.iterations.numpy()),
        "slot_variables": slots,
        "seed": seed,
        "grads_description": GRADS_DESCRIPTION,
        "w_steps": "w_steps[k] = w after the (k+1)-th apply_gradients([(grads[k], w)])",
    }
    if lr_steps is not None:
        cfg["lr_set_before_each_step"] = [float(x) for x in lr_steps]
    write_case(OUT / "optimizers" / case, arrays, cfg)
    return arrays


def l2_model_case():
    """Dense(3, softmax, kernel_regularizer=l2(1e-4)) in a Sequential model,
    SGD(0.1, momentum=0.9, nesterov=True), categorical_crossentropy,
    train_on_batch x3 on one fixed batch."""
    case = "l2_model_sgd_nesterov"
    seed, rng = rng_for(case)
    x = f32(rng.normal(size=(4, 6)))
    labels = np.array([0, 2, 1, 2])
    y = f32(np.eye(3)[labels])
    kernel0 = f32(0.5 * rng.normal(size=(6, 3)))
    bias0 = f32(0.1 * rng.normal(size=(3,)))
    keras.backend.clear_session()
    model = keras.Sequential([
        keras.Input((6,)),
        keras.layers.Dense(3, activation="softmax",
                           kernel_regularizer=keras.regularizers.l2(1e-4),
                           name="dense"),
    ])
    dense = model.get_layer("dense")
    assert sorted(v.name for v in model.weights) == ["bias", "kernel"]
    dense.kernel.assign(kernel0)
    dense.bias.assign(bias0)
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
                  loss=keras.losses.categorical_crossentropy)
    cce = keras.losses.CategoricalCrossentropy()
    rec = {k: [] for k in ("kernel_steps", "bias_steps", "loss_reported",
                           "loss_data", "loss_l2", "dkernel_steps", "dbias_steps")}
    xt, yt = tf.constant(x), tf.constant(y)
    for step in range(3):
        # data loss, l2 term and gradient of (data + l2) at the weights the
        # step starts from -- computed independently of train_on_batch
        with tf.GradientTape() as tape:
            p = model(xt, training=True)
            data = cce(yt, p)                # fused softmax-with-logits path
            l2 = tf.add_n(model.losses)
            total = data + l2
        dk, db = tape.gradient(total, [dense.kernel, dense.bias])
        reported = model.train_on_batch(x, y)
        reported = float(np.asarray(reported).reshape(-1)[0])
        assert abs(reported - float(total)) <= 1e-6 * abs(float(total)), (reported, float(total))
        assert abs(reported - float(data)) > 1e-7, "reported loss must include the l2 term"
        rec["loss_reported"].append(reported)
        rec["loss_data"].append(float(data))
        rec["loss_l2"].append(float(l2))
        rec["dkernel_steps"].append(dk.numpy())
        rec["dbias_steps"].append(db.numpy())
        rec["kernel_steps"].append(dense.kernel.numpy().copy())
        rec["bias_steps"].append(dense.bias.numpy().copy())
    opt = model.optimizer
    slots = {v.name: v for v in opt.variables if v.name not in ("iteration", "learning_rate")}
    # Keras 3.15 names them '<model>_<layer>_<weight>_momentum'
    assert sorted(slots) == ["sequential_dense_bias_momentum",
                             "sequential_dense_kernel_momentum"], sorted(slots)
    slots = {k.removeprefix("sequential_"): v for k, v in slots.items()}
    arrays = {"x": x, "y": y, "kernel0": kernel0, "bias0": bias0}
    for k, vals in rec.items():
        arrays[k] = np.stack(vals) if k.endswith("_steps") else np.array(vals)
    arrays["momentum_kernel"] = slots["dense_kernel_momentum"].numpy()
    arrays["momentum_bias"] = slots["dense_bias_momentum"].numpy()
    cfg = {
        "model": ("Sequential([Input((6,)), Dense(3, activation='softmax', "
                  "kernel_regularizer=l2(1e-4))]); compile(SGD(0.1, momentum=0.9, "
                  "nesterov=True), keras.losses.categorical_crossentropy); "
                  "train_on_batch(x, y) x3"),
        "l2": 1e-4,
        "loss_reported": ("train_on_batch's return value = crossentropy + l2*sum(kernel^2), "
                          "evaluated in the forward pass BEFORE that step's update "
                          "(metrics are reset at each train_on_batch)"),
        "loss_data": "mean_batch(-sum(y*log softmax(logits))) (fused, unclipped), same weights",
        "loss_l2": "1e-4 * sum(kernel^2) (no 1/2), same weights; bias not regularised",
        "gradient": ("dkernel_steps[k] = d(loss_data+loss_l2)/dkernel at the start of step k+1 "
                     "= x^T (softmax(logits) - y)/batch + 2e-4*kernel; dbias = sum_batch(p - y)/batch"),
        "update": FORMULA_NESTEROV["update"] + "  (per variable, lr = 0.1 float32)",
        "slot_variables": {"momentum_kernel": slots["dense_kernel_momentum"].path,
                           "momentum_bias": slots["dense_bias_momentum"].path},
        "iterations_after": int(opt.iterations.numpy()),
        "jit_compile": bool(model.jit_compile),
        "labels": labels.tolist(),
        "seed": seed,
        "scales": "x ~ N(0,1); kernel0 ~ 0.5*N(0,1); bias0 ~ 0.1*N(0,1)",
    }
    write_case(OUT / "optimizers" / case, arrays, cfg)


def make_optimizers():
    S, A = keras.optimizers.SGD, keras.optimizers.Adam
    opt_case("sgd_plain", lambda: S(learning_rate=0.1), FORMULA_SGD, note="SGD(learning_rate=0.1)")
    opt_case("sgd_momentum", lambda: S(0.1, momentum=0.9), FORMULA_MOMENTUM,
             note="SGD(0.1, momentum=0.9)")
    opt_case("sgd_nesterov", lambda: S(0.1, momentum=0.9, nesterov=True), FORMULA_NESTEROV,
             note="SGD(0.1, momentum=0.9, nesterov=True)  (seed 004)")
    opt_case("adam_default", lambda: A(), FORMULA_ADAM, note="Adam()")
    b = opt_case("adam_explicit",
                 lambda: A(learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False),
                 FORMULA_ADAM,
                 note="Adam(learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)")
    # Adam() and the explicit Adam(...) are the same optimizer: byte-identical
    # trajectories on the same inputs
    same = run_optimizer(lambda: A(), b["w0"], b["grads"])[2]
    assert same.tobytes() == b["w_steps"].tobytes()
    opt_case("adam_lr_changes", lambda: A(), FORMULA_ADAM,
             lr_steps=[1e-3, 1e-3, 5e-4, 5e-4, 1e-4],
             note=("Adam(); optimizer.learning_rate = lr_set_before_each_step[k] before the "
                   "k-th apply (what LearningRateScheduler does at on_epoch_begin); "
                   "t keeps counting, m and v are not reset"))
    sched = keras.optimizers.schedules.PiecewiseConstantDecay([1, 3], [0.1, 0.05, 0.01])
    opt_case("sgd_momentum_piecewise_schedule", lambda: S(sched, momentum=0.9),
             dict(FORMULA_MOMENTUM, lr=("a LearningRateSchedule is evaluated at "
                                         "optimizer.iterations BEFORE the increment: the k-th "
                                         "apply (k = 1..5) uses schedule(k-1)")),
             note="SGD(PiecewiseConstantDecay(boundaries=[1, 3], values=[0.1, 0.05, 0.01]), momentum=0.9)")
    l2_model_case()


# --------------------------------------------------------------------------
# 2. schedules
# --------------------------------------------------------------------------
def lr_schedule(epoch):
    """Seed 003, verbatim apart from the print."""
    lr = 1e-3
    if epoch > 180:
        lr *= 0.5e-3
    elif epoch > 160:
        lr *= 1e-3
    elif epoch > 120:
        lr *= 1e-2
    elif epoch > 80:
        lr *= 1e-1
    return lr


def sched_values(s, steps):
    return [fl32(np.asarray(s(tf.constant(k, dtype=tf.int64)))) for k in steps]


def make_schedules():
    epochs = list(range(201))
    write_json(OUT / "schedules" / "lr_schedule.json", {
        "source": "seed 003 lr_schedule(epoch); LearningRateScheduler calls it with the 0-based epoch at on_epoch_begin",
        "code": ("lr = 1e-3; if epoch > 180: lr *= 0.5e-3 elif epoch > 160: lr *= 1e-3 "
                 "elif epoch > 120: lr *= 1e-2 elif epoch > 80: lr *= 1e-1; return lr"),
        "epochs": epochs,
        "lr": [lr_schedule(e) for e in epochs],
        "lr_float32": [fl32(lr_schedule(e)) for e in epochs],
        "note": ("lr = the Python float64 value returned; lr_float32 = the value of the "
                 "optimizer's float32 learning_rate variable after LearningRateScheduler "
                 "assigns it. Boundaries are strict '>': epoch 80 still 1e-3, 81 is 1e-4."),
    })

    S = keras.optimizers.schedules
    cos_steps = [0, 1, 10, 500, 999, 1000, 1500]
    warm_steps = [0, 1, 10, 50, 99, 100, 101, 600, 1099, 1100, 1500]
    exp_steps = [0, 1, 50, 99, 100, 101, 150, 199, 200, 250, 1000]
    pw_steps = [0, 1, 99, 100, 101, 150, 199, 200, 201, 1000]
    cases = []

    def add(name, obj, steps, formula):
        cfg = obj.get_config()
        cases.append({"name": name, "class": type(obj).__name__, "config": cfg,
                      "formula": formula, "steps": steps, "values": sched_values(obj, steps)})

    cos_formula = ("s = min(step, decay_steps); c = 0.5*(1 + cos(pi*s/decay_steps)); "
                   "lr = initial_learning_rate*((1 - alpha)*c + alpha)  (float32; "
                   "stays at alpha*initial after decay_steps)")
    add("cosine_alpha0", S.CosineDecay(initial_learning_rate=0.1, decay_steps=1000, alpha=0.0),
        cos_steps, cos_formula)
    add("cosine_alpha0.01", S.CosineDecay(initial_learning_rate=0.1, decay_steps=1000, alpha=0.01),
        cos_steps, cos_formula)
    add("cosine_warmup", S.CosineDecay(initial_learning_rate=0.0, decay_steps=1000, alpha=0.0,
                                       warmup_target=0.1, warmup_steps=100),
        warm_steps,
        ("s = min(step, decay_steps + warmup_steps); if s < warmup_steps: "
         "lr = initial + (warmup_target - initial)*s/warmup_steps (linear, starts AT "
         "initial_learning_rate for step 0); else lr = cosine decay from warmup_target "
         "evaluated at s - warmup_steps (alpha as above)"))
    add("cosine_warmup_alpha0.01_init0.01",
        S.CosineDecay(initial_learning_rate=0.01, decay_steps=1000, alpha=0.01,
                      warmup_target=0.1, warmup_steps=100),
        warm_steps, "as cosine_warmup")
    exp_formula = ("p = step/decay_steps (floor(p) if staircase); "
                   "lr = initial_learning_rate * decay_rate^p  (float32)")
    add("exponential_staircase", S.ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5,
                                                    staircase=True), exp_steps, exp_formula)
    add("exponential_smooth", S.ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5,
                                                 staircase=False), exp_steps, exp_formula)
    add("piecewise_constant", S.PiecewiseConstantDecay(boundaries=[100, 200],
                                                       values=[0.1, 0.01, 0.001]),
        pw_steps, ("values[0] if step <= boundaries[0]; values[i] if boundaries[i-1] < step <= "
                   "boundaries[i]; values[-1] if step > boundaries[-1]  (boundaries inclusive "
                   "on the left interval: step 100 -> 0.1, 101 -> 0.01)"))
    write_json(OUT / "schedules" / "keras_schedules.json", {
        "step": ("the optimizer calls schedule(optimizer.iterations) with the int64 iteration "
                 "count BEFORE the increment, so update number k (1-based) uses schedule(k-1); "
                 "values here are schedule(tf.constant(step, int64)), float32 exact"),
        "cases": cases,
    })


# --------------------------------------------------------------------------
# 3. callbacks (real model.fit, injected log values)
# --------------------------------------------------------------------------
class Injector(keras.callbacks.Callback):
    """First in the list: overwrite logs[key] with the fixed sequence."""

    def __init__(self, key, values):
        super().__init__()
        self.key, self.values = key, values

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = float(self.values[epoch])


class Recorder(keras.callbacks.Callback):
    """Last in the list: record lr and the callback's state each epoch."""

    def __init__(self, target, attrs):
        super().__init__()
        self.target, self.attrs = target, attrs
        self.rows, self.lr_begin = [], []

    def _lr(self):
        return fl32(np.asarray(self.model.optimizer.learning_rate))

    def on_epoch_begin(self, epoch, logs=None):
        self.lr_begin.append(self._lr())

    def on_epoch_end(self, epoch, logs=None):
        row = {"epoch": epoch, "lr_after": self._lr()}
        for a in self.attrs:
            v = getattr(self.target, a)
            row[a] = None if v is None else (float(v) if isinstance(v, float) else jsonable(v))
        row["stop_training"] = bool(self.model.stop_training)
        self.rows.append(row)


_MODEL = {}


def tiny_model():
    """One shared fixed model (Dense 2 -> 2 softmax, compiled with 'accuracy',
    so mode 'auto' can resolve 'val_accuracy'); 4 samples, batch 4."""
    if "m" not in _MODEL:
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)   # initializers need a seed under op determinism
        rng = np.random.default_rng(zlib.crc32(b"callbacks_model"))
        x = f32(rng.normal(size=(4, 2)))
        y = f32(np.eye(2)[[0, 1, 0, 1]])
        m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="softmax")])
        m.compile(keras.optimizers.SGD(0.1), "categorical_crossentropy", metrics=["accuracy"],
                  jit_compile=False)
        m.fit(x, y, epochs=1, batch_size=4, verbose=0)   # builds the compiled metrics
        _MODEL.update(m=m, x=x, y=y)
    return _MODEL["m"], _MODEL["x"], _MODEL["y"]


def drive(key, values, callbacks, target, attrs, lr0, real_fit=False):
    """Run `callbacks` over len(values) epochs.

    real_fit=False: Keras's own CallbackList driven by the loop of
    TensorFlowTrainer.fit (on_train_begin; per epoch on_epoch_begin,
    on_epoch_end(epoch, logs), break if model.stop_training; on_train_end)
    without the (irrelevant, ~70 ms/epoch) training step.
    real_fit=True: model.fit itself (used as a cross-check).
    Returns (recorder, epochs_run)."""
    m, x, y = tiny_model()
    m.optimizer.learning_rate = lr0
    rec = Recorder(target, attrs)
    cbs = [Injector(key, values)] + list(callbacks) + [rec]
    if real_fit:
        hist = m.fit(x, y, epochs=len(values), batch_size=4, verbose=0, shuffle=False,
                     callbacks=cbs)
        return rec, len(hist.epoch)
    cbl = keras.callbacks.CallbackList(cbs, add_history=True, model=m)
    m.stop_training = False
    cbl.on_train_begin()
    n = 0
    for epoch in range(len(values)):
        cbl.on_epoch_begin(epoch)
        cbl.on_epoch_end(epoch, {"loss": 1.0, "accuracy": 0.5})   # injector sets the monitored key
        n += 1
        if m.stop_training:
            break
    cbl.on_train_end()
    return rec, n


def comparison_text(cb, what="improvement"):
    less = cb.monitor_op.__name__ == "less"
    return (f"{what} iff current < best - min_delta" if less
            else f"{what} iff current > best + min_delta")


def rlrop_cases():
    R = keras.callbacks.ReduceLROnPlateau
    sq = np.sqrt(0.1)
    cases = []

    def run(make, key, values, lr0, real_fit=False):
        cb, extra = make()
        rec, n = drive(key, values, [cb] + extra, cb, ["wait", "cooldown_counter", "best"], lr0,
                       real_fit)
        return cb, rec, n

    def add(name, call, make, key, values, lr0, note, sched=None, crosscheck=False):
        cb, rec, n = run(make, key, values, lr0)
        c = {
            "name": name, "call": call,
            "args": {"monitor": cb.monitor, "mode": cb.mode, "factor": float(cb.factor),
                     "patience": cb.patience, "min_delta": float(abs(cb.min_delta)),
                     "cooldown": cb.cooldown, "min_lr": float(cb.min_lr)},
            "comparison": comparison_text(cb),
            "initial_lr": fl32(lr0), "monitored_key": key, "values": [float(v) for v in values],
            "note": note,
            "lr_during_epoch": rec.lr_begin,
            "lr_after_epoch": [r["lr_after"] for r in rec.rows],
            "reduced_at_epochs": [r["epoch"] for i, r in enumerate(rec.rows)
                                  if r["lr_after"] != rec.lr_begin[i]],
            "per_epoch": [{k: r[k] for k in ("epoch", "lr_after", "wait", "cooldown_counter", "best")}
                          for r in rec.rows],
            "epochs_run": n,
        }
        if sched is not None:
            c["lr_scheduler"] = sched
        if crosscheck:
            _, rec2, n2 = run(make, key, values, lr0, real_fit=True)
            assert (rec2.rows, rec2.lr_begin, n2) == (rec.rows, rec.lr_begin, n), name
            c["crosschecked_with_model_fit"] = True
        cases.append(c)

    # seed 003: val_loss (default monitor), min_delta 1e-4 (default), patience 5
    v003 = [1.00, 0.90, 0.85, 0.85, 0.84995, 0.86, 0.87, 0.86, 0.851,
            0.70, 0.69, 0.69, 0.695, 0.70, 0.69005, 0.6900,
            0.692, 0.6901, 0.68992, 0.68985, 0.70,
            0.60, 0.61, 0.62, 0.63, 0.64, 0.65, 0.55, 0.56, 0.57]
    assert len(v003) == 30
    add("seed003", "ReduceLROnPlateau(factor=np.sqrt(0.1), cooldown=0, patience=5, min_lr=0.5e-6)",
        lambda: (R(factor=sq, cooldown=0, patience=5, min_lr=0.5e-6), []), "val_loss", v003, 1e-3,
        ("seed 003's reducer alone; initial lr = lr_schedule(0) = 1e-3. Values that are "
         "better than best by less than 1e-4 (0.84995 vs 0.85, 0.68992 vs 0.69) do not count; "
         "0.68985 (1.5e-4 better) does"))
    # seed 004: loss, min_delta 0.01, patience 5; slowly decreasing loss
    v004 = [2.0, 1.5, 1.2, 1.0, 0.995, 0.992, 0.9895, 0.985, 0.982, 0.981, 0.98, 0.9796,
            0.979, 0.975, 0.97, 0.9695, 0.969, 0.965, 0.96, 0.955,
            0.95, 0.949, 0.948, 0.947, 0.946, 0.945, 0.944, 0.943, 0.942, 0.941]
    assert len(v004) == 30
    add("seed004", ("ReduceLROnPlateau(monitor='loss', factor=np.sqrt(0.1), patience=5, "
                    "min_delta=0.01, min_lr=1e-6)"),
        lambda: (R(monitor="loss", factor=sq, patience=5, min_delta=0.01, min_lr=1e-6), []),
        "loss", v004, 0.1,
        ("a loss that keeps decreasing by less than min_delta per epoch: improvement is "
         "measured against the best value, not the previous epoch"), crosscheck=True)
    vmax = [0.30, 0.40, 0.45, 0.452, 0.454, 0.449, 0.46, 0.50, 0.50, 0.503, 0.501, 0.51,
            0.55, 0.548, 0.549, 0.552, 0.556, 0.557, 0.556, 0.555, 0.554, 0.553, 0.552,
            0.551, 0.60, 0.59, 0.59, 0.59, 0.59, 0.59]
    assert len(vmax) == 30
    add("max_val_accuracy_min_lr",
        ("ReduceLROnPlateau(monitor='val_accuracy', mode='max', factor=0.5, patience=3, "
         "min_delta=0.005, min_lr=0.02)"),
        lambda: (R(monitor="val_accuracy", mode="max", factor=0.5, patience=3, min_delta=0.005,
                   min_lr=0.02), []),
        "val_accuracy", vmax, 0.1,
        ("lr 0.1 -> 0.05 -> 0.025 -> 0.02 (0.0125 clamped to min_lr); afterwards no reduction "
         "is possible (lr is not > float32(min_lr)), so `wait` is NOT reset and keeps growing"))
    vcool = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.7, 0.75, 0.75,
             0.65, 0.65, 0.66, 0.66, 0.66, 0.66, 0.66, 0.66, 0.66, 0.66, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert len(vcool) == 30
    add("cooldown2",
        "ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=2, cooldown=2, min_delta=0.0)",
        lambda: (R(monitor="val_loss", factor=0.1, patience=2, cooldown=2, min_delta=0.0), []),
        "val_loss", vcool, 0.1,
        ("cooldown: after a reduction at epoch e the next `cooldown` epochs reset wait to 0; "
         "the decrement happens first, so epoch e+cooldown already counts (wait = 1) and, with "
         "patience 2, the next reduction is at e+3 (not e+2 as without cooldown)"))
    vexact = [2.0, 1.75, 1.5, 1.25, 1.25, 1.0, 0.75, 0.5, 0.5, 0.25, 0.0, -0.25]
    add("min_delta_strict",
        "ReduceLROnPlateau(monitor='loss', factor=0.5, patience=1, min_delta=0.25)",
        lambda: (R(monitor="loss", factor=0.5, patience=1, min_delta=0.25), []),
        "loss", vexact, 0.5,
        ("binary-exact values: an improvement of exactly min_delta (2.0 -> 1.75) is NOT an "
         "improvement (strict <), measured from the best, not the previous value"))
    vclamp = [1.0] + [1.0 + 0.001 * i for i in range(1, 30)]
    add("seed003_min_lr_clamp",
        "ReduceLROnPlateau(factor=np.sqrt(0.1), cooldown=0, patience=5, min_lr=0.5e-6), initial lr 2e-6",
        lambda: (R(factor=sq, cooldown=0, patience=5, min_lr=0.5e-6), []), "val_loss", vclamp, 2e-6,
        "seed 003 settings from a small lr: 2e-6 -> 6.32e-7 -> 5e-7 (clamped), then stuck (wait grows)")
    vcomb = [1.0 - 0.01 * min(i, 10) for i in range(100)]   # improves 10 epochs, then flat
    add("seed003_with_lr_scheduler",
        ("callbacks=[ReduceLROnPlateau(factor=np.sqrt(0.1), cooldown=0, patience=5, min_lr=0.5e-6), "
         "LearningRateScheduler(lr_schedule)]  (seed 003's order, without its ModelCheckpoint)"),
        lambda: (R(factor=sq, cooldown=0, patience=5, min_lr=0.5e-6),
                 [keras.callbacks.LearningRateScheduler(lr_schedule)]),
        "val_loss", vcomb, 1e-3,
        ("LearningRateScheduler.on_epoch_begin overwrites the lr with lr_schedule(epoch) every "
         "epoch, so every reduction made at on_epoch_end is undone before the next epoch "
         "trains: lr_during_epoch == lr_schedule(epoch) throughout. The reducer's `wait` still "
         "counts and it reduces again every 5 epochs"),
        sched="seed 003 lr_schedule")
    return cases


def early_stopping_cases():
    E = keras.callbacks.EarlyStopping
    cases = []

    def add(name, call, make, key, values, note, crosscheck=False):
        cb = make()
        rec, n = drive(key, values, [cb], cb, ["wait", "best"], 0.1)
        c = {
            "name": name, "call": call,
            "args": {"monitor": cb.monitor, "mode": cb.mode, "patience": cb.patience,
                     "min_delta": float(abs(cb.min_delta)), "baseline": cb.baseline,
                     "restore_best_weights": cb.restore_best_weights,
                     "start_from_epoch": cb.start_from_epoch},
            "comparison": comparison_text(cb),
            "monitored_key": key, "values": [float(v) for v in values], "note": note,
            "stopped": bool(cb.model.stop_training),
            "stopped_epoch": cb.stopped_epoch,
            "epochs_run": n,
            "best": cb.best, "best_epoch": cb.best_epoch,
            "per_epoch": [{k: r[k] for k in ("epoch", "wait", "best", "stop_training")}
                          for r in rec.rows],
        }
        if crosscheck:
            cb2 = make()
            rec2, n2 = drive(key, values, [cb2], cb2, ["wait", "best"], 0.1, real_fit=True)
            assert (rec2.rows, n2, cb2.stopped_epoch) == (rec.rows, n, cb.stopped_epoch), name
            c["crosschecked_with_model_fit"] = True
        cases.append(c)

    va = [0.30, 0.45, 0.55, 0.60, 0.605, 0.606, 0.607, 0.600, 0.590, 0.650,
          0.650, 0.655, 0.640, 0.652, 0.653, 0.660, 0.661, 0.662, 0.663, 0.664]
    add("val_accuracy_p3_d0", "EarlyStopping(monitor='val_accuracy', patience=3, min_delta=0)",
        lambda: E(monitor="val_accuracy", patience=3, min_delta=0), "val_accuracy", va,
        "mode 'auto' resolves to max via the compiled 'accuracy' metric; a tie is not an improvement",
        crosscheck=True)
    add("val_accuracy_p3_d0.01", "EarlyStopping(monitor='val_accuracy', patience=3, min_delta=0.01)",
        lambda: E(monitor="val_accuracy", patience=3, min_delta=0.01), "val_accuracy", va,
        "min_delta is absolute: improvement iff current > best + 0.01")
    vb = [0.30, 0.35, 0.40, 0.45, 0.44, 0.46, 0.47, 0.43, 0.42, 0.41, 0.40, 0.39]
    add("val_accuracy_baseline0.5",
        "EarlyStopping(monitor='val_accuracy', patience=3, baseline=0.5)",
        lambda: E(monitor="val_accuracy", patience=3, baseline=0.5), "val_accuracy", vb,
        ("baseline: `wait` is reset only by a value that beats both best and baseline; "
         "an improving epoch returns before the patience test, so training stops at the "
         "first non-improving epoch once wait >= patience (here epoch 4)"))
    vl = [1.0, 0.9, 0.895, 0.893, 0.889, 0.88, 0.885, 0.87, 0.875, 0.87, 0.861, 0.85, 0.84]
    add("val_loss_p3_d0.01", "EarlyStopping(monitor='val_loss', patience=3, min_delta=0.01)",
        lambda: E(monitor="val_loss", patience=3, min_delta=0.01), "val_loss", vl,
        "mode min: improvement iff current < best - 0.01 (min_delta's sign flipped internally)")
    return cases


class Lister(keras.callbacks.Callback):
    """After the checkpoint callback: which file did this epoch write?
    Empties the directory each epoch, so overwrites are seen too."""

    def __init__(self, d):
        super().__init__()
        self.d, self.saved = d, []

    def on_epoch_end(self, epoch, logs=None):
        names = sorted(p.name for p in self.d.iterdir())
        assert len(names) <= 1, names
        self.saved.append(names[0] if names else None)
        for p in self.d.iterdir():
            p.unlink()


def checkpoint_cases(tmp):
    C = keras.callbacks.ModelCheckpoint
    cases = []

    def run(cb, key, values, real_fit=False):
        d = Path(tempfile.mkdtemp(dir=tmp))
        cb.filepath = str(d / "ckpt_{epoch:03d}.weights.h5")
        lister = Lister(d)
        rec, n = drive(key, values, [cb, lister], cb, ["best"], 0.1, real_fit)
        return {"saved_at_epochs": [i for i, s in enumerate(lister.saved) if s],
                "files_written": lister.saved,
                "best_after_epoch": [r["best"] for r in rec.rows]}

    def add(name, call, make, key, values, note, second_run=None, threshold=None,
            crosscheck=False):
        cb = make("placeholder.weights.h5")
        c = {
            "name": name, "call": call,
            "args": {"monitor": cb.monitor, "mode": cb.mode, "save_best_only": cb.save_best_only,
                     "initial_value_threshold": threshold,
                     "filepath": "ckpt_{epoch:03d}.weights.h5", "save_weights_only": True},
            "monitored_key": key, "values": [float(v) for v in values], "note": note,
        }
        c.update(run(cb, key, values))
        c["comparison"] = comparison_text(cb, "save") + " (min_delta is always 0)"
        if second_run is not None:
            r2 = run(cb, key, second_run)
            c["second_fit_same_instance"] = dict(
                values=second_run, **r2,
                note=("ModelCheckpoint has no on_train_begin: `best` carries over to a "
                      "second fit() with the same instance; epochs restart at 0, so "
                      "ckpt_001... are overwritten"))
        if crosscheck:
            r3 = run(make("placeholder.weights.h5"), key, values, real_fit=True)
            assert r3 == {k: c[k] for k in r3}, name
            c["crosschecked_with_model_fit"] = True
        cases.append(c)

    va = [0.30, 0.45, 0.45, 0.44, 0.50, 0.50001, 0.49, 0.52, 0.52, 0.51, 0.60, 0.55]
    add("val_accuracy_max",
        "ModelCheckpoint(path, monitor='val_accuracy', mode='max', save_best_only=True, save_weights_only=True)",
        lambda p: C(p, monitor="val_accuracy", mode="max", save_best_only=True, save_weights_only=True),
        "val_accuracy", va, "first epoch always saves (best starts as None); ties do not save",
        second_run=[0.55, 0.61, 0.62])
    vl = [1.0, 0.9, 0.9, 0.95, 0.85, 0.84999, 0.86, 0.80, 0.80, 0.81, 0.70, 0.75]
    add("val_loss_auto",
        "ModelCheckpoint(path, monitor='val_loss', save_best_only=True, save_weights_only=True)",
        lambda p: C(p, monitor="val_loss", save_best_only=True, save_weights_only=True),
        "val_loss", vl, "mode 'auto' + name ending in 'loss' -> min", crosscheck=True)
    add("val_accuracy_threshold0.5",
        ("ModelCheckpoint(path, monitor='val_accuracy', mode='max', save_best_only=True, "
         "initial_value_threshold=0.5, save_weights_only=True)"),
        lambda p: C(p, monitor="val_accuracy", mode="max", save_best_only=True,
                    initial_value_threshold=0.5, save_weights_only=True),
        "val_accuracy", va, "initial_value_threshold is the initial `best`: nothing is saved until > 0.5",
        threshold=0.5)
    return cases


def val_acc_facts(tmp):
    """What Keras 3 does with the seeds' monitor='val_acc'."""
    out = []
    rng = np.random.default_rng(zlib.crc32(b"val_acc_naming"))
    x = f32(rng.normal(size=(8, 2)))
    y = f32(np.eye(2)[[0, 1] * 4])
    for metrics in (["accuracy"], ["acc"]):
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="softmax")])
        m.compile(keras.optimizers.SGD(0.1), "categorical_crossentropy", metrics=metrics,
                  jit_compile=False)
        h = m.fit(x, y, epochs=1, validation_data=(x, y), verbose=0)
        keys = sorted(h.history)
        d = Path(tempfile.mkdtemp(dir=tmp))
        makers = {
            "ModelCheckpoint(monitor='val_acc', save_best_only=True)":
                lambda mode: keras.callbacks.ModelCheckpoint(
                    str(d / f"{mode}_{{epoch:02d}}.weights.h5"), monitor="val_acc",
                    save_best_only=True, save_weights_only=True, mode=mode),
            "EarlyStopping(monitor='val_acc', patience=1)":
                lambda mode: keras.callbacks.EarlyStopping(monitor="val_acc", patience=1, mode=mode),
            "ReduceLROnPlateau(monitor='val_acc', patience=1)":
                lambda mode: keras.callbacks.ReduceLROnPlateau(monitor="val_acc", patience=1,
                                                               mode=mode),
        }
        for call, make in makers.items():
            for mode in ("auto", "max"):
                m.optimizer.learning_rate = 0.1
                cb = make(mode)
                before = set(os.listdir(d))
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    try:
                        h = m.fit(x, y, epochs=2, validation_data=(x, y), verbose=0,
                                  callbacks=[cb])
                        result = {"outcome": "ran", "epochs_run": len(h.epoch)}
                    except Exception as e:  # noqa: BLE001
                        result = {"outcome": f"{type(e).__name__}", "message": str(e)}
                msgs = sorted({str(w.message) for w in caught
                               if "val_acc" in str(w.message)})
                result["warnings"] = msgs
                if "ModelCheckpoint" in call and result["outcome"] == "ran":
                    result["files_written"] = sorted(set(os.listdir(d)) - before)
                if "ReduceLROnPlateau" in call and result["outcome"] == "ran":
                    result["lr_after"] = fl32(np.asarray(m.optimizer.learning_rate))
                out.append({"compile_metrics": metrics, "history_keys": keys, "callback": call,
                            "mode": mode, **result})
    return out


def make_callbacks():
    tmp = tempfile.mkdtemp(prefix="training_fixtures_")
    try:
        write_json(OUT / "callbacks" / "reduce_lr_on_plateau.json", {
            "source": "keras/src/callbacks/reduce_lr_on_plateau.py, monitor_callback.py",
            "driver": ("keras.callbacks.CallbackList driven by model.fit's epoch loop on a tiny "
                       "compiled model (cases with crosschecked_with_model_fit also via a real "
                       "model.fit); an injector callback placed "
                       "first sets logs[monitored_key] = values[epoch]; lr_during_epoch = the "
                       "optimizer's float32 lr at on_epoch_begin (after any scheduler), "
                       "lr_after_epoch = after all on_epoch_end; per_epoch = the callback's "
                       "wait / cooldown_counter / best after on_epoch_end"),
            "rule": RLROP_RULE,
            "cases": rlrop_cases(),
        })
        write_json(OUT / "callbacks" / "early_stopping.json", {
            "source": "keras/src/callbacks/early_stopping.py, monitor_callback.py",
            "driver": "as reduce_lr_on_plateau.json; epochs_run = len(History.epoch)",
            "rule": ES_RULE,
            "cases": early_stopping_cases(),
        })
        write_json(OUT / "callbacks" / "model_checkpoint.json", {
            "source": "keras/src/callbacks/model_checkpoint.py, monitor_callback.py",
            "driver": ("as reduce_lr_on_plateau.json; files_written[e] = the file that appeared "
                       "during epoch e (0-based), saved_at_epochs = 0-based epochs with a save"),
            "rule": MC_RULE,
            "cases": checkpoint_cases(tmp),
        })
        write_json(OUT / "callbacks" / "val_acc_naming.json", {
            "question": ("seeds 003/004 monitor 'val_acc'; Keras 3 names the metric after the "
                         "string given to compile(metrics=[...])"),
            "summary": VAL_ACC_SUMMARY,
            "observations": val_acc_facts(tmp),
        })
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


RLROP_RULE = [
    "on_train_begin: best = None, wait = 0, cooldown_counter = 0 (monitor_op is kept).",
    "first on_epoch_end: mode 'min' -> less, 'max' -> greater, 'auto' -> less if the name "
    "without 'val_' is 'loss', else the direction of the compiled metric with that name; "
    "ValueError if none. In 'min' the stored min_delta is negated.",
    "on_epoch_end(epoch, logs): logs['learning_rate'] = current lr; current = logs[monitor]; "
    "if missing: warning, nothing else (no counter changes).",
    "if cooldown_counter > 0: cooldown_counter -= 1; wait = 0.",
    "if best is None or improvement(current, best): best = current; wait = 0. "
    "improvement: min: current + min_delta < best; max: current - min_delta > best "
    "(strict, ABSOLUTE delta, measured from the best value so far).",
    "elif cooldown_counter == 0 (tested AFTER the decrement above, so the last cooldown "
    "epoch already counts): wait += 1; if wait >= patience: old = float(lr variable); "
    "if old > float32(min_lr): lr = max(old*factor, min_lr) (float64 product, stored "
    "as float32); cooldown_counter = cooldown; wait = 0. If old <= float32(min_lr) nothing "
    "happens and wait is NOT reset (it keeps growing; every later non-improving epoch retries).",
    "an improving epoch during cooldown still updates best (and wait = 0).",
]
ES_RULE = [
    "on_train_begin: wait = 0, stopped_epoch = 0, best = None, best_epoch = 0.",
    "on_epoch_end: current = logs[monitor]; if missing (warning) or epoch < start_from_epoch: return.",
    "wait += 1 (BEFORE the comparison).",
    "if best is None or improvement(current, best): best = current, best_epoch = epoch; "
    "wait = 0 only if baseline is None or improvement(current, baseline); return "
    "(no stop test on an improving epoch).",
    "improvement: min: current + min_delta < reference; max: current - min_delta > reference "
    "(strict, absolute; min_delta = abs(min_delta), sign chosen by mode; baseline compared "
    "with the same min_delta).",
    "else if wait >= patience and epoch > 0: stopped_epoch = epoch (0-based); "
    "model.stop_training = True; fit finishes this epoch's callbacks and stops: "
    "epochs_run = stopped_epoch + 1. The verbose message prints 'Epoch {stopped_epoch+1}: early stopping'.",
    "stopped_epoch stays 0 if training was not stopped (also if it stopped at epoch 0, "
    "which cannot happen because of 'epoch > 0').",
]
MC_RULE = [
    "ModelCheckpoint(filepath, monitor, save_best_only, mode, initial_value_threshold): best "
    "starts as initial_value_threshold (None by default); min_delta is always 0.",
    "NO on_train_begin: best persists across fit() calls on the same instance.",
    "on_epoch_end(epoch, logs) with save_freq='epoch': if save_best_only: current = logs[monitor]; "
    "missing -> warning 'Can save best model only with <monitor> available.' and SAVE anyway; "
    "else save iff best is None or current < best (min) / current > best (max), strict; "
    "then best = current. Not save_best_only: save every epoch.",
    "file name: filepath.format(epoch=epoch + 1, **logs), i.e. 1-based: the save at 0-based "
    "epoch e writes ckpt_{e+1:03d}; verbose messages also say 'Epoch {e+1}'.",
    "filepath must end in .keras or .h5 (.weights.h5 with save_weights_only=True), else ValueError.",
]
VAL_ACC_SUMMARY = [
    "compile(metrics=['accuracy']) logs 'accuracy' / 'val_accuracy'; compile(metrics=['acc']) "
    "logs 'acc' / 'val_acc' (CategoricalAccuracy either way).",
    "monitor='val_acc' with metrics=['accuracy'] and mode='auto' (the seeds' setting): "
    "ModelCheckpoint, EarlyStopping and ReduceLROnPlateau all raise ValueError ('Keras isn't "
    "able to automatically determine whether that metric should be maximized or minimized') "
    "at the end of the first epoch: seed 003 and seed 004 crash in Keras 3 as written.",
    "with mode='max' (or 'min') the direction is known and the missing key only warns: "
    "EarlyStopping and ReduceLROnPlateau become no-ops; ModelCheckpoint(save_best_only=True) "
    "saves EVERY epoch.",
    "with metrics=['acc'] monitor='val_acc' works normally (auto resolves to max).",
]


def main():
    import time
    t0 = time.time()
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    make_optimizers()
    make_schedules()
    make_callbacks()
    print(f"fixtures written in {time.time() - t0:.1f} s")
    sys.path.insert(0, str(HERE))
    import check_training_fixtures
    check_training_fixtures.main(OUT)


if __name__ == "__main__":
    main()
