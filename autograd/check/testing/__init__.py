"""Property-based testing of gradients: hypothesis strategies and a central-difference assertion.

Import it explicitly (it needs hypothesis)::

    from hypothesis import given
    from autograd.testing import assert_gradients_match, expressions

    @given(expressions())
    def test_backward_matches_central_differences(expr):
        assert_gradients_match(expr, expr.leaves)

``expressions()`` draws random computation graphs over the whole op table, ``OPS``: DAGs with
shared sub-expressions, nodes used twice by one op, constants on either side of an op and
the n-ary sum, dot and max. Every op's inputs are kept inside its domain and away from its
kinks, so that central differences are a valid reference at every drawn point.

To test an op of your own, give it an ``OpSpec`` and add it to the table::

    @autograd.primitive("cube")
    def cube(x):  # O = x³,  ∂O/∂x = 3x²
        return x**3, (3 * x * x,)

    @given(expressions({**OPS, "cube": OpSpec(cube)}))
    def test_cube(expr):
        assert_gradients_match(expr, expr.leaves)

The kit has three parts: ``ops`` (the op table, each op's builder and domain, derived from the
engine's table of primitives), ``strategies`` (``expressions()``, ``values()``) and
``assertion`` (``assert_gradients_match``).
"""

from autograd.check.testing.assertion import assert_gradients_match
from autograd.check.testing.ops import OPS, Domain, OpSpec
from autograd.check.testing.strategies import (
    BOUND,
    KINK,
    SENSITIVITY,
    SPAN,
    Expression,
    Step,
    expressions,
    values,
)

__all__ = [
    "BOUND",
    "KINK",
    "OPS",
    "SENSITIVITY",
    "SPAN",
    "Domain",
    "Expression",
    "OpSpec",
    "Step",
    "assert_gradients_match",
    "expressions",
    "values",
]
