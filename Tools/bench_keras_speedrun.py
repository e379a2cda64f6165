#!/usr/bin/env python3
"""Keras side of `resnet-bench speedrun`: the same network and recipe in Keras/TensorFlow.

    /work/tf-venv/bin/python Tools/bench_keras_speedrun.py --epochs 4 --seed 0
    /work/tf-venv/bin/python Tools/bench_keras_speedrun.py --validate --epochs 1 --limit 10000

Model (SpeedrunNet, Sources/ResNetKit/Models/SpeedrunNet.swift), 28x28x1 input:
  Conv2D(w0, 3, same, no bias, he_normal) -> BN -> ReLU
  per stage k: Conv2D(w_k, 3, same, no bias, he_normal) -> MaxPooling2D(2) -> BN -> ReLU,
               then units[k] residual units relu(x + BN(Conv(ReLU(BN(Conv(x))))))
  GlobalAveragePooling2D -> Dense(10, softmax)
BatchNormalization with Keras's defaults (momentum 0.99 unless --bn, epsilon 1e-3).

Data: the IDX files in --data (Debian's dataset-fashion-mnist), x/255 standardised with
one mean and one standard deviation of the training images. --validate trains on the
55,000 images whose index is not 11 mod 12 and evaluates on the 5,000 that are (the
engine uses the same split); otherwise all 60,000 train and the 10,000 test images are
evaluated once. --limit N keeps the first N training images.

Recipe: SGD(learning_rate=CosineDecay(0, total - warm, warmup_target=lr, warmup_steps=warm),
momentum=0.9, nesterov=True, weight_decay=wd, use_ema=ema>0, ema_momentum=ema) with
exclude_from_weight_decay(var_names=["gamma", "beta", "bias"]), warm = round(total*warmup)
(warmup 0: constant lr); or Adam(lr). Loss CategoricalCrossentropy(label_smoothing=ls).
Augmentation per batch: random horizontal flips (tf.image.random_flip_left_right) and
RandomTranslation(shift/28, fill_mode="nearest"). TTA: mean of the softmax outputs for x
and x[:, :, ::-1].

Prints one JSON line: {"accuracy", "plain_accuracy", "seconds", "train_loss", "steps"};
seconds run from loading the data to the end of the evaluation (TensorFlow's import
excluded, as the engine's start-up is).
"""

import argparse
import gzip
import json
import os
import sys
import time

sys.dont_write_bytecode = True
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402


def read_idx(path, ndim):
    raw = gzip.open(path, "rb").read()
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--widths", default="16,32,64")
    p.add_argument("--units", default="0,1")
    p.add_argument("--optimizer", default="sgd", choices=["sgd", "adam"])
    p.add_argument("--lr", type=float, default=0.2)
    p.add_argument("--warmup", type=float, default=0.1)
    p.add_argument("--wd", type=float, default=5e-4)
    p.add_argument("--ls", type=float, default=0.1)
    p.add_argument("--ema", type=float, default=0.0)
    p.add_argument("--shift", type=float, default=0.0)
    p.add_argument("--flips", type=int, default=1)
    p.add_argument("--tta", type=int, default=1)
    p.add_argument("--bn", type=float, default=0.99, help="BatchNormalization momentum")
    p.add_argument("--validate", action="store_true")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    return p.parse_args(argv)


def build(keras, widths, units, bn=0.99):
    L = keras.layers

    def BN():
        return L.BatchNormalization(momentum=bn)

    def conv(w):
        return L.Conv2D(w, 3, padding="same", use_bias=False, kernel_initializer="he_normal")

    inp = keras.Input((28, 28, 1))
    x = L.ReLU()(BN()(conv(widths[0])(inp)))
    for w, n in zip(widths[1:], units):
        x = L.ReLU()(BN()(L.MaxPooling2D(2)(conv(w)(x))))
        for _ in range(n):
            y = L.ReLU()(BN()(conv(w)(x)))
            y = BN()(conv(w)(y))
            x = L.ReLU()(L.Add()([x, y]))
    out = L.Dense(10, activation="softmax")(L.GlobalAveragePooling2D()(x))
    return keras.Model(inp, out)


