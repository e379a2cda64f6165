#!/usr/bin/env python3
"""Reference values for the exercises (Sources/Exercises), computed with Keras and NumPy.

    /work/tfvenv/bin/python Tests/References/exercise_fixtures.py

Deletes and rewrites Tests/References/Fixtures/exercises/ (about 15 s). Read by
Tests/ExerciseTests; see README.md, "Exercise fixtures".

Inputs follow CS231n's habit: small fixed arrays built from formulas, never random draws.
`ramp` is np.linspace reshaped; `scrambled` holds the same linspace values visited with a
stride coprime to their count, so neighbouring elements differ (an ordered ramp makes every
channel of an image nearly the same feature, which would hide mistakes). Every weight is
assigned explicitly. Besides the right answer, some folders hold what a *plausible mistake*
produces (`mistake_*.npy`), so a failing check can say which mistake it sees.

Conventions as in the other fixtures: '<f4' .npy, NHWC, Keras kernels (kh, kw, cin, cout),
gradients of L = reduce_sum(y * dy). Ends with NumPy cross-checks of the arrays whose rule
is simple enough to restate (conv, BN, dense, zero-padding shortcut, accuracy).
"""

import json
import math
import os
import shutil
import sys
from pathlib import Path

sys.dont_write_bytecode = True
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "Tools"))   # seed_models.py lives with the tools that use it
import seed_models as sm  # noqa: E402

OUT = HERE / "Fixtures" / "exercises"
VERSIONS = {"tensorflow": tf.__version__, "keras": keras.__version__, "numpy": np.__version__}
tf.config.experimental.enable_op_determinism()


# --------------------------------------------------------------------------
# inputs and writing
# --------------------------------------------------------------------------
def ramp(shape, lo=-1.0, hi=1.0):
    n = int(np.prod(shape))
    return np.linspace(lo, hi, n).astype(np.float32).reshape(shape)


def scrambled(shape, lo=-1.0, hi=1.0, stride=7):
    """linspace(lo, hi, n) visited as v[(i * p) % n], p the first prime ≥ stride not dividing n."""
    n = int(np.prod(shape))
    p = stride
    while n % p == 0 or any(p % q == 0 for q in range(2, int(p ** 0.5) + 1)):
        p += 1
    v = np.linspace(lo, hi, n)
    return v[(np.arange(n) * p) % n].astype(np.float32).reshape(shape)


def glorot_limit(shape):
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return math.sqrt(6.0 / (receptive * shape[-2] + receptive * shape[-1]))


def f32(a):
    return np.ascontiguousarray(np.asarray(a, dtype="<f4"))


def save(folder, name, array):
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / f"{name}.npy", f32(array), allow_pickle=False)


def dump(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**obj, "versions": VERSIONS}, indent=1) + "\n")


def weight_values(layer, salt):
    """Fixed values for every weight of a layer, by Keras's weight names."""
    out = []
    for w in layer.weights:
        name, shape = w.name.split("/")[-1], tuple(w.shape)
        if name == "kernel":
            lim = glorot_limit(shape)
            out.append(scrambled(shape, -lim, lim, stride=7 + salt))
        elif name == "bias":
            out.append(scrambled(shape, -0.1, 0.1, stride=3 + salt))
        elif name == "gamma":
            out.append(scrambled(shape, 0.6, 1.4, stride=5 + salt))
        elif name == "beta":
            out.append(scrambled(shape, -0.2, 0.2, stride=3 + salt))
        elif name == "moving_mean":
            out.append(scrambled(shape, -0.3, 0.3, stride=2 + salt))
        elif name == "moving_variance":
            out.append(scrambled(shape, 0.5, 2.0, stride=3 + salt))
        else:
            raise ValueError(f"unexpected weight {w.name}")
    return out


def assign_all(model):
    """Sets every weight of every layer (asserted), salted by layer position."""
    for i, layer in enumerate(model.layers):
        if layer.weights:
            layer.set_weights(weight_values(layer, i % 11))
    return model


def counts(model):
    trainable = int(sum(np.prod(w.shape) for w in model.trainable_weights))
    non_trainable = int(sum(np.prod(w.shape) for w in model.non_trainable_weights))
    return {"trainable": trainable, "non_trainable": non_trainable, "total": trainable + non_trainable}


