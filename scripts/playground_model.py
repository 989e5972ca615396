#!/usr/bin/env python3
"""
Writes a model trained in Python as the Lipschitz Playground's model file ("lipschitz-playground/mlp",
version 1: README "The headless runner", src/core/mlpJson.ts), so the page's Import can show it: a net of
2 inputs and 1 output, dense layers alternating with the playground's activations.

Supported models
- PyTorch (deel-torchlip or plain torch): an nn.Sequential (nested ones too), an nn.ModuleList, any module
  whose children are its layers in the order its forward applies them, or a Python list of layers. Affine
  layers are nn.Linear and its subclasses (deel-torchlip's SpectralLinear, FrobeniusLinear, ...) or any
  module with in_features and out_features. Activations are recognised by class name: GroupSort2,
  GroupSort with group size 2 (or None: the full sort), FullSort, MaxMin, ReLU, Tanh, Abs; in a list also
  plain functions by name (torch.relu, torch.tanh, torch.abs, groupsort2, fullsort, maxmin, absolute).
  Identity, Dropout and Flatten are skipped (identities in eval mode on points of the plane).
- Keras / deel-lip (untested here: Debian has no tensorflow): model.layers in order; a layer with a kernel
  (Dense, deel-lip's SpectralDense, FrobeniusDense, ...) is probed with its fused activation set to linear
  for the call, and the activation is written after it; deel-lip's GroupSort2, GroupSort(n=2), FullSort,
  MaxMin and Keras's relu / tanh (functions, Activation or ReLU layers). Layer names and behaviour follow
  https://deel-ai.github.io/deel-lip/api/layers/ and deel/lip/layers/activations.py.

Each affine layer's EFFECTIVE map is read by probing, not from its parameters: in eval mode and without
gradients, b = layer(0) and row i of W = layer(e_i) - b (float64 where the layer allows it), so Björck
caches, spectral normalisation, Frobenius normalisation, k_coef_lip factors and whatever else a library
does are captured as the layer computes them. Anything else is refused with one line naming the layer.

The conventions are the playground's (src/core/mlpJson.ts, src/lip/activations.ts): y = x W + b with W
stored as `in` rows of `out` numbers; groupsort2 maps each neighbouring pair (a, b) to (min, max); fullsort
sorts ascending; maxmin maps h to [relu(h), relu(-h)] (all relu parts first), as deel-torchlip's and
deel-lip's MaxMin compute it.

    python3 scripts/playground_model.py MODEL --out model.json [--lipschitz L] [--two-logit-difference]
    python3 scripts/playground_model.py --demo --out demo.json

MODEL is a torch.save'd whole model (.pt, .pth; its classes must be importable), a Keras file (.keras,
.h5), MODULE:NAME (an importable module's attribute) or FILE.py:NAME (a Python file's); a NAME that is a
function (not a model) is called with no arguments. After writing, the file is read back and its forward
pass (re-implemented here in plain Python) is compared with the model's own output on 41 points; the
largest difference is printed and the exit code is 1 above 1e-5 of max(1, |f|); a model the file cannot
hold is refused with one line (exit code 2) and nothing is written.

From Python: to_playground_json(model, lipschitz=None) returns the file as a dict; save_playground_json(
model, path, lipschitz=None) writes it, checks it and returns the largest difference (ConversionError above
the tolerance). Standard library plus torch or tensorflow; Python 3.9+.
"""
import argparse
import importlib
import json
import random
import runpy
import sys

FORMAT = "lipschitz-playground/mlp"
TOLERANCE = 1e-5  # relative to max(1, |f|): the libraries compute in float32
ACTIVATIONS = ("groupsort2", "fullsort", "maxmin", "relu", "tanh", "abs")

# Class or function names (lower case, underscores dropped) of each playground activation.
ACTIVATION_NAMES = {
    "groupsort2": "groupsort2",
    "fullsort": "fullsort",
    "maxmin": "maxmin",
    "relu": "relu",
    "tanh": "tanh",
    "abs": "abs",
    "absolute": "abs",
}
SKIPPED = ("Identity", "Dropout", "Flatten")


