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
read as ``H3[:, j]`` and its gradient added into ``dH3[:, j]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograd.compiled import arrays, scalar
from autograd.compiled.trace import Graph
from autograd.engine import primitives as P


@dataclass
class _Block:
    """Several nodes as the columns of one (B, k) array ``name``."""

    name: str
    members: list[int]


def source(graph: Graph, theta_index: list[int], varying: scalar.Varying, space: dict[str, object]) -> str:
    """The matrix program of ``graph`` as Python source, with the same signature and results as
    the scalar program's (see ``autograd.compiled.scalar``)."""
    return _Writer(graph, theta_index, varying, space).write()


class _Writer:
    def __init__(self, graph: Graph, theta_index: list[int], varying: scalar.Varying, space: dict) -> None:
        self.graph = graph
        self.nodes = graph.nodes
        self.theta_index = theta_index
        self.varying = varying
        self.space = space
        self.where: dict[int, tuple[str, int]] = {}  # node -> (block, column)
        self.forward: list[str] = []
        self.backward: list[list[str]] = []  # per forward statement, its backward lines
        self.grads: list[str] = []  # the gradient arrays to start at zero

    # --- reading a node ---------------------------------------------------------------------

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

    def add_grad(self, k: int, contribution: str) -> str | None:
        """The line that adds ``contribution`` (one number per sample) into dL/d(node k)."""
        if k < 0:
            return f"grad[{self.theta_index[-1 - k]}] += np.sum({contribution})"
        node = self.nodes[k]
        if node.kind in ("input", "constant"):
            return None
        if k in self.where:
            block, j = self.where[k]
            return f"d{block}[:, {j}] += {contribution}"
        return f"dL_d{node.name} += {contribution}"

    # --- recognising ----------------------------------------------------------------------------

    def layers(self) -> dict[int, list[int]]:
        """First member -> members, for each group of affine nodes on the same x with their own
        weights and bias among the leaves."""
        groups: dict[tuple, list[int]] = {}
        for k, node in enumerate(self.nodes):
            if node.kind != "op" or node.prim is not P.affine:
                continue
            n = len(node.inputs) // 2
            params = node.inputs[n:]
            if any(i >= 0 for i in params):  # the weights and bias must be leaves
                continue
            groups.setdefault(node.inputs[:n], []).append(k)
        layers = {}
        for members in groups.values():
            slots = [i for k in members for i in self.parameters(k)]
            if len(set(slots)) == len(slots):  # each weight once: its gradient is one entry of dW
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
            return _take("inputs", cols), None, cols
        if not all(k in self.where for k in ks):
            return None
        blocks = {self.where[k][0] for k in ks}
        cols = [self.where[k][1] for k in ks]
        if len(blocks) != 1 or len(set(cols)) != len(cols):
            return None
        block = blocks.pop()
        return _take(block, cols), block, cols

    # --- writing ----------------------------------------------------------------------------------

    def write(self) -> str:
        layers = self.layers()
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
        lines += [f"    {line}" for line in self.grads]
        seed_line = self.add_grad(root, "seed")
        if seed_line:
            lines.append(f"    {seed_line}")
        for statement in reversed(self.backward):
            lines += [f"    {line}" for line in statement]
        returned = ", ".join(self.value(k) for k in self.graph.outputs)
        lines.append(f"    return np.broadcast_to({self.value(root)}, seed.shape), outputs(seed, {returned})")
        return "\n".join(lines) + "\n"

    def layer(self, H: str, members: list[int]) -> None:
        """H = X @ W.T + b for the group, and its backward."""
        first = self.nodes[members[0]]
        n = len(first.inputs) // 2
        k = len(members)
        xs = first.inputs[:n]
        # the weights as a (k, n + 1) matrix of theta positions: row j is unit j's [w | b]
        idx = np.array([[self.theta_index[-1 - i] for i in self.nodes[m].inputs[n:]] for m in members])
        if np.array_equal(idx.ravel(), np.arange(idx[0, 0], idx[0, 0] + idx.size)):
            wb = f"theta[{idx[0, 0]}:{idx[0, 0] + idx.size}].reshape({k}, {n + 1})"
            gwb = f"grad[{idx[0, 0]}:{idx[0, 0] + idx.size}].reshape({k}, {n + 1})"
            scatter = None
        else:
            at = scalar.bind(self.space, f"{H}_positions", idx)
            wb = f"theta[{at}]"
            gwb = f"g{H}"
            scatter = f"np.add.at(grad, {at}, g{H})"
        found = self.columns_of(xs)
        if found is None:
            X, block, cols = f"columns({', '.join(self.value(i) for i in xs)})", None, None
        else:
            X, block, cols = found
        self.forward += [
            f"X{H[1:]} = {X}  # (B, {n})",
            f"Wb{H[1:]} = {wb}  # ({k}, {n} + 1): row j is unit j's [w | b]",
            f"W{H[1:]}, b{H[1:]} = Wb{H[1:]}[:, :{n}], Wb{H[1:]}[:, {n}]  # ({k}, {n}), ({k},)",
            f"{H} = X{H[1:]} @ W{H[1:]}.T + b{H[1:]}  # (B, {k}) = (B, {n}) @ ({n}, {k}) + ({k},)",
        ]
        for j, m in enumerate(members):
            self.where[m] = (H, j)
        self.grads.append(f"d{H} = np.zeros({H}.shape)  # (B, {k})")
        lines = []
        if scatter is None:
            lines.append(f"g{H} = {gwb}  # a view of grad: [dW | db], ({k}, {n} + 1)")
        else:
            lines.append(f"g{H} = np.zeros(({k}, {n + 1}))  # [dW | db]")
        lines += [
            f"g{H}[:, :{n}] += d{H}.T @ X{H[1:]}  # dW = dHᵀ·X: ({k}, {n}) = ({k}, B) @ (B, {n})",
            f"g{H}[:, {n}] += d{H}.sum(axis=0)  # db = 1ᵀ·dH: ({k},)",
        ]
        if scatter is not None:
            lines.append(scatter)
        if block is not None:
            lines.append(
                f"d{block}[:, {_index(cols)}] += d{H} @ W{H[1:]}"
                f"  # dX = dH·W: (B, {n}) = (B, {k}) @ ({k}, {n})"
            )
        elif cols is None:  # the inputs came from single nodes: hand each its column of dX
            lines.append(f"dX{H[1:]} = d{H} @ W{H[1:]}  # dX = dH·W: (B, {n})")
            for p, i in enumerate(xs):
                line = self.add_grad(i, f"dX{H[1:]}[:, {p}]")
                if line:
                    lines.append(line)
        self.backward.append(lines)

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
        operand = _take(block, cols)
        call = scalar.call(node, [operand], self.varying, self.space)
        k = len(group)
        self.forward.append(f"{A}, (g{A},) = {call}  # (B, {k}), and g'(H) elementwise")
        for j, m in enumerate(group):
            self.where[m] = (A, j)
        self.grads.append(f"d{A} = np.zeros({A}.shape)  # (B, {k})")
        self.backward.append([f"d{block}[:, {_index(cols)}] += d{A} * g{A}  # dH = dA ⊙ g'(H): (B, {k})"])

    def single(self, k: int) -> None:
        """One node as in the scalar program; an n-ary op over one block takes the block itself."""
        node = self.nodes[k]
        self.grads.append(f"dL_d{node.name} = 0.0")
        if arrays.is_nary(node.prim):
            found = self.columns_of(node.inputs)
            if found is not None:
                X, block, cols = found
                call = scalar.call(node, ["X"], self.varying, self.space).replace("columns(X)", X)
                self.forward.append(f"{node.name}, d{node.name} = {call}  # (B,), and (B, {len(cols)})")
                if block is not None:
                    self.backward.append(
                        [f"d{block}[:, {_index(cols)}] += dL_d{node.name}[:, None] * d{node.name}"]
                    )
                else:
                    self.backward.append([])
                return
            if all(i < 0 for i in node.inputs):  # over leaves only (a penalty)
                at = scalar.bind(
                    self.space,
                    f"{node.name}_positions",
                    np.array([self.theta_index[-1 - i] for i in node.inputs]),
                )
                call = scalar.call(node, ["X"], self.varying, self.space).replace(
                    "columns(X)", f"theta[{at}][None, :]"
                )
                self.forward.append(
                    f"{node.name}, d{node.name} = {call}  # (1,), and (1, {len(node.inputs)})"
                )
                self.backward.append(
                    [f"np.add.at(grad, {at}, (dL_d{node.name}[:, None] * d{node.name}).sum(axis=0))"]
                )
                return
            operands = [self.value(i) for i in node.inputs]
            self.forward.append(
                f"{node.name}, d{node.name} = {scalar.call(node, operands, self.varying, self.space)}"
            )
            lines = [
                self.add_grad(i, f"dL_d{node.name} * d{node.name}[:, {p}]") for p, i in enumerate(node.inputs)
            ]
            self.backward.append([line for line in lines if line])
            return
        operands = [self.value(i) for i in node.inputs]
        names = [f"d{node.name}_{p}" for p in range(len(operands))]
        self.forward.append(
            f"{node.name}, ({', '.join(names)},) = {scalar.call(node, operands, self.varying, self.space)}"
        )
        lines = [self.add_grad(i, f"dL_d{node.name} * {name}") for i, name in zip(node.inputs, names)]
        self.backward.append([line for line in lines if line])


def _index(cols: list[int]) -> str:
    """``cols`` as an index into a block's columns: a slice when they are consecutive."""
    if cols == list(range(cols[0], cols[0] + len(cols))):
        return f"{cols[0]}:{cols[0] + len(cols)}"
    return repr(cols)


def _take(block: str, cols: list[int]) -> str:
    return f"{block}[:, {_index(cols)}]"