def forward_backward(model, x, dy, training=True):
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = model(xt, training=training)
        loss = tf.reduce_sum(y * dy)
    return y.numpy(), tape.gradient(loss, xt).numpy()


# --------------------------------------------------------------------------
# 2a · the output-size formula, read off Keras's own Conv2D
# --------------------------------------------------------------------------
def output_size():
    cases = []
    for n in [1, 2, 3, 5, 6, 7, 8, 9, 28, 32]:
        for k in [1, 2, 3, 5, 7]:
            for s in [1, 2, 3]:
                for padding in ["valid", "same"]:
                    if padding == "valid" and k > n:
                        continue
                    # A column of 1, 2, …, n and one filter per kernel tap t (a one-hot kernel):
                    # y[j, t] = x[j·s − pad_before + t], zero where that row is padding.
                    x = np.arange(1, n + 1, dtype=np.float32).reshape(1, n, 1, 1)
                    conv = L.Conv2D(k, (k, 1), strides=(s, 1), padding=padding, use_bias=False)
                    conv.build((1, n, 1, 1))
                    conv.set_weights([np.eye(k, dtype=np.float32).reshape(k, 1, 1, k)])
                    y = conv(x).numpy().reshape(-1, k)
                    out = y.shape[0]
                    t = int(np.nonzero(y[0])[0][0])           # the first window's first real row
                    pad_before = t + 1 - int(y[0, t])
                    # The last window ends at row (out−1)·s − pad_before + k − 1; beyond n−1 is padding.
                    end = (out - 1) * s - pad_before + k - 1
                    last = [int(v) - 1 for v in y[-1] if v != 0]
                    assert last[-1] == min(end, n - 1), (n, k, s, padding)
                    pad_after = max(end - (n - 1), 0)
                    cases.append({"input": n, "kernel": k, "stride": s, "padding": padding,
                                  "output": out, "pad_before": pad_before, "pad_after": pad_after})
    dump(OUT / "output_size.json", {"about": "Keras Conv2D on a (1, n, 1, 1) column: output length and "
                                    "the padding its windows use before/after the input", "cases": cases})
    print(f"output_size.json: {len(cases)} cases")


# --------------------------------------------------------------------------
# 2b · naive Conv2D forward
# --------------------------------------------------------------------------
CONV_CASES = {
    "k3_s1_same": dict(x=(2, 5, 5, 3), k=(3, 3), f=4, s=1, padding="same"),
    "k3_s2_same_even": dict(x=(1, 6, 6, 2), k=(3, 3), f=3, s=2, padding="same"),
    "k3_s2_valid": dict(x=(1, 7, 7, 2), k=(3, 3), f=2, s=2, padding="valid"),
    "k2_s1_same": dict(x=(1, 4, 5, 2), k=(2, 2), f=2, s=1, padding="same"),
    "k1_s2_valid": dict(x=(2, 5, 5, 3), k=(1, 1), f=2, s=2, padding="valid"),
    "k3x2_s2_same_rect": dict(x=(1, 7, 6, 2), k=(3, 2), f=3, s=2, padding="same"),
}


def numpy_conv(x, w, b, s, padding, pad_extra_before=False, flip=False):
    n, h, wd, c = x.shape
    kh, kw, _, f = w.shape
    if flip:
        w = w[::-1, ::-1]

    def axis(size, k):
        if padding == "valid":
            return (size - k) // s + 1, 0
        out = -(-size // s)
        total = max((out - 1) * s + k - size, 0)
        return out, (total + 1) // 2 if pad_extra_before else total // 2

    oh, ph = axis(h, kh)
    ow, pw = axis(wd, kw)
    xp = np.zeros((n, h + 2 * kh, wd + 2 * kw, c))
    xp[:, ph:ph + h, pw:pw + wd] = x
    y = np.zeros((n, oh, ow, f))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, i * s:i * s + kh, j * s:j * s + kw, :]
            y[:, i, j, :] = np.tensordot(patch, w, axes=([1, 2, 3], [0, 1, 2]))
    return y + b