class ConversionError(ValueError):
    """A model the playground's file cannot hold (or a written file that does not reproduce it: SelfCheckError)."""


class SelfCheckError(ConversionError):
    """The written file's f is not the model's: `difference` is the largest, relative to max(1, |f|)."""

    def __init__(self, message, difference):
        super().__init__(message)
        self.difference = difference


# ---------------------------------------------------------------------------------------------------------
# The model file's forward pass, as src/core/mlpJson.ts forwardMlpJson (version 1): for the self-check.


def activation_row(name, v):
    """One activation on a row (a list), the playground's conventions."""
    if name == "groupsort2":
        out = []
        for i in range(0, len(v), 2):
            out += [min(v[i], v[i + 1]), max(v[i], v[i + 1])]
        return out
    if name == "fullsort":
        return sorted(v)
    if name == "maxmin":
        return [max(a, 0.0) for a in v] + [max(-a, 0.0) for a in v]
    if name == "relu":
        return [max(a, 0.0) for a in v]
    if name == "tanh":
        import math

        return [math.tanh(a) for a in v]
    if name == "abs":
        return [abs(a) for a in v]
    raise ConversionError(f"unknown activation {name!r}")


def forward_json(mlp, x, y):
    """f(x, y) of a model file (dense and activation layers), in plain float64 Python."""
    h = [float(x), float(y)]
    for layer in mlp["layers"]:
        if layer["type"] == "activation":
            h = activation_row(layer["name"], h)
        elif layer["type"] == "dense":
            out = list(layer["bias"])
            for i, hi in enumerate(h):
                row = layer["weights"][i]
                for j in range(len(out)):
                    out[j] += hi * row[j]
            h = out
        else:
            raise ConversionError(f"this check reads dense and activation layers, not {layer['type']!r}")
    return h[0]


# ---------------------------------------------------------------------------------------------------------
# Layers as entries: ("dense", W, b) with W `in` rows of `out` floats, or ("activation", name).


def _activation_of(name, obj):
    """The playground's activation for a class or function name, or None."""
    key = name.lower().replace("_", "")
    if key in ACTIVATION_NAMES:
        return ACTIVATION_NAMES[key]
    if key == "groupsort":  # deel-torchlip's group_size, deel-lip's n; None sorts the whole row
        size = getattr(obj, "group_size", getattr(obj, "n", None))
        return "groupsort2" if size == 2 else "fullsort" if size is None else ("groupsort", size)
    return None


def _check_factor(obj, where):
    """deel-torchlip and deel-lip activations take k_coef_lip and multiply their output by it; the playground's do not."""
    factor = getattr(obj, "_coefficient_lip", getattr(obj, "k_coef_lip", 1.0))
    if isinstance(factor, (int, float)) and factor != 1.0:
        raise ConversionError(f"{where}: {type(obj).__name__} has k_coef_lip = {factor}; the playground's activations have no factor (use 1)")


def _identity(width):
    return ("dense", [[1.0 if i == j else 0.0 for j in range(width)] for i in range(width)], [0.0] * width)


def _compose(first, second):
    """Two dense layers in a row as one: x W1 W2 + (b1 W2 + b2)."""
    _, w1, b1 = first
    _, w2, b2 = second
    cols = len(b2)
    w = [[sum(row[k] * w2[k][j] for k in range(len(row))) for j in range(cols)] for row in w1]
    b = [sum(b1[k] * w2[k][j] for k in range(len(b1))) + b2[j] for j in range(cols)]
    return ("dense", w, b)


def _file_layers(entries):
    """Entries in the version 1 order: dense first and last, alternating (dense layers in a row composed,
    an identity dense layer between two activations in a row)."""
    layers = []
    width = 2
    for entry in entries:
        if entry[0] == "dense":
            if layers and layers[-1][0] == "dense":
                layers[-1] = _compose(layers[-1], entry)
            else:
                layers.append(entry)
            width = len(entry[2])
        else:
            if not layers or layers[-1][0] == "activation":
                layers.append(_identity(width))
            layers.append(entry)
            width = 2 * width if entry[1] == "maxmin" else width
    if not layers or layers[-1][0] != "dense":
        raise ConversionError("the last layer must be affine (the output f), got an activation")
    return layers


