#!/usr/bin/env python3
"""Generate Keras reference fixtures for whole models and residual blocks.

    /work/tfvenv/bin/python Tests/References/make_model_fixtures.py

Writes (after deleting it) Tests/References/Fixtures/models/:

    param_counts.json          count_params / trainable / non-trainable / layers
                               for every seed model (seed_models.py)
    summary_<model>.json       per-layer table: name, class_name, output_shape,
                               params, inbound, config (selected Keras arguments)
    identity_block/            seed 002 index_block, stage 2 block 'b'
    conv_block/                seed 002 con_block, stage 3 block 'a', s=2
    residual_unit_s2/          seed 004 residual_unit(filters=6, stride=2)
    residual_unit_s1/          seed 004 residual_unit(filters=4, stride=1)

Block folders follow make_layer_fixtures.py's conventions ('<f4' .npy, one
rng per case seeded with crc32(case), every weight assigned explicitly,
gradients of L = reduce_sum(y * dy)); weight files are named
`<layer>.<param>.npy`, gradients `d.<layer>.<param>.npy`, per-layer training
outputs `act.<layer>.npy`. See README.md.

Ends by running check_model_fixtures.py (independent NumPy re-implementation
of the blocks: forward in both modes, full backward, moving statistics).
"""

import json
import os
import shutil
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ next to the fixtures
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "Tools"))   # seed_models.py lives with the tools that use it

import seed_models as sm  # noqa: E402
from make_layer_fixtures import (VERSIONS, dump_json, f32, jsonable,  # noqa: E402
                                 normal, rng_for, uniform, write_case)

OUT = HERE / "Fixtures" / "models"

tf.config.experimental.enable_op_determinism()


# --------------------------------------------------------------------------
# per-layer tables
# --------------------------------------------------------------------------
BRIEF_KEYS = {
    "Conv2D": ["filters", "kernel_size", "strides", "padding", "use_bias", "activation"],
    "BatchNormalization": ["axis", "momentum", "epsilon"],
    "Dense": ["units", "activation", "use_bias"],
    "Activation": ["activation"],
    "MaxPooling2D": ["pool_size", "strides", "padding"],
    "AveragePooling2D": ["pool_size", "strides", "padding"],
    "ZeroPadding2D": ["padding"],
}


def brief_config(layer):
    cls = type(layer).__name__
    full = layer.get_config()
    cfg = {k: full[k] for k in BRIEF_KEYS.get(cls, [])}
    if cls in ("Conv2D", "Dense"):
        reg = layer.kernel_regularizer
        cfg["kernel_l2"] = float(reg.get_config()["l2"]) if reg is not None else None
    return cfg


def inbound_names(layer):
    nodes = layer._inbound_nodes
    assert len(nodes) == 1, (layer.name, len(nodes))
    return [t._keras_history.operation.name for t in nodes[0].input_tensors]


def layer_table(model):
    rows = []
    for layer in model.layers:
        rows.append({
            "name": layer.name,
            "class_name": type(layer).__name__,
            "output_shape": list(layer.output.shape[1:]),
            "params": int(layer.count_params()),
            "inbound": inbound_names(layer),
            "config": brief_config(layer),
        })
    return rows


def n_weights(ws):
    return int(sum(int(np.prod(w.shape)) for w in ws))


def counts(model):
    total = int(model.count_params())
    trainable = n_weights(model.trainable_weights)
    non_trainable = n_weights(model.non_trainable_weights)
    assert trainable + non_trainable == total, model.name
    by_class = {}
    for layer in model.layers:
        c = type(layer).__name__
        by_class[c] = by_class.get(c, 0) + 1
    return {
        "total_params": total,
        "trainable_params": trainable,
        "non_trainable_params": non_trainable,
        "layers": len(model.layers),
        "layers_by_class": dict(sorted(by_class.items())),
        "input_shape": list(model.inputs[0].shape[1:]),
        "output_shape": list(model.outputs[0].shape[1:]),
        "regularized_kernels": sum(1 for l in model.layers
                                   if getattr(l, "kernel_regularizer", None) is not None),
    }


# name -> (seed notebook, call as written in the config, builder)
MODELS = {}
for d in (20, 32, 44, 56, 110):
    MODELS[f"resnet{d}_v1"] = ("003", f"resnet_v1(input_shape=(32, 32, 3), depth={d}, num_classes=10)",
                               lambda d=d: sm.resnet_v1((32, 32, 3), d, 10))
for d in (11, 20, 29, 56, 110):
    MODELS[f"resnet{d}_v2"] = ("003", f"resnet_v2(input_shape=(32, 32, 3), depth={d}, num_classes=10)",
                               lambda d=d: sm.resnet_v2((32, 32, 3), d, 10))