def naive_conv():
    for name, c in CONV_CASES.items():
        folder = OUT / "conv" / name
        x = scrambled(c["x"], -1, 1, stride=5)
        w = scrambled(c["k"] + (c["x"][3], c["f"]), -0.5, 0.5, stride=11)
        b = ramp((c["f"],), -0.2, 0.3)
        conv = L.Conv2D(c["f"], c["k"], strides=c["s"], padding=c["padding"])
        conv.build(c["x"])
        conv.set_weights([w, b])
        y = conv(x).numpy()
        for a, v in [("x", x), ("kernel", w), ("bias", b), ("y", y)]:
            save(folder, a, v)
        save(folder, "mistake_no_bias", y - b)
        save(folder, "mistake_flipped_kernel", numpy_conv(x, w, b, c["s"], c["padding"], flip=True))
        if c["padding"] == "same":
            save(folder, "mistake_pad_before", numpy_conv(x, w, b, c["s"], c["padding"], pad_extra_before=True))
        assert np.allclose(numpy_conv(x, w, b, c["s"], c["padding"]), y, rtol=1e-4, atol=1e-5), name
        dump(folder / "config.json", {"strides": c["s"], "padding": c["padding"], "kernel_size": list(c["k"])})
    print(f"conv/: {len(CONV_CASES)} cases")


# --------------------------------------------------------------------------
# 3 · BatchNormalization forward, training mode
# --------------------------------------------------------------------------
BN_CASES = {
    "nhwc": dict(x=(2, 3, 4, 3), momentum=0.99, epsilon=1e-3),
    "features": dict(x=(6, 4), momentum=0.99, epsilon=1e-3),
    "momentum0.9_eps1e-5": dict(x=(3, 2, 2, 2), momentum=0.9, epsilon=1e-5),
}


def batchnorm():
    for name, c in BN_CASES.items():
        folder = OUT / "batchnorm" / name
        shape, ch = c["x"], c["x"][-1]
        # Channels get different centres and spreads, so a per-channel mistake shows.
        x = scrambled(shape, -1, 1, stride=5) * ramp((ch,), 0.5, 3.0) + ramp((ch,), -1.0, 2.0)
        bn = L.BatchNormalization(momentum=c["momentum"], epsilon=c["epsilon"])
        bn.build(shape)
        gamma, beta = ramp((ch,), 0.5, 1.5), ramp((ch,), -0.3, 0.2)
        mm, mv = ramp((ch,), -0.4, 0.4), ramp((ch,), 0.6, 1.8)
        bn.set_weights([gamma, beta, mm, mv])
        y = bn(tf.constant(x), training=True).numpy()
        mm_after, mv_after = bn.moving_mean.numpy(), bn.moving_variance.numpy()
        for a, v in [("x", x), ("gamma", gamma), ("beta", beta), ("moving_mean", mm), ("moving_variance", mv),
                     ("y", y), ("moving_mean_after", mm_after), ("moving_variance_after", mv_after)]:
            save(folder, a, v)
        # NumPy: the rule, and the mistakes a learner is likely to make.
        axes = tuple(range(x.ndim - 1))
        x64 = x.astype(np.float64)
        mean, var = x64.mean(axis=axes), x64.var(axis=axes)
        assert np.allclose(gamma * (x64 - mean) / np.sqrt(var + c["epsilon"]) + beta, y, rtol=1e-4, atol=1e-5)
        assert np.allclose(mv * c["momentum"] + var * (1 - c["momentum"]), mv_after, rtol=1e-5)
        save(folder, "mistake_moving_statistics", gamma * (x64 - mm) / np.sqrt(mv + c["epsilon"]) + beta)
        unbiased = x64.var(axis=axes, ddof=1)
        save(folder, "mistake_unbiased_variance", gamma * (x64 - mean) / np.sqrt(unbiased + c["epsilon"]) + beta)
        save(folder, "mistake_epsilon_outside", gamma * (x64 - mean) / (np.sqrt(var) + c["epsilon"]) + beta)
        save(folder, "mistake_momentum_swapped", mm * (1 - c["momentum"]) + mean * c["momentum"])
        save(folder, "mistake_momentum_swapped_variance", mv * (1 - c["momentum"]) + var * c["momentum"])
        save(folder, "mistake_moving_variance_unbiased", mv * c["momentum"] + unbiased * (1 - c["momentum"]))
        dump(folder / "config.json", {"momentum": c["momentum"], "epsilon": c["epsilon"], "training": True})
    print(f"batchnorm/: {len(BN_CASES)} cases")