def train_and_evaluate(a, xtr, ytr, xte, yte, start):
    """Trains SpeedrunNet with recipe `a` on uint8 images xtr (N, 28, 28), evaluates on xte;
    returns the JSON-able result. `start`: the perf_counter value the seconds count from."""
    import tensorflow as tf
    import keras
    x = xtr.astype(np.float32)[..., None] / 255
    mean, std = float(x.mean(dtype=np.float64)), float(x.std(dtype=np.float64))
    x = ((x - mean) / std).astype(np.float32)
    xt = ((xte.astype(np.float32)[..., None] / 255 - mean) / std).astype(np.float32)
    y = np.eye(10, dtype=np.float32)[ytr]

    keras.utils.set_random_seed(a.seed)
    model = build(keras, [int(v) for v in a.widths.split(",")], [int(v) for v in a.units.split(",")], a.bn)
    steps = (len(x) + a.batch - 1) // a.batch
    total = steps * a.epochs
    if a.optimizer == "adam":
        opt = keras.optimizers.Adam(a.lr, weight_decay=a.wd or None, use_ema=a.ema > 0, ema_momentum=a.ema or 0.99)
    else:
        lr = a.lr
        if a.warmup > 0:
            warm = max(1, round(total * a.warmup))
            lr = keras.optimizers.schedules.CosineDecay(0.0, max(1, total - warm), warmup_target=a.lr, warmup_steps=warm)
        opt = keras.optimizers.SGD(lr, momentum=0.9, nesterov=True, weight_decay=a.wd or None,
                                   use_ema=a.ema > 0, ema_momentum=a.ema or 0.99)
    opt.exclude_from_weight_decay(var_names=["gamma", "beta", "bias"])
    model.compile(loss=keras.losses.CategoricalCrossentropy(label_smoothing=a.ls), optimizer=opt, metrics=["accuracy"])

    translate = keras.layers.RandomTranslation(a.shift / 28, a.shift / 28, fill_mode="nearest", seed=a.seed) if a.shift > 0 else None

    def augment(xb, yb):
        if a.flips:
            xb = tf.image.random_flip_left_right(xb, seed=a.seed)
        if translate is not None:
            xb = translate(xb, training=True)
        return xb, yb

    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=a.seed, reshuffle_each_iteration=True).batch(a.batch)
    if a.flips or translate is not None:
        ds = ds.map(augment, num_parallel_calls=1)
    h = model.fit(ds.prefetch(1), epochs=a.epochs, verbose=0)
    p = model.predict(xt, batch_size=256, verbose=0)
    plain = float(np.mean(p.argmax(-1) == yte))
    acc = plain
    if a.tta:
        q = model.predict(xt[:, :, ::-1, :].copy(), batch_size=256, verbose=0)
        acc = float(np.mean(((p + q) / 2).argmax(-1) == yte))
    return {"accuracy": round(acc, 4), "plain_accuracy": round(plain, 4),
            "seconds": round(time.perf_counter() - start, 1),
            "train_loss": round(float(h.history["loss"][-1]), 4), "steps": total,
            "params": int(model.count_params())}


def main():
    a = parse()
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(a.threads)
    tf.config.threading.set_inter_op_parallelism_threads(a.threads)
    start = time.perf_counter()
    xtr = read_idx(f"{a.data}/train-images-idx3-ubyte.gz", 3)
    ytr = read_idx(f"{a.data}/train-labels-idx1-ubyte.gz", 1)
    if a.validate:
        idx = np.arange(len(xtr))
        xte, yte = xtr[idx % 12 == 11], ytr[idx % 12 == 11]
        xtr, ytr = xtr[idx % 12 != 11], ytr[idx % 12 != 11]
    else:
        xte = read_idx(f"{a.data}/t10k-images-idx3-ubyte.gz", 3)
        yte = read_idx(f"{a.data}/t10k-labels-idx1-ubyte.gz", 1)
    if a.limit:
        xtr, ytr = xtr[:a.limit], ytr[:a.limit]
    print(json.dumps(train_and_evaluate(a, xtr, ytr, xte, yte, start)), flush=True)


if __name__ == "__main__":
    main()
