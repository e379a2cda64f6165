#!/usr/bin/env python3
"""Generate Keras/NumPy reference fixtures for the ResNet Lab Swift engine.

Run from anywhere (paths are resolved relative to this file):

    /work/tfvenv/bin/python Tests/References/make_layer_fixtures.py

Writes (after deleting them) Tests/References/Fixtures/layers/ and
Fixtures/losses/ (Fixtures/models/ belongs to make_model_fixtures.py):

    Fixtures/layers/<case>/  x.npy y.npy dy.npy dx.npy [<param>.npy d<param>.npy ...] config.json
    Fixtures/losses/<case>/  y_true.npy y_pred.npy loss.npy dy_pred.npy [...] config.json

Every array is float32, C order, little endian ('<f4'), written with np.save.
Integer class labels are stored as float32 too.

Layer gradients use loss = reduce_sum(y * dy) with a fixed random dy, so
dx = dL/dx, d<param> = dL/d<param> are exactly the vector-Jacobian products a
backward pass must return for upstream gradient dy.

Each case draws all of its random numbers from its own
np.random.default_rng(seed) with seed = crc32(case name), so adding or
reordering cases never changes existing fixtures. Layer weights are always
assigned explicitly; Keras initializers are never relied on (the script
asserts every weight of the layer was assigned).

After writing, the script runs check_fixtures.py (independent NumPy
re-implementations) and fails if the fixtures disagree with it.
"""

import json
import re
import os
import shutil
import sys
import zlib
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "Fixtures"

tf.config.experimental.enable_op_determinism()
keras.backend.set_floatx("float32")

VERSIONS = {
    "tensorflow": tf.__version__,
    "keras": keras.__version__,
    "numpy": np.__version__,
}

F32 = np.dtype("<f4")


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def rng_for(case):
    seed = zlib.crc32(case.encode("utf-8"))
    return seed, np.random.default_rng(seed)


def f32(a):
    # np.array(order="C") keeps 0-d scalars 0-d (ascontiguousarray would not).
    return np.array(a, dtype=F32, order="C")


def normal(rng, shape, scale=1.0, loc=0.0):
    return f32(rng.normal(loc, scale, size=shape))


def uniform(rng, shape, lo, hi):
    return f32(rng.uniform(lo, hi, size=shape))


def jsonable(v):
    if isinstance(v, (tuple, list)):
        return [jsonable(e) for e in v]
    if isinstance(v, dict):
        return {k: jsonable(e) for k, e in v.items()}
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    return v