def _entries_to_json(entries, lipschitz, two_logit_difference):
    layers = _file_layers(entries)
    _, w, b = layers[-1]
    if len(b) == 2 and two_logit_difference:
        layers[-1] = ("dense", [[row[0] - row[1]] for row in w], [b[0] - b[1]])
    elif len(b) != 1:
        hint = (
            ": for a two-logit head the playground's score is f0 - f1 (two_logit_difference=True, "
            "--two-logit-difference, writes that difference)"
            if len(b) == 2
            else ""
        )
        raise ConversionError(f"the model has {len(b)} outputs, the playground's file one (the score f){hint}")
    if lipschitz is not None and not (isinstance(lipschitz, (int, float)) and lipschitz > 0):
        raise ConversionError(f"lipschitz must be a positive number or None, got {lipschitz!r}")
    out = []
    for layer in layers:
        if layer[0] == "dense":
            out.append({"type": "dense", "weights": [[float(v) for v in row] for row in layer[1]], "bias": [float(v) for v in layer[2]]})
        else:
            out.append({"type": "activation", "name": layer[1]})
    return {
        "format": FORMAT,
        "version": 1,
        "input": 2,
        "lipschitz": None if lipschitz is None else float(lipschitz),
        "layers": out,
    }


def _activation_entry(name, width, where, cls):
    """("activation", name) after checking the width it gets."""
    if isinstance(name, tuple):  # ("groupsort", size)
        if name[1] == width:
            return ("activation", "fullsort")
        raise ConversionError(f"{where}: {cls} with group size {name[1]} on {width} units: the playground has group size 2 and the full sort only")
    if name == "groupsort2" and width % 2:
        raise ConversionError(f"{where}: groupsort2 needs an even width, got {width}")
    return ("activation", name)


def _width_after(entry, width):
    if entry[0] == "dense":
        return len(entry[2])
    return 2 * width if entry[1] == "maxmin" else width


# ---------------------------------------------------------------------------------------------------------
# PyTorch


def _is_torch_module(obj):
    try:
        import torch
    except ImportError:
        return False
    return isinstance(obj, torch.nn.Module)


def _torch_is_affine(module):
    import torch

    return isinstance(module, torch.nn.Linear) or (hasattr(module, "in_features") and hasattr(module, "out_features"))


def _torch_walk(obj, path):
    """(path, layer) for each layer in order: modules recognised as layers, containers opened."""
    import torch

    if isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from _torch_walk(item, f"{path}[{i}]")
        return
    if not isinstance(obj, torch.nn.Module):
        yield path, obj  # a plain function in a list
        return
    cls = type(obj).__name__
    if _torch_is_affine(obj) or _activation_of(cls, obj) is not None or cls in SKIPPED:
        yield path, obj
        return
    children = list(obj.named_children())
    if not children:
        raise ConversionError(
            f"{path}: {cls} is not a layer the playground has "
            "(affine layers, GroupSort2, GroupSort(2), FullSort, MaxMin, ReLU, Tanh, Abs)"
        )
    for name, child in children:
        yield from _torch_walk(child, f"{path}.{name}")


