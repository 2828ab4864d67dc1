"""``autograd.compile``: a per-sample function traced once, run as a program on whole batches.

``compile(f, *example)`` traces ``f`` on the example and returns a ``Compiled``. Calling it
on one sample returns what ``f`` returns (a float) and adds the gradients ``backward()``
would add into the ``.grad`` of the leaves ``f`` closes over; calling it on a batch (numpy
arrays, first axis = sample) returns every sample's value and adds the gradient of their
mean (``reduction="mean"``) or sum.

Labels. An int argument is a label: ``f`` may branch on it (a loss picks log ŷ or
log(1 - ŷ) by the class), so ``f`` is traced once per label value met, lazily. Traces whose
graphs have the same shape form one family and run as one program, their differing
constants and parameters (the one-hot target of a softmax cross-entropy) looked up per
sample; graphs of different shapes run as separate programs.

A batch checked once. ``compile(...).batch(*arrays)`` checks a data set, lays it out as the
programs take it and traces its labels; a ``Batch``, or rows of it (a minibatch), then runs in
place of the arrays with nothing checked again, as a training loop runs the same data every epoch.

Data dependence. A trace is a single path through ``f``. The first time a label is met with
a sample other than the one it was traced with, ``f`` is traced again on that sample and the
two graphs must agree in every op, edge, constant and parameter, or ``DataDependenceError``
says which node differs. Reading an input's value in ``f`` is refused while tracing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse
from operator import attrgetter

import numpy as np

from autograd.compiled import matrix, scalar
from autograd.compiled.trace import (
    Argument,
    DataDependenceError,
    Graph,
    describe_arguments,
    same_graph,
    trace,
)
from autograd.engine.collector import collector_paused
from autograd.engine.value import Value

_DATA = attrgetter("data")
REDUCTIONS = ("mean", "sum")


@dataclass
class _Family:
    """The traces of every label whose graph has one shape, and the programs that run them."""

    graphs: list[Graph]
    theta_index: list[int]
    rows: dict[tuple, int] = field(default_factory=dict)  # label values -> position in graphs
    varying: scalar.Varying = field(default_factory=scalar.Varying)
    tables: dict[str, np.ndarray] = field(default_factory=dict)
    program: Callable | None = None
    matrix_source: str = ""
    space: dict = field(default_factory=dict)  # what the matrix program sees, for inspection
    _scalar: tuple[str, Callable] | None = None

    def add(self, key: tuple, graph: Graph) -> None:
        self.rows[key] = len(self.graphs)
        self.graphs.append(graph)
        self.build()

    def build(self) -> None:
        """Find what differs between the labels, then write the matrix program."""
        constants, params, self.tables = set(), set(), {}
        first = self.graphs[0]
        for k, node in enumerate(first.nodes):
            if node.kind == "constant":
                values = [g.nodes[k].value for g in self.graphs]
                if any(v != values[0] for v in values):
                    constants.add(node.name)
                    self.tables[node.name] = np.array(values)
            elif node.kind == "op":
                for key in node.params:
                    values = [g.nodes[k].params[key] for g in self.graphs]
                    if any(v != values[0] for v in values):
                        params.add(f"{node.name}.{key}")
                        self.tables[f"{node.name}.{key}"] = np.array(values)
        self.varying = scalar.Varying(frozenset(constants), frozenset(params))
        self.space = scalar.namespace()
        self.matrix_source = matrix.source(first, self.theta_index, self.varying, self.space)
        self.program = scalar.build(self.matrix_source, self.space)
        self._scalar = None

    def scalar_program(self) -> tuple[str, Callable]:
        """The scalar program's source and function, written when first asked for."""
        if self._scalar is None:
            space = scalar.namespace()
            text = scalar.source(self.graphs[0], self.theta_index, self.varying, space)
            self._scalar = (text, scalar.build(text, space))
        return self._scalar

    def per_sample(self, keys: list[tuple], which: np.ndarray) -> dict[str, np.ndarray]:
        """The differing constants and parameters of each sample (sample i has label values
        ``keys[which[i]]``), looked up by its label."""
        if not self.tables:
            return {}
        rows = np.array([self.rows.get(key, 0) for key in keys])[which]
        return {name: table[rows] for name, table in self.tables.items()}


