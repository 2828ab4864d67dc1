"""``Module``: the base of every network part that owns parameters.

A module finds its parameters by walking its own attributes in the order they were set:
a ``Value`` with role "parameter" is a parameter, a list of them is numbered, and a child
module (or a list of modules) is walked in turn. The dotted path to each parameter is its
name, e.g. ``layers.0.neurons.1.w.2``: the third weight of the second neuron of the first
layer. Those names are the keys of ``state_dict()``, which is a plain JSON-able dict.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from autograd import Value
from autograd.engine.checks import require_bool, require_number
from autograd.files import write_atomic


class Module:
    """A part of a network: it has parameters, a train/eval mode, and a saveable state.

    Calling a module calls its ``forward``, as in PyTorch: a subclass defines ``forward`` and
    is used as ``module(x)``::

        class TwoLayers(nn.Module):
            def __init__(self):
                self.hidden = nn.Linear(2, 8)
                self.out = nn.Linear(8, 1)

            def forward(self, x):
                return self.out([h.relu() for h in self.hidden(x)])[0]
    """

    training: bool = True

    def __call__(self, *args: object, **kwargs: object) -> object:
        return self.forward(*args, **kwargs)

    def forward(self, *args: object, **kwargs: object) -> object:
        """The module's output; every subclass defines it."""
        raise NotImplementedError(f"{type(self).__name__} must define forward(...) to be called")

    def forward_batch(self, xs: Sequence[object]) -> list:
        """The module's output for each sample of ``xs``: ``[module(x) for x in xs]``.

        Layers and MLPs build the same nodes faster, a layer at a time over the whole batch.
        """
        if not isinstance(xs, (list, tuple)):
            raise TypeError(f"forward_batch expects a list of samples, got {type(xs).__name__}")
        return [self(x) for x in xs]  # type: ignore[operator]

    def parameters(self) -> list[Value]:
        """Every parameter, in a stable order (the order of ``named_parameters``)."""
        return [p for _, p in self.named_parameters()]

    def named_parameters(self) -> list[tuple[str, Value]]:
        """(dotted name, parameter) for every parameter, e.g. ("layers.0.neurons.1.b", b)."""
        return list(self._walk(""))

    def zero_grad(self) -> None:
        """Set dL/dp = 0 for every parameter p, before the next backward pass accumulates."""
        for p in self.parameters():
            p.grad = 0.0

    def train(self, mode: bool = True) -> Module:
        """Switch this module and every child to training mode (or eval mode if mode is False)."""
        self.training = require_bool("train", "mode", mode)
        for child in self._children():
            child.train(mode)
        return self

    def eval(self) -> Module:
        """Switch to evaluation mode: dropout becomes the identity."""
        return self.train(False)

    def state_dict(self) -> dict[str, float]:
        """{parameter name: its value}, a plain dict that ``json.dumps`` accepts."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: dict[str, float]) -> None:
        """Set every parameter from ``state``, which must hold exactly this module's names.

        Every key and value is checked first; on any problem (a missing or unexpected key, a
        value that is not a finite number) nothing is changed and the error names the key:
        KeyError for the keys, ValueError for the values, TypeError if state is not a dict.
        """
        if not isinstance(state, dict):
            raise TypeError(f"load_state_dict: expected a dict, got {type(state).__name__}")
        named = self.named_parameters()
        names = [name for name, _ in named]
        missing = [name for name in names if name not in state]
        if missing:
            raise KeyError(f"load_state_dict: missing key {missing[0]!r} ({len(missing)} missing)")
        unexpected = sorted(set(state) - set(names), key=str)
        if unexpected:
            raise KeyError(
                f"load_state_dict: unexpected key {unexpected[0]!r} ({len(unexpected)} unexpected)"
            )
        values = [require_number("load_state_dict", f"key {name!r}", state[name]) for name in names]
        for (_, p), x in zip(named, values):
            p.data = x

    def save(self, path: str | os.PathLike) -> None:
        """Write ``state_dict()`` to ``path`` as JSON, atomically: a reader never sees half a file."""
        write_atomic(path, json.dumps(self.state_dict(), indent=1, allow_nan=False))

    def load(self, path: str | os.PathLike) -> None:
        """Set the parameters from a file written by ``save``; a bad file leaves them untouched.

        A file that is not JSON, not a JSON object, or does not match this module raises
        ValueError naming the file and the problem (a number beyond the float range, say).
        """
        path = Path(path)
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ValueError(f"{path}: not a JSON state dict ({e})") from None
        except RecursionError:  # json recurses once per level of nesting
            raise ValueError(f"{path}: not a JSON state dict (nested too deeply)") from None
        try:
            self.load_state_dict(state)
        except (KeyError, ValueError, TypeError) as e:
            message = e.args[0] if e.args else str(e)
            raise ValueError(f"{path}: {message}") from None

    def _children(self) -> Iterator[Module]:
        for value in vars(self).values():
            if isinstance(value, Module):
                yield value
            elif isinstance(value, (list, tuple)):
                yield from (item for item in value if isinstance(item, Module))

    def _walk(self, prefix: str) -> Iterator[tuple[str, Value]]:
        for name, value in vars(self).items():
            if name.startswith("_"):
                continue
            if isinstance(value, Value):
                if value.role == "parameter":
                    yield prefix + name, value
            elif isinstance(value, Module):
                yield from value._walk(f"{prefix}{name}.")
            elif isinstance(value, (list, tuple)):
                yield from _walk_list(value, f"{prefix}{name}.")


def _walk_list(items: list | tuple, prefix: str) -> Iterator[tuple[str, Value]]:
    """The parameters in a list, numbered; a list of lists (a weight matrix) gives ``weight.j.k``."""
    for k, item in enumerate(items):
        if isinstance(item, Value) and item.role == "parameter":
            yield f"{prefix}{k}", item
        elif isinstance(item, Module):
            yield from item._walk(f"{prefix}{k}.")
        elif isinstance(item, (list, tuple)):
            yield from _walk_list(item, f"{prefix}{k}.")