def _torch_probe(layer, width, where):
    """(W, b) of an affine torch layer, read from its outputs at 0 and at e_i, checked affine on random points."""
    import torch

    tensors = list(layer.parameters()) + list(layer.buffers())
    dtype = next((t.dtype for t in tensors if t.is_floating_point()), torch.float32)

    def probe(as_dtype):
        x = torch.cat([torch.zeros(1, width, dtype=as_dtype), torch.eye(width, dtype=as_dtype)])
        gen = torch.Generator().manual_seed(0)
        r = torch.rand(4, width, generator=gen, dtype=as_dtype) * 4 - 2
        out = layer(torch.cat([x, r])).to(torch.float64)
        b = out[0]
        w = out[1 : width + 1] - b
        gap = (r.to(torch.float64) @ w + b - out[width + 1 :]).abs().max().item()
        return w, b, gap, out.abs().max().item()

    try:
        with torch.no_grad():
            if dtype != torch.float64:
                layer.double()  # float64 probing; converted back (exactly) below
                try:
                    w, b, gap, scale = probe(torch.float64)
                finally:
                    layer.to(dtype)
            else:
                w, b, gap, scale = probe(torch.float64)
    except ConversionError:
        raise
    except Exception as error:  # a layer that refuses float64 or this width
        try:
            with torch.no_grad():
                w, b, gap, scale = probe(dtype)
        except Exception:
            raise ConversionError(f"{where}: {type(layer).__name__} cannot take {width} inputs ({error})") from error
    if gap > 1e-4 * max(1.0, scale):
        raise ConversionError(f"{where}: {type(layer).__name__} is not affine (x W + b misses its output by {gap:.3g})")
    return w.tolist(), b.tolist()


def _torch_entries(model):
    import torch

    entries = []
    width = 2
    for where, layer in _torch_walk(model, "model"):
        cls = type(layer).__name__ if isinstance(layer, torch.nn.Module) else getattr(layer, "__name__", repr(layer))
        if cls in SKIPPED:
            continue
        if isinstance(layer, torch.nn.Module) and _torch_is_affine(layer):
            declared = getattr(layer, "in_features", width)
            if declared != width:
                what = "the playground's nets take 2 (x, y)" if not entries else f"the layer before gives {width}"
                raise ConversionError(f"{where}: {cls} takes {declared} inputs, {what}")
            w, b = _torch_probe(layer, width, where)
            entry = ("dense", w, b)
        else:
            name = _activation_of(cls, layer)
            if name is None:
                raise ConversionError(
                    f"{where}: {cls} is not an activation the playground has "
                    f"(GroupSort2, GroupSort(2), FullSort, MaxMin, ReLU, Tanh, Abs)"
                )
            _check_factor(layer, where)
            entry = _activation_entry(name, width, where, cls)
        entries.append(entry)
        width = _width_after(entry, width)
    return entries


def _torch_forward(model, points):
    """The model's own f at the points (its first output; the difference of two with `difference`)."""
    import torch

    layers = list(_torch_walk(model, "model")) if isinstance(model, (list, tuple)) else None
    tensors = [] if layers is not None else list(model.parameters())
    if layers is not None:
        tensors = [t for _, layer in layers if isinstance(layer, torch.nn.Module) for t in layer.parameters()]
    dtype = next((t.dtype for t in tensors if t.is_floating_point()), torch.float32)
    with torch.no_grad():
        h = torch.tensor(points, dtype=dtype)
        if layers is None:
            h = model(h)
        else:
            for _, layer in layers:
                h = layer(h)
        return h.reshape(len(points), -1).to(torch.float64).tolist()


class _eval_mode:
    """Every module of the model in eval mode for the block, each put back as it was."""

    def __init__(self, model):
        import torch

        items = model if isinstance(model, (list, tuple)) else [model]
        self.modules = [m for item in items if isinstance(item, torch.nn.Module) for m in item.modules()]

    def __enter__(self):
        self.training = [m.training for m in self.modules]
        for m in self.modules:
            m.training = False

    def __exit__(self, *exc):
        for m, training in zip(self.modules, self.training):
            m.training = training


# ---------------------------------------------------------------------------------------------------------
# Keras / deel-lip (untested here: no tensorflow in Debian)


def _is_keras_model(obj):
    return not _is_torch_module(obj) and hasattr(obj, "layers") and hasattr(obj, "predict")


def _keras_layers(model, path):
    for layer in model.layers:
        where = f"{path}.{layer.name}"
        if hasattr(layer, "layers") and not hasattr(layer, "kernel"):
            yield from _keras_layers(layer, where)  # a nested Sequential or Model
        else:
            yield where, layer