MODELS["resnet20_seed004"] = ("004", "resnet20_seed004(input_shape=(32, 32, 3), classes=10)",
                              lambda: sm.resnet20_seed004((32, 32, 3), 10))
for shape, classes in (((64, 64, 3), 6), ((64, 64, 3), 10), ((224, 224, 3), 1000)):
    key = f"resnet50_seed002_{shape[0]}x{shape[1]}_c{classes}"
    MODELS[key] = ("002", f"ResNet50(input_shape={shape}, classes={classes})",
                   lambda s=shape, c=classes: sm.ResNet50(s, c))

SUMMARIES = ["resnet50_seed002_64x64_c6", "resnet20_seed004", "resnet20_v1"]


def write_json(path, text):
    path.write_text(text + "\n")
    print(f"wrote {path.relative_to(HERE)}  ({path.stat().st_size} bytes)")


def make_param_counts():
    table = {}
    for key, (seed, call, fn) in MODELS.items():
        keras.backend.clear_session()  # deterministic automatic layer names
        model = fn()
        entry = {"seed_notebook": seed, "call": call}
        entry.update(counts(model))
        table[key] = entry
        if key in SUMMARIES:
            rows = layer_table(model)
            assert sum(r["params"] for r in rows) == entry["total_params"]
            lines = ",\n".join("  " + json.dumps(jsonable(r)) for r in rows)
            write_json(OUT / f"summary_{key}.json", "[\n" + lines + "\n]")
        print(f"  {key:32s} total {entry['total_params']:>11,}  trainable "
              f"{entry['trainable_params']:>11,}  non-trainable {entry['non_trainable_params']:>7,}"
              f"  layers {entry['layers']}")
        del model

    # Depth rules: the seed's own ValueError for depths that are not 6n+2 / 9n+2.
    for fn, bad in ((sm.resnet_v1, 21), (sm.resnet_v2, 30)):
        try:
            fn((32, 32, 3), bad)
        except ValueError:
            pass
        else:
            raise AssertionError(f"{fn.__name__} accepted depth {bad}")

    doc = {
        "about": "Keras model.count_params() (total), sum of trainable / non-trainable weight "
                 "sizes, len(model.layers) (includes the InputLayer), for the seed models in "
                 "seed_models.py. Non-trainable = BatchNormalization moving_mean + moving_variance.",
        "models": table,
    }
    doc.update(VERSIONS)
    write_json(OUT / "param_counts.json", dump_json(jsonable(doc)))


def shape_facts():
    """Shape behaviour a re-implementer must match; asserted, documented in README."""
    keras.backend.clear_session()
    # seed 004's stride-2 unit needs even H, W: AvgPool2D(2) floors (7 -> 3),
    # the 3x3 stride-2 'same' conv ceils (7 -> 4), so Add fails.
    try:
        sm.residual_unit(keras.Input(shape=(7, 7, 4)), 6, stride=2)
    except ValueError:
        pass
    else:
        raise AssertionError("residual_unit(stride=2) accepted a 7x7 input")
    # seed 002's con_block and seed 003's projection: both paths agree on odd sizes.
    y = sm.con_block(keras.Input(shape=(7, 7, 6)), 3, [4, 4, 8], 3, "a", s=2)
    assert tuple(y.shape[1:]) == (4, 4, 8), y.shape
    m = sm.resnet_v1((31, 31, 3), 8)  # 31 -> 16 -> 8 (both paths ceil)
    assert tuple(m.layers[-3].output.shape[1:]) == (1, 1, 64), m.layers[-3].output.shape


# --------------------------------------------------------------------------
# block fixtures
# --------------------------------------------------------------------------
def draw_param(rng, pname, shape):
    if pname == "kernel":
        return normal(rng, shape, 0.3)
    if pname == "bias":
        return normal(rng, shape, 0.1)
    if pname == "gamma":
        return uniform(rng, shape, 0.5, 1.5)
    if pname == "beta":
        return normal(rng, shape, 0.1)
    if pname == "moving_mean":
        return normal(rng, shape, 0.3)
    if pname == "moving_variance":
        return uniform(rng, shape, 0.5, 2.0)
    raise ValueError(pname)