def dump_json(obj, indent=0):
    """json with dicts indented and lists (shapes, kernel_size, ...) inline."""
    if isinstance(obj, dict) and obj:
        pad = "  " * (indent + 1)
        items = [f"{pad}{json.dumps(k)}: {dump_json(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    return json.dumps(obj)


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
    text = dump_json(jsonable(config))
    (folder / "config.json").write_text(text + "\n")
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 50_000, (folder, size)
    rel = folder.relative_to(HERE)
    print(f"wrote {rel}  ({len(arrays)} arrays, {size} bytes)")


# Keras argument names recorded in config.json, per layer class.
CONFIG_KEYS = {
    "Conv2D": ["filters", "kernel_size", "strides", "padding", "use_bias",
               "activation", "dilation_rate", "data_format"],
    "BatchNormalization": ["axis", "momentum", "epsilon", "center", "scale"],
    "MaxPooling2D": ["pool_size", "strides", "padding", "data_format"],
    "AveragePooling2D": ["pool_size", "strides", "padding", "data_format"],
    "GlobalAveragePooling2D": ["keepdims", "data_format"],
    "ZeroPadding2D": ["padding", "data_format"],
    "Flatten": ["data_format"],
    "Dense": ["units", "activation", "use_bias"],
    "Activation": ["activation"],
    "Add": [],
}


def layer_config(layer):
    cls = type(layer).__name__
    full = layer.get_config()
    cfg = {"layer": cls}
    for k in CONFIG_KEYS[cls]:
        cfg[k] = full[k]
    return cfg


def run_layer(case, layer, inputs, params, training, rng, extra=None):
    """Build `layer`, assign `params`, run forward + backward, write fixture.

    inputs: dict name -> array ("x", or "x1"/"x2" for two-input layers).
    params: dict Keras variable name -> array (every weight of the layer).
    """
    names = list(inputs)
    xs = [tf.constant(inputs[n]) for n in names]
    shapes = [tuple(x.shape) for x in xs]
    layer.build(shapes if len(xs) > 1 else shapes[0])

    # Assign every weight explicitly, and make sure nothing was left to an
    # initializer.
    weight_names = sorted(v.name for v in layer.weights)
    assert weight_names == sorted(params), (case, weight_names, sorted(params))
    for v in layer.weights:
        assert tuple(v.shape) == params[v.name].shape, (case, v.name)
        v.assign(params[v.name])

    trainable = list(layer.trainable_weights)
    with tf.GradientTape() as tape:
        tape.watch(xs)
        y = layer(xs if len(xs) > 1 else xs[0], training=training)
        # dy is a constant drawn after the output shape is known.
        dy = tf.constant(normal(rng, tuple(y.shape)))
        loss = tf.reduce_sum(y * dy)
    grads = tape.gradient(loss, xs + trainable)

    arrays = dict(inputs)
    for n, arr in params.items():
        arrays[n] = arr
    arrays["y"] = y.numpy()
    arrays["dy"] = dy.numpy()
    for n, g in zip(names, grads[: len(xs)]):
        arrays["d" + n] = g.numpy()
    for v, g in zip(trainable, grads[len(xs):]):
        assert g is not None, (case, v.name)
        arrays["d" + v.name] = g.numpy()

    if isinstance(layer, keras.layers.BatchNormalization) and training:
        arrays["moving_mean_after"] = layer.moving_mean.numpy()
        arrays["moving_variance_after"] = layer.moving_variance.numpy()

    cfg = layer_config(layer)
    cfg["training"] = bool(training)
    cfg["seed"] = rng_seed[case]
    cfg["grad_loss"] = "reduce_sum(y * dy)"
    cfg["trainable_params"] = [v.name for v in trainable]
    if extra:
        cfg.update(extra)
    write_case(OUT / "layers" / case, arrays, cfg)


rng_seed = {}


def new_case(case):
    seed, rng = rng_for(case)
    assert case not in rng_seed, case
    rng_seed[case] = seed
    return rng


# --------------------------------------------------------------------------
# layer cases
# --------------------------------------------------------------------------
def conv_case(case, x_shape, filters, k, strides, padding, use_bias):
    rng = new_case(case)
    x = normal(rng, x_shape)
    kh, kw = (k, k) if isinstance(k, int) else k
    params = {"kernel": normal(rng, (kh, kw, x_shape[-1], filters), 0.3)}
    if use_bias:
        params["bias"] = normal(rng, (filters,), 0.3)
    layer = keras.layers.Conv2D(filters, (kh, kw), strides=strides,
                                padding=padding, use_bias=use_bias)
    run_layer(case, layer, {"x": x}, params, training=False, rng=rng)


def bn_case(case, x_shape, training, momentum=0.99, epsilon=1e-3):
    rng = new_case(case)
    c = x_shape[-1]
    # Input deliberately off-centre so batch stats differ from moving stats.
    x = normal(rng, x_shape, scale=1.5, loc=0.5)
    params = {
        "gamma": f32(1.0 + normal(rng, (c,), 0.3)),
        "beta": normal(rng, (c,), 0.3),
        "moving_mean": normal(rng, (c,), 0.5),
        "moving_variance": uniform(rng, (c,), 0.5, 2.0),
    }
    layer = keras.layers.BatchNormalization(axis=-1, momentum=momentum,
                                            epsilon=epsilon)
    run_layer(case, layer, {"x": x}, params, training=training, rng=rng)


def simple_case(case, layer, x_shape, training=False):
    rng = new_case(case)
    x = normal(rng, x_shape)
    run_layer(case, layer, {"x": x}, {}, training=training, rng=rng)


def dense_case(case, x_shape, units, activation, use_bias):
    rng = new_case(case)
    x = normal(rng, x_shape)
    params = {"kernel": normal(rng, (x_shape[-1], units), 0.3)}
    if use_bias:
        params["bias"] = normal(rng, (units,), 0.3)
    layer = keras.layers.Dense(units, activation=activation, use_bias=use_bias)
    run_layer(case, layer, {"x": x}, params, training=False, rng=rng)


def make_layers():
    L = keras.layers
    # Conv2D ---------------------------------------------------------------
    conv_case("conv1x1_s1_valid_bias", (2, 8, 8, 3), 4, 1, 1, "valid", True)
    conv_case("conv1x1_s2_valid_nobias", (2, 8, 8, 3), 5, 1, 2, "valid", False)
    conv_case("conv3x3_s1_same_bias", (2, 8, 8, 3), 4, 3, 1, "same", True)
    conv_case("conv3x3_s2_same_nobias_even", (2, 8, 8, 3), 4, 3, 2, "same", False)
    conv_case("conv3x3_s2_same_bias_odd", (2, 9, 9, 2), 3, 3, 2, "same", True)
    conv_case("conv3x3_s1_valid_bias", (2, 7, 7, 3), 4, 3, 1, "valid", True)
    conv_case("conv3x3_s2_valid_nobias", (2, 9, 9, 2), 3, 3, 2, "valid", False)
    conv_case("conv7x7_s2_same_bias", (2, 16, 16, 3), 4, 7, 2, "same", True)
    conv_case("conv7x7_s2_valid_bias", (2, 16, 16, 3), 4, 7, 2, "valid", True)
    conv_case("conv3x3_s1_same_rect", (2, 6, 10, 2), 3, 3, (1, 2), "same", True)

    # BatchNormalization ---------------------------------------------------
    bn_case("bn_training", (2, 5, 5, 4), training=True)
    bn_case("bn_inference", (2, 5, 5, 4), training=False)
    bn_case("bn_training_momentum", (2, 5, 5, 4), training=True,
            momentum=0.9, epsilon=1e-5)
    bn_case("bn_training_2d", (6, 4), training=True)

    # Pooling --------------------------------------------------------------
    simple_case("maxpool2x2", L.MaxPooling2D(pool_size=2), (2, 8, 8, 3))
    simple_case("maxpool3x3_s2_valid",
                L.MaxPooling2D((3, 3), strides=(2, 2)), (2, 9, 9, 2))
    simple_case("maxpool3x3_s2_same",
                L.MaxPooling2D((3, 3), strides=(2, 2), padding="same"),
                (2, 8, 8, 2))
    simple_case("avgpool2x2", L.AveragePooling2D(pool_size=2), (2, 8, 8, 3))
    simple_case("avgpool8", L.AveragePooling2D(pool_size=8), (2, 8, 8, 4))
    simple_case("avgpool3x3_s2_same",
                L.AveragePooling2D((3, 3), strides=(2, 2), padding="same"),
                (2, 8, 8, 2))
    simple_case("avgpool2x2_odd", L.AveragePooling2D(pool_size=2), (2, 7, 7, 2))
    simple_case("globalavgpool", L.GlobalAveragePooling2D(), (2, 5, 5, 4))

    # Others ---------------------------------------------------------------
    simple_case("zeropad3", L.ZeroPadding2D((3, 3)), (2, 5, 5, 2))
    simple_case("zeropad_asym", L.ZeroPadding2D(((1, 2), (3, 0))), (2, 4, 5, 2))
    simple_case("flatten", L.Flatten(), (2, 3, 3, 4))
    dense_case("dense_bias", (3, 6), 4, None, True)
    dense_case("dense_softmax", (3, 6), 5, "softmax", True)
    dense_case("dense_flattened_nobias", (2, 12), 3, None, False)
    for act in ["relu", "sigmoid", "tanh", "softmax", "linear"]:
        simple_case(f"act_{act}", L.Activation(act), (2, 3, 3, 4))

    rng = new_case("add")
    x1 = normal(rng, (2, 4, 4, 3))
    x2 = normal(rng, (2, 4, 4, 3))
    run_layer("add", L.Add(), {"x1": x1, "x2": x2}, {}, training=False, rng=rng)


# --------------------------------------------------------------------------
# loss cases
# --------------------------------------------------------------------------
def loss_config(loss_obj, extra=None):
    cfg = {"loss": type(loss_obj).__name__}
    cfg.update(loss_obj.get_config())
    cfg["keras_epsilon"] = keras.backend.epsilon()
    if extra:
        cfg.update(extra)
    return cfg


def prob_path(loss_obj, y_true, y_pred):
    """Keras loss on a plain probability tensor (clipped probability path)."""
    yp = tf.constant(y_pred)
    with tf.GradientTape() as tape:
        tape.watch(yp)
        loss = loss_obj(tf.constant(y_true), yp)
    return loss.numpy(), tape.gradient(loss, yp).numpy()


def softmax_then_loss(loss_obj, y_true, logits, keras_softmax):
    """loss(softmax(logits)) and its gradient w.r.t. logits.

    keras_softmax=False: tf.nn.softmax -> plain tensor -> Keras treats it as
        probabilities (normalise, clip to [eps, 1-eps], log).
    keras_softmax=True: keras.activations.softmax, which tags its output with
        `_keras_logits`; Keras's crossentropy then silently switches to
        tf.nn.softmax_cross_entropy_with_logits on the logits (no clipping).
        This is what model.fit/evaluate do for a Dense(..., 'softmax') output.
    """
    lg = tf.constant(logits)
    with tf.GradientTape() as tape:
        tape.watch(lg)
        p = keras.activations.softmax(lg) if keras_softmax else tf.nn.softmax(lg)
        loss = loss_obj(tf.constant(y_true), p)
    return loss.numpy(), tape.gradient(loss, lg).numpy()


def crossentropy_case(case, loss_obj, y_true, logits, sparse):
    y_pred = tf.nn.softmax(tf.constant(logits)).numpy()
    loss, dy_pred = prob_path(loss_obj, y_true, y_pred)
    loss2, dlogits = softmax_then_loss(loss_obj, y_true, logits, keras_softmax=False)
    loss_f, dlogits_f = softmax_then_loss(loss_obj, y_true, logits, keras_softmax=True)
    # loss.npy and dlogits.npy must describe the same computation.
    assert np.array_equal(loss, loss2), (case, loss, loss2)
    arrays = {
        "y_true": y_true, "y_pred": y_pred, "loss": np.float32(loss),
        "dy_pred": dy_pred, "logits": logits, "dlogits": dlogits,
        "loss_fused": np.float32(loss_f), "dlogits_fused": dlogits_f,
    }
    cfg = loss_config(loss_obj, {
        "seed": rng_seed[case],
        "y_true_encoding": "class indices stored as float32" if sparse else "one-hot",
        "descriptions": {
            "y_pred": "tf.nn.softmax(logits), passed to the loss as plain probabilities",
            "loss": ("loss_obj(y_true, y_pred) on probabilities: c = clip(y_pred, eps, "
                     "1-eps), then tf.nn.sparse_softmax_cross_entropy_with_logits(labels, "
                     "log c) = -log(c[label] / sum(c)); mean over batch") if sparse else
                    ("loss_obj(y_true, y_pred) on probabilities: q = y_pred / sum(y_pred), "
                     "c = clip(q, eps, 1-eps), -sum(y_true * log c); mean over batch"),
            "dy_pred": "d loss / d y_pred",
            "dlogits": "d loss_obj(y_true, tf.nn.softmax(logits)) / d logits "
                       "(same probability path as loss.npy, clipping included)",
            "loss_fused": "loss_obj(y_true, keras.activations.softmax(logits)): Keras "
                          "detects the softmax and uses softmax_cross_entropy_with_logits "
                          "(no clipping); this is what model.fit/evaluate compute for a "
                          "Dense(..., activation='softmax') output",
            "dlogits_fused": "d loss_fused / d logits = (softmax(logits) - onehot) / batch",
        },
    })
    write_case(OUT / "losses" / case, arrays, cfg)


def make_losses():
    n, c = 4, 5
    rng = new_case("cce")
    logits = normal(rng, (n, c), 1.5)
    labels = rng.integers(0, c, size=n)
    crossentropy_case("cce", keras.losses.CategoricalCrossentropy(),
                      f32(np.eye(c)[labels]), logits, sparse=False)

    rng = new_case("cce_extreme")
    logits = normal(rng, (n, c), 20.0)
    labels = rng.integers(0, c, size=n)
    # Make sure clipping really happens: put +-40 on chosen entries; label one
    # row on its dominant class (p -> 1 - eps clip) and others on vanishing
    # classes (p -> eps clip).
    logits[:, 0] = f32([40.0, -40.0, 40.0, 3.0])
    logits[3, 1] = -40.0
    labels = np.array([1, 0, 0, 1])
    crossentropy_case("cce_extreme", keras.losses.CategoricalCrossentropy(),
                      f32(np.eye(c)[labels]), f32(logits), sparse=False)

    rng = new_case("sparse_cce")
    logits = normal(rng, (n, c), 1.5)
    labels = rng.integers(0, c, size=n)
    crossentropy_case("sparse_cce", keras.losses.SparseCategoricalCrossentropy(),
                      f32(labels), logits, sparse=True)

    rng = new_case("mse")
    y_true = normal(rng, (4, 3))
    y_pred = normal(rng, (4, 3))
    mse = keras.losses.MeanSquaredError()
    loss, dy_pred = prob_path(mse, y_true, y_pred)
    write_case(OUT / "losses" / "mse",
               {"y_true": y_true, "y_pred": y_pred, "loss": np.float32(loss),
                "dy_pred": dy_pred},
               loss_config(mse, {"seed": rng_seed["mse"]}))

    rng = new_case("l2_regularizer")
    kernel = normal(rng, (3, 3, 2, 4), 0.3)
    reg = keras.regularizers.L2(1e-4)
    kv = tf.constant(kernel)
    with tf.GradientTape() as tape:
        tape.watch(kv)
        loss = reg(kv)
    dkernel = tape.gradient(loss, kv).numpy()
    write_case(OUT / "losses" / "l2_regularizer",
               {"kernel": kernel, "loss": np.float32(loss.numpy()),
                "dkernel": dkernel},
               {"loss": "L2", "l2": float(reg.get_config()["l2"]),
                "formula": "l2 * sum(kernel ** 2)", "seed": rng_seed["l2_regularizer"]})


def main():
    for group in ("layers", "losses"):  # leave Fixtures/models/ alone
        if (OUT / group).exists():
            shutil.rmtree(OUT / group)
    OUT.mkdir(parents=True, exist_ok=True)
    make_layers()
    make_losses()
    sys.path.insert(0, str(HERE))
    sys.dont_write_bytecode = True  # no __pycache__ next to the fixtures
    import check_fixtures
    check_fixtures.main(OUT)


if __name__ == "__main__":
    main()
