#!/usr/bin/env python3
"""Writes Datasets/fashion-mnist-subset/: a stratified subset of Fashion-MNIST.

3,000 training images (300 per class) drawn from the train split and 1,000 test
images (100 per class) drawn from the test split, as gzipped IDX files with the
original names, so ResNetKit's `FashionMNIST` reads the subset and the full set
with the same code.

Reads Debian's copy of the full set (`apt-get install dataset-fashion-mnist`,
files under /usr/share/datasets/fashion-mnist) or the folder given with --source.
NumPy only. The draw is fixed (seed below), the chosen images keep their original
order, and the gzip headers carry no timestamp or file name, so two runs write
byte-identical files.

    python3 Datasets/make_fashion_mnist_subset.py            # (re)write the subset
    python3 Datasets/make_fashion_mnist_subset.py --check    # verify the committed files
"""
import argparse
import gzip
import io
import os
import sys

import numpy as np

SEED = 20240604                       # fixed: the subset must never change silently
PER_CLASS = {"train": 300, "t10k": 100}
CLASSES = 10
DEFAULT_SOURCE = "/usr/share/datasets/fashion-mnist"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fashion-mnist-subset")


def read_idx(path, magic, ndim):
    """The array in an IDX file (unsigned bytes), checking magic and size."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    found = int.from_bytes(data[:4], "big")
    if found != magic:
        sys.exit(f"{path}: magic 0x{found:08x}, expected 0x{magic:08x}")
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(dims)):
        sys.exit(f"{path}: {body.size} data bytes, expected {int(np.prod(dims))} for dims {dims}")
    return body.reshape(dims)


def idx_bytes(array, magic):
    """An IDX file of unsigned bytes, gzipped without timestamp or name (reproducible)."""
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as g:
        g.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())
    return out.getvalue()


def stratified(labels, per_class, rng):
    """`per_class` indices of every class, drawn without replacement, in original order."""
    chosen = [rng.choice(np.flatnonzero(labels == c), size=per_class, replace=False)
              for c in range(CLASSES)]
    return np.sort(np.concatenate(chosen))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=DEFAULT_SOURCE, help="folder with the full Fashion-MNIST .gz files")
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    files = {}
    for split, per_class in PER_CLASS.items():
        images_name, labels_name = f"{split}-images-idx3-ubyte.gz", f"{split}-labels-idx1-ubyte.gz"
        images = read_idx(os.path.join(args.source, images_name), 0x803, 3)
        labels = read_idx(os.path.join(args.source, labels_name), 0x801, 1)
        keep = stratified(labels, per_class, rng)
        counts = np.bincount(labels[keep], minlength=CLASSES)
        assert (counts == per_class).all(), counts
        files[images_name] = idx_bytes(images[keep], 0x803)
        files[labels_name] = idx_bytes(labels[keep], 0x801)
        print(f"{split}: {len(keep)} of {len(labels)} images, {per_class} per class")

    if args.check:
        stale = [n for n, b in files.items()
                 if not os.path.exists(os.path.join(OUT, n)) or open(os.path.join(OUT, n), "rb").read() != b]
        if stale:
            sys.exit(f"differs from the committed subset: {', '.join(stale)}")
        print("committed subset matches")
        return
    os.makedirs(OUT, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"wrote {os.path.relpath(os.path.join(OUT, name), os.path.dirname(HERE))} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
