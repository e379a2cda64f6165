"""Writes the safetensors fixtures under Fixtures/io/ with Python's own safetensors library.

The Swift tests (Tests/ResNetKitTests/IOTests.swift) read these files with ResNetKit's reader
and compare against the expected values recorded here in JSON, so they prove that a file
written by `safetensors.numpy.save_file` loads in ResNet Lab with the right values.

    python Tests/References/io_make_fixtures.py        (needs io_requirements.txt)

Files:
  python_written.safetensors  one tensor per dtype the reader converts (F32, F64, F16, BF16,
                              I64, I32, I16, I8, U8, BOOL), a 0-d scalar, an empty tensor,
                              and metadata
  python_written.json         for every tensor: dtype, shape, values as float64 (exact for
                              every value here), and the metadata
  keras_style.safetensors     a checkpoint as another tool would write it: keys
                              "<layer>/<parameter>" for a small named model, no ResNet Lab
                              metadata (only transformers' usual {"format": "pt"}),
                              plus one extra tensor
Deterministic: fixed values and np.random.default_rng(2024).
"""
import json
from pathlib import Path

import ml_dtypes
import numpy as np
import safetensors
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

OUT = Path(__file__).resolve().parent / "Fixtures" / "io"


def python_written():
    rng = np.random.default_rng(2024)
    tensors = {
        # A conv kernel (kh, kw, cin, cout), values exactly representable in float32.
        "conv1/kernel": rng.standard_normal((3, 3, 2, 4)).astype(np.float32),
        "f64": np.array([0.1, -2.5, 1e-3, 123456.789], dtype=np.float64),
        # Half precision: a normal value, -0, the largest half, the smallest subnormal, 0.1 rounded.
        "f16": np.array([[1.5, -0.0, 65504.0], [2.0**-24, 0.1, -3.75]], dtype=np.float16),
        "bf16": np.array([1.0, -2.5, 3.140625, 1e-20], dtype=ml_dtypes.bfloat16),
        "i64": np.array([-(2**40), 0, 7], dtype=np.int64),
        "i32": np.array([[-5, 6], [7, -8]], dtype=np.int32),
        "i16": np.array([-32768, 32767], dtype=np.int16),
        "i8": np.array([-128, 127, 0], dtype=np.int8),
        "u8": np.array([0, 255, 9], dtype=np.uint8),
        "bool": np.array([True, False, True]),
        "scalar": np.array(0.25, dtype=np.float32),  # 0-d: shape []
        "empty": np.zeros((0, 3), dtype=np.float32),  # no bytes at all
    }
    metadata = {"written_by": "safetensors.numpy.save_file", "epoch": "7", "note": "ünïcode ✓"}
    path = OUT / "python_written.safetensors"
    save_file(tensors, str(path), metadata=metadata)

    expected = {
        "tensors": {
            name: {
                "dtype": str(a.dtype),
                "shape": list(a.shape),
                "values": np.asarray(a, dtype=np.float64).ravel().tolist(),
            }
            for name, a in tensors.items()
        },
        "metadata": metadata,
        "safetensors": safetensors.__version__,
        "numpy": np.__version__,
    }
    (OUT / "python_written.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n")

    # Read back with Python, so the fixture is known to be what the library itself accepts.
    back = load_file(str(path))
    for name, a in tensors.items():
        assert back[name].dtype == a.dtype and back[name].shape == a.shape, name
        assert np.array_equal(np.asarray(back[name], np.float64), np.asarray(a, np.float64)), name
    with safe_open(str(path), "np") as f:
        assert f.metadata() == metadata


def keras_style():
    # Model (Swift): Conv2D(filters: 3, kernelSize: 3, padding: .same, name: "conv") on 4x4x2,
    # BatchNormalization(name: "bn"), Activation(.relu), Flatten(), Dense(units: 2, name: "dense").
    rng = np.random.default_rng(7)
    f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)
    tensors = {
        "conv/kernel": f32(3, 3, 2, 3),
        "conv/bias": f32(3),
        "bn/gamma": 1 + 0.1 * f32(3),
        "bn/beta": f32(3),
        "bn/moving_mean": f32(3),
        "bn/moving_variance": (0.5 + rng.random(3)).astype(np.float32),
        "dense/kernel": f32(48, 2),
        "dense/bias": f32(2),
        "optimizer/iterations": np.array(42, dtype=np.int64),
    }
    save_file(tensors, str(OUT / "keras_style.safetensors"), metadata={"format": "pt", "written_by": "io_make_fixtures.py"})


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    python_written()
    keras_style()
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(OUT.parent.parent)}  {p.stat().st_size} bytes")
