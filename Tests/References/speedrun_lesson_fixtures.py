#!/usr/bin/env python3
"""Keras references for lesson 13 (Speedrun): the lesson's ladder run in Keras.

    /work/tf-venv/bin/python Tests/References/speedrun_lesson_fixtures.py [--seeds 5]

Writes Tests/References/Fixtures/lessons/lesson13.json. The lesson trains every rung of
SpeedrunRecipe.ladder (Sources/ResNetKit/Training/SpeedrunRecipe.swift; the same rungs
are listed in RUNGS below) for 2 epochs of batch 32, BatchNormalization momentum 0.9 (the peak SGD rate scaled with the batch, 0.2 x 32/128 = 0.05) on the committed Fashion-MNIST subset
(Datasets/fashion-mnist-subset: 3,000 training, 1,000 test images), then evaluates on the
1,000 test images. Here Keras does the same (bench_keras_speedrun.train_and_evaluate: the
same network, schedule, weight decay, label smoothing, flips and flip TTA) from --seeds
initialisations, and records per rung the range of test accuracy over seeds, and whether
the orderings the lesson asserts held in EVERY seed.

Also: SpeedrunNet's parameter count (Keras's count_params) and keras CosineDecay values
for the lesson's full-run schedule.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "Tools"))   # bench_keras_speedrun.py lives with the tools that use it

import numpy as np  # noqa: E402
import bench_keras_speedrun as bench  # noqa: E402

SUBSET = HERE.parent.parent / "Datasets" / "fashion-mnist-subset"
OUT = HERE / "Fixtures" / "lessons" / "lesson13.json"

BASE = ["--epochs", "2", "--batch", "32", "--bn", "0.9"]
# name, then the recipe's arguments: each rung adds one trick (SpeedrunRecipe.ladder)
BASELINE = ["--optimizer", "adam", "--lr", "0.001", "--warmup", "0", "--wd", "0", "--ls", "0", "--flips", "0", "--tta", "0"]
RUNGS = [
    ("baseline: Adam 1e-3, constant", {}),
    ("+ SGD Nesterov, warm-up + cosine", {"--optimizer": "sgd", "--lr": "0.05", "--warmup": "0.1"}),
    ("+ weight decay 0.0005", {"--wd": "0.0005"}),
    ("+ label smoothing 0.1", {"--ls": "0.1"}),
    ("+ random flips", {"--flips": "1"}),
    ("+ flip TTA", {"--tta": "1"}),
]


def rung_args(k, seed):
    args = dict(zip(BASELINE[::2], BASELINE[1::2]))
    for _, extra in RUNGS[:k + 1]:
        args.update(extra)
    flat = BASE + ["--seed", str(seed)]
    for key, v in args.items():
        flat += [key, v]
    return bench.parse(flat)


def schedule_values(keras):
    """The full run's schedule: 4 epochs of 469 steps = 1876, 10 % (188 steps) warm-up."""
    schedule = keras.optimizers.schedules.CosineDecay(0.0, 1688, warmup_target=0.2, warmup_steps=188)
    steps = [0, 94, 188, 1032, 1500]
    return {"value": [float(np.float32(schedule(t))) for t in steps],
            "about": f"keras CosineDecay(0, 1688, warmup_target=0.2, warmup_steps=188) at steps {steps}: "
                     "the full run's schedule (4 epochs of 469 steps = 1876, 10 % warm-up)"}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--schedule-only", action="store_true", help="only recompute schedule_values in the existing JSON")
    a = p.parse_args()
    seeds = a.seeds
    if a.schedule_only:
        import keras
        d = json.loads(OUT.read_text())
        d["figures"]["schedule_values"] = schedule_values(keras)
        OUT.write_text(json.dumps(d, indent=1) + "\n")
        return
    import tensorflow as tf
    import keras
    tf.config.threading.set_intra_op_parallelism_threads(2)
    tf.config.threading.set_inter_op_parallelism_threads(2)
    xtr = bench.read_idx(SUBSET / "train-images-idx3-ubyte.gz", 3)
    ytr = bench.read_idx(SUBSET / "train-labels-idx1-ubyte.gz", 1)
    xte = bench.read_idx(SUBSET / "t10k-images-idx3-ubyte.gz", 3)
    yte = bench.read_idx(SUBSET / "t10k-labels-idx1-ubyte.gz", 1)
    acc = np.zeros((len(RUNGS), seeds))
    params = None
    for s in range(seeds):
        for k, (name, _) in enumerate(RUNGS):
            r = bench.train_and_evaluate(rung_args(k, s), xtr, ytr, xte, yte, time.perf_counter())
            acc[k, s] = r["accuracy"]
            params = r["params"]
            print(f"seed {s}  {name:36s} {r['accuracy']:.4f}  {r['seconds']:.1f} s", flush=True)

    def rng(row):
        return {"min": float(row.min()), "max": float(row.max())}

    final, base = acc[-1], acc[0]
    figures = {
        "param_count": {"value": params, "about": "Keras count_params of SpeedrunNet(widths [16, 32, 64], units [0, 1]) for 28x28x1"},
        "schedule_values": schedule_values(keras),
        "rung_accuracy": {"value": {name: rng(acc[k]) for k, (name, _) in enumerate(RUNGS)},
                          "about": f"test accuracy on the subset's 1,000 images over seeds 0..{seeds - 1}, per rung"},
        "final_accuracy_range": {"value": rng(final), "about": "the last rung (the full recipe) over seeds"},
        "final_accuracy_floor": {"value": [float(np.floor(final.min() * 100) / 100)],
                                 "about": "the final rung's lowest accuracy over seeds, rounded down to a percent: the bound the lesson asserts"},
        "final_beats_baseline": {"value": {"holds": bool(np.all(final > base))},
                                 "about": "the full recipe's accuracy above the baseline's, in every seed", "per_seed": list(final - base)},
        "sgd_schedule_beats_baseline": {"value": {"holds": bool(np.all(acc[1] > base))},
                                        "about": "SGD with warm-up + cosine above Adam constant, in every seed", "per_seed": list(acc[1] - base)},
        "tta_not_worse": {"value": {"holds": bool(np.all(acc[-1] >= acc[-2]))},
                          "about": "flip TTA at least as accurate as the same model without it, in every seed", "per_seed": list(acc[-1] - acc[-2])},
    }
    OUT.write_text(json.dumps({"lesson": 13, "versions": {"keras": keras.__version__, "tensorflow": tf.__version__, "numpy": np.__version__},
                               "seeds": seeds, "accuracies": {name: list(acc[k]) for k, (name, _) in enumerate(RUNGS)},
                               "figures": figures}, indent=1) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
