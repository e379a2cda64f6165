#!/usr/bin/env python3
"""Keras side of `resnet-bench degradation` and of lesson 10's long experiment: plain-20,
plain-56, ResNet-20 and ResNet-56 trained alike, and the paper's two orderings.

    /work/tf-venv/bin/python Tools/bench_keras_degradation.py --seed 0 --steps 240

Networks: seed 003's resnet_v1 (Tools/seed_models.py) and its plain twin (the same layers
built from the seed's own resnet_layer, without the shortcuts and their 1x1 projections) —
ResNetKit's ResNetV1 / PlainNet — for 32x32x1 input.

Data: Fashion-MNIST's 60,000 training images (Debian's dataset-fashion-mnist), zero-padded
to 32x32, then seed 003's subtract_pixel_mean: x/255 minus the mean image.

Training, as the engine's fit(epochs: steps / steps_per_point, batchSize: batch,
options: FitOptions(seed:, stepsPerEpoch: steps_per_point)): each "epoch" (a point of the
curve) shuffles all the images and trains on its first steps_per_point batches; the point's
loss is the mean of its batches' losses (crossentropy + l2, as train_on_batch reports it).
Optimizer as the speed run's (bench_keras_speedrun.py): SGD Nesterov 0.9 with
CosineDecay(0, total - warm, warmup_target=lr, warmup_steps=warm), weight_decay=wd excluding
gamma, beta and bias; or Adam(lr).

Prints a line per network, then one JSON line:
{"seed", "tails": {name: mean of the last 3 points}, "losses": {name: [...]},
 "figure1": plain-56 above plain-20, "figure6": ResNet-56 below ResNet-20, "seconds"}.
"""

import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402

from bench_keras_speedrun import read_idx  # noqa: E402  the IDX reader the speed run uses


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--steps", type=int, default=240)
    p.add_argument("--steps-per-point", type=int, default=20)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--optimizer", default="sgd", choices=["sgd", "adam"])
    p.add_argument("--lr", type=float, default=0.2)
    p.add_argument("--warmup", type=float, default=0.1)
    p.add_argument("--wd", type=float, default=5e-4)
    p.add_argument("--ls", type=float, default=0.0)
    p.add_argument("--l2", type=float, default=0.0, help="the seed's kernel l2 (0: none)")
    p.add_argument("--depths", default="20,56")
    p.add_argument("--zero-gamma", type=int, default=0, help="residual branches' last BN starts at gamma = 0")
    p.add_argument("--threads", type=int, default=2)
    return p.parse_args(argv)


def network(keras, depth, shortcuts, l2):
    """Seed 003's resnet_v1 (shortcuts) or its plain twin, 32x32x1, 10 classes; the seed's
    kernel_regularizer=l2(1e-4) becomes l2(l2), or none for 0 (ResNetV1(kernelRegularizer:))."""
    import seed_models as sm
    sm.l2 = (lambda _: keras.regularizers.l2(l2)) if l2 > 0 else (lambda _: None)
    if shortcuts:
        return sm.resnet_v1((32, 32, 1), depth)
    n = (depth - 2) // 6
    inputs = keras.Input(shape=(32, 32, 1))
    x = sm.resnet_layer(inputs)
    filters = 16
    for stack in range(3):
        for unit in range(n):
            strides = 2 if stack > 0 and unit == 0 else 1
            x = sm.resnet_layer(x, filters, strides=strides)
            x = sm.resnet_layer(x, filters, activation=None)
            x = keras.layers.Activation("relu")(x)
        filters *= 2
    x = keras.layers.Flatten()(keras.layers.AveragePooling2D(pool_size=8)(x))
    outputs = keras.layers.Dense(10, activation="softmax", kernel_initializer="he_normal")(x)
    return keras.Model(inputs, outputs)