# --------------------------------------------------------------------------
# 4 · Dense backward
# --------------------------------------------------------------------------
def dense_backward():
    folder = OUT / "dense_backward"
    x = scrambled((4, 5), -1, 1, stride=3)
    kernel = scrambled((5, 3), -0.6, 0.6, stride=7)
    bias = ramp((3,), -0.1, 0.2)
    dy = scrambled((4, 3), -1, 1, stride=5)
    dense = L.Dense(3)
    dense.build((4, 5))
    dense.set_weights([kernel, bias])
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        loss = tf.reduce_sum(dense(xt) * dy)
    dx, dk, db = tape.gradient(loss, [xt, dense.kernel, dense.bias])
    for a, v in [("x", x), ("kernel", kernel), ("bias", bias), ("dy", dy),
                 ("dx", dx.numpy()), ("dkernel", dk.numpy()), ("dbias", db.numpy())]:
        save(folder, a, v)
    assert np.allclose(x.T @ dy, dk.numpy(), rtol=1e-5) and np.allclose(dy @ kernel.T, dx.numpy(), rtol=1e-5)
    save(folder, "mistake_dbias_mean", dy.mean(axis=0))
    dump(folder / "config.json", {"loss": "reduce_sum(Dense(x) * dy)", "units": 3})
    print("dense_backward/")


# --------------------------------------------------------------------------
# blocks: weights by layer name, output and input gradient in training mode
# --------------------------------------------------------------------------
def block_case(folder, build, x_shape, mistakes=None):
    """build(x) -> output tensor, in a fresh functional graph. Writes weights by layer name."""
    keras.backend.clear_session()
    inp = keras.Input(shape=x_shape[1:])
    model = keras.Model(inp, build(inp))
    assign_all(model)
    x = scrambled(x_shape, -1, 1, stride=5)
    y_shape = (x_shape[0],) + tuple(model.output.shape[1:])
    dy = scrambled(y_shape, -1, 1, stride=11)
    y, dx = forward_backward(model, x, dy)
    for a, v in [("x", x), ("dy", dy), ("y", y), ("dx", dx)]:
        save(folder, a, v)
    weights = {}
    for layer in model.layers:
        for w in layer.weights:
            param = w.name.split("/")[-1]
            save(folder, f"{layer.name}.{param}", w.numpy())
            weights[f"{layer.name}.{param}"] = list(w.shape)
    l2 = float(sum(model.losses)) if model.losses else 0.0
    for name, variant in (mistakes or {}).items():
        keras.backend.clear_session()
        inp2 = keras.Input(shape=x_shape[1:])
        wrong = keras.Model(inp2, variant(inp2))
        for layer in wrong.layers:          # the same weights, found by name
            for w in layer.weights:
                key = f"{layer.name}.{w.name.split('/')[-1]}"
                w.assign(np.load(folder / f"{key}.npy"))
        save(folder, f"mistake_{name}", wrong(tf.constant(x), training=True).numpy())
    dump(folder / "config.json", {"input": list(x_shape), "output": list(y_shape), "weights": weights,
                                  "parameters": counts(model), "l2_loss": l2, "training": True})
    print(f"{folder.relative_to(OUT)}/: y {y_shape}")


def identity_block_without_shortcut(x, f, filters, stage, block):
    """index_block with its Add removed: what a forgotten shortcut computes."""
    conv, bn = f"res{stage}{block}_branch", f"bn{stage}{block}_branch"
    f1, f2, f3 = filters
    x = L.Conv2D(f1, 1, padding="valid", name=conv + "2a")(x)
    x = L.Activation("relu")(L.BatchNormalization(axis=3, name=bn + "2a")(x))
    x = L.Conv2D(f2, f, padding="same", name=conv + "2b")(x)
    x = L.Activation("relu")(L.BatchNormalization(axis=3, name=bn + "2b")(x))
    x = L.Conv2D(f3, 1, padding="valid", name=conv + "2c")(x)
    return L.Activation("relu")(L.BatchNormalization(axis=3, name=bn + "2c")(x))


