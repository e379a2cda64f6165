#!/usr/bin/env python3
"""Reference figures for the lessons (Lessons/NN-*.md), computed outside ResNet Lab.

    /work/tfvenv/bin/python Tests/References/lesson_fixtures.py          # all lessons
    /work/tfvenv/bin/python Tests/References/lesson_fixtures.py 2 3      # some

Writes Tests/References/Fixtures/lessons/lessonNN.json: a flat object of named figures,
each {"value": ..., "about": "..."}; a lesson names the figure that backs a cell with a
comment `<!-- reference: lessons/lessonNN.json#name -->` above the cell, and
Tests/LessonTests checks the cell's expected output against the value (see README.md,
"Lesson fixtures"). Inputs are built from formulas (arange, linspace, ones) that the lesson
types too, so Keras and the lab see the same numbers without any weights file.

NumPy reads the Fashion-MNIST subset with its own IDX parser (gzip + frombuffer), not the
engine's. Keras 3 / TensorFlow compute every layer output and gradient.
"""

import gzip
import json
import os
import sys
from pathlib import Path

sys.dont_write_bytecode = True
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))   # seed_models.py: the seeds' models, transcribed for Keras 3
sys.path.insert(0, str(HERE.parent.parent / "Tools"))   # seed_models.py lives with the tools that use it
ROOT = HERE.parent.parent
OUT = HERE / "Fixtures" / "lessons"
SUBSET = ROOT / "Datasets" / "fashion-mnist-subset"

_keras = None


def keras():
    """Keras, imported only by the lessons that need it (NumPy-only lessons stay fast)."""
    global _keras
    if _keras is None:
        import tensorflow as tf
        import keras as k
        tf.config.experimental.enable_op_determinism()
        _keras = k
    return _keras


def tf():
    keras()
    import tensorflow
    return tensorflow


def versions():
    v = {"numpy": np.__version__}
    if _keras is not None:
        v["keras"] = _keras.__version__
        v["tensorflow"] = tf().__version__
    return v