def block_case(case, x_shape, build, about, arguments):
    """build(inputs) -> outputs, with every layer created inside build."""
    seed, rng = rng_for(case)
    keras.backend.clear_session()
    inp = keras.Input(shape=x_shape[1:], name="x")
    model = keras.Model(inp, build(inp), name=case)
    layers = model.layers[1:]
    assert model.layers[0].name == "x"
    assert layers[-1].output is model.outputs[0]

    x = normal(rng, x_shape)
    arrays = {"x": x}
    assigned = set()
    for layer in layers:
        for v in layer.weights:
            key = f"{layer.name}.{v.name}"
            arr = draw_param(rng, v.name, tuple(v.shape))
            v.assign(arr)
            arrays[key] = arr
            assigned.add(v.path)
    assert assigned == {v.path for v in model.weights}, case
    dy = normal(rng, (x_shape[0],) + tuple(model.outputs[0].shape[1:]))

    # Inference first: it must see the moving statistics written above.
    arrays["y_inference"] = model(x, training=False).numpy()

    # One training call; every layer's output is recorded from the same call.
    probe = keras.Model(inp, [l.output for l in layers])
    trainable = list(model.trainable_weights)
    xs = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xs)
        outs = probe(xs, training=True)
        y = outs[-1]
        loss = tf.reduce_sum(y * tf.constant(dy))
    grads = tape.gradient(loss, [xs] + trainable)

    arrays["y"] = y.numpy()
    arrays["dy"] = dy
    arrays["dx"] = grads[0].numpy()
    for v, g in zip(trainable, grads[1:]):
        assert g is not None, (case, v.path)
        arrays["d." + v.path.replace("/", ".")] = g.numpy()
    for layer, o in zip(layers, outs):
        arrays[f"act.{layer.name}"] = o.numpy()
    for layer in layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            arrays[f"{layer.name}.moving_mean_after"] = layer.moving_mean.numpy()
            arrays[f"{layer.name}.moving_variance_after"] = layer.moving_variance.numpy()
    reg = [l for l in layers if getattr(l, "kernel_regularizer", None) is not None]
    if reg:
        # Keras's own regularization term (not part of the gradients above).
        arrays["l2_loss"] = np.float32(sum(float(t) for t in model.losses))

    cfg = {
        "block": about,
        "arguments": arguments,
        "input": "x",
        "output": layers[-1].name,
        "layers": [{"name": l.name, "class_name": type(l).__name__,
                    "inbound": inbound_names(l), "config": brief_config(l),
                    "weights": [v.name for v in l.weights]} for l in layers],
        "seed": seed,
        "grad_loss": "reduce_sum(y * dy)",
        "training": "y, dx, d.*, act.*, *_after: one call with training=True; "
                    "y_inference: training=False with the moving statistics in "
                    "<bn>.moving_mean.npy / <bn>.moving_variance.npy (before the training call)",
        "trainable_params": [v.path.replace("/", ".") for v in trainable],
    }
    if reg:
        cfg["regularization"] = (
            "kernel_regularizer l2(1e-4) on " + ", ".join(l.name for l in reg) +
            ". The gradients are of reduce_sum(y * dy) ONLY: the regularization loss is "
            "NOT included. l2_loss.npy = sum(model.losses) = 1e-4 * sum of squared kernels.")
    write_case(OUT / case, arrays, cfg)
    # one layer per line in config.json (dump_json writes lists inline)
    path = OUT / case / "config.json"
    text = path.read_text()
    inline = "\"layers\": " + json.dumps(jsonable(cfg["layers"]))
    assert inline in text, case
    rows = ",\n".join("    " + json.dumps(jsonable(r)) for r in cfg["layers"])
    path.write_text(text.replace(inline, "\"layers\": [\n" + rows + "\n  ]"))
    json.loads(path.read_text())


def make_blocks():
    block_case("identity_block", (2, 6, 6, 8),
               lambda t: sm.index_block(t, 3, [4, 4, 8], stage=2, block="b"),
               "seed 002 index_block(x, f=3, filters=[4, 4, 8], stage=2, block='b')",
               {"f": 3, "filters": [4, 4, 8], "stage": 2, "block": "b"})
    block_case("conv_block", (2, 8, 8, 6),
               lambda t: sm.con_block(t, 3, [4, 4, 8], stage=3, block="a", s=2),
               "seed 002 con_block(x, f=3, filters=[4, 4, 8], stage=3, block='a', s=2)",
               {"f": 3, "filters": [4, 4, 8], "stage": 3, "block": "a", "s": 2})
    names = {r: r for r in sm.RESIDUAL_UNIT_ROLES}
    block_case("residual_unit_s2", (2, 8, 8, 4),
               lambda t: sm.residual_unit(t, 6, stride=2, names=names),
               "seed 004 residual_unit(x, filters=6, stride=2, regularizer=l2(1e-4))",
               {"filters": 6, "stride": 2, "l2": 1e-4})
    block_case("residual_unit_s1", (2, 6, 6, 4),
               lambda t: sm.residual_unit(t, 4, stride=1, names=names),
               "seed 004 residual_unit(x, filters=4, stride=1, regularizer=l2(1e-4))",
               {"filters": 4, "stride": 1, "l2": 1e-4})


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    make_param_counts()
    shape_facts()
    make_blocks()
    import check_model_fixtures
    check_model_fixtures.main(OUT)


if __name__ == "__main__":
    main()
