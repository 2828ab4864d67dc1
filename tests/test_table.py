"""The table of primitives is the one registry: every list of ops derives from it."""

import operator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import ACTIVATION, FUNCTION, NARY, OPERATOR, TABLE, Value
from autograd.check.testing import OPS
from autograd.cli import expr
from nn.activations import ACTIVATIONS
from tests.test_primitives import UNARY as CLOSED_FORMS

ENTRIES = list(TABLE.values())


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.op for e in ENTRIES])
def test_every_entry_is_complete(entry):
    assert entry.kind in (OPERATOR, FUNCTION, ACTIVATION, NARY)
    assert entry.primitive.op == entry.op
    assert "∂O/∂" in entry.primitive.__doc__, f"{entry.op}: the docstring must state the local derivative"
    if entry.kind == NARY:
        assert entry.method == "" and entry.arity is None
    else:
        method = getattr(Value, entry.method)
        assert entry.primitive.__doc__ in method.__doc__, "the method shows its primitive's formula"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.op for e in ENTRIES])
def test_every_entry_is_drawn_in_random_graphs(entry):
    assert OPS[entry.op].primitive is entry.primitive


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.op for e in ENTRIES])
def test_functions_and_activations_are_callable_in_expressions(entry):
    listed = entry.name in expr.UNARY or entry.name in expr.WITH_PARAMETER
    assert listed == (entry.kind in (FUNCTION, ACTIVATION))
    assert (entry.name in ACTIVATIONS) == (entry.kind == ACTIVATION)


@pytest.mark.parametrize(
    "entry",
    [e for e in ENTRIES if e.arity == 1 and not e.params],
    ids=[e.op for e in ENTRIES if e.arity == 1 and not e.params],
)
def test_every_unary_op_has_a_closed_form_check(entry):
    # tests/test_primitives.py holds each one-input op against f(x) and f'(x) written by hand
    assert entry.method in [row[0] for row in CLOSED_FORMS]


def test_a_name_in_an_expression_calls_the_op_of_that_name():
    by_name = {e.name: e for e in ENTRIES}
    for name, method in expr.UNARY.items():
        x = Value(max(0.5, by_name[name].domain.lo))  # acosh needs x >= 1
        assert method(x).op == name
    x = Value(0.5)
    assert expr.WITH_PARAMETER["leaky_relu"](x, 0.2).op == "leaky_relu(0.2)"


def test_the_activations_of_a_neuron_are_the_tables():
    assert ACTIVATIONS["relu"] is Value.relu
    assert ACTIVATIONS["leaky_relu"](Value(-2.0)).data == pytest.approx(-0.02)
    assert {op: e.primitive for op, e in TABLE.items()} == autograd.PRIMITIVES


@given(a=st.floats(-1e6, 1e6), b=st.floats(-1e6, 1e6))
def test_add_and_mul_written_out_in_value_give_the_tables_numbers(a, b):
    # Value.__add__ and __mul__ build the node themselves when both sides are Values
    for op, prim in ((operator.add, TABLE["+"].primitive), (operator.mul, TABLE["*"].primitive)):
        node = op(Value(a), Value(b))
        out, local_grads = prim(a, b)
        assert (node.op, node.data, node.local_grads) == (prim.op, out, local_grads)