def identity_block_relu_before_add(x, f, filters, stage, block):
    """ReLU after the third BN, then the add (and the final ReLU)."""
    return L.Activation("relu")(L.Add()([identity_block_without_shortcut(x, f, filters, stage, block), x]))


def conv_block_variant(x, f, filters, stage, block, s, stride_on_3x3=False, shortcut_bn=True):
    """con_block with the stride moved to the 3×3 conv, or without the shortcut's BN."""
    conv, bn = f"res{stage}{block}_branch", f"bn{stage}{block}_branch"
    f1, f2, f3 = filters
    shortcut = x
    x = L.Conv2D(f1, 1, strides=1 if stride_on_3x3 else s, name=conv + "2a")(x)
    x = L.Activation("relu")(L.BatchNormalization(axis=3, name=bn + "2a")(x))
    x = L.Conv2D(f2, f, strides=s if stride_on_3x3 else 1, padding="same", name=conv + "2b")(x)
    x = L.Activation("relu")(L.BatchNormalization(axis=3, name=bn + "2b")(x))
    x = L.Conv2D(f3, 1, name=conv + "2c")(x)
    x = L.BatchNormalization(axis=3, name=bn + "2c")(x)
    shortcut = L.Conv2D(f3, 1, strides=s, name=conv + "1")(shortcut)
    if shortcut_bn:
        shortcut = L.BatchNormalization(axis=3, name=bn + "1")(shortcut)
    return L.Activation("relu")(L.Add()([x, shortcut]))


UNIT_NAMES = {r: r for r in sm.RESIDUAL_UNIT_ROLES}


def residual_unit_variant(x, filters, stride, strided_shortcut=False, shortcut=True):
    """seed 004's unit with a strided 1×1 conv as its shortcut, or with no shortcut at all."""
    r = sm.l2_reg
    y = L.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False, kernel_regularizer=r, name="conv_a")(x)
    y = L.Activation("relu")(L.BatchNormalization(name="bn_a")(y))
    y = L.Conv2D(filters, 3, padding="same", use_bias=False, kernel_regularizer=r, name="conv_b")(y)
    y = L.BatchNormalization(name="bn_b")(y)
    if not shortcut:
        return L.Activation("relu")(y)
    if stride != 1:
        x = L.Conv2D(filters, 1, strides=stride if strided_shortcut else 1, use_bias=False, kernel_regularizer=r,
                     name="shortcut_conv")(x if strided_shortcut else L.AvgPool2D(stride)(x))
        x = L.BatchNormalization(name="shortcut_bn")(x)
    return L.Activation("relu")(L.add([y, x]))


def blocks():
    block_case(OUT / "identity_block", lambda x: sm.index_block(x, 3, [4, 4, 8], stage=2, block="b"), (2, 6, 6, 8),
               {"no_shortcut": lambda x: identity_block_without_shortcut(x, 3, [4, 4, 8], 2, "b"),
                "relu_before_add": lambda x: identity_block_relu_before_add(x, 3, [4, 4, 8], 2, "b")})
    block_case(OUT / "conv_block" / "s2", lambda x: sm.con_block(x, 3, [4, 4, 8], stage=3, block="a", s=2),
               (2, 8, 8, 6),
               {"stride_on_3x3": lambda x: conv_block_variant(x, 3, [4, 4, 8], 3, "a", 2, stride_on_3x3=True),
                "shortcut_without_bn": lambda x: conv_block_variant(x, 3, [4, 4, 8], 3, "a", 2, shortcut_bn=False)})
    block_case(OUT / "conv_block" / "s1", lambda x: sm.con_block(x, 3, [4, 4, 8], stage=2, block="a", s=1),
               (2, 5, 5, 3))
    block_case(OUT / "residual_unit" / "s2", lambda x: sm.residual_unit(x, 6, stride=2, names=UNIT_NAMES),
               (2, 8, 8, 4),
               {"strided_shortcut": lambda x: residual_unit_variant(x, 6, 2, strided_shortcut=True),
                "no_shortcut": lambda x: residual_unit_variant(x, 6, 2, shortcut=False)})
    block_case(OUT / "residual_unit" / "s1", lambda x: sm.residual_unit(x, 4, stride=1, names=UNIT_NAMES),
               (2, 6, 6, 4), {"no_shortcut": lambda x: residual_unit_variant(x, 4, 1, shortcut=False)})


