#!/usr/bin/env python3
"""Reference values for ResNetKit's data pipeline (Sources/ResNetKit/Data/).

    /work/tfvenv/bin/python Tests/References/make_data_fixtures.py

Writes (after deleting it) Tests/References/Fixtures/data/:

    augment/<case>/    x.npy (H, W, C) and y.npy = Keras's
                       ImageDataGenerator().apply_transform(x, {'tx', 'ty', 'flip_horizontal'}),
                       config.json with the three parameters
    normalize/         the two seeds' per-pixel normalisations on a tiny image set

Needs Keras and SciPy (Keras's legacy ImageDataGenerator calls
scipy.ndimage.affine_transform; see data_requirements.txt). Each part draws from
its own np.random.default_rng(seed) with seed = crc32(name). Every array is
float32, C order, little endian.

Before writing, the script checks Keras against an independent NumPy statement
of the semantics the Swift side implements — out[r, c] = x[r + ty, c + tx],
bilinear, coordinates clamped to the image, then a left-right flip — and fails
if they disagree.
"""

import json
import os
import shutil
import zlib
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import keras  # noqa: E402
from keras.src.legacy.preprocessing.image import ImageDataGenerator  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "Fixtures" / "data"
VERSIONS = {"keras": keras.__version__, "numpy": np.__version__, "scipy": scipy.__version__}

# (name, image shape (H, W, C), tx, ty, flip_horizontal)
AUGMENT_CASES = [
    ("identity", (7, 9, 2), 0.0, 0.0, False),
    ("tx_1", (7, 9, 2), 1.0, 0.0, False),
    ("ty_1", (7, 9, 2), 0.0, 1.0, False),
    ("tx_neg_2", (7, 9, 2), -2.0, 0.0, False),
    ("fractional", (7, 9, 2), 2.5, -1.25, False),
    ("fractional_flip", (7, 9, 2), -0.3, 0.7, True),
    ("flip_only", (7, 9, 2), 0.0, 0.0, True),
    ("out_of_range", (7, 9, 2), 12.0, -10.5, False),
    ("out_of_range_flip", (7, 9, 2), -9.7, 8.2, True),
    ("cifar_like", (32, 32, 3), 3.7, -2.9, True),
    ("fashion_like", (28, 28, 1), -2.8, 1.4, False),
]


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode()))


def save(folder, name, array):
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / f"{name}.npy", np.ascontiguousarray(array, dtype="<f4"))


def numpy_shift_flip(x, tx, ty, flip):
    """The semantics stated independently: bilinear sampling at (r + ty, c + tx), clamped."""
    h, w, _ = x.shape
    r = np.clip(np.arange(h) + ty, 0, h - 1)
    c = np.clip(np.arange(w) + tx, 0, w - 1)
    r0, c0 = np.floor(r).astype(int), np.floor(c).astype(int)
    r1, c1 = np.minimum(r0 + 1, h - 1), np.minimum(c0 + 1, w - 1)
    fr, fc = (r - r0)[:, None, None], (c - c0)[None, :, None]
    xd = x.astype(np.float64)
    top = xd[r0][:, c0] * (1 - fc) + xd[r0][:, c1] * fc
    bottom = xd[r1][:, c0] * (1 - fc) + xd[r1][:, c1] * fc
    out = top * (1 - fr) + bottom * fr
    return out[:, ::-1] if flip else out


def augment_fixtures():
    generator = ImageDataGenerator()   # defaults: fill_mode='nearest', interpolation_order=1
    assert generator.fill_mode == "nearest" and generator.interpolation_order == 1
    for name, shape, tx, ty, flip in AUGMENT_CASES:
        x = rng_for(name).uniform(0, 255, size=shape).astype(np.float32)
        y = generator.apply_transform(x, {"tx": tx, "ty": ty, "flip_horizontal": flip})
        mine = numpy_shift_flip(x, tx, ty, flip)
        assert np.abs(y - mine).max() < 1e-4, (name, np.abs(y - mine).max())
        folder = OUT / "augment" / name
        save(folder, "x", x)
        save(folder, "y", y)
        config = {"tx": tx, "ty": ty, "flip_horizontal": flip, "shape": list(shape), **VERSIONS}
        (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
        print(f"augment/{name}: shape {shape}, tx={tx}, ty={ty}, flip={flip}")
    # Negative control: a vertical flip is a different answer for the flip cases.
    x = rng_for("flip_only").uniform(0, 255, size=(7, 9, 2)).astype(np.float32)
    assert np.abs(generator.apply_transform(x, {"flip_horizontal": True}) - x[::-1]).max() > 1


def normalize_fixtures():
    rng = rng_for("normalize")
    x_train = rng.integers(0, 256, size=(6, 4, 5, 2)).astype(np.uint8)
    x_train[:, 0, 0, 0] = 17            # a position that never varies: std = 0
    x_test = rng.integers(0, 256, size=(3, 4, 5, 2)).astype(np.uint8)
    folder = OUT / "normalize"
    save(folder, "x_train", x_train)
    save(folder, "x_test", x_test)

    # Seed 003: float32 / 255, then subtract the per-pixel training mean (float32 NumPy).
    train, test = x_train.astype("float32") / 255, x_test.astype("float32") / 255
    mean = np.mean(train, axis=0)
    save(folder, "pixel_mean", mean)
    save(folder, "subtract_mean_train", train - mean)
    save(folder, "subtract_mean_test", test - mean)

    # Seed 004: (x - mean) / std on the raw uint8 values (float64, ddof 0). NumPy would
    # give NaN where std = 0; ResNetKit divides those positions by 1 (as StandardScaler).
    mean, std = np.mean(x_train, axis=0), np.std(x_train, axis=0)
    assert (std == 0).sum() == 1
    safe = np.where(std == 0, 1.0, std)
    save(folder, "std_mean", mean)
    save(folder, "std", safe)
    save(folder, "standardize_train", (x_train - mean) / safe)
    save(folder, "standardize_test", (x_test - mean) / safe)

    # Zero padding 2 on every side, as keras.layers.ZeroPadding2D(2) / np.pad.
    save(folder, "padded_train", np.pad(x_train, ((0, 0), (2, 2), (2, 2), (0, 0))))
    config = {"constant_positions": 1, "padding": 2, **VERSIONS}
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    print("normalize: seed 003 (subtract pixel mean), seed 004 (standardize), zero padding")


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    augment_fixtures()
    normalize_fixtures()


if __name__ == "__main__":
    main()
