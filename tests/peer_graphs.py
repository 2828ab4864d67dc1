"""Graphs from the peers' test suites, written once for any number type that has + - * / **,
relu(), tanh() and exp(): Values in tests/test_peers.py, float64 tensors in the torch oracle.

micrograd's test/test_engine.py builds these same graphs in both libraries and compares; the
nn-zero-to-hero lecture 1 ("the spelled-out intro to neural networks and backpropagation")
builds the neuron by hand, then with tanh spelled out in exp, then in PyTorch.
"""


def micrograd_sanity(x):
    """micrograd's test_sanity_check: y at x = -4 is -20 and dy/dx = 46."""
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    return y


def micrograd_more_ops(a, b):
    """micrograd's test_more_ops (and its README's example), with its in-place sums."""
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    return g


#: The lecture's neuron: inputs x1, x2, weights w1, w2 and the bias that makes n = 0.8813...,
#: so that o = tanh(n) = 1/√2.
NEURON = dict(x1=2.0, x2=0.0, w1=-3.0, w2=1.0, b=6.8813735870195432)


def neuron(x1, x2, w1, w2, b):
    """o = tanh(x1·w1 + x2·w2 + b), built one node at a time as the lecture draws it."""
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    return n.tanh()


def neuron_by_exp(x1, x2, w1, w2, b):
    """The same neuron with tanh spelled out, o = (e²ⁿ - 1)/(e²ⁿ + 1): other nodes, same gradients."""
    n = x1 * w1 + x2 * w2 + b
    e = (2 * n).exp()
    return (e - 1) / (e + 1)