# --------------------------------------------------------------------------
# models: weights in the engine's order (each unit's main path before its shortcut)
# --------------------------------------------------------------------------
def in_call_order(build):
    """Builds a model, recording layers in the order they are first called — the seed's
    order of writing: main path, then shortcut, then the classifier."""
    order = []
    original = keras.layers.Layer.__call__

    def recording(self, *args, **kwargs):
        if self not in order:
            order.append(self)
        return original(self, *args, **kwargs)

    keras.layers.Layer.__call__ = recording
    try:
        model = build()
    finally:
        keras.layers.Layer.__call__ = original
    return model, [layer for layer in order if layer.weights]


def model_case(folder, build, x_shape, training=True, mistakes=None):
    """Weights by position in call order; `mistakes`: name -> a builder of the same layers
    (same order) wired wrongly, whose logits are saved as mistake_<name>.npy. Training mode
    by default: batch statistics keep every layer's activations at a useful scale."""
    keras.backend.clear_session()
    model, ordered = in_call_order(build)
    assert {id(l) for l in ordered} == {id(l) for l in model.layers if l.weights}
    layers = []
    for i, layer in enumerate(ordered):
        values = weight_values(layer, i % 11)
        layer.set_weights(values)
        names = [w.name.split("/")[-1] for w in layer.weights]
        for name, v in zip(names, values):
            save(folder / "weights", f"{i:03d}.{name}", v)
        layers.append({"index": i, "name": layer.name, "class_name": type(layer).__name__,
                       "weights": {n: list(v.shape) for n, v in zip(names, values)}})
    x = scrambled(x_shape, -1, 1, stride=5)
    y = model(tf.constant(x), training=training).numpy()
    save(folder, "x", x)
    save(folder, "y", y)
    # The logits (the softmax's input) too: near-uniform probabilities would hide small errors.
    head = ordered[-1]
    features = keras.Model(model.inputs, head.input)(tf.constant(x), training=training).numpy()
    save(folder, "logits", features @ head.kernel.numpy() + head.bias.numpy())
    for name, variant in (mistakes or {}).items():
        keras.backend.clear_session()
        wrong, wrong_ordered = in_call_order(variant)
        assert [type(l) for l in wrong_ordered] == [type(l) for l in ordered], name
        for i, layer in enumerate(wrong_ordered):
            layer.set_weights(weight_values(layer, i % 11))
        head = wrong_ordered[-1]
        features = keras.Model(wrong.inputs, head.input)(tf.constant(x), training=training).numpy()
        save(folder, f"mistake_{name}", features @ head.kernel.numpy() + head.bias.numpy())
    dump(folder / "config.json", {"input": list(x_shape), "training": training, "layers": layers,
                                  "parameters": counts(model)})
    return model, ordered, x


def plain_v1(input_shape, depth, num_classes=10, relu_after_unit=True):
    """seed 003's resnet_v1 with its shortcuts deleted: the paper's plain counterpart.
    relu_after_unit=False is a mistake: the ReLU that followed the addition left out too."""
    if (depth - 2) % 6 != 0:
        raise ValueError("depth should be 6n + 2")
    num_filters, n = 16, (depth - 2) // 6
    inputs = keras.Input(shape=input_shape)
    x = sm.resnet_layer(inputs=inputs)
    for stack in range(3):
        for res_block in range(n):
            strides = 2 if stack > 0 and res_block == 0 else 1
            y = sm.resnet_layer(inputs=x, num_filters=num_filters, strides=strides)
            y = sm.resnet_layer(inputs=y, num_filters=num_filters, activation=None)
            x = L.Activation("relu")(y) if relu_after_unit else y
        num_filters *= 2
    x = L.AveragePooling2D(pool_size=8)(x)
    outputs = L.Dense(num_classes, activation="softmax", kernel_initializer="he_normal")(L.Flatten()(x))
    return keras.Model(inputs=inputs, outputs=outputs)


