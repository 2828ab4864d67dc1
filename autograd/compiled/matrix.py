"""The matrix program: the scalar program with its layers recognised and run as matrix products.

A layer is a group of affine nodes zⱼ = wⱼᵀx + bⱼ that read the same inputs x, each with its
own weights and bias among the leaves. Stacked over the batch (the lecture's Approach II,
vectorised), the group is one product and its backward three:

    forward     H = X @ W.T + b          X (B, n), W (k, n), b (k,), H (B, k)
    backward    dW = dHᵀ·X  (k, n)       db = 1ᵀ·dH  (k,)       dX = dH·W  (B, n)

Every gradient has the shape of its variable. An activation applied to every unit of a layer
is one array op on H, its backward dH = dA ⊙ g'(H); an n-ary op over a layer's units (a
softmax cross-entropy over the logits) takes them as one array. Every other node runs as in
the scalar program, one array op per node, with one line per edge: nothing is left out, it
is only slower.

Blocks (H, A) hold several nodes as the columns of one (B, k) array; a node in a block is
read as ``H3[:, j]`` and its gradient added into ``dH3[:, j]``. The first contribution to a
gradient assigns it (``dH = ...``) and later ones add (``dH += ...``): a gradient array is
never filled with zeros only to be added to, which at full batch would cost as much as the
products.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from autograd.compiled import arrays, scalar
from autograd.compiled.trace import Graph
from autograd.engine import primitives as P


@dataclass
class _Backward:
    """The backward of one forward statement: the gradients it reads (of its outputs), then
    its lines, each a plain line or a contribution (target, columns or None, expression, and
    optionally the expression that writes it into an array ``{out}``)."""

    reads: list[str] = field(default_factory=list)
    steps: list[str | tuple] = field(default_factory=list)


def source(graph: Graph, theta_index: list[int], varying: scalar.Varying, space: dict[str, object]) -> str:
    """The matrix program of ``graph`` as Python source, with the same signature and results as
    the scalar program's (see ``autograd.compiled.scalar``)."""
    return _Writer(graph, theta_index, varying, space).write()


