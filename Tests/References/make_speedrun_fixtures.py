#!/usr/bin/env python3
"""Keras/NumPy reference fixtures for the speed run's engine features (lesson 13).

    /work/tf-venv/bin/python Tests/References/make_speedrun_fixtures.py

Deletes and rewrites only Tests/References/Fixtures/speedrun/:

  label_smoothing/        keras.losses.CategoricalCrossentropy(label_smoothing=0.1) on
                          probabilities (loss, d loss/d probs by tf.GradientTape) and
                          from_logits=True (loss, d loss/d logits): probs, logits,
                          targets, loss_probs, grad_probs, loss_logits, grad_logits
  optimizer_<case>/       keras.optimizers.SGD/Adam with weight_decay, a CosineDecay
                          learning-rate schedule with warmup_steps, use_ema/ema_momentum,
                          exclude_from_weight_decay(var_names=["bias"]): two variables
                          ("kernel" (3,4), "bias" (4)) updated by optimizer.apply with 6
                          fixed gradients; kernel_steps/bias_steps after each apply, the
                          EMA averages after the last, and the weights after
                          finalize_variable_values (the averages, with EMA)
  fit_smoothing_ema/      model.fit of Dense(3, softmax) on 8 samples, batch 4, 3 epochs,
                          shuffle=False, loss CategoricalCrossentropy(label_smoothing=0.2),
                          SGD(CosineDecay(0, 4, warmup_target=0.5, warmup_steps=2),
                          momentum 0.9, nesterov, weight_decay 0.01, use_ema,
                          ema_momentum 0.5): weights after fit (EMA-finalised), the
                          per-epoch losses Keras reports
  tta/                    test-time flips: a Keras model Conv2D(2, 3, same) ->
                          GlobalAveragePooling2D -> Dense(3, softmax) on x (4, 5, 6, 1);
                          probs_tta = (model(x) + model(x[:, :, ::-1, :])) / 2 in NumPy
  piecewise_linear.json   np.interp at steps 0..1100 for knots [0, 200, 1000] ->
                          [0.02, 0.2, 0.0] (the one-cycle schedule; Keras has no twin)

float32 '<f4' arrays; each case seeded with crc32 of its name.
"""

import json
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
OUT = HERE / "Fixtures" / "speedrun"
VERSIONS = {"tensorflow": tf.__version__, "keras": keras.__version__, "numpy": np.__version__}
tf.config.experimental.enable_op_determinism()


def rng_for(case):
    return np.random.default_rng(zlib.crc32(case.encode()))


def f32(a):
    return np.array(a, dtype="<f4", order="C")


def write_case(name, arrays, config):
    folder = OUT / name
    folder.mkdir(parents=True)
    for k, v in arrays.items():
        np.save(folder / f"{k}.npy", f32(v), allow_pickle=False)
    config = dict(config, arrays={k: list(np.shape(v)) for k, v in arrays.items()}, **VERSIONS)
    (folder / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    print("wrote", folder.relative_to(HERE))


def label_smoothing():
    rng = rng_for("label_smoothing")
    logits = f32(rng.normal(size=(5, 4)) * 2)
    probs = f32(tf.nn.softmax(logits).numpy())
    targets = f32(np.eye(4)[rng.integers(0, 4, size=5)])
    out = {}
    for name, x, from_logits in (("probs", probs, False), ("logits", logits, True)):
        loss = keras.losses.CategoricalCrossentropy(label_smoothing=0.1, from_logits=from_logits)
        v = tf.Variable(x)
        with tf.GradientTape() as tape:
            value = loss(targets, v)
        out[f"loss_{name}"] = f32([value.numpy()])
        out[f"grad_{name}"] = tape.gradient(value, v).numpy()
    write_case("label_smoothing", dict(probs=probs, logits=logits, targets=targets, **out),
               {"label_smoothing": 0.1, "reduction": "sum_over_batch_size"})


def optimizer_case(name, make):
    rng = rng_for(name)
    kernel0, bias0 = f32(rng.normal(size=(3, 4))), f32(rng.normal(size=4))
    gk, gb = f32(rng.normal(size=(6, 3, 4))), f32(rng.normal(size=(6, 4)))
    kernel = keras.Variable(kernel0, name="kernel")
    bias = keras.Variable(bias0, name="bias")
    opt, config = make()
    opt.exclude_from_weight_decay(var_names=["bias"])
    ks, bs, lrs = [], [], []
    for k in range(6):
        lrs.append(float(np.float32(opt.learning_rate.numpy() if hasattr(opt.learning_rate, "numpy") else opt.learning_rate)))
        opt.apply([gk[k], gb[k]], [kernel, bias])
        ks.append(kernel.numpy().copy())
        bs.append(bias.numpy().copy())
    arrays = dict(kernel0=kernel0, bias0=bias0, grads_kernel=gk, grads_bias=gb, kernel_steps=ks, bias_steps=bs)
    if opt.use_ema:
        arrays["kernel_ema"] = opt._model_variables_moving_average[0].numpy()
        arrays["bias_ema"] = opt._model_variables_moving_average[1].numpy()
    opt.finalize_variable_values([kernel, bias])
    arrays["kernel_final"], arrays["bias_final"] = kernel.numpy(), bias.numpy()
    write_case(name, arrays, dict(config, lr_per_step=lrs, exclude_from_weight_decay=["bias"]))


def schedule():
    return keras.optimizers.schedules.CosineDecay(0.0, 4, warmup_target=0.5, warmup_steps=2)


SCHEDULE = {"initial_learning_rate": 0.0, "decay_steps": 4, "warmup_target": 0.5, "warmup_steps": 2, "alpha": 0.0}


def optimizers():
    optimizer_case("optimizer_sgd_wd_schedule_ema", lambda: (
        keras.optimizers.SGD(learning_rate=schedule(), momentum=0.9, nesterov=True, weight_decay=0.05,
                             use_ema=True, ema_momentum=0.8),
        {"optimizer": "SGD", "momentum": 0.9, "nesterov": True, "weight_decay": 0.05, "use_ema": True,
         "ema_momentum": 0.8, "schedule": SCHEDULE}))
    optimizer_case("optimizer_sgd_wd", lambda: (
        keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, weight_decay=0.01),
        {"optimizer": "SGD", "learning_rate": 0.1, "momentum": 0.9, "nesterov": False, "weight_decay": 0.01,
         "use_ema": False}))
    optimizer_case("optimizer_adam_wd_ema", lambda: (
        keras.optimizers.Adam(learning_rate=0.01, weight_decay=0.1, use_ema=True, ema_momentum=0.9),
        {"optimizer": "Adam", "learning_rate": 0.01, "weight_decay": 0.1, "use_ema": True, "ema_momentum": 0.9}))