@dataclass(frozen=True)
class Batch:
    """A batch checked, laid out and its labels traced once, to be run many times: a training
    loop runs the same data every epoch. Made by ``Compiled.batch``; indexing it with sample
    positions gives a batch of those samples (a minibatch) with nothing checked again."""

    inputs: np.ndarray  # (B, n): the numbers of every argument side by side
    keys: list[tuple]  # the distinct label values met
    which: np.ndarray  # (B,): which of them each sample has
    program: Compiled  # the program that checked it

    def __len__(self) -> int:
        return len(self.inputs)

    def __getitem__(self, rows: np.ndarray | list[int] | slice) -> Batch:
        inputs = self.inputs[rows]
        if inputs.ndim != 2 or not len(inputs):
            raise IndexError(f"compiled batch: {rows!r} must pick one or more samples")
        return Batch(inputs, self.keys, self.which[rows], self.program)


class Compiled:
    """A traced per-sample function (see the module docstring)."""

    def __init__(self, f: Callable, example: Sequence[object]) -> None:
        if not callable(f):
            raise TypeError(f"compile: f must be callable, got {type(f).__name__}")
        self.f = f
        self.arguments: list[Argument] = describe_arguments(f, example)
        #: Every leaf the programs read and send gradients to, in the order of ``theta``.
        self.leaves: list[Value] = []
        self._slot: dict[Value, int] = {}
        self._families: list[_Family] = []
        self._family_of: dict[tuple, _Family] = {}
        self._traced: dict[tuple, np.ndarray] = {}  # label values -> the inputs it was traced with
        self._confirmed: set[tuple] = set()
        inputs, keys, _ = self._batch([np.asarray([a]) for a in example])
        self._trace(keys[0], inputs[0])

    # --- what a student reads -------------------------------------------------------------

    @property
    def source(self) -> str:
        """The scalar program of the first traced sample: forward then backward, one line per
        node and one ``dL_dv += dL_dO * dO_dv`` per edge."""
        return self._families[0].scalar_program()[0]

    @property
    def matrix_source(self) -> str:
        """The matrix program of the first traced sample: each recognised layer as
        ``H = X @ W.T + b`` and its backward ``dW = dHᵀ·X``, ``db = 1ᵀ·dH``, ``dX = dH·W``."""
        return self._families[0].matrix_source

    # --- running ---------------------------------------------------------------------------

    def __call__(self, *args: object, reduction: str = "mean") -> float | np.ndarray | tuple:
        """One sample (numbers, lists, int labels): its value, as ``f`` returns it, with the
        gradients added into the leaves' ``.grad``. A batch (arrays, first axis = sample, or
        one ``Batch``): every sample's value, with the gradient of their mean (or sum) added.
        When ``f`` returns (loss, outputs), the outputs' values come second, one row per sample."""
        single = not any(isinstance(a, (np.ndarray, Batch)) for a in args)
        batch = [np.asarray([a]) for a in args] if single else args
        values, grad, outputs = self.evaluate(self.theta(), *batch, reduction=reduction)
        bad = np.flatnonzero(~np.isfinite(grad))
        if bad.size:
            leaf = self.leaves[bad[0]]
            raise FloatingPointError(
                f"compiled: the gradient of leaf {leaf!r} is {grad[bad[0]]!r}: a local derivative is "
                "infinite or a product overflowed (run one sample through the engine to see which op). "
                "No .grad was changed."
            )
        for leaf, g in zip(self.leaves, grad.tolist()):
            leaf.grad += g
        if single:
            values, outputs = float(values[0]), outputs[0].tolist()
        return (values, outputs) if self._families[0].graphs[0].outputs else values

    def batch(self, *arrays: np.ndarray) -> Batch:
        """The arrays of a batch (first axis = sample), checked and laid out as the programs take
        them, every label in them traced: pass it to ``evaluate`` (or index it for a minibatch)
        to run the same data again without doing this again."""
        inputs, keys, which = self._batch([np.asarray(a) for a in arrays])
        self._learn(inputs, keys, which)
        return Batch(inputs, keys, which, self)

    def evaluate(
        self, theta: np.ndarray, *batch: np.ndarray | Batch, reduction: str = "mean"
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The batch's values, the gradient of their mean (or sum) with respect to ``theta`` (the
        leaves' values in the order of ``leaves``) and the values of the outputs ``f`` returned
        beside the loss (B, n): the matrix program alone, no Value is read or changed. The
        batch is its arrays, or one ``Batch``."""
        return self._run(False, theta, batch, reduction)

    def reference(
        self, theta: np.ndarray, *batch: np.ndarray | Batch, reduction: str = "mean"
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``evaluate`` computed by the scalar programs instead: one array op per node, one line
        per edge. The matrix program must give the same numbers (the tests hold them to it)."""
        return self._run(True, theta, batch, reduction)

    def arrays(self, *batch: np.ndarray | Batch) -> dict[str, np.ndarray]:
        """Every array the matrix program makes for ``batch`` (each value, local derivative and
        gradient, by its name in ``matrix_source``), to look at their shapes and numbers. The
        batch's samples must all share one program (one label, or labels of one family)."""
        inputs, keys, which = self._prepared(batch)
        families = {id(self._family_of[key]) for key in keys}
        if len(families) != 1:
            raise ValueError("compiled.arrays: the batch's labels run as different programs; pass one label")
        family = self._family_of[keys[0]]
        space = dict(family.space)
        body, _, returned = family.matrix_source.rpartition("\n    return ")  # the last line
        keep = f"{body}\n    return locals()  # {returned}"
        made = scalar.build(keep, space)(
            inputs,
            self.theta(),
            np.full(len(inputs), 1.0 / len(inputs)),
            family.per_sample(keys, which),
            np.zeros(len(self.leaves)),
        )
        given = {"inputs", "theta", "seed", "S", "grad"}
        # copies: the program reuses its large arrays at the next call
        return {
            name: np.array(a) for name, a in made.items() if isinstance(a, np.ndarray) and name not in given
        }

    def theta(self) -> np.ndarray:
        """The leaves' values, in the order ``evaluate`` takes them."""
        return np.fromiter(map(_DATA, self.leaves), float, len(self.leaves))

    def _run(
        self, scalar_programs: bool, theta: np.ndarray, batch: Sequence[np.ndarray], reduction: str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if reduction not in REDUCTIONS:
            raise ValueError(f"compiled: reduction must be one of {REDUCTIONS}, got {reduction!r}")
        inputs, keys, which = self._prepared(batch)
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (len(self.leaves),):
            raise ValueError(
                f"compiled: theta has shape {theta.shape}, the program reads {len(self.leaves)} leaves "
                "(a new label may have brought new leaves: read them again with .theta())"
            )
        count = len(inputs)
        seed = np.full(count, 1.0 / count if reduction == "mean" else 1.0)
        grad = np.zeros(len(self.leaves))
        if len(self._families) == 1:  # the common case: one program for the whole batch
            family = self._families[0]
            run = family.scalar_program()[1] if scalar_programs else family.program
            values, outputs = run(inputs, theta, seed, family.per_sample(keys, which), grad)
            return np.array(values, dtype=float), grad, outputs
        values, outputs = np.empty(count), None
        owner = np.array([self._families.index(self._family_of[key]) for key in keys])[which]
        for k, family in enumerate(self._families):
            chosen = owner == k
            if chosen.any():
                run = family.scalar_program()[1] if scalar_programs else family.program
                S = family.per_sample(keys, which[chosen])
                values[chosen], some = run(inputs[chosen], theta, seed[chosen], S, grad)
                if outputs is None:
                    outputs = np.empty((count, some.shape[1]))
                outputs[chosen] = some
        return values, grad, outputs

    # --- the batch as the programs take it ----------------------------------------------------

    def _prepared(self, batch: Sequence[np.ndarray | Batch]) -> tuple[np.ndarray, list[tuple], np.ndarray]:
        """(inputs, keys, which) of a batch given as its arrays or as one ``Batch``."""
        if len(batch) == 1 and isinstance(batch[0], Batch):
            if batch[0].program is not self:
                raise ValueError("compiled: this Batch was made by another compiled program")
            return batch[0].inputs, batch[0].keys, batch[0].which
        prepared = self.batch(*batch)
        return prepared.inputs, prepared.keys, prepared.which

    def _batch(self, batch: Sequence[np.ndarray]) -> tuple[np.ndarray, list[tuple], np.ndarray]:
        """The batch's numbers as one (B, n) array, the distinct label values met, and which of
        them each sample has."""
        if len(batch) != len(self.arguments):
            raise TypeError(f"compiled: f takes {len(self.arguments)} arguments, got {len(batch)}")
        count = len(batch[0]) if batch and np.ndim(batch[0]) else 1  # f of no arguments: one sample
        numbers, labels = [], []
        for spec, arg in zip(self.arguments, batch):
            want = (count, spec.size) if spec.kind == "vector" else (count,)
            if arg.shape != want:
                raise ValueError(
                    f"compiled: argument {spec.name} should have shape {want} (samples first), "
                    f"got {arg.shape}"
                )
            if spec.kind == "label":
                if not np.issubdtype(arg.dtype, np.integer):
                    raise TypeError(
                        f"compiled: argument {spec.name} is a label: it needs ints, got {arg.dtype}"
                    )
                labels.append(arg)
            elif not np.issubdtype(arg.dtype, np.number) or np.issubdtype(arg.dtype, np.bool_):
                raise TypeError(f"compiled: argument {spec.name} needs numbers, got {arg.dtype}")
            else:
                numbers.append(arg.reshape(count, -1))
        if count == 0:
            raise ValueError("compiled: the batch is empty")
        inputs = np.concatenate(numbers, axis=1).astype(float) if numbers else np.zeros((count, 0))
        if not np.isfinite(inputs).all():
            raise ValueError("compiled: the batch holds a nan or inf")
        if not labels:
            return inputs, [()], np.zeros(count, dtype=int)
        if len(labels) == 1:  # one label argument (the usual class index): a plain unique
            distinct, which = np.unique(labels[0], return_inverse=True)
            return inputs, [(key,) for key in distinct.tolist()], which
        distinct, which = np.unique(np.column_stack(labels), axis=0, return_inverse=True)
        return inputs, [tuple(row) for row in distinct.tolist()], which.reshape(count)

    def _learn(self, inputs: np.ndarray, keys: list[tuple], which: np.ndarray) -> None:
        """Trace every label not met before, and confirm each label on a second sample."""
        for k, key in enumerate(keys):
            if key in self._confirmed:
                continue
            samples = inputs[which == k]
            if key not in self._traced:
                self._trace(key, samples[0])
            other = np.flatnonzero((samples != self._traced[key]).any(axis=1))
            if other.size:
                self._confirm(key, samples[other[0]])

    def _arguments_for(self, key: tuple, numbers: np.ndarray) -> list[object]:
        """One sample as ``f`` takes it: floats, lists of floats, int labels."""
        args, labels, at = [], iter(key), 0
        for spec in self.arguments:
            if spec.kind == "label":
                args.append(next(labels))
            elif spec.kind == "scalar":
                args.append(float(numbers[at]))
                at += 1
            else:
                args.append(numbers[at : at + spec.size].tolist())
                at += spec.size
        return args

    def _trace(self, key: tuple, numbers: np.ndarray) -> None:
        with collector_paused():  # tens of thousands of objects, no cycle among them
            self._add(key, numbers, trace(self.f, self.arguments, self._arguments_for(key, numbers))[0])

    def _add(self, key: tuple, numbers: np.ndarray, graph: Graph) -> None:
        # each leaf's place in theta, new leaves after the known ones (maps and zips, keyed by the
        # leaves themselves, which hash by identity: a network's parameters are tens of thousands
        # of leaves)
        new = list(filterfalse(self._slot.__contains__, graph.leaves))  # a graph's leaves are distinct
        self._slot.update(zip(new, range(len(self.leaves), len(self.leaves) + len(new))))
        self.leaves.extend(new)
        # a graph's signature is made only to compare it with another's: not for the first
        family = next((fam for fam in self._families if fam.graphs[0].signature() == graph.signature()), None)
        if family is None:
            family = _Family([], list(map(self._slot.__getitem__, graph.leaves)))
            self._families.append(family)
        family.add(key, graph)
        self._family_of[key] = family
        self._traced[key] = numbers.copy()

    def _confirm(self, key: tuple, numbers: np.ndarray) -> None:
        family = self._family_of[key]
        with collector_paused():
            graph, _ = trace(self.f, self.arguments, self._arguments_for(key, numbers))
        try:
            same_graph(family.graphs[family.rows[key]], graph)
        except DataDependenceError as error:
            raise DataDependenceError(
                f"{error} (label values {key}, traced again on a second sample)"
            ) from None
        self._confirmed.add(key)


def compile(f: Callable, *example: object) -> Compiled:  # noqa: A001 - autograd.compile by design
    """Trace ``f`` (a per-sample function of numbers, lists of numbers and int labels that
    returns a scalar Value) on ``example`` and return it as a ``Compiled`` program."""
    return Compiled(f, example)
