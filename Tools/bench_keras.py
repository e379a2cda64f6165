#!/usr/bin/env python3
"""Keras side of the model benchmark: forward and training-step throughput.

    /work/tfvenv/bin/python Tools/bench_keras.py \\
        --model resnet20_v1 --batch 128 --steps 10 --warmup 3 --threads 2

Models (seed_models.py, input 32x32x3 or, with --channels 1, 32x32x1; 10 classes):
  resnet20_v1       seed 003 resnet_v1(depth=20)   (274,442 params)
  resnet20_seed004  seed 004's ResNet-20           (274,042 params)

Compiled like seed 003: Adam(learning_rate=1e-3), categorical_crossentropy,
metrics=['accuracy'] (`--optimizer sgd` gives seed 004's
SGD(0.1, momentum=0.9, nesterov=True)). Data: random N(0,1) images and random
one-hot labels (fixed seed). Timed separately, each after --warmup untimed
steps:
  forward  `model(x, training=False)` inside a tf.function, result copied to
           NumPy (so the step has finished);
  train    `model.train_on_batch(x, y)` (forward, loss, backward, optimizer
           update, BN moving statistics; returns the loss as a Python float).
The reported figure is the median over --steps timed steps.

Prints exactly one line on stdout, a JSON object:
  {"framework": "keras", "tensorflow", "keras", "model", "params", "batch",
   "steps", "warmup", "threads", "optimizer", "forward_images_per_s",
   "train_images_per_s", "forward_ms_median", "train_ms_median",
   "forward_ms_min", "train_ms_min", "loadavg_1min_before", "peak_rss_mb"}
(images/s = batch / median step time. The machine's 1-minute load average
before timing is recorded because other work on the same cores skews
everything.)
TensorFlow's own log lines go to stderr.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", default="resnet20_v1", choices=["resnet20_v1", "resnet20_seed004"])
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--channels", type=int, default=3, choices=[1, 3],
                   help="input channels: 3 (CIFAR-10 shape) or 1 (Fashion-MNIST padded to 32x32)")
    p.add_argument("--steps", type=int, default=10, help="timed steps (median is reported)")
    p.add_argument("--warmup", type=int, default=3, help="untimed steps before timing")
    p.add_argument("--threads", type=int, default=2,
                   help="TF intra- and inter-op threads (0 = TensorFlow's default)")
    p.add_argument("--optimizer", default="adam", choices=["adam", "sgd"])
    a = p.parse_args()
    for k in ("batch", "steps"):
        if getattr(a, k) < 1:
            p.error(f"--{k} must be >= 1, got {getattr(a, k)}")
    if a.warmup < 0 or a.threads < 0:
        p.error("--warmup and --threads must be >= 0")
    return a


def timed(fn, warmup, steps):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(steps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out), min(out)


def main():
    args = parse()
    import numpy as np
    import tensorflow as tf
    if args.threads:
        # must happen before TensorFlow runs its first op
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    import keras
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import seed_models

    keras.utils.set_random_seed(0)
    model = seed_models.build(args.model, channels=args.channels)
    if args.optimizer == "adam":
        opt = keras.optimizers.Adam(learning_rate=1e-3)
    else:
        opt = keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True)
    model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])

    rng = np.random.default_rng(0)
    x = rng.normal(size=(args.batch, 32, 32, args.channels)).astype(np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, size=args.batch)]
    xt = tf.constant(x)

    forward = tf.function(lambda t: model(t, training=False))
    load = os.getloadavg()[0]  # other work on the machine skews the timings
    fwd_s, fwd_min = timed(lambda: forward(xt).numpy(), args.warmup, args.steps)
    train_s, train_min = timed(lambda: model.train_on_batch(x, y), args.warmup, args.steps)

    result = {
        "framework": "keras",
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "model": args.model,
        "params": int(model.count_params()),
        "batch": args.batch,
        "channels": args.channels,
        "steps": args.steps,
        "warmup": args.warmup,
        "threads": args.threads,
        "optimizer": args.optimizer,
        "forward_images_per_s": round(args.batch / fwd_s, 1),
        "train_images_per_s": round(args.batch / train_s, 1),
        "forward_ms_median": round(fwd_s * 1e3, 2),
        "train_ms_median": round(train_s * 1e3, 2),
        "forward_ms_min": round(fwd_min * 1e3, 2),
        "train_ms_min": round(train_min * 1e3, 2),
        "loadavg_1min_before": round(load, 2),
        # ru_maxrss is in KiB on Linux
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
