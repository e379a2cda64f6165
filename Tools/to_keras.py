"""Carry a model trained in ResNet Lab to Keras, and weights trained in Keras back.

The Keras model is built from the seeds' own code (seed_models.py beside this file), so the
network on the other side is the seed's, not a re-implementation: seed 003's resnet_v1 (6n+2)
and resnet_v2 (9n+2) of any depth, seed 004's ResNet-20, seed 002's ResNet-50.

    # ResNet Lab -> Keras: load a checkpoint written by saveCheckpoint, print predictions
    python Tools/to_keras.py model.safetensors --images x.npy
    python Tools/to_keras.py model.safetensors --images x.npy --probabilities p.npy \\
        --save-keras model.weights.h5

    # Keras -> ResNet Lab: weights saved by Keras's model.save_weights, written as a checkpoint
    # that loadCheckpoint reads (the template is any checkpoint of the same architecture,
    # e.g. saveCheckpoint(ResNetV1(depth: 20), path: "template.safetensors"))
    python Tools/to_keras.py --from-keras model.weights.h5 --template template.safetensors \\
        --out from_keras.safetensors

The architecture comes from the checkpoint's `model` metadata (resnet_v1_20, resnet_v2_56,
resnet20, ResNet50) unless --arch/--depth say otherwise; the classes and input channels come
from its weights, the image size from --size (default 32, or 64 for ResNet-50). Images are
a float32 .npy of shape (N, H, W, C), already preprocessed as for training.

How weights are paired: both sides name a layer the user did not name by its kind and the
order it was created in (conv2d, conv2d_1, ...), so default-named layers are paired by kind
and creation order (the numbers may differ when a session built other models first); named
layers (seed 004's and ResNet-50's) by name. Every pair must agree on the weight's name and
shape; anything unpaired is an error. Keras and ResNet Lab share the layouts (kernels
(KH, KW, Cin, Cout), NHWC), so values are copied unchanged.

Needs: tensorflow-cpu, keras, numpy, safetensors (Tools/requirements.txt).
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_NAME = re.compile(r"^(conv2d|batch_normalization|dense)(?:_(\d+))?$")
KINDS_WITH_WEIGHTS = ("Conv2D", "BatchNormalization", "Dense")


def read_checkpoint(path):
    """(tensors, metadata, entries): entries is the checkpoint's parameter list, depth order."""
    from safetensors import safe_open
    from safetensors.numpy import load_file
    tensors = load_file(path)
    with safe_open(path, "np") as f:
        metadata = f.metadata() or {}
    if metadata.get("format") != "resnet-lab checkpoint":
        sys.exit(f"{path}: not a ResNet Lab checkpoint (no format = 'resnet-lab checkpoint' metadata); "
                 "write one with saveCheckpoint(model, path:)")
    return tensors, metadata, json.loads(metadata["parameters"])


def architecture(metadata, arch, depth):
    """(arch, depth) from the command line, else from the checkpoint's model name."""
    if arch:
        return arch, depth
    name = metadata.get("model", "")
    m = re.fullmatch(r"resnet_(v1|v2)_(\d+)", name)
    if m:
        return m.group(1), int(m.group(2))
    if name == "resnet20":
        return "resnet20", None
    if name == "ResNet50":
        return "resnet50", None
    sys.exit(f"cannot tell the architecture from the checkpoint's model name {name!r}: "
             "pass --arch v1|v2|resnet20|resnet50 (and --depth for v1/v2)")


def build(arch, depth, input_shape, classes):
    """The seed's model, in a fresh Keras session (so default layer names start at 0)."""
    import keras
    import seed_models as sm
    keras.backend.clear_session()
    if arch == "v1":
        return sm.resnet_v1(input_shape=input_shape, depth=depth, num_classes=classes)
    if arch == "v2":
        return sm.resnet_v2(input_shape=input_shape, depth=depth, num_classes=classes)
    if arch == "resnet20":
        return sm.resnet20_seed004(input_shape=input_shape, classes=classes)
    if arch == "resnet50":
        return sm.ResNet50(input_shape=input_shape, classes=classes)
    sys.exit(f"unknown --arch {arch!r}; expected v1, v2, resnet20 or resnet50")


def shape_from(tensors, entries, arch, size):
    """(input_shape, classes) read off the weights: first kernel's Cin, last Dense's units."""
    convs = [e for e in entries if e["kind"] == "Conv2D" and e["parameter"] == "kernel"]
    dense = [e for e in entries if e["kind"] == "Dense" and e["parameter"] == "kernel"]
    if not convs or not dense:
        sys.exit("the checkpoint has no Conv2D kernel or no Dense kernel: not a ResNet of the seeds")
    channels = tensors[convs[0]["key"]].shape[2]
    classes = tensors[dense[-1]["key"]].shape[1]
    size = size or (64 if arch == "resnet50" else 32)
    return (size, size, channels), classes