def resnet_v1_relu_before_add(input_shape, depth, num_classes=10):
    """A mistake: seed 003's resnet_v1 with a ReLU on the main path before the addition."""
    num_filters, n = 16, (depth - 2) // 6
    inputs = keras.Input(shape=input_shape)
    x = sm.resnet_layer(inputs=inputs)
    for stack in range(3):
        for res_block in range(n):
            strides = 2 if stack > 0 and res_block == 0 else 1
            y = sm.resnet_layer(inputs=x, num_filters=num_filters, strides=strides)
            y = sm.resnet_layer(inputs=y, num_filters=num_filters)
            if stack > 0 and res_block == 0:
                x = sm.resnet_layer(inputs=x, num_filters=num_filters, kernel_size=1, strides=strides,
                                    activation=None, batch_normalization=False)
            x = L.Activation("relu")(keras.layers.add([x, y]))
        num_filters *= 2
    x = L.AveragePooling2D(pool_size=8)(x)
    outputs = L.Dense(num_classes, activation="softmax", kernel_initializer="he_normal")(L.Flatten()(x))
    return keras.Model(inputs=inputs, outputs=outputs)


MODEL_MISTAKES = {
    "resnet_v1": {"relu_before_add": lambda: resnet_v1_relu_before_add((32, 32, 3), 8)},
    "plain_net": {"no_relu_after_unit": lambda: plain_v1((32, 32, 3), 8, relu_after_unit=False)},
}


def models():
    for name, build in [("resnet_v1", sm.resnet_v1), ("plain_net", plain_v1)]:
        table = {}
        for depth in [8, 14, 20, 32, 44, 56]:
            keras.backend.clear_session()
            table[str(depth)] = counts(build(input_shape=(32, 32, 3), depth=depth))
        keras.backend.clear_session()
        table["20_32x32x1_6classes"] = counts(build(input_shape=(32, 32, 1), depth=20, num_classes=6))
        dump(OUT / name / "param_counts.json", {"about": f"{name}(input_shape=(32, 32, 3), depth) parameter counts "
                                                "from Keras", "depths": table})
        model_case(OUT / name / "depth8", lambda: build(input_shape=(32, 32, 3), depth=8), (2, 32, 32, 3),
                   mistakes=MODEL_MISTAKES[name])
        print(f"{name}/: counts for {list(table)}, depth-8 forward")


# --------------------------------------------------------------------------
# 7 · gradient-norm ratio: a deep sigmoid stack, plain and residual
# --------------------------------------------------------------------------
def ratio_model(residual):
    x = inp = keras.Input(shape=(8, 8, 2))
    x = L.Activation("sigmoid")(L.Conv2D(4, 3, padding="same")(x))
    for _ in range(3):
        y = L.Conv2D(4, 3, padding="same")(x)
        y = L.Activation("sigmoid")(y)
        y = L.Conv2D(4, 3, padding="same")(y)
        x = L.Activation("sigmoid")(L.Add()([y, x]) if residual else y)
    x = L.GlobalAveragePooling2D()(x)
    return keras.Model(inp, L.Dense(3, activation="softmax")(x))


def gradient_ratio():
    for name, residual in [("plain_sigmoid", False), ("residual_sigmoid", True)]:
        folder = OUT / "gradient_ratio" / name
        model, ordered, x = model_case(folder, lambda: ratio_model(residual), (4, 8, 8, 2))
        labels = np.array([0, 2, 1, 2])
        with tf.GradientTape() as tape:
            probs = model(tf.constant(x), training=True)
            loss = keras.losses.CategoricalCrossentropy()(np.eye(3)[labels], probs)
        kernels = [l.kernel for l in ordered]
        grads = tape.gradient(loss, kernels + [ordered[0].bias])
        norms = [float(np.linalg.norm(g.numpy())) for g in grads]
        save(folder, "labels", labels)
        dump(folder / "ratio.json", {"ratio": norms[0] / norms[len(kernels) - 1], "loss": float(loss),
                                     "kernel_gradient_norms": norms[:len(kernels)],
                                     "first_bias_gradient_norm": norms[-1],
                                     "mistake_last_conv": norms[0] / norms[len(kernels) - 2],
                                     "mistake_with_bias": math.hypot(norms[0], norms[-1]) / norms[len(kernels) - 1]})
        print(f"gradient_ratio/{name}: ratio {norms[0] / norms[len(kernels) - 1]:.4g}")


