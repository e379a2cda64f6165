#!/usr/bin/env python3
"""Keras side of the training benchmark: ResNet-20 v1 on Fashion-MNIST.

    /work/tfvenv/bin/python Tools/bench_keras_fashion.py            # Adam 1e-3, batch 128, 3 epochs
    /work/tfvenv/bin/python Tools/bench_keras_fashion.py --epochs 1 --limit 10000
    /work/tfvenv/bin/python Tools/bench_keras_fashion.py --optimizer sgd --lr 0.1 \\
        --momentum 0.9 --nesterov --augment

Model: seed 003 resnet_v1(input_shape=(32, 32, 1), depth=20, num_classes=10)
(seed_models.py; 274,154 params with one input channel).

Data: the IDX files (gzipped) in --data (default /usr/share/datasets/fashion-mnist),
read with gzip + NumPy -- nothing is downloaded. Preprocessing as in seed 003
(`subtract_pixel_mean = True`), after padding the 28x28 images to 32x32:
  1. zero-pad 2 pixels on every side (28 -> 32), one channel;
  2. scale to [0, 1] (/ 255);
  3. subtract the per-pixel mean of the FULL training set (60,000 images, also
     when --limit is given) from training and test images.
Labels one-hot, loss categorical_crossentropy, metrics accuracy.

--limit N trains on the first N training images (quick runs); the test set is
always the full 10,000 images. --augment adds seed 004-style augmentation to
the training batches: RandomTranslation(4/32, 4/32, fill_mode='nearest')
(bilinear, like ImageDataGenerator(width_shift_range=4/32,
height_shift_range=4/32)) and RandomFlip('horizontal'), applied after the mean
subtraction (the seed's generator also sees mean-subtracted images).

Prints on stdout, after each epoch, one JSON line:
  {"epoch", "seconds_total", "test_accuracy", "train_loss",
   "epoch_seconds", "eval_seconds", "train_accuracy", "test_loss", "images"}
seconds_total = cumulative training (model.fit) time; evaluation time is
excluded from it and reported as eval_seconds. train_loss is what Keras
reports for the epoch: the running mean over the epoch's batches of
crossentropy PLUS the l2(1e-4) kernel regularization term (seed 003's
resnet_layer regularizes every conv kernel). A configuration line goes to
stderr first.
"""

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402


def read_idx(path, magic, ndim):
    """IDX (big-endian header: 0x00000800|type, dims as uint32) from a .gz file."""
    try:
        raw = gzip.open(path, "rb").read()
    except OSError as e:
        raise SystemExit(f"cannot read {path}: {e}")
    got = int.from_bytes(raw[:4], "big")
    if got != magic:
        raise SystemExit(f"{path}: IDX magic {got:#010x}, expected {magic:#010x}")
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    body = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(dims)):
        raise SystemExit(f"{path}: header says {dims} ({int(np.prod(dims))} bytes), "
                         f"file has {body.size}")
    return body.reshape(dims)


def load_fashion(folder):
    folder = Path(folder)
    out = {}
    for split, stem in (("train", "train"), ("test", "t10k")):
        x = read_idx(folder / f"{stem}-images-idx3-ubyte.gz", 0x00000803, 3)
        y = read_idx(folder / f"{stem}-labels-idx1-ubyte.gz", 0x00000801, 1)
        if len(x) != len(y):
            raise SystemExit(f"{split}: {len(x)} images but {len(y)} labels")
        out[split] = (x, y)
    return out


def preprocess(x_train_u8, x_test_u8):
    pad = ((0, 0), (2, 2), (2, 2))
    x_train = np.pad(x_train_u8, pad).astype(np.float32)[..., None] / 255
    x_test = np.pad(x_test_u8, pad).astype(np.float32)[..., None] / 255
    mean = np.mean(x_train, axis=0)  # seed 003: x_train_mean, per pixel
    return x_train - mean, x_test - mean


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--optimizer", default="adam", choices=["adam", "sgd"])
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--momentum", type=float, default=0.0, help="sgd only")
    p.add_argument("--nesterov", action="store_true", help="sgd only")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--augment", action="store_true")
    p.add_argument("--limit", type=int, default=0, help="train on the first N images (0 = all)")
    p.add_argument("--threads", type=int, default=2, help="TF intra/inter-op threads (0 = default)")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if a.batch < 1 or a.epochs < 1 or a.lr <= 0 or a.limit < 0 or a.threads < 0:
        p.error("need --batch >= 1, --epochs >= 1, --lr > 0, --limit >= 0, --threads >= 0")
    return a


def main():
    args = parse()
    import tensorflow as tf
    if args.threads:
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    import keras
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import seed_models

    data = load_fashion(args.data)
    (xtr_u8, ytr), (xte_u8, yte) = data["train"], data["test"]
    x_train, x_test = preprocess(xtr_u8, xte_u8)
    if args.limit:
        x_train, ytr = x_train[:args.limit], ytr[:args.limit]
    y_train = np.eye(10, dtype=np.float32)[ytr]
    y_test = np.eye(10, dtype=np.float32)[yte]

    keras.utils.set_random_seed(args.seed)
    model = seed_models.resnet_v1(input_shape=(32, 32, 1), depth=20, num_classes=10)
    if args.optimizer == "adam":
        opt = keras.optimizers.Adam(learning_rate=args.lr)
    else:
        opt = keras.optimizers.SGD(learning_rate=args.lr, momentum=args.momentum,
                                   nesterov=args.nesterov)
    model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])

    if args.augment:
        aug = keras.Sequential([
            keras.layers.RandomTranslation(4 / 32, 4 / 32, fill_mode="nearest", seed=args.seed),
            keras.layers.RandomFlip("horizontal", seed=args.seed + 1),
        ])
        train = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
                 .shuffle(len(x_train), seed=args.seed, reshuffle_each_iteration=True)
                 .batch(args.batch)
                 .map(lambda x, y: (aug(x, training=True), y), num_parallel_calls=1)
                 .prefetch(1))
    else:
        train = None

    cfg = {"model": "resnet20_v1 (seed 003, 32x32x1)", "params": int(model.count_params()),
           "train_images": len(x_train), "test_images": len(x_test), **vars(args),
           "tensorflow": tf.__version__, "keras": keras.__version__}
    print(json.dumps(cfg), file=sys.stderr, flush=True)

    total = 0.0
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        if train is None:
            h = model.fit(x_train, y_train, batch_size=args.batch, epochs=1,
                          shuffle=True, verbose=0)
        else:
            h = model.fit(train, epochs=1, verbose=0)
        t1 = time.perf_counter()
        test_loss, test_acc = model.evaluate(x_test, y_test, batch_size=256, verbose=0)
        t2 = time.perf_counter()
        total += t1 - t0
        print(json.dumps({
            "epoch": epoch,
            "seconds_total": round(total, 2),
            "test_accuracy": round(float(test_acc), 4),
            "train_loss": round(float(h.history["loss"][-1]), 4),
            "epoch_seconds": round(t1 - t0, 2),
            "eval_seconds": round(t2 - t1, 2),
            "train_accuracy": round(float(h.history["accuracy"][-1]), 4),
            "test_loss": round(float(test_loss), 4),
            "images": len(x_train),
        }), flush=True)


if __name__ == "__main__":
    main()
