"""Neurons, layers and multilayer perceptrons, plus the maxout unit, dropout, and PyTorch's
``Linear`` and ``Sequential``.

A neuron is the lecture's h = g(wᵀx + b): ONE affine node for z = wᵀx + b, then one node
for the activation g. A layer is nout neurons reading the same inputs; an MLP
is layers in sequence, z⁽ⁱ⁾ = W⁽ⁱ⁾h⁽ⁱ⁻¹⁾ + b⁽ⁱ⁾, h⁽ⁱ⁾ = g⁽ⁱ⁾(z⁽ⁱ⁾).

Every weight is drawn by ``init``, He's N(0, 2/fan_in) unless told otherwise (the lecture's
N(0, 0.01²) is ``init="lecture"``: with it a deep relu network starts with vanishing outputs).

Parameters are labelled by their place, so that a drawing of the graph reads: in an MLP
the third weight of the second neuron of the first layer is ``layer1.neuron2.w[2]``
(layers and neurons counted from 1 as in W⁽¹⁾, weights indexed from 0 as w₀ … wₙ₋₁).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import autograd
from autograd import Value
from autograd.engine.checks import ArgumentError, require_bool, require_int, require_number
from nn import init as initialisers
from nn.activations import Activation, ActivationFn, resolve
from nn.module import Module

Seed = int | random.Random | None
Inputs = Sequence[Value | float]


def _inputs(who: str, x: Inputs, nin: int) -> list[Value]:
    """x as a list of Values (numbers become input leaves once, shared by every neuron)."""
    if not isinstance(x, (list, tuple)):
        raise TypeError(f"{who} expects a list of {nin} numbers or Values, got {type(x).__name__}")
    if x and isinstance(x[0], (list, tuple)):
        raise TypeError(
            f"{who} takes one sample, a list of {nin} numbers, but got a list of {len(x)} lists: "
            f"for a batch, call .forward_batch(xs) or [model(x) for x in xs]"
        )
    if len(x) != nin:
        raise ValueError(f"{who} expects {nin} inputs, got {len(x)}")
    return [v if isinstance(v, Value) else Value(v) for v in x]


def _batch(who: str, xs: Sequence[Inputs], nin: int) -> list[list[Value]]:
    if not isinstance(xs, (list, tuple)):
        raise TypeError(f"{who}.forward_batch expects a list of samples, got {type(xs).__name__}")
    return [_inputs(who, x, nin) for x in xs]


def _at(place: str, name: str) -> str:
    """``name`` inside ``place``: "layer1.neuron2" and "b" give "layer1.neuron2.b"."""
    return f"{place}.{name}" if place else name


class Neuron(Module):
    """h = g(wᵀx + b) with weights w₀..wₙ₋₁ drawn by ``init`` and the bias b = 0.

    ``bias=False`` makes h = g(wᵀx) (tutorial 8's networks): b is then a constant 0 leaf, not a
    parameter, so ``parameters()`` has no bias and no optimizer ever moves it (as ``Linear``).

    ``activation`` is a name from ``nn.activations.KNOWN`` (not "maxout": see ``Maxout``) or
    any callable Value -> Value. ``seed`` is an int, a ``random.Random`` to draw from, or
    None. ``fan_out`` is the width of the layer the neuron belongs to (used by "xavier").
    """

    def __init__(
        self,
        nin: int,
        activation: str | ActivationFn = "relu",
        seed: Seed = None,
        init: str = "he",
        *,
        fan_out: int = 1,
        bias: bool = True,
    ) -> None:
        self.nin = require_int("Neuron", "nin", nin, minimum=1)
        if activation == "maxout":
            raise ValueError("a maxout unit is not a neuron with an activation: use nn.Maxout(nin, pieces)")
        draw, rng = initialisers.get(init), initialisers.rng_from(seed)
        self.w = [Value(draw(rng, nin, fan_out), role="parameter") for _ in range(nin)]
        self.b = Value(0.0, role="parameter" if require_bool("Neuron", "bias", bias) else "constant")
        self.activation = resolve(activation, rng)
        self.label_parameters("")

    def label_parameters(self, place: str) -> None:
        """Label the weights ``place.w[k]`` and the bias ``place.b`` (``w[k]``, ``b`` if place is "")."""
        for k, w in enumerate(self.w):
            w.label = _at(place, f"w[{k}]")
        self.b.label = _at(place, "b")

    def forward(self, x: Inputs) -> Value:
        """g(wᵀx + b)."""
        return self.activation(autograd.affine(self.w, _inputs("Neuron", x, self.nin), self.b))

    def __repr__(self) -> str:
        return f"Neuron({self.nin}, activation={getattr(self.activation, '__name__', self.activation)!r})"


class Maxout(Module):
    """h = max(w₁ᵀx + b₁, ..., wₖᵀx + bₖ): k linear pieces, the gradient goes to the largest.

    Generalises relu (max(wᵀx + b, 0·x + 0)) and leaky relu, at k times the parameters.
    """

    def __init__(
        self, nin: int, pieces: int = 2, seed: Seed = None, init: str = "he", *, fan_out: int = 1
    ) -> None:
        self.nin = require_int("Maxout", "nin", nin, minimum=1)
        rng = initialisers.rng_from(seed)
        self.pieces = [
            Neuron(nin, "linear", rng, init, fan_out=fan_out)
            for _ in range(require_int("Maxout", "pieces", pieces, minimum=1))
        ]

    def label_parameters(self, place: str) -> None:
        """Label each piece's parameters ``place.piece1.w[k]``, ``place.piece1.b``, …"""
        for p, piece in enumerate(self.pieces, start=1):
            piece.label_parameters(_at(place, f"piece{p}"))

    def forward(self, x: Inputs) -> Value:
        """max over the pieces of wₖᵀx + bₖ."""
        x = _inputs("Maxout", x, self.nin)
        return autograd.maximum([piece(x) for piece in self.pieces])

    def __repr__(self) -> str:
        return f"Maxout({self.nin}, pieces={len(self.pieces)})"


class Layer(Module):
    """nout neurons on the same nin inputs; returns the list of their nout outputs.

    ``activation="maxout"`` makes each unit a ``Maxout`` with two pieces; ``bias=False``
    makes z = Wx with no b (for neurons, not maxout units).
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str | ActivationFn = "relu",
        seed: Seed = None,
        init: str = "he",
        bias: bool = True,
    ) -> None:
        self.nin = require_int("Layer", "nin", nin, minimum=1)
        self.nout = require_int("Layer", "nout", nout, minimum=1)
        rng = initialisers.rng_from(seed)
        if activation == "maxout":
            if not require_bool("Layer", "bias", bias):
                raise ValueError("Layer: bias=False is for neurons; a maxout unit keeps its pieces' biases")
            self.neurons = [Maxout(nin, 2, rng, init, fan_out=nout) for _ in range(nout)]
        else:
            self.neurons = [Neuron(nin, activation, rng, init, fan_out=nout, bias=bias) for _ in range(nout)]
        self.label_parameters("")

    def label_parameters(self, place: str) -> None:
        """Label the parameters of neuron j (from 1) ``place.neuronj.w[k]`` and ``place.neuronj.b``."""
        for j, unit in enumerate(self.neurons, start=1):
            unit.label_parameters(_at(place, f"neuron{j}"))

    def forward(self, x: Inputs) -> list[Value]:
        """The nout outputs for one sample x."""
        return self.forward_samples([_inputs("Layer", x, self.nin)])[0]

    def forward_batch(self, xs: Sequence[Inputs]) -> list[list[Value]]:
        """The layer's outputs for each sample of ``xs``."""
        return self.forward_samples(_batch("Layer", xs, self.nin))

    def forward_samples(self, xs: list[list[Value]]) -> list[list[Value]]:
        """The outputs for samples already checked and lifted to Values.

        Every neuron's z = wᵀx + b comes from one ``autograd.linear`` over the whole batch:
        the same nodes as neuron by neuron, with each weight and each input read once.
        """
        if not isinstance(self.neurons[0], Neuron):  # maxout units
            return [[unit.forward(x) for unit in self.neurons] for x in xs]
        return self.activate(self.pre_activations(xs))

    def pre_activations(self, xs: list[list[Value]]) -> list[list[Value]]:
        """Z = XWᵀ + b, every neuron's z for every sample, before the activation g."""
        if not isinstance(self.neurons[0], Neuron):
            raise TypeError("Layer.pre_activations: a maxout layer has no single z per unit")
        return autograd.linear(xs, [n.w for n in self.neurons], [n.b for n in self.neurons])

    def activate(self, Z: list[list[Value]]) -> list[list[Value]]:
        """h = g(z) for every z of ``pre_activations``, each neuron with its own g."""
        activations = [n.activation for n in self.neurons]
        return [[g(z) for g, z in zip(activations, row)] for row in Z]

    def __repr__(self) -> str:
        return f"Layer({self.nin}, {self.nout})"


class Dropout(Module):
    """Inverted dropout: in training mode each unit is zeroed with probability p and the kept
    ones are scaled by 1/(1-p), so that E[output] = input; in eval mode, the identity.

    The masks come from a ``random.Random(seed)``: the same seed drops the same units.
    """

    def __init__(self, p: float = 0.5, seed: Seed = None) -> None:
        self.p = require_number("Dropout", "p", p)
        if not 0.0 <= self.p <= 1.0:
            raise ArgumentError(f"Dropout: p must be a probability in [0, 1], got {p!r}")
        self._rng = initialisers.rng_from(seed)

    def forward(self, x: Sequence[Value]) -> list[Value]:
        """Each unit zeroed with probability p, the kept ones scaled by 1/(1-p) (training mode)."""
        if not isinstance(x, (list, tuple)):
            raise TypeError(f"Dropout expects a list of Values, got {type(x).__name__}")
        if not self.training or self.p == 0.0:
            return list(x)
        if self.p == 1.0:
            return [v * 0.0 for v in x]
        keep = 1.0 / (1.0 - self.p)
        return [v * (0.0 if self._rng.random() < self.p else keep) for v in x]

    def __repr__(self) -> str:
        return f"Dropout(p={self.p:g})"


class MLP(Module):
    """A multilayer perceptron: ``sizes`` = the width of each layer, the last being the output.

    Hidden layers use ``activation``, the output layer ``output_activation``. One ``seed``
    draws every weight, layer after layer, so the same seed gives the same network.
    ``dropout`` > 0 adds inverted dropout after every hidden layer (active in train mode).
    ``bias=False`` leaves out every bias: z⁽ⁱ⁾ = W⁽ⁱ⁾h⁽ⁱ⁻¹⁾, as in tutorial 8's networks.
    Returns a Value when the last size is 1, else a list of Values.

    ``nn.MLP(3, [4, 2])`` has (3·4 + 4·2) weights + (4 + 2) biases = 26 parameters.
    """

    def __init__(
        self,
        nin: int,
        sizes: Sequence[int],
        activation: str | ActivationFn = "relu",
        output_activation: str | ActivationFn = "linear",
        seed: int | None = None,
        init: str = "he",
        dropout: float = 0.0,
        bias: bool = True,
    ) -> None:
        if not isinstance(sizes, (list, tuple)) or not sizes:
            raise TypeError(f"MLP: sizes must be a non-empty list of layer widths, got {sizes!r}")
        rng = initialisers.rng_from(seed)
        widths = [
            require_int("MLP", "nin", nin, minimum=1),
            *(require_int("MLP", "each size", n, minimum=1) for n in sizes),
        ]
        last = len(sizes) - 1
        self.layers = [
            Layer(widths[i], widths[i + 1], output_activation if i == last else activation, rng, init, bias)
            for i in range(len(sizes))
        ]
        for i, layer in enumerate(self.layers, start=1):
            layer.label_parameters(f"layer{i}")
        # Drawn after every weight, so that adding dropout leaves the weights as they were.
        self.dropout = Dropout(dropout, rng.getrandbits(64)) if dropout else None

    def forward(self, x: Inputs) -> Value | list[Value]:
        """The output for one sample x: a Value if the last layer has width 1, else a list."""
        return self.forward_batch([x])[0]

    def forward_batch(self, xs: Sequence[Inputs]) -> list[Value] | list[list[Value]]:
        """The output for each sample of ``xs``, built a layer at a time over the whole batch."""
        hs = _batch("MLP", xs, self.layers[0].nin)
        for layer in self.layers[:-1]:
            hs = layer.forward_samples(hs)
            if self.dropout is not None:
                hs = [self.dropout(h) for h in hs]
        return [out[0] if len(out) == 1 else out for out in self.layers[-1].forward_samples(hs)]

    def __repr__(self) -> str:
        sizes = [layer.nout for layer in self.layers]
        return f"MLP({self.layers[0].nin}, {sizes})"


class Linear(Module):
    """PyTorch's ``nn.Linear``: z = Wx + b, nout outputs of nin inputs, no activation.

    ``weight`` is a list of nout rows of nin Values (row j belongs to output j) drawn by
    ``init``; ``bias`` is nout Values starting at 0, or absent with ``bias=False``. Returns
    the list of nout Values, one affine node each.
    """

    def __init__(self, nin: int, nout: int, bias: bool = True, seed: Seed = None, init: str = "he") -> None:
        self.nin = require_int("Linear", "in_features", nin, minimum=1)
        self.nout = require_int("Linear", "out_features", nout, minimum=1)
        draw, rng = initialisers.get(init), initialisers.rng_from(seed)
        self.weight = [
            [Value(draw(rng, nin, nout), label=f"weight[{j}][{k}]", role="parameter") for k in range(nin)]
            for j in range(nout)
        ]
        # Without a bias, b is a constant 0 leaf per output: not a parameter, never trained.
        role = "parameter" if bias else "constant"
        self.bias = [Value(0.0, label=f"bias[{j}]", role=role) for j in range(nout)]

    def forward(self, x: Inputs) -> list[Value]:
        """Wx + b for one sample x."""
        return autograd.linear([_inputs("Linear", x, self.nin)], self.weight, self.bias)[0]

    def forward_batch(self, xs: Sequence[Inputs]) -> list[list[Value]]:
        """Wx + b for every sample of ``xs``, reading each weight once (``autograd.linear``)."""
        return autograd.linear(_batch("Linear", xs, self.nin), self.weight, self.bias)

    def __repr__(self) -> str:
        bias = "" if self.bias[0].role == "parameter" else ", bias=False"
        return f"Linear({self.nin}, {self.nout}{bias})"


class Sequential(Module):
    """PyTorch's ``nn.Sequential``: modules applied in order, each to the previous one's output.

    A string stands for that activation applied to every value::

        model = nn.Sequential(nn.Linear(2, 16), "relu", nn.Linear(16, 1))

    Parameters are named by position, as in PyTorch: ``layers.0.weight.3.1``.
    """

    def __init__(self, *modules: Module | str) -> None:
        if not modules:
            raise ValueError("Sequential needs at least one module")
        layers = []
        for k, module in enumerate(modules):
            if isinstance(module, str):
                module = Activation(module)
            if not isinstance(module, Module):
                got = type(module).__name__
                raise TypeError(f"Sequential: item {k} must be an nn.Module or an activation name, got {got}")
            layers.append(module)
        self.layers = layers

    def forward(self, x: object) -> object:
        """layers[-1](...layers[1](layers[0](x)))."""
        for layer in self.layers:
            x = layer(x)
        return x

    def forward_batch(self, xs: Sequence[object]) -> list:
        """The output for each sample of ``xs``, a layer at a time over the whole batch (so each
        ``Linear`` reads its weights once for the batch)."""
        for layer in self.layers:
            xs = layer.forward_batch(xs)
        return xs

    def __len__(self) -> int:
        return len(self.layers)

    def __getitem__(self, k: int) -> Module:
        return self.layers[k]

    def __repr__(self) -> str:
        return "Sequential(" + ", ".join(map(repr, self.layers)) + ")"