def plain(x):
    """JSON-ready: numpy arrays become (nested) lists of Python floats/ints."""
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, (np.floating,)):
        return float(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    return x


def write(number, figures):
    OUT.mkdir(parents=True, exist_ok=True)
    doc = {"lesson": number, "versions": versions(),
           "figures": {k: {"value": plain(v), "about": about} for k, (v, about) in figures.items()}}
    path = OUT / f"lesson{number:02d}.json"
    # One figure per line: diffs stay readable, the file small.
    lines = [f' {json.dumps(k)}: {json.dumps(v)}' for k, v in doc["figures"].items()]
    text = ('{\n "lesson": %d,\n "versions": %s,\n "figures": {\n' % (number, json.dumps(doc["versions"]))
            + ",\n".join(" " + line for line in lines) + "\n }\n}\n")
    path.write_text(text)
    print(f"wrote {path.relative_to(ROOT)} ({len(figures)} figures)")


def read_idx(path):
    """IDX (big-endian header: magic, dims) from a .gz file, as NumPy uint8."""
    data = gzip.open(path, "rb").read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def fashion(split):
    prefix = "train" if split == "train" else "t10k"
    x = read_idx(SUBSET / f"{prefix}-images-idx3-ubyte.gz").astype(np.float32)[..., None]
    y = read_idx(SUBSET / f"{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
    return x, y


# --------------------------------------------------------------------------
# 01 · tensors
# --------------------------------------------------------------------------
def lesson01():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    train_x, train_y = fashion("train")
    image = train_x[0]
    mean_image = train_x.mean(axis=0, dtype=np.float64)
    padded = np.pad(train_x, ((0, 0), (2, 2), (2, 2), (0, 0)))
    write(1, {
        "arange": (x, "np.arange(24).reshape(2, 3, 4)"),
        "x1_2": (x[1][2], "x[1][2]"),
        "sum_all": (x.sum(), "x.sum()"),
        "mean_all": (x.mean(), "x.mean()"),
        "sum_axis0": (x.sum(axis=0), "x.sum(axis=0)"),
        "times2_plus1_first": ((x * 2 + 1)[0], "(x * 2 + 1)[0]"),
        "train_shape": (list(train_x.shape), "subset training images, NumPy's own IDX reader"),
        "first_labels": (train_y[:10], "first ten training labels"),
        "image0_row14": (image[14, :, 0], "row 14 of training image 0"),
        "image0_mean": ([image.max(), image.mean(dtype=np.float64)], "max and mean pixel of training image 0"),
        "mean_image_stats": ([28, 28, 1, mean_image.min(), mean_image.max(), mean_image.mean(), mean_image.std()],
                             "mean image over the training set: shape, min, max, mean, std (ddof 0)"),
        "pixel_mean": (train_x.mean(dtype=np.float64), "mean of every training pixel"),
        "padded_shape": ([*padded.shape, padded[0, 0].sum()], "np.pad by 2: shape, and the sum of image 0's first row"),
    })


# --------------------------------------------------------------------------
# 02 · convolution
# --------------------------------------------------------------------------
def conv(x, kernel, strides=1, padding="valid", bias=None):
    """keras.layers.Conv2D with explicit weights, called on x (NHWC)."""
    k = keras()
    layer = k.layers.Conv2D(kernel.shape[-1], kernel.shape[:2], strides=strides, padding=padding,
                            use_bias=bias is not None)
    layer.build(x.shape)
    layer.set_weights([kernel] if bias is None else [kernel, bias])
    return np.asarray(layer(x))


def lesson02():
    k = keras()
    x = np.arange(25, dtype=np.float32).reshape(1, 5, 5, 1)
    x4 = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    ones = np.ones((3, 3, 1, 1), np.float32)
    arange_kernel = np.arange(9, dtype=np.float32).reshape(3, 3, 1, 1)

    def shape(filters, ksize, strides, padding, input_shape):
        return list(k.layers.Conv2D(filters, ksize, strides=strides, padding=padding).compute_output_shape(input_shape))

    def params(filters, ksize, cin, use_bias=True):
        layer = k.layers.Conv2D(filters, ksize, use_bias=use_bias)
        layer.build((None, 8, 8, cin))
        return layer.count_params()

    def patches(img, size, stride, padding):
        p = tf().image.extract_patches(img, sizes=[1, size, size, 1], strides=[1, stride, stride, 1],
                                       rates=[1, 1, 1, 1], padding=padding)
        return np.asarray(p).reshape(-1, size * size * img.shape[-1])

    write(2, {
        "ones_valid": (conv(x, ones), "Conv2D(1, 3, use_bias=False), kernel of ones, on arange(25) 5x5: valid"),
        "ones_same": (conv(x, ones, padding="same").reshape(5, 5), "the same with padding='same'"),
        "ones_same_stride2_even": (conv(x4, ones, strides=2, padding="same").reshape(2, 2),
                                   "kernel of ones, stride 2, 'same', on arange(16) 4x4 (TF puts the extra padding bottom/right)"),
        "output_shapes": ([shape(16, 3, 1, "same", (1, 32, 32, 3)), shape(16, 3, 1, "valid", (1, 32, 32, 3)),
                           shape(32, 3, 2, "same", (1, 32, 32, 16)), shape(32, 3, 2, "valid", (1, 32, 32, 16)),
                           shape(64, 7, 2, "valid", (1, 70, 70, 3))], "Conv2D.compute_output_shape"),
        "param_counts": ([params(64, 7, 3), params(16, 3, 16, use_bias=False), params(16, 3, 3)],
                         "count_params: conv1 7x7 3->64 with bias; 3x3 16->16 without; 3x3 3->16 with"),
        "arange_kernel_valid": (conv(x4, arange_kernel).reshape(4), "kernel 0..8 (3,3,1,1) on arange(16) 4x4, valid"),
        "im2col_valid": (patches(x4, 3, 1, "VALID"), "tf.image.extract_patches 3x3, stride 1, VALID"),
        "im2col_same_stride2": (patches(x4, 3, 2, "SAME"), "tf.image.extract_patches 3x3, stride 2, SAME"),
    })


# --------------------------------------------------------------------------
# 03 · batch normalisation and ReLU
# --------------------------------------------------------------------------
def lesson03():
    k = keras()
    x = np.linspace(-1, 2, 8, dtype=np.float32).reshape(4, 1, 1, 2)
    bn = k.layers.BatchNormalization()
    y = np.asarray(bn(x, training=True))
    moving_mean, moving_variance = (np.asarray(w) for w in bn.get_weights()[2:])
    inference = np.asarray(bn(x, training=False))
    bn.set_weights([np.array([2, 0.5], np.float32), np.array([1, -1], np.float32),
                    np.array([0.5, 0.5], np.float32), np.array([0.25, 4], np.float32)])
    scaled_train = np.asarray(bn(x, training=True))
    scaled_inference = np.asarray(bn(x, training=False))
    one = np.asarray(bn(x[:1], training=True))
    bn64 = k.layers.BatchNormalization(name="bn_conv1")
    bn64.build((1, 32, 32, 64))
    trainable = sum(int(np.prod(w.shape)) for w in bn64.trainable_weights)
    non_trainable = sum(int(np.prod(w.shape)) for w in bn64.non_trainable_weights)
    relu = k.layers.Activation("relu")
    write(3, {
        "input": (x.reshape(4, 2), "np.linspace(-1, 2, 8) as (4, 2)"),
        "train_output": (y.reshape(4, 2), "BatchNormalization()(x, training=True), x = linspace(-1, 2, 8) as (4, 1, 1, 2)"),
        "moving_mean_after": (moving_mean, "moving_mean after that call (momentum 0.99)"),
        "moving_variance_after": (moving_variance, "moving_variance after that call"),
        "inference_output": (inference.reshape(4, 2), "then training=False"),
        "scaled_train_output": (scaled_train.reshape(4, 2), "set_weights(gamma [2, .5], beta [1, -1], mean [.5, .5], var [.25, 4]), training=True"),
        "scaled_inference_output": (scaled_inference.reshape(4, 2), "then training=False (moving statistics updated once)"),
        "batch_of_one": (one, "training=True on x[:1]: variance 0, output beta"),
        "bn64_counts": ([64, 64, 64, 64, trainable, non_trainable], "BatchNormalization on 64 channels: weight shapes, trainable, non-trainable sizes"),
        "relu": (np.asarray(relu(np.array([-2, -1, 0, 1, 2], np.float32))), "Activation('relu')"),
        "relu_after_bn": (np.asarray(relu(y)).reshape(4, 2), "relu of the first training output"),
    })


# --------------------------------------------------------------------------
# 04 · backpropagation and gradient checking
# --------------------------------------------------------------------------
def grads(layer, x, dy):
    """y, dL/dx and dL/dweights for L = reduce_sum(y * dy), by tf.GradientTape."""
    t = tf()
    x = t.constant(x)
    with t.GradientTape() as tape:
        tape.watch(x)
        y = layer(x, training=True)
        loss = t.reduce_sum(y * dy)
    g = tape.gradient(loss, [x] + list(layer.trainable_weights))
    return np.asarray(y), [np.asarray(v) for v in g]


def lesson04():
    k = keras()
    t = tf()
    dense = k.layers.Dense(2)
    dense.build((2, 3))
    dense.set_weights([np.array([[1, 2], [3, 4], [5, 6]], np.float32), np.array([0.5, -0.5], np.float32)])
    x = np.array([[1, 2, 3], [4, 5, 6]], np.float32)
    dy = np.array([[1, 0], [0, 1]], np.float32)
    y, (dx, dkernel, dbias) = grads(dense, x, dy)

    logits = t.constant([[2, 1, 0], [0, 0, 3]], t.float32)
    onehot = t.one_hot([0, 2], 3)
    with t.GradientTape() as tape:
        tape.watch(logits)
        loss = k.losses.CategoricalCrossentropy(from_logits=True)(onehot, logits)
    dlogits = tape.gradient(loss, logits)

    sig = k.layers.Activation("sigmoid")
    sy, (sdx,) = grads(sig, np.array([-2, 0, 2], np.float32), np.ones(3, np.float32))
    s = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    central = (s(0.01) - s(-0.01)) / 0.02

    box = k.layers.Conv2D(1, 3, use_bias=False)
    box.build((1, 5, 5, 1))
    box.set_weights([np.ones((3, 3, 1, 1), np.float32)])
    image = np.arange(25, dtype=np.float32).reshape(1, 5, 5, 1)
    _, (cdx, cdk) = grads(box, image, np.ones((1, 3, 3, 1), np.float32))
    write(4, {
        "dense_y": (y, "Dense(2), kernel [[1,2],[3,4],[5,6]], bias [.5,-.5], x [[1,2,3],[4,5,6]]"),
        "dense_dx": (dx, "dL/dx for dy = [[1,0],[0,1]]"),
        "dense_dkernel": (dkernel, "dL/dkernel"),
        "dense_dbias": (dbias, "dL/dbias"),
        "cce_loss": (float(loss), "CategoricalCrossentropy(from_logits=True), logits [[2,1,0],[0,0,3]], labels [0, 2]"),
        "cce_dlogits": (np.asarray(dlogits), "its gradient with respect to the logits"),
        "sigmoid_y": (sy, "sigmoid([-2, 0, 2])"),
        "sigmoid_dx": (sdx, "its gradient for dy = 1"),
        "sigmoid_central_difference": (central, "(sigmoid(0.01) - sigmoid(-0.01)) / 0.02 in float64"),
        "conv_dx": (cdx.reshape(5, 5), "3x3 kernel of ones on arange(25) 5x5: dL/dx for dy = 1"),
        "conv_dkernel": (cdk.reshape(3, 3), "and dL/dkernel"),
    })


# --------------------------------------------------------------------------
# 05 · the identity block (seed 002)
# --------------------------------------------------------------------------
def main_path_first(model):
    """The model's layers with each Add's first input (the main path) listed before its
    second (the shortcut): a depth-first walk back from the output. Keras's own summary
    interleaves the two paths by depth; ResNet Lab's lists them one after the other. The
    rows are Keras's either way, only their order differs."""
    order, seen = [], set()

    def visit(layer):
        if id(layer) in seen:
            return
        seen.add(id(layer))
        for node in layer._inbound_nodes[:1]:
            for t in node.input_tensors:
                visit(t._keras_history.operation)
        order.append(layer)

    visit(model.output._keras_history.operation)
    assert len(order) == len(model.layers), "every layer reached from the output"
    return order


def summary_rows(model):
    """Keras's summary as numbers, row by row (main path first, see main_path_first):
    output shape (no batch axis) and params."""
    out = []
    for layer in main_path_first(model):
        shape = layer.output.shape[1:]
        out += [*shape, layer.count_params()]
    return out


def totals(model):
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    non_trainable = sum(int(np.prod(w.shape)) for w in model.non_trainable_weights)
    return [model.count_params(), trainable, non_trainable]


def lesson05():
    k = keras()
    t = tf()
    import seed_models as sm
    inp = k.Input(shape=(15, 15, 256))
    model = k.Model(inp, sm.index_block(inp, 3, [64, 64, 256], stage=2, block="b"), name="res2b")
    wide = k.layers.Conv2D(256, 3, padding="same")
    wide.build((1, 15, 15, 256))

    # F(x) = 0: the last BatchNormalization's gamma and beta set to zero.
    bn = model.get_layer("bn2b_branch2c")
    bn.set_weights([np.zeros(256, np.float32), np.zeros(256, np.float32), np.zeros(256, np.float32), np.ones(256, np.float32)])
    rng = np.random.default_rng(5)
    x = t.constant(rng.uniform(0, 1, (2, 15, 15, 256)).astype(np.float32))
    dy = t.constant(rng.normal(size=(2, 15, 15, 256)).astype(np.float32))
    with t.GradientTape() as tape:
        tape.watch(x)
        y = model(x, training=True)
        loss = t.reduce_sum(y * dy)
    dx = tape.gradient(loss, x)
    write(5, {
        "block_output_shape": ([1, *model.output.shape[1:]], "index_block([64, 64, 256]) on (15, 15, 256): output shape"),
        "summary_rows": (summary_rows(model), "Keras summary of Model(Input(15,15,256) -> index_block(f=3, [64,64,256], stage 2, 'b')): per layer, output shape and params"),
        "summary_totals": (totals(model), "its total, trainable and non-trainable parameters"),
        "conv3x3_256": (wide.count_params(), "one 3x3 Conv2D 256 -> 256 with bias"),
        "identity_when_f_zero": (float(np.abs(np.asarray(y) - np.asarray(x)).max()), "max |y - x| with bn2b_branch2c gamma = beta = 0, x >= 0, training=True"),
        "gradient_when_f_zero": (float(np.abs(np.asarray(dx) - np.asarray(dy)).max()), "max |dL/dx - dy| for L = sum(y * dy), same block"),
    })


# --------------------------------------------------------------------------
# 06 · the convolutional block (seed 002) and seed 004's down-sampling unit
# --------------------------------------------------------------------------
def lesson06():
    k = keras()
    import seed_models as sm
    inp = k.Input(shape=(15, 15, 256))
    res3a = k.Model(inp, sm.con_block(inp, 3, [128, 128, 512], stage=3, block="a", s=2), name="res3a")
    inp2 = k.Input(shape=(15, 15, 64))
    res2a = k.Model(inp2, sm.con_block(inp2, 3, [64, 64, 256], stage=2, block="a", s=1))
    inp3 = k.Input(shape=(32, 32, 16))
    unit = k.Model(inp3, sm.residual_unit(inp3, 32, stride=2), name="unit")
    x4 = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    write(6, {
        "res3a_output_shape": ([1, *res3a.output.shape[1:]], "con_block(f=3, [128,128,512], stage 3, 'a', s=2) on (15,15,256)"),
        "res3a_summary_rows": (summary_rows(res3a), "its Keras summary: per layer, output shape and params"),
        "res3a_totals": (totals(res3a), "total, trainable, non-trainable"),
        "res2a_output_shape": ([1, *res2a.output.shape[1:]], "con_block(f=3, [64,64,256], stage 2, 'a', s=1) on (15,15,64)"),
        "strided_1x1": (conv(x4, np.ones((1, 1, 1, 1), np.float32), strides=2).reshape(2, 2), "Conv2D(1, 1, strides=2), kernel 1, on arange(16) 4x4"),
        "avgpool_2x2": (np.asarray(k.layers.AveragePooling2D(2)(x4)).reshape(2, 2), "AveragePooling2D(2) on arange(16) 4x4"),
        "unit_summary_rows": (summary_rows(unit), "seed 004 residual_unit(filters=32, stride=2) on (32,32,16): per layer, output shape and params"),
        "unit_totals": (totals(unit), "total, trainable, non-trainable"),
    })


# --------------------------------------------------------------------------
# 07 · vanishing gradients (about a minute: 60 networks)
# --------------------------------------------------------------------------
def cifar_v1(depth, shortcuts, batch_normalization, activation, input_shape=(32, 32, 3)):
    """Seed 003's resnet_v1 (shortcuts=True) or its plain twin (False), with the activation
    and batch normalisation as arguments — ResNetKit's ResNetV1 / PlainNet. Built from the
    seed's own resnet_layer; with the defaults it is the seed's model (asserted below)."""
    k = keras()
    import seed_models as sm
    n = (depth - 2) // 6
    inputs = k.Input(shape=input_shape)
    x = sm.resnet_layer(inputs, activation=activation, batch_normalization=batch_normalization)
    filters = 16
    for stack in range(3):
        for unit in range(n):
            strides = 2 if stack > 0 and unit == 0 else 1
            y = sm.resnet_layer(x, filters, strides=strides, activation=activation, batch_normalization=batch_normalization)
            y = sm.resnet_layer(y, filters, activation=None, batch_normalization=batch_normalization)
            if shortcuts:
                if strides != 1:
                    x = sm.resnet_layer(x, filters, kernel_size=1, strides=strides, activation=None, batch_normalization=False)
                x = k.layers.add([x, y])
            else:
                x = y
            x = k.layers.Activation(activation)(x)
        filters *= 2
    x = k.layers.AveragePooling2D(pool_size=8)(x)
    x = k.layers.Flatten()(x)
    outputs = k.layers.Dense(10, activation="softmax", kernel_initializer="he_normal")(x)
    return k.Model(inputs, outputs)


def gradient_norm_ratio(model, x, labels):
    """||grad first kernel|| / ||grad last kernel|| after one training-mode backward pass of
    the mean crossentropy: ResNetKit's Model.gradientNormRatio()."""
    k, t = keras(), tf()
    with t.GradientTape() as tape:
        p = model(x, training=True)
        loss = t.reduce_mean(k.losses.categorical_crossentropy(t.one_hot(labels, 10, dtype=p.dtype), p))
    kernels = [w for w in model.trainable_weights if w.path.endswith("kernel")]
    g = tape.gradient(loss, kernels)
    return float(t.norm(g[0]) / t.norm(g[-1]))


def lesson07(seeds=10):
    k = keras()
    assert cifar_v1(20, True, True, "relu").count_params() == 274442, "the builder is seed 003's resnet_v1"
    # float64: a plain 56-layer sigmoid network's first gradients are ~1e-35 per entry, which
    # TensorFlow flushes to zero in float32; the ratio itself does not depend on precision.
    k.backend.set_floatx("float64")
    k.config.set_dtype_policy("float64")
    figures = {}
    cases = [("sigmoid_plain20", 20, False, False, "sigmoid"), ("sigmoid_plain56", 56, False, False, "sigmoid"),
             ("sigmoid_resnet20", 20, True, False, "sigmoid"), ("sigmoid_resnet56", 56, True, False, "sigmoid"),
             ("bn_relu_plain56", 56, False, True, "relu"), ("bn_relu_resnet56", 56, True, True, "relu")]
    try:
        for name, depth, shortcuts, bn, activation in cases:
            ratios = []
            assert cifar_v1(20, True, True, "relu").layers[1].compute_dtype == "float64"
            for seed in range(seeds):
                k.utils.set_random_seed(seed)
                model = cifar_v1(depth, shortcuts, bn, activation)
                x = np.random.default_rng(seed).normal(size=(8, 32, 32, 3))
                ratios.append(gradient_norm_ratio(model, x, np.arange(8)))
            lo, hi = min(ratios), max(ratios)
            what = f"{'resnet_v1' if shortcuts else 'plain twin'} depth {depth}, {activation}, {'with' if bn else 'without'} BN"
            figures["ratio_" + name] = ({"min": lo / 3, "max": hi * 3},
                                        f"{what}: ||grad first kernel|| / ||grad last kernel||; Keras range over {seeds} seeds "
                                        f"[{lo:.3g}, {hi:.3g}], widened 3x each way")
            figures["keras_ratios_" + name] = (ratios, f"{what}: the {seeds} Keras ratios (seeds 0..{seeds - 1})")
            print(f"  {name}: {lo:.3g} .. {hi:.3g}")
    finally:
        k.backend.set_floatx("float32")
        k.config.set_dtype_policy("float32")
    write(7, figures)


# --------------------------------------------------------------------------
# 08 · ResNets for CIFAR (seeds 003 and 004), and the paper's Table 6
# --------------------------------------------------------------------------
def block_trace(model, post_activation):
    """The output shapes ResNet Lab's :trace prints (batch 1): the input, the stem's three
    layers, each residual unit's output (the Activation after the Add in v1, the Add itself
    in v2), then every layer after the last unit."""
    layers = main_path_first(model)
    adds = [i for i, l in enumerate(layers) if l.__class__.__name__ == "Add"]
    picks = [0, 1, 2, 3] + [i + 1 if post_activation else i for i in adds]
    picks += list(range(picks[-1] + 1, len(layers)))
    out = []
    for i in picks:
        out += [1, *layers[i].output.shape[1:]]
    return out


# He et al. 2015, "Deep residual learning for image recognition", Table 6 (CIFAR-10):
# "# params" of the option-A ResNets, as printed. A count backs the table when it rounds to
# the printed figure: [printed - half a unit, printed + half a unit).
PAPER_TABLE6 = {20: (0.27, 0.01), 32: (0.46, 0.01), 44: (0.66, 0.01), 56: (0.85, 0.01), 110: (1.7, 0.1)}


def lesson08():
    k = keras()
    import seed_models as sm
    seed004 = sm.resnet20_seed004()
    v1 = sm.resnet_v1((32, 32, 3), 20)
    v2 = sm.resnet_v2((32, 32, 3), 29)
    figures = {
        "seed004_summary_rows": (summary_rows(seed004), "Keras summary of seed 004's ResNet-20, main path first: per layer, output shape and params"),
        "seed004_totals": (totals(seed004), "its total, trainable and non-trainable parameters"),
        "v1_20_trace": (block_trace(v1, post_activation=True), "seed 003 resnet_v1 depth 20: input, stem, each unit's output, head (batch 1)"),
        "v2_29_trace": (block_trace(v2, post_activation=False), "seed 003 resnet_v2 depth 29: input, stem, each unit's output, head (batch 1)"),
    }
    for depth, (printed, unit) in PAPER_TABLE6.items():
        lo, hi = (printed - unit / 2) * 1e6, (printed + unit / 2) * 1e6
        figures[f"table6_resnet{depth}"] = ({"min": lo, "max": hi - 1},
                                            f"He et al. 2015 Table 6: ResNet-{depth} has {printed}M parameters (a count that rounds to it)")
    write(8, figures)


# --------------------------------------------------------------------------
# 09 · training a small ResNet on the Fashion-MNIST subset (a few minutes: 3 runs)
# --------------------------------------------------------------------------
def padded_normalized():
    """Lesson 9's data: pad 28x28 to 32x32 with zeros, then seed 003's subtract_pixel_mean
    (x / 255 minus the training set's mean image, float32), test with the training mean."""
    (x, y), (xt, yt) = fashion("train"), fashion("test")
    pad = ((0, 0), (2, 2), (2, 2), (0, 0))
    x, xt = np.pad(x, pad) / 255, np.pad(xt, pad) / 255
    mean = x.mean(axis=0)
    return (x - mean).astype(np.float32), y, (xt - mean).astype(np.float32), yt


def lesson09(seeds=3):
    k = keras()
    import seed_models as sm
    x, y, xt, yt = padded_normalized()
    figures = {
        "normalized_train_stats": ([3000, 32, 32, 1, x.min(), x.max()],
                                   "padded, /255, minus the training mean image: shape, min, max (NumPy)"),
        "resnet8_params": ([32, 32, 1, sm.resnet_v1((32, 32, 1), 8).count_params()],
                           "seed 003 resnet_v1(input_shape=(32, 32, 1), depth=8): input shape and count_params"),
    }
    runs = []
    for seed in range(seeds):
        k.utils.set_random_seed(seed)
        model = sm.resnet_v1((32, 32, 1), 8)
        model.compile(optimizer=k.optimizers.Adam(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        phase1 = model.fit(x, y, batch_size=32, epochs=3, shuffle=True, verbose=0, validation_data=(xt, yt),
                           callbacks=[k.callbacks.LearningRateScheduler(lambda e, lr: 1e-3)])
        lagging = model.evaluate(x, y, verbose=0)[1]
        phase2 = model.fit(x, y, batch_size=32, epochs=2, shuffle=True, verbose=0, validation_data=(xt, yt),
                           callbacks=[k.callbacks.LearningRateScheduler(lambda e, lr: [2e-4, 5e-5][e])])
        settled = model.evaluate(x, y, verbose=0)[1]
        test_accuracy = model.evaluate(xt, yt, verbose=0)[1]
        run = {"seed": seed, "train_accuracy_epoch3": phase1.history["accuracy"][-1], "inference_train_accuracy_after3": lagging,
               "train_accuracy_epoch5": phase2.history["accuracy"][-1], "inference_train_accuracy_after5": settled,
               "test_accuracy": test_accuracy}
        print("  ", {k_: round(v, 4) for k_, v in run.items()})
        runs.append(run)
    worst = min(r["test_accuracy"] for r in runs)
    figures["keras_runs"] = (runs, f"{seeds} Keras runs of the lesson's recipe (Adam, batch 32, 3 epochs at 1e-3, then 2e-4 and 5e-5): "
                                   "last-epoch training accuracy and inference accuracy on the training images after each phase, test accuracy")
    # The threshold the lesson asserts must be one Keras itself reaches every time.
    figures["accuracy_threshold_backed_by_keras"] = ({"min": 0.5, "max": worst},
                                                     f"a test-accuracy threshold the lesson may assert: at most Keras's worst run ({worst:.4f})")
    write(9, figures)


# --------------------------------------------------------------------------
# 10 · the degradation problem (a few minutes: 4 networks x 3 runs)
# --------------------------------------------------------------------------
DEGRADATION = [("plain-20", 20, False), ("plain-56", 56, False), ("ResNet-20", 20, True), ("ResNet-56", 56, True)]


def brief_training(model, x, y, seed, epochs=8, steps=4, batch=32):
    """ResNet Lab's fit(epochs: 8, batchSize: 32, stepsPerEpoch: 4): each epoch shuffles the
    images and trains on the first 4 batches of 32; the epoch's loss is the mean of its
    batches' losses (crossentropy + l2, as train_on_batch reports it)."""
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(y))
        batch_losses = [float(model.train_on_batch(x[order[i * batch:(i + 1) * batch]], y[order[i * batch:(i + 1) * batch]],
                                                   return_dict=True)["loss"]) for i in range(steps)]
        losses.append(float(np.mean(batch_losses)))
    return losses


def lesson10(seeds=3):
    k = keras()
    x, y, _, _ = padded_normalized()
    figures = {"param_counts": ([cifar_v1(d, s, True, "relu", (32, 32, 1)).count_params() for _, d, s in DEGRADATION],
                                "parameters of plain-20, plain-56, ResNet-20, ResNet-56 (seed 003's resnet_v1 and its plain twin) for 32x32x1 input")}
    runs = []
    for seed in range(seeds):
        run = {}
        for name, depth, shortcuts in DEGRADATION:
            k.utils.set_random_seed(seed)
            model = cifar_v1(depth, shortcuts, True, "relu", (32, 32, 1))
            model.compile(optimizer=k.optimizers.Adam(), loss="sparse_categorical_crossentropy")
            run[name] = brief_training(model, x, y, seed)
        print("  seed", seed, {n: round(float(np.mean(v[-3:])), 3) for n, v in run.items()})
        runs.append(run)
    tail = lambda losses: float(np.mean(losses[-3:]))  # noqa: E731  isLower's figure
    figures["keras_losses"] = (runs, f"{seeds} Keras runs: per-epoch training loss of each network, same batches for all four")
    figures["plain20_below_plain56"] = ({"holds": all(tail(r["plain-20"]) < tail(r["plain-56"]) for r in runs)},
                                        "in every Keras run, plain-20 ends with a lower training loss than plain-56 (mean of the last 3 epochs)")
    figures["resnet56_below_plain56"] = ({"holds": all(tail(r["ResNet-56"]) < tail(r["plain-56"]) for r in runs)},
                                         "in every Keras run, ResNet-56 ends lower than plain-56")
    write(10, figures)


# --------------------------------------------------------------------------
# 11 · ResNet-50 (seed 002)
# --------------------------------------------------------------------------
def lesson11():
    k = keras()
    import seed_models as sm
    model = sm.ResNet50(input_shape=(64, 64, 3), classes=6)
    # :trace's rows: the input, the stem's five layers, each block's output (the ReLU after
    # its Add), then the pooling, Flatten and the classifier.
    layers = main_path_first(model)
    picks = [0, 1, 2, 3, 4, 5] + [i + 1 for i, l in enumerate(layers) if l.__class__.__name__ == "Add"]
    picks += list(range(picks[-1] + 1, len(layers)))
    trace = []
    for i in picks:
        trace += [1, *layers[i].output.shape[1:]]

    def trainable(prefixes):
        return sum(int(np.prod(w.shape)) for l in model.layers if l.name.startswith(prefixes) for w in l.trainable_weights)

    big = sm.ResNet50(input_shape=(224, 224, 3), classes=1000)
    applications = k.applications.ResNet50(weights=None)
    # Everything before the classifier agrees; only the pooling (2x2 vs global) and so the
    # Dense layer's input size differ.
    dense = lambda m: m.layers[-1].count_params()  # noqa: E731
    assert big.count_params() - dense(big) == applications.count_params() - dense(applications), "same network up to the classifier"
    probabilities = np.asarray(model.predict(np.random.default_rng(0).normal(size=(2, 64, 64, 3)).astype(np.float32), verbose=0))
    write(11, {
        "predict_shape_and_sums": ([*probabilities.shape, *probabilities.sum(axis=1)], "model.predict on 2 random images: shape, and each row's sum"),
        "trace": (trace, "seed 002 ResNet50(64x64x3, 6 classes): output shapes of the input, stem, every block and the head (batch 1)"),
        "summary_rows": (summary_rows(model), "its Keras summary, main path first: per layer, output shape and params"),
        "summary_totals": (totals(model), "total, trainable, non-trainable"),
        "res5a_and_fc6_trainable": ([trainable(("res5a", "bn5a")), trainable(("fc6",))], "trainable parameters of block res5a (its res5a_* and bn5a_* layers) and of fc6"),
        "keras_applications_resnet50": (applications.count_params(), "keras.applications.ResNet50(weights=None).count_params(): global average pooling"),
        "seed_minus_applications": (big.count_params() - applications.count_params(),
                                    "seed 002 at 224x224x3, 1000 classes, minus keras.applications.ResNet50: the classifier's extra weights"),
    })


# --------------------------------------------------------------------------
# 12 · what's next: pre-activation (seed 003's resnet_v2) and safetensors
# --------------------------------------------------------------------------
def lesson12(seeds=5):
    k, t = keras(), tf()
    import seed_models as sm
    # Names as a fresh session gives them (the lesson builds this model first).
    k.backend.clear_session()
    resnet20 = sm.resnet20_seed004()
    weights = sorted((w.path, list(w.shape)) for w in resnet20.weights)
    figures = {
        "resnet20_weight_count": (len(weights), "seed 004's ResNet-20: number of weight tensors (Keras model.weights)"),
        "resnet20_weight_shapes": ([d for _, shape in weights for d in shape],
                                   "their shapes, sorted by Keras's weight path (" + ", ".join(p for p, _ in weights[:3]) + ", ...)"),
        "resnet20_weight_paths": ([p for p, _ in weights], "the paths themselves, for reading"),
    }
    losses = {"v1": [], "v2": []}
    ratios = {"v1": [], "v2": []}
    for seed in range(seeds):
        for version, build in (("v1", sm.resnet_v1), ("v2", sm.resnet_v2)):
            k.utils.set_random_seed(seed)
            model = build((32, 32, 3), 56)
            x = np.random.default_rng(seed).normal(size=(8, 32, 32, 3)).astype(np.float32)
            with t.GradientTape() as tape:
                p = model(x, training=True)
                loss = t.reduce_mean(k.losses.categorical_crossentropy(t.one_hot(np.arange(8), 10), p))
            kernels = [w for w in model.trainable_weights if w.path.endswith("kernel")]
            g = tape.gradient(loss, kernels)
            losses[version].append(float(loss))
            ratios[version].append(float(t.norm(g[0]) / t.norm(g[-1])))
    for version in ("v1", "v2"):
        lo, hi = min(losses[version]), max(losses[version])
        figures[f"initial_loss_{version}_56"] = ({"min": lo / 1.5, "max": hi * 1.5},
                                                 f"seed 003 resnet_{version} depth 56: crossentropy at initialisation (training mode) on a random batch; "
                                                 f"Keras over {seeds} seeds {[round(v, 3) for v in losses[version]]}, range widened 1.5x each way")
        lo, hi = min(ratios[version]), max(ratios[version])
        figures[f"ratio_{version}_56"] = ({"min": lo / 3, "max": hi * 3},
                                          f"seed 003 resnet_{version} depth 56: ||grad first kernel|| / ||grad last kernel||; "
                                          f"Keras over {seeds} seeds {[round(v, 3) for v in ratios[version]]}, range widened 3x each way")
        print(f"  {version}: losses {losses[version]} ratios {ratios[version]}")
    write(12, figures)


# Lesson 10's long experiment (`resnet-lab run 10 --long`): the same four networks without the
# seed's l2 (the recipe's decoupled weight decay takes its place), trained with the speed run's
# way of training on all 60,000 images (Tools/bench_keras_degradation.py does the training).
# About 5 minutes per seed on two cores.
LONG_RECIPE = ["--steps", "200", "--steps-per-point", "20", "--lr", "0.025", "--warmup", "0.1", "--wd", "5e-4", "--l2", "0"]
LONG_SEED = 0   # the seed the lesson trains with


def lesson10_long(seeds=3):
    keras()  # so that versions() names Keras and TensorFlow
    import bench_keras_degradation as bench
    runs = []
    for seed in range(seeds):
        r = bench.run(bench.parse(LONG_RECIPE + ["--seed", str(seed)]))
        print("  seed", seed, r["tails"], "figure 1:", r["figure1"], "figure 6:", r["figure6"])
        runs.append(r)
    holding = lambda key: [r["seed"] for r in runs if r[key]]  # noqa: E731
    lesson = next(r for r in runs if r["seed"] == LONG_SEED)
    figures = {
        "recipe": (" ".join(LONG_RECIPE), "Tools/bench_keras_degradation.py arguments (and --seed S)"),
        "keras_runs": ([{k: r[k] for k in ("seed", "tails", "accuracy_tails", "losses", "seconds")} for r in runs],
                       f"{seeds} Keras runs: training loss per 20 steps of each network, its mean over the last 3 points, "
                       "training accuracy likewise, seconds (train_on_batch, not a benchmark)"),
        "plain56_above_plain20": ({"holds": lesson["figure1"], "seeds": holding("figure1")},
                                  f"Figure 1: plain-56 ends with a higher training loss than plain-20 (mean of the last 3 points); "
                                  f"holds: for the lesson's seed {LONG_SEED}; seeds: those where it holds in Keras"),
        "resnet56_below_resnet20": ({"holds": lesson["figure6"], "seeds": holding("figure6")},
                                    f"Figure 6: ResNet-56 ends with a lower training loss than ResNet-20; "
                                    f"holds: for the lesson's seed {LONG_SEED}; seeds: those where it holds in Keras"),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "lesson10_long.json"
    lines = [f'  {json.dumps(k)}: {json.dumps({"value": plain(v), "about": about})}' for k, (v, about) in figures.items()]
    path.write_text('{\n "lesson": 10,\n "versions": %s,\n "figures": {\n' % json.dumps(versions()) + ",\n".join(lines) + "\n }\n}\n")
    print(f"wrote {path.relative_to(ROOT)}")


LESSONS = {1: lesson01, 2: lesson02, 3: lesson03, 4: lesson04, 5: lesson05, 6: lesson06, 7: lesson07, 8: lesson08,
           9: lesson09, 10: lesson10, 11: lesson11, 12: lesson12}

if __name__ == "__main__":
    # `lesson_fixtures.py 10long` writes lesson10_long.json (about 15 minutes); it is not part of
    # the default run.
    if sys.argv[1:] == ["10long"]:
        lesson10_long()
        sys.exit(0)
    wanted = [int(a) for a in sys.argv[1:]] or sorted(LESSONS)
    for n in wanted:
        LESSONS[n]()