def _keras_activation(fn, where, cls):
    """The playground's name of a Keras activation (function or layer), None for linear."""
    name = type(fn).__name__ if hasattr(fn, "call") else getattr(fn, "__name__", repr(fn))
    if name == "linear":
        return None
    found = _activation_of(name, fn)
    if found is None:
        raise ConversionError(f"{where}: {cls} uses the activation {name}, not one the playground has (GroupSort2, GroupSort(n=2), FullSort, MaxMin, relu, tanh)")
    if hasattr(fn, "call"):
        _check_factor(fn, where)
    return found


def _keras_entries(model):
    import numpy as np
    import tensorflow as tf

    entries = []
    width = 2
    for where, layer in _keras_layers(model, "model"):
        cls = type(layer).__name__
        if cls in ("InputLayer",) + SKIPPED:
            continue
        fused = None
        if hasattr(layer, "kernel"):
            activation = getattr(layer, "activation", None)
            if activation is not None:
                fused = _keras_activation(activation, where, cls)
                layer.activation = tf.keras.activations.linear  # probe the affine part alone
            try:
                x = np.vstack([np.zeros((1, width)), np.eye(width)]).astype(layer.dtype or "float32")
                out = np.asarray(layer(x, training=False), dtype=np.float64)
            except Exception as error:
                raise ConversionError(f"{where}: {cls} cannot take {width} inputs ({error})") from error
            finally:
                if activation is not None:
                    layer.activation = activation
            entries.append(("dense", (out[1:] - out[0]).tolist(), out[0].tolist()))
        elif cls == "Activation":
            fused = _keras_activation(layer.activation, where, cls)
        else:
            fused = _activation_of(cls, layer)
            if fused is None:
                raise ConversionError(f"{where}: {cls} is not a layer the playground has (Dense-like layers, GroupSort2, GroupSort(n=2), FullSort, MaxMin, ReLU, Activation relu/tanh)")
            _check_factor(layer, where)
        if entries and entries[-1][0] == "dense":
            width = len(entries[-1][2])
        if fused is not None:
            entry = _activation_entry(fused, width, where, cls)
            entries.append(entry)
            width = _width_after(entry, width)
    return entries


def _keras_forward(model, points):
    import numpy as np

    out = np.asarray(model(np.asarray(points, dtype="float32"), training=False), dtype=np.float64)
    return out.reshape(len(points), -1).tolist()


# ---------------------------------------------------------------------------------------------------------
# The interface


def to_playground_json(model, lipschitz=None, two_logit_difference=False):
    """The playground's model file (a dict) for a torch or Keras model of 2 inputs and 1 output (2 with
    two_logit_difference: the file holds f0 - f1). `lipschitz`: the L it was built for, None for a standard
    net. Raises ConversionError, one line naming the layer, for what the file cannot hold."""
    if _is_keras_model(model):
        entries = _keras_entries(model)
    else:
        with _eval_mode(model):
            entries = _torch_entries(model)
    return _entries_to_json(entries, lipschitz, two_logit_difference)


def check_points():
    """41 points: a 5 x 5 grid of [-2, 2]^2 and 16 seeded points of [-4, 4]^2."""
    grid = [[x, y] for x in (-2.0, -1.0, 0.0, 1.0, 2.0) for y in (-2.0, -1.0, 0.0, 1.0, 2.0)]
    rng = random.Random(0)
    return grid + [[rng.uniform(-4, 4), rng.uniform(-4, 4)] for _ in range(16)]


def self_check(model, mlp, two_logit_difference=False):
    """Largest |f_file - f_model| over check_points(), divided by max(1, largest |f_model|)."""
    points = check_points()
    if _is_keras_model(model):
        outputs = _keras_forward(model, points)
    else:
        with _eval_mode(model):
            outputs = _torch_forward(model, points)
    expected = [row[0] - row[1] if two_logit_difference else row[0] for row in outputs]
    got = [forward_json(mlp, x, y) for x, y in points]
    scale = max(1.0, max(abs(v) for v in expected))
    return max(abs(a - b) for a, b in zip(got, expected)) / scale