# --------------------------------------------------------------------------
# 9 · seed 003's lr_schedule and Keras's top-1 accuracy
# --------------------------------------------------------------------------
def lr_schedule(epoch):
    """Seed 003, verbatim (its print removed)."""
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


def schedule_and_accuracy():
    epochs = list(range(0, 201))
    dump(OUT / "lr_schedule.json", {"about": "seed 003's lr_schedule(epoch), run in Python",
                                    "epochs": epochs, "lr": [lr_schedule(e) for e in epochs]})
    cases = {}
    ties = np.array([[0.1, 0.7, 0.1, 0.1], [0.2, 0.4, 0.4, 0.0], [0.2, 0.4, 0.4, 0.0],
                     [0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.3, 0.7], [0.25, 0.25, 0.25, 0.25]], np.float32)
    cases["ties"] = (ties, np.array([1, 2, 1, 0, 3, 0]))
    cases["ramp_12x5"] = (scrambled((12, 5), 0, 1, stride=7), np.arange(12) % 5)
    cases["ramp_1000x10"] = (scrambled((1000, 10), -3, 3, stride=13), (np.arange(1000) * 7) % 10)
    out = {}
    for name, (probs, labels) in cases.items():
        metric = keras.metrics.SparseCategoricalAccuracy()
        metric.update_state(labels, probs)
        acc = float(metric.result())
        assert abs(acc - float(np.mean(np.argmax(probs, axis=1) == labels))) < 1e-6
        save(OUT / "accuracy" / name, "predictions", probs)
        save(OUT / "accuracy" / name, "labels", labels)
        tied_correct = float(np.mean(probs[np.arange(len(labels)), labels] == probs.max(axis=1)))
        last_max = probs.shape[1] - 1 - np.argmax(probs[:, ::-1], axis=1)
        out[name] = {"accuracy": acc, "mistake_ties_count_as_correct": tied_correct,
                     "mistake_last_of_ties": float(np.mean(last_max == labels))}
    dump(OUT / "accuracy" / "accuracy.json", {"about": "keras.metrics.SparseCategoricalAccuracy", "cases": out})
    print(f"lr_schedule.json, accuracy/: {list(out)}")


# --------------------------------------------------------------------------
# 10b · the paper's option A shortcut: subsample, then zero-pad the channels
# --------------------------------------------------------------------------
def zero_padding_shortcut():
    for name, (shape, s, f) in {"s2_4to8": ((2, 8, 8, 4), 2, 8), "s2_odd_3to6": ((1, 7, 7, 3), 2, 6),
                                "s1_identity": ((1, 4, 4, 4), 1, 4), "s2_2to5": ((1, 6, 6, 2), 2, 5)}.items():
        folder = OUT / "zero_padding_shortcut" / name
        x = scrambled(shape, -1, 1, stride=5)
        c = shape[3]
        before = (f - c) // 2
        y = tf.pad(x[:, ::s, ::s, :], [[0, 0], [0, 0], [0, 0], [before, f - c - before]]).numpy()
        save(folder, "x", x)
        save(folder, "y", y)
        save(folder, "mistake_pad_after", np.pad(x[:, ::s, ::s, :], [(0, 0)] * 3 + [(0, f - c)]))
        save(folder, "mistake_offset", tf.pad(x[:, s // 2::s, s // 2::s, :],
                                               [[0, 0], [0, 0], [0, 0], [before, f - c - before]]).numpy()
             if s > 1 else y)
        dump(folder / "config.json", {"strides": s, "filters": f, "pad_before": before,
                                      "rule": "tf.pad(x[:, ::s, ::s, :], channels (before, filters - C - before))"})
    print("zero_padding_shortcut/")


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    output_size()
    naive_conv()
    batchnorm()
    dense_backward()
    blocks()
    models()
    gradient_ratio()
    schedule_and_accuracy()
    zero_padding_shortcut()


if __name__ == "__main__":
    main()
