"""Compiled programs against the engine on random graphs over every op (``autograd.testing``):
the same values and gradients to 1e-12, normwise (largest difference over largest entry)."""

import numpy as np
from hypothesis import given, reject

import autograd
from autograd import Value
from autograd.check.testing import expressions


def normwise(got, expected):
    """The largest difference over the largest entry; 0 for a difference below the smallest
    normal float, where rounding is absolute (half of 5e-324 is 0). Where every expected entry
    is 0 (a gradient that cancels exactly, as of v / v), the difference itself."""
    if not np.size(expected):  # no leaf in the graph
        return 0.0
    difference = np.abs(got - expected).max()
    if difference < np.finfo(float).tiny:
        return 0.0
    largest = np.abs(expected).max()
    return difference / largest if largest else difference


def engine(expr, xs):
    leaves = [Value(x) for x in xs]
    out = expr(*leaves)
    out.backward()
    return out.data, np.array([leaf.grad for leaf in leaves])


@given(expressions())
def test_a_random_graph_over_its_leaves(expr):
    # every leaf is a Value the function closes over: the program sends their gradients back
    value, grads = engine(expr, expr.leaves)
    leaves = [Value(x) for x in expr.leaves]
    compiled = autograd.compile(lambda: expr(*leaves))
    assert abs(compiled() - value) <= 1e-12 * max(1.0, abs(value))
    assert normwise(np.array([leaf.grad for leaf in leaves]), grads) <= 1e-12


@given(expressions())
def test_a_random_graph_with_its_first_leaf_as_the_sample(expr):
    # leaf 0 is the sample, fed twice in one batch: each sample's value is the engine's, and the
    # gradient of the mean is the engine's gradient
    value, grads = engine(expr, expr.leaves)
    x, *rest = expr.leaves
    leaves = [Value(v) for v in rest]
    try:
        compiled = autograd.compile(lambda x: expr(x, *leaves), x)
    except autograd.DataDependenceError as refused:
        # a drawn step may compare the sample's values and leave the comparison unused: what a
        # Python if on it would look like, which compile refuses
        assert "comparison" in str(refused)
        reject()
    values = compiled(np.array([x, x]))
    assert np.abs(values - value).max() <= 1e-12 * max(1.0, abs(value))
    assert normwise(np.array([leaf.grad for leaf in leaves]), grads[1:]) <= 1e-12
    matrix = compiled.evaluate(compiled.theta(), np.array([x, x]))
    scalar = compiled.reference(compiled.theta(), np.array([x, x]))
    assert normwise(matrix[0], scalar[0]) <= 1e-12 and normwise(matrix[1], scalar[1]) <= 1e-12