class _Writer:
    def __init__(self, graph: Graph, theta_index: list[int], varying: scalar.Varying, space: dict) -> None:
        self.graph = graph
        self.nodes = graph.nodes
        self.theta_index = theta_index
        self.theta_positions = np.asarray(theta_index)  # the same, for picking a layer's at once
        self.varying = varying
        self.space = space
        self.where: dict[int, tuple[str, int]] = {}  # node -> (block, column)
        self.width: dict[str, int] = {}  # block -> its number of columns
        self.forward: list[str] = []
        self.backward: list[_Backward] = []  # one per forward statement

    # --- reading a node, and adding to its gradient ----------------------------------------

    def value(self, k: int) -> str:
        if k < 0:  # leaf -1 - k
            return f"theta[{self.theta_index[-1 - k]}]"
        node = self.nodes[k]
        if k in self.where:
            block, j = self.where[k]
            return f"{block}[:, {j}]"
        if node.kind == "op":
            return node.name
        return scalar.leaf_value(node, self.varying)

    def add_grad(self, k: int, contribution: str) -> str | tuple | None:
        """The step that adds ``contribution`` (one number per sample) into dL/d(node k)."""
        if k < 0:
            return f"grad[{self.theta_index[-1 - k]}] += np.sum({contribution})"
        if self.nodes[k].kind in ("input", "constant"):
            return None
        if k in self.where:  # one column of a block: (B,), never the whole (B, k) array
            block, j = self.where[k]
            return (f"d{block}", [j], contribution, None, "column")
        return (f"dL_d{self.nodes[k].name}", None, contribution)

    # --- recognising ----------------------------------------------------------------------------

    def varies(self) -> list[bool]:
        """For each node, whether it differs from sample to sample (depends on an input or on a
        constant looked up per sample); a node that does not is computed once, for all."""
        varies: list[bool] = []
        for node in self.nodes:
            if node.kind == "op":
                varies.append(any(i >= 0 and varies[i] for i in node.inputs))
            else:
                varies.append(node.kind == "input" or node.name in self.varying.constants)
        return varies

    def layers(self, varies: list[bool]) -> dict[int, list[int]]:
        """First member -> members, for each group of affine nodes on the same x (which differs
        from sample to sample: ``varies``, by node) with their own weights and bias among the leaves."""
        groups: dict[tuple, list[int]] = {}
        for k, node in enumerate(self.nodes):
            if node.kind != "op" or node.prim is not P.affine:
                continue
            if max(self.parameters(k)) >= 0:  # the weights and bias must be leaves (-1 - k)
                continue
            if not any(i >= 0 and varies[i] for i in node.inputs[: len(node.inputs) // 2]):
                continue
            groups.setdefault(node.inputs[: len(node.inputs) // 2], []).append(k)
        layers = {}
        for members in groups.values():
            leaves = list(chain.from_iterable(map(self.parameters, members)))
            if len(set(leaves)) == len(leaves):  # each weight once: its gradient is one entry of dW
                layers[members[0]] = members
        return layers

    def parameters(self, k: int) -> tuple[int, ...]:
        """An affine node's w and b: the second half of its inputs (x₁..xₙ, w₁..wₙ, b)."""
        inputs = self.nodes[k].inputs
        return inputs[len(inputs) // 2 :]

    def columns_of(self, ks: tuple[int, ...] | list[int]) -> tuple[str, str | None, list[int]] | None:
        """(expression for the nodes ks as a (B, n) array, their block or None, columns), when
        all of them are distinct columns of one block or the inputs; else None."""
        if all(k >= 0 and self.nodes[k].kind == "input" for k in ks):
            cols = [self.nodes[k].slot for k in ks]
            return _take("inputs", cols, self.graph.n_inputs), None, cols
        if not all(k in self.where for k in ks):
            return None
        blocks = {self.where[k][0] for k in ks}
        cols = [self.where[k][1] for k in ks]
        if len(blocks) != 1 or len(set(cols)) != len(cols):
            return None
        block = blocks.pop()
        return _take(block, cols, self.width[block]), block, cols

    # --- writing ----------------------------------------------------------------------------------

    def write(self) -> str:
        varies = self.varies()
        layers = self.layers(varies)
        done: set[int] = set()
        blocks = 0
        for k, node in enumerate(self.nodes):
            if k in done or node.kind != "op":
                continue
            if k in layers:
                blocks += 1
                self.layer(f"H{blocks}", layers[k])
                done.update(layers[k])
                continue
            group = self.elementwise(k, done)
            if group:
                blocks += 1
                self.activation(f"A{blocks}", group)
                done.update(group)
                continue
            self.single(k)
        root = len(self.nodes) - 1
        lines = ["def program(inputs, theta, seed, S, grad):", "    # forward"]
        lines += [f"    {line}" for line in self.forward]
        lines.append("    # backward: every gradient has the shape of its variable")
        if layers:
            lines.append("    one = np.ones(len(seed))  # the 1 of db = 1ᵀ·dH: (B,)")
        seed = _Backward(steps=[self.add_grad(root, "seed")])
        lines += [f"    {line}" for line in self.render([*self.backward, seed][::-1])]
        # the root's value for every sample (a root that does not vary is one number for all)
        value = self.value(root) if varies[root] else f"np.full(seed.shape, {self.value(root)})"
        returned = ", ".join(self.value(k) for k in self.graph.outputs)
        given = f"outputs(seed, {returned})" if returned else "np.empty((len(seed), 0))"
        lines.append(f"    return {value}, {given}")
        return "\n".join(lines) + "\n"

    def render(self, statements: list[_Backward]) -> list[str]:
        """The backward lines, outputs before inputs: a gradient's first contribution assigns it;
        one that is read before any contribution reached it starts at zero."""
        started: set[str] = set()
        lines = []
        for statement in statements:
            for name in statement.reads:
                if name not in started:
                    lines.append(f"{name} = {self.zeros(name)}")
                    started.add(name)
            for step in statement.steps:
                if step is None:
                    continue
                if isinstance(step, str):
                    lines.append(step)
                    continue
                name, cols, expression, *rest = step
                into, column = [*rest, None, None][:2]
                whole = cols is None or (not column and cols == list(range(self.width.get(name[1:], -1))))
                part = f"{name}[:, {cols[0]}]" if column else f"{name}[:, {_index(cols or [0])}]"
                if name in started:
                    target = name if whole else part
                    lines.append(f"{target} += {expression}")
                elif whole and into:
                    lines.append(f"{name} = {into.format(out=f'buffer({name!r}, {name[1:]}.shape)')}")
                elif whole:
                    lines.append(f"{name} = {expression}")
                else:
                    lines += [f"{name} = {self.zeros(name)}", f"{part} += {expression}"]
                started.add(name)
        return lines

    def scatter(self, g: str, positions: list[int]) -> list[str]:
        """The lines that add entry c of the vector ``g`` into ``grad[positions[c]]``: a slice
        where the positions run in order, else by index, never one position twice in a line
        (``grad[at] += g`` adds only one of two contributions to the same place)."""
        lines = []
        for cols, places in _runs(positions):
            if places == list(range(places[0], places[0] + len(places))):
                target = f"grad[{places[0]}:{places[0] + len(places)}]"
            else:
                target = f"grad[{scalar.bind(self.space, f'{g}_positions', np.array(places))}]"
            part = g if len(cols) == len(positions) else f"{g}[{_index(cols)}]"
            lines.append(f"{target} += {part}")
        return lines

    def zeros(self, name: str) -> str:
        """An array of zeros shaped like the variable whose gradient ``name`` is."""
        if name.startswith("dL_d"):
            return "np.zeros(seed.shape)"
        return f"np.zeros({name[1:]}.shape)"

    def layer(self, H: str, members: list[int]) -> None:
        """H = X @ W.T + b for the group, and its backward."""
        first = self.nodes[members[0]]
        n, k, i = len(first.inputs) // 2, len(members), H[1:]
        xs = first.inputs[:n]
        # the weights as a (k, n + 1) matrix of theta positions: row j is unit j's [w | b]
        refs = np.fromiter(chain.from_iterable(map(self.parameters, members)), dtype=int)
        idx = self.theta_positions[-1 - refs].reshape(k, n + 1)
        if np.array_equal(idx.ravel(), np.arange(idx[0, 0], idx[0, 0] + idx.size)):
            wb = f"theta[{idx[0, 0]}:{idx[0, 0] + idx.size}].reshape({k}, {n + 1})"
            gwb = f"grad[{idx[0, 0]}:{idx[0, 0] + idx.size}].reshape({k}, {n + 1})  # a view of grad"
            scatter = None  # the gradients land in grad through the view
        else:
            at = scalar.bind(self.space, f"{H}_positions", idx)
            wb, gwb = f"theta[{at}]", f"np.zeros(({k}, {n + 1}))  # added into grad below"
            scatter = f"grad += np.bincount({at}.ravel(), g{H}.ravel(), len(grad))  # each into its place"
        found = self.columns_of(xs)
        X, block, cols = (
            found if found is not None else (f"columns({', '.join(map(self.value, xs))})", None, None)
        )
        self.forward += [
            f"X{i} = {X}  # (B, {n})",
            f"Wb{i} = {wb}  # ({k}, {n} + 1): row j is unit j's [w | b]",
            f"W{i}, b{i} = Wb{i}[:, :{n}], Wb{i}[:, {n}]  # ({k}, {n}), ({k},)",
            f"{H} = np.matmul(X{i}, W{i}.T, out=buffer({H!r}, (len(X{i}), {k})))  # H = X @ W.T + b:",
            f"{H} += b{i}  # (B, {k}) = (B, {n}) @ ({n}, {k}) + ({k},)",
        ]
        for j, m in enumerate(members):
            self.where[m] = (H, j)
        self.width[H] = k
        steps: list = [
            f"g{H} = {gwb}: [dW | db], ({k}, {n} + 1)",
            f"g{H}[:, :{n}] += d{H}.T @ X{i}  # dW = dHᵀ·X: ({k}, {n}) = ({k}, B) @ (B, {n})",
            f"g{H}[:, {n}] += one @ d{H}  # db = 1ᵀ·dH: ({k},) = (B,) @ (B, {k})",
        ]
        if scatter is not None:
            steps.append(scatter)
        if block is not None:
            dX = f"d{H} @ W{i}  # dX = dH·W: (B, {n}) = (B, {k}) @ ({k}, {n})"
            steps.append(
                (f"d{block}", cols, dX, f"np.matmul(d{H}, W{i}, out={{out}})  # dX = dH·W: (B, {n})")
            )
        elif cols is None:  # the inputs came from single nodes: hand each its column of dX
            steps.append(f"dX{i} = d{H} @ W{i}  # dX = dH·W: (B, {n})")
            steps += [self.add_grad(x, f"dX{i}[:, {p}]") for p, x in enumerate(xs)]
        self.backward.append(_Backward([f"d{H}"], steps))

    def elementwise(self, k: int, done: set[int]) -> list[int]:
        """The nodes, k first, that apply one one-input op (same parameters) to columns of one block."""
        node = self.nodes[k]
        if arrays.is_nary(node.prim) or len(node.inputs) != 1 or node.inputs[0] not in self.where:
            return []
        if any(f"{node.name}.{key}" in self.varying.params for key in node.params):
            return []
        block = self.where[node.inputs[0]][0]
        group = [
            m
            for m in range(k, len(self.nodes))
            if m not in done
            and self.nodes[m].kind == "op"
            and self.nodes[m].prim is node.prim
            and self.nodes[m].params == node.params
            and len(self.nodes[m].inputs) == 1
            and self.where.get(self.nodes[m].inputs[0], ("",))[0] == block
        ]
        cols = [self.where[self.nodes[m].inputs[0]][1] for m in group]
        return group if len(group) > 1 and len(set(cols)) == len(cols) else []

    def activation(self, A: str, group: list[int]) -> None:
        """A = g(H) for a whole block (or some of its columns) at once: dH += dA ⊙ g'(H)."""
        node = self.nodes[group[0]]
        block = self.where[node.inputs[0]][0]
        cols = [self.where[self.nodes[m].inputs[0]][1] for m in group]
        call = scalar.call(node, [_take(block, cols, self.width[block])], self.varying, self.space)
        k = len(group)
        self.forward.append(f"{A}, (g{A},) = {call}  # (B, {k}), and g'(H) elementwise")
        for j, m in enumerate(group):
            self.where[m] = (A, j)
        self.width[A] = k
        contribution = (
            f"d{block}",
            cols,
            f"d{A} * g{A}  # dH = dA ⊙ g'(H): (B, {k})",
            f"np.multiply(d{A}, g{A}, out={{out}})  # dH = dA ⊙ g'(H): (B, {k})",
        )
        self.backward.append(_Backward([f"d{A}"], [contribution]))

    def single(self, k: int) -> None:
        """One node as in the scalar program; an n-ary op over one block takes the block itself,
        over leaves alone (a penalty) the leaves' values as one row."""
        node = self.nodes[k]
        name = node.name
        reads = [f"dL_d{name}"]
        if not arrays.is_nary(node.prim):
            operands = [self.value(i) for i in node.inputs]
            names = [f"d{name}_{p}" for p in range(len(operands))]
            call = scalar.call(node, operands, self.varying, self.space)
            self.forward.append(f"{name}, ({', '.join(names)},) = {call}")
            steps = [self.add_grad(i, f"dL_d{name} * {local}") for i, local in zip(node.inputs, names)]
            self.backward.append(_Backward(reads, steps))
            return
        found = self.columns_of(node.inputs)
        if found is not None:
            X, block, cols = found
            call = scalar.call(node, ["X"], self.varying, self.space).replace("columns(X)", X)
            self.forward.append(f"{name}, d{name} = {call}  # (B,), and (B, {len(cols)})")
            steps = [(f"d{block}", cols, f"dL_d{name}[:, None] * d{name}")] if block is not None else []
            self.backward.append(_Backward(reads, steps))
            return
        if all(i < 0 for i in node.inputs):
            positions = [self.theta_index[-1 - i] for i in node.inputs]
            at = scalar.bind(self.space, f"{name}_positions", np.array(positions))
            call = scalar.call(node, ["X"], self.varying, self.space)
            call = call.replace("columns(X)", f"theta[{at}][None, :]")
            self.forward.append(f"{name}, d{name} = {call}  # (1,), and (1, {len(node.inputs)})")
            if any(f"{name}.{key}" in self.varying.params for key in node.params):
                total = f"(dL_d{name}[:, None] * d{name}).sum(axis=0)"  # ∂O/∂v differs by sample
            else:  # one ∂O/∂v for all samples: Σᵢ dL/dOᵢ · ∂O/∂v
                total = f"dL_d{name}.sum() * d{name}[0]"
            steps = [f"g{name} = {total}  # ({len(positions)},): the sum over the samples"]
            steps += self.scatter(f"g{name}", positions)
            self.backward.append(_Backward(reads, steps))
            return
        call = scalar.call(node, [self.value(i) for i in node.inputs], self.varying, self.space)
        self.forward.append(f"{name}, d{name} = {call}")
        steps = [self.add_grad(i, f"dL_d{name} * d{name}[:, {p}]") for p, i in enumerate(node.inputs)]
        self.backward.append(_Backward(reads, steps))


def _runs(positions: list[int]) -> list[tuple[list[int], list[int]]]:
    """``positions`` cut into pieces, each (columns, positions), in which each position appears
    once: its k-th appearance goes to piece k (wᵀw reads each w twice: two pieces)."""
    pieces: list[tuple[list[int], list[int]]] = []
    seen: dict[int, int] = {}
    for col, position in enumerate(positions):
        k = seen.get(position, 0)
        seen[position] = k + 1
        if k == len(pieces):
            pieces.append(([], []))
        pieces[k][0].append(col)
        pieces[k][1].append(position)
    return pieces


def _index(cols: list[int]) -> str:
    """``cols`` as an index into a block's columns: a slice when they are consecutive."""
    if cols == list(range(cols[0], cols[0] + len(cols))):
        return f"{cols[0]}:{cols[0] + len(cols)}"
    return repr(cols)


def _take(block: str, cols: list[int], width: int | None) -> str:
    """The columns ``cols`` of ``block``: the block itself when they are all of it, in order."""
    if width is not None and cols == list(range(width)):
        return block
    return f"{block}[:, {_index(cols)}]"
