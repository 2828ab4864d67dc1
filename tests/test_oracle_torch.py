"""The same random graphs replayed in PyTorch (float64): values and gradients agree to 1e-9.

Skipped unless torch is installed (``make oracle`` installs the CPU build and runs this).
"""

import operator

import pytest
from hypothesis import given
from peer_graphs import NEURON, micrograd_more_ops, micrograd_sanity, neuron, neuron_by_exp

from autograd import Value
from autograd.check.testing import OPS, expressions

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _step(x):
    # heaviside has no derivative in torch; step's is 0 everywhere, and 0·x keeps x in the graph
    return (x >= 0).to(x.dtype) + 0 * x


def _dot(*ws_then_xs):
    n = len(ws_then_xs) // 2
    return torch.dot(torch.stack(ws_then_xs[:n]), torch.stack(ws_then_xs[n:]))


def _affine(*ws_xs_b):
    return _dot(*ws_xs_b[:-1]) + ws_xs_b[-1]


#: Each op of the table as torch computes it.
TORCH_OPS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "neg": operator.neg,
    "abs": torch.abs,
    "**{p:g}": lambda x, p: x**p,
    "**": operator.pow,
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu({slope:g})": lambda x, slope: F.leaky_relu(x, slope),
    # in evaluation mode torch's rrelu uses the slope (lower + upper)/2
    "rrelu({slope:g})": lambda x, slope: F.rrelu(x, slope, slope),
    "elu({alpha:g})": lambda x, alpha: F.elu(x, alpha),
    # ln(1 + e^(βx))/β exactly: F.softplus switches to x itself above its threshold of 20
    "softplus({beta:g})": lambda x, beta: torch.logaddexp(beta * x, torch.zeros_like(x)) / beta,
    "step": _step,
    "arctan": torch.atan,
    "softsign": F.softsign,
    "relu6": F.relu6,
    # F.celu's gradient in float64 is off by about 1e-8 (relative); this is its formula
    "celu({alpha:g})": lambda x, alpha: F.relu(x) + alpha * torch.expm1(torch.clamp(x, max=0) / alpha),
    "selu": F.selu,
    "silu": F.silu,
    "gelu": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "mish": F.mish,
    "hardswish": F.hardswish,
    # F.hardsigmoid's backward uses a float32 1/6 (0.1666666716) even in float64
    "hardsigmoid": lambda x: F.relu6(x + 3) / 6,
    "hardtanh": F.hardtanh,
    "logsigmoid": F.logsigmoid,
    "sin": torch.sin,
    "cos": torch.cos,
    "tan": torch.tan,
    "sinh": torch.sinh,
    "cosh": torch.cosh,
    "asin": torch.asin,
    "acos": torch.acos,
    "asinh": torch.asinh,
    "acosh": torch.acosh,
    "atanh": torch.atanh,
    "log2": torch.log2,
    "log10": torch.log10,
    "log1p": torch.log1p,
    "expm1": torch.expm1,
    "sign": torch.sign,
    "erf": torch.erf,
    # a comparison is a 0/1 step; 0·(a + b) keeps both inputs in the graph with zero gradient
    "<": lambda a, b: (a < b).to(a.dtype) + 0 * (a + b),
    "<=": lambda a, b: (a <= b).to(a.dtype) + 0 * (a + b),
    ">": lambda a, b: (a > b).to(a.dtype) + 0 * (a + b),
    ">=": lambda a, b: (a >= b).to(a.dtype) + 0 * (a + b),
    "==": lambda a, b: (a == b).to(a.dtype) + 0 * (a + b),
    "!=": lambda a, b: (a != b).to(a.dtype) + 0 * (a + b),
    "%": torch.remainder,
    "sum": lambda *xs: torch.stack(xs).sum(),
    "dot": _dot,
    "affine": _affine,
    "max": lambda *xs: torch.stack(xs).max(),
}


def in_torch(op, args, params):
    tensors = [a if isinstance(a, torch.Tensor) else torch.tensor(a, dtype=torch.float64) for a in args]
    return TORCH_OPS[op](*tensors, **params)


def test_the_oracle_knows_every_op():
    assert set(TORCH_OPS) == set(OPS)


@given(expressions(max_leaves=4, max_steps=12))
def test_values_and_gradients_agree_with_torch(expr):
    leaves = [Value(x) for x in expr.leaves]
    out = expr(*leaves)
    out.backward()

    torch_leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in expr.leaves]
    torch_out = expr.replay(torch_leaves, in_torch)
    torch_grads = torch.autograd.grad(torch_out, torch_leaves, allow_unused=True)

    assert out.data == pytest.approx(torch_out.item(), rel=1e-9, abs=1e-12)
    expected = [0.0 if g is None else g.item() for g in torch_grads]
    assert [leaf.grad for leaf in leaves] == pytest.approx(expected, rel=1e-9, abs=1e-12)


# --- the peers' graphs in both libraries, as micrograd's test_engine and lecture 1 compare them ---


def both(graph, inputs):
    """(output, gradients) of ``graph`` at ``inputs`` with Values and with float64 tensors."""
    ours = [Value(x) for x in inputs]
    out = graph(*ours)
    out.backward()
    theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    torch_out = graph(*theirs)
    torch_out.backward()
    return (out.data, [v.grad for v in ours]), (torch_out.item(), [t.grad.item() for t in theirs])


@pytest.mark.parametrize(
    "graph, inputs",
    [
        (micrograd_sanity, [-4.0]),
        (micrograd_more_ops, [-4.0, 2.0]),
        (neuron, list(NEURON.values())),
        (neuron_by_exp, list(NEURON.values())),
    ],
    ids=["micrograd sanity check", "micrograd more ops", "lecture 1 neuron", "lecture 1 neuron by exp"],
)
def test_the_peers_graphs_agree_with_torch(graph, inputs):
    (value, grads), (torch_value, torch_grads) = both(graph, inputs)
    assert value == pytest.approx(torch_value, rel=1e-12, abs=1e-12)
    assert grads == pytest.approx(torch_grads, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("fn", ["tanh", "exp"])
@pytest.mark.parametrize("x", [-1.0, 0.123, 2.0])
def test_micrograd_unary_functions_agree_with_torch(fn, x):
    (value, grads), (torch_value, torch_grads) = both(lambda v: getattr(v, fn)(), [x])
    assert value == pytest.approx(torch_value, rel=1e-15)
    assert grads == pytest.approx(torch_grads, rel=1e-15)