def fit_case():
    name = "fit_smoothing_ema"
    rng = rng_for(name)
    x = f32(rng.normal(size=(8, 5)))
    y = f32(np.eye(3)[rng.integers(0, 3, size=8)])
    kernel0, bias0 = f32(rng.normal(size=(5, 3)) * 0.5), f32(rng.normal(size=3) * 0.1)
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3, activation="softmax")])
    model.layers[0].set_weights([kernel0, bias0])
    opt = keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.CosineDecay(0.0, 4, warmup_target=0.5, warmup_steps=2),
                               momentum=0.9, nesterov=True, weight_decay=0.01, use_ema=True, ema_momentum=0.5)
    opt.exclude_from_weight_decay(var_names=["bias"])
    model.compile(loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.2), optimizer=opt)
    h = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    k, b = model.layers[0].get_weights()
    write_case(name, dict(x=x, y=y, kernel0=kernel0, bias0=bias0, kernel=k, bias=b, loss=h.history["loss"]),
               {"batch_size": 4, "epochs": 3, "label_smoothing": 0.2, "momentum": 0.9, "nesterov": True,
                "weight_decay": 0.01, "exclude_from_weight_decay": ["bias"], "ema_momentum": 0.5,
                "schedule": SCHEDULE})


def tta():
    rng = rng_for("tta")
    x = f32(rng.normal(size=(4, 5, 6, 1)))
    model = keras.Sequential([keras.Input((5, 6, 1)), keras.layers.Conv2D(2, 3, padding="same"),
                              keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(3, activation="softmax")])
    weights = [f32(rng.normal(size=w.shape)) for w in model.get_weights()]
    model.set_weights(weights)
    p = model.predict(x, verbose=0)
    q = model.predict(x[:, :, ::-1, :].copy(), verbose=0)
    tta_probs = (p + q) / 2
    write_case("tta", dict(x=x, conv_kernel=weights[0], conv_bias=weights[1], dense_kernel=weights[2],
                           dense_bias=weights[3], probs=p, probs_tta=tta_probs, x_flipped=x[:, :, ::-1, :]),
               {"reference": "NumPy: (model(x) + model(x[:, :, ::-1, :])) / 2, model run by Keras"})


def piecewise():
    steps = list(range(0, 1101, 50)) + [1, 199, 201, 999]
    values = np.interp(steps, [0, 200, 1000], [0.02, 0.2, 0.0])
    (OUT / "piecewise_linear.json").write_text(json.dumps(
        {"knots": [0, 200, 1000], "values": [0.02, 0.2, 0.0], "steps": steps, "expected": list(values), **VERSIONS}, indent=1) + "\n")
    print("wrote piecewise_linear.json")


if __name__ == "__main__":
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    label_smoothing()
    optimizers()
    fit_case()
    tta()
    piecewise()