def pair(entries, model):
    """[(entry, keras variable)] for every parameter of the checkpoint, or exit saying why."""
    layers = [l for l in model.layers if l.weights]

    def order(name):
        m = DEFAULT_NAME.match(name)
        return int(m.group(2) or 0) if m else None

    ours = {}                                      # our layer name -> (kind, [entries])
    for e in entries:
        ours.setdefault(e["layer"], (e["kind"], []))[1].append(e)
    keras_by_name = {l.name: l for l in layers}
    mapping, problems = {}, []
    for kind in KINDS_WITH_WEIGHTS:
        mine = sorted((n for n, (k, _) in ours.items() if k == kind and order(n) is not None), key=order)
        theirs = sorted((l for l in layers if type(l).__name__ == kind and order(l.name) is not None),
                        key=lambda l: order(l.name))
        if len(mine) != len(theirs):
            problems.append(f"{len(mine)} default-named {kind} layers here, {len(theirs)} in Keras")
        mapping.update(zip(mine, theirs))
    for name, (kind, _) in ours.items():
        if order(name) is None:
            if name in keras_by_name and type(keras_by_name[name]).__name__ == kind:
                mapping[name] = keras_by_name[name]
            else:
                problems.append(f"layer {name!r} ({kind}) has no {kind} of that name in the Keras model")
    pairs = []
    for e in entries:
        layer = mapping.get(e["layer"])
        if layer is None:
            continue
        var = next((w for w in layer.weights if w.name == e["parameter"]), None)
        if var is None:
            problems.append(f"{e['key']}: Keras layer {layer.name!r} has no weight {e['parameter']!r}")
        elif tuple(var.shape) != tuple(e.get("shape") or var.shape):
            problems.append(f"{e['key']}: shape {e.get('shape')} here, {tuple(var.shape)} in Keras")
        else:
            pairs.append((e, var))
    if len({id(v) for _, v in pairs}) != sum(len(l.weights) for l in layers) and not problems:
        problems.append("some Keras weights have no counterpart in the checkpoint")
    if problems:
        sys.exit("the checkpoint does not fit the Keras model:\n  " + "\n  ".join(problems))
    return pairs


def to_keras(args):
    import numpy as np
    tensors, metadata, entries = read_checkpoint(args.checkpoint)
    for e in entries:
        e["shape"] = list(tensors[e["key"]].shape)
    arch, depth = architecture(metadata, args.arch, args.depth)
    input_shape, classes = shape_from(tensors, entries, arch, args.size)
    model = build(arch, depth, input_shape, classes)
    for e, var in pair(entries, model):
        var.assign(tensors[e["key"]])
    print(f"{args.checkpoint}: {len(entries)} weights loaded into Keras's {model.name} "
          f"({arch}{'' if depth is None else f', depth {depth}'}, input {input_shape}, {classes} classes, "
          f"{model.count_params():,} parameters)")
    if args.save_keras:
        model.save_weights(args.save_keras) if args.save_keras.endswith(".weights.h5") else model.save(args.save_keras)
        print(f"saved {args.save_keras}")
    if args.images:
        x = np.load(args.images).astype(np.float32)
        probs = model.predict(x, batch_size=128, verbose=0)             # inference mode
        if args.probabilities:
            np.save(args.probabilities, probs.astype(np.float32))
            print(f"probabilities of {len(x)} images written to {args.probabilities}")
        for i, p in enumerate(probs[:args.show]):
            print(f"image {i}: class {int(p.argmax())}  p = {float(p.max()):.4f}")


def from_keras(args):
    from safetensors.numpy import save_file
    if not args.template or not args.out:
        sys.exit("--from-keras needs --template (a checkpoint of the same architecture) and --out")
    tensors, metadata, entries = read_checkpoint(args.template)
    for e in entries:
        e["shape"] = list(tensors[e["key"]].shape)
    arch, depth = architecture(metadata, args.arch, args.depth)
    input_shape, classes = shape_from(tensors, entries, arch, args.size)
    model = build(arch, depth, input_shape, classes)
    model.load_weights(args.from_keras)
    out = {e["key"]: var.numpy().astype("float32") for e, var in pair(entries, model)}
    keep = {k: metadata[k] for k in ("format", "format_version", "model", "parameters")}
    save_file(out, args.out, metadata={**keep, "source": f"Keras {args.from_keras}"})
    print(f"{args.from_keras}: {len(out)} weights written to {args.out}; load them with "
          f"loadCheckpoint(path: \"{args.out}\", into: model)")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", nargs="?", help="a checkpoint written by saveCheckpoint (ResNet Lab -> Keras)")
    p.add_argument("--arch", choices=["v1", "v2", "resnet20", "resnet50"], help="default: from the checkpoint")
    p.add_argument("--depth", type=int, help="for v1 (6n+2) and v2 (9n+2)")
    p.add_argument("--size", type=int, help="image height and width (default 32; 64 for resnet50)")
    p.add_argument("--images", help="float32 .npy, (N, H, W, C): print the Keras model's predictions")
    p.add_argument("--probabilities", help="write the predicted probabilities (N, classes) to this .npy")
    p.add_argument("--show", type=int, default=10, help="how many predictions to print (default 10)")
    p.add_argument("--save-keras", help="save the Keras model (.keras) or its weights (.weights.h5)")
    p.add_argument("--from-keras", help="Keras weights (.weights.h5) to write as a ResNet Lab checkpoint")
    p.add_argument("--template", help="with --from-keras: a checkpoint of the same architecture")
    p.add_argument("--out", help="with --from-keras: the checkpoint to write")
    args = p.parse_args()
    if args.from_keras:
        from_keras(args)
    elif args.checkpoint:
        to_keras(args)
    else:
        p.error("give a checkpoint (ResNet Lab -> Keras) or --from-keras (Keras -> ResNet Lab)")


if __name__ == "__main__":
    main()