def optimizer(keras, a, total):
    if a.optimizer == "adam":
        return keras.optimizers.Adam(a.lr)
    lr = a.lr
    if a.warmup > 0:
        warm = max(1, round(total * a.warmup))
        lr = keras.optimizers.schedules.CosineDecay(0.0, max(1, total - warm), warmup_target=a.lr, warmup_steps=warm)
    opt = keras.optimizers.SGD(lr, momentum=0.9, nesterov=True, weight_decay=a.wd or None)
    opt.exclude_from_weight_decay(var_names=["gamma", "beta", "bias"])
    return opt


def main():
    print(json.dumps(run(parse())), flush=True)


def run(a):
    """Trains the four networks with the recipe in `a` (parse()'s namespace); returns the result."""
    import tensorflow as tf
    import keras
    tf.config.threading.set_intra_op_parallelism_threads(a.threads)
    tf.config.threading.set_inter_op_parallelism_threads(a.threads)
    x = read_idx(f"{a.data}/train-images-idx3-ubyte.gz", 3)
    y = read_idx(f"{a.data}/train-labels-idx1-ubyte.gz", 1)
    x = np.pad(x, ((0, 0), (2, 2), (2, 2)))[..., None] / 255
    x = (x - x.mean(axis=0)).astype(np.float32)
    y = np.eye(10, dtype=np.float32)[y]
    points = a.steps // a.steps_per_point
    losses, tails, seconds, accuracies, l2 = {}, {}, {}, {}, {}
    depths = [int(d) for d in a.depths.split(",")]
    start = time.perf_counter()
    for depth in depths:
        for shortcuts in (False, True):
            name = ("ResNet-" if shortcuts else "plain-") + str(depth)
            keras.utils.set_random_seed(a.seed)
            model = network(keras, depth, shortcuts, a.l2)
            if a.zero_gamma:
                # The BatchNormalization feeding each Add (the residual branch's last), gamma = 0.
                for layer in model.layers:
                    if isinstance(layer, keras.layers.Add):
                        for t in layer.input:
                            bn = t._keras_history.operation
                            if isinstance(bn, keras.layers.BatchNormalization):
                                bn.gamma.assign(np.zeros(bn.gamma.shape, np.float32))
            model.compile(optimizer=optimizer(keras, a, a.steps),
                          loss=keras.losses.CategoricalCrossentropy(label_smoothing=a.ls), metrics=["accuracy"])
            rng = np.random.default_rng(a.seed)
            t0 = time.perf_counter()
            curve, accuracy = [], []
            for _ in range(points):
                order = rng.permutation(len(y))
                batch_losses, batch_accuracies = [], []
                for i in range(a.steps_per_point):
                    rows = order[i * a.batch:(i + 1) * a.batch]
                    r = model.train_on_batch(x[rows], y[rows], return_dict=True)
                    batch_losses.append(float(r["loss"]))
                    batch_accuracies.append(float(r["accuracy"]))
                curve.append(float(np.mean(batch_losses)))
                accuracy.append(float(np.mean(batch_accuracies)))
            losses[name] = [round(v, 4) for v in curve]
            tails[name] = round(float(np.mean(curve[-3:])), 4)
            accuracies[name] = round(float(np.mean(accuracy[-3:])), 4)
            l2[name] = round(float(sum(float(v) for v in model.losses)), 4)
            seconds[name] = round(time.perf_counter() - t0, 1)
            print(f"{name:10s} " + " ".join(f"{v:.3f}" for v in curve) + f"   {seconds[name]:.1f} s; "
                  f"l2 term at the end {l2[name]:.3f}; accuracy, last 3 points {accuracies[name]:.4f}", flush=True)
    result = {"seed": a.seed, "tails": tails, "losses": losses, "seconds": seconds, "accuracy_tails": accuracies, "l2": l2,
              "all_seconds": round(time.perf_counter() - start, 1)}
    if len(depths) == 2:
        s, d = depths
        result["figure1"] = tails[f"plain-{d}"] > tails[f"plain-{s}"]
        result["figure6"] = tails[f"ResNet-{d}"] < tails[f"ResNet-{s}"]
    return result


if __name__ == "__main__":
    main()