def save_playground_json(model, path, lipschitz=None, two_logit_difference=False):
    """Writes the model file to `path`, reads it back and compares its f with the model's; returns the
    largest relative difference. Raises SelfCheckError above TOLERANCE (the file stays, for inspection)."""
    mlp = to_playground_json(model, lipschitz, two_logit_difference)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(mlp, f, allow_nan=False)
        f.write("\n")
    with open(path, encoding="utf-8") as f:
        written = json.load(f)
    difference = self_check(model, written, two_logit_difference)
    if not difference <= TOLERANCE:
        raise SelfCheckError(
            f"{path} does not reproduce the model: largest difference {difference:.3g} of max(1, |f|) "
            f"(allowed {TOLERANCE:g}); does its forward apply its children in order? If not, pass its layers as a list",
            difference,
        )
    return difference


# ---------------------------------------------------------------------------------------------------------
# The command line


def demo_model():
    """A small seeded torch net, 2 -> 16 -> 16 -> 1 with GroupSort2, for --demo."""
    import torch

    class GroupSort2(torch.nn.Module):
        def forward(self, h):
            pairs = h.reshape(len(h), -1, 2)
            return torch.stack([pairs.min(dim=2).values, pairs.max(dim=2).values], dim=2).reshape(h.shape)

    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Linear(2, 16), GroupSort2(), torch.nn.Linear(16, 16), GroupSort2(), torch.nn.Linear(16, 1)
    )


def load_model(spec):
    """A model from a torch.save'd file, a Keras file, MODULE:NAME or FILE.py:NAME (functions are called)."""
    if ":" in spec and not spec.endswith((".pt", ".pth", ".pkl", ".keras", ".h5")):
        source, name = spec.rsplit(":", 1)
        namespace = runpy.run_path(source) if source.endswith(".py") else vars(importlib.import_module(source))
        if name not in namespace:
            raise ConversionError(f"{source} has no {name}")
        obj = namespace[name]
        is_model = _is_torch_module(obj) or _is_keras_model(obj) or isinstance(obj, (list, tuple))
        return obj if is_model else obj()
    if spec.endswith((".keras", ".h5")):
        import tensorflow as tf

        return tf.keras.models.load_model(spec)
    import torch

    try:
        return torch.load(spec, map_location="cpu", weights_only=False)  # a whole model is a pickle
    except TypeError:  # torch before 1.13 has no weights_only
        return torch.load(spec, map_location="cpu")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write a torch or Keras model of 2 inputs and 1 output as the Lipschitz Playground's model file.")
    parser.add_argument("model", nargs="?", help="a torch.save'd model (.pt, .pth), a Keras file (.keras, .h5), MODULE:NAME or FILE.py:NAME")
    parser.add_argument("--out", required=True, help="the model file to write (JSON)")
    parser.add_argument("--lipschitz", type=float, default=None, help="the L the net was built for (omit for a standard net)")
    parser.add_argument("--two-logit-difference", action="store_true", help="a model with 2 outputs: write the score f0 - f1")
    parser.add_argument("--demo", action="store_true", help="write a small seeded torch net (no MODEL)")
    args = parser.parse_args(argv)
    if args.demo == (args.model is not None):
        parser.error("give a MODEL or --demo (one of them)")
    try:
        model = demo_model() if args.demo else load_model(args.model)
        difference = save_playground_json(model, args.out, args.lipschitz, args.two_logit_difference)
    except SelfCheckError as error:
        print(f"wrote {args.out}")
        print(f"self-check: {check_line(error.difference)}: DOES NOT MATCH the model", file=sys.stderr)
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ConversionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}")
    print(f"self-check: {check_line(difference)}: matches the model")
    return 0


def check_line(difference):
    return f"largest |f_file - f_model| over {len(check_points())} points = {difference:.3g} of max(1, |f|) (allowed {TOLERANCE:g})"


if __name__ == "__main__":
    sys.exit(main())
