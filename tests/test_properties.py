"""Properties of the backward pass on random graphs: central differences and the rules of calculus."""

import math

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

import autograd
from autograd import PRIMITIVES, GradcheckError, Value
from autograd.check.testing import OPS, Expression, OpSpec, Step, assert_gradients_match, expressions, values


def gradients(f, xs):
    """f's value at xs and ∂f/∂xₖ for each k, from one backward pass."""
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


def close(expected):
    # Two float64 evaluations of the same derivative, summed over paths in another order.
    return pytest.approx(expected, rel=1e-9, abs=1e-9)


# --- every op against central differences -------------------------------------------------


def test_every_primitive_has_an_entry_in_the_op_table():
    # A new primitive must say where its inputs may be drawn, or it would go untested.
    assert set(OPS) == set(PRIMITIVES)


@pytest.mark.parametrize("op", sorted(PRIMITIVES))
@given(data=st.data())
def test_each_primitive_against_central_differences(op, data):
    expr = data.draw(expressions({op: OPS[op]}, max_steps=1), label="expr")
    assert [step.op for step in expr.steps] == [op]
    assert_gradients_match(expr, expr.leaves)


@given(expressions(max_leaves=4, max_steps=12))
def test_random_graphs_against_central_differences(expr):
    assert_gradients_match(expr, expr.leaves)


@given(values(avoid=[0.0]))
def test_relu_away_from_its_kink(x):
    assert_gradients_match(lambda v: v.relu() * 3.0, [x])


# --- the rules of calculus as properties --------------------------------------------------


@given(data=st.data(), a=st.floats(-3, 3), b=st.floats(-3, 3))
def test_backward_is_linear(data, a, b):
    # ∇(a·f + b·g) = a·∇f + b·∇g
    f = data.draw(expressions(), label="f")
    g = data.draw(expressions(leaves=st.just(f.leaves)), label="g")
    _, df = gradients(f, f.leaves)
    _, dg = gradients(g, f.leaves)
    _, d_sum = gradients(lambda *xs: a * f(*xs) + b * g(*xs), f.leaves)
    assert d_sum == close([a * p + b * q for p, q in zip(df, dg)])


@given(expr=expressions(), seed=st.floats(-3, 3))
def test_backward_scales_with_the_seed_gradient(expr, seed):
    # backward(c) sends dL/dO = c down the graph: every gradient is c times that of backward(1)
    _, d_one = gradients(expr, expr.leaves)
    leaves = [Value(x) for x in expr.leaves]
    expr(*leaves).backward(seed)
    assert [leaf.grad for leaf in leaves] == close([seed * d for d in d_one])


@given(data=st.data())
def test_product_rule(data):
    # ∇(f·g) = ∇f·g + f·∇g
    f = data.draw(expressions(), label="f")
    g = data.draw(expressions(leaves=st.just(f.leaves)), label="g")
    f_value, df = gradients(f, f.leaves)
    g_value, dg = gradients(g, f.leaves)
    _, d_product = gradients(lambda *xs: f(*xs) * g(*xs), f.leaves)
    assert d_product == close([p * g_value + f_value * q for p, q in zip(df, dg)])


@given(data=st.data())
def test_chain_rule(data):
    # ∂h(g(x))/∂xₖ = h'(g(x)) · ∂g/∂xₖ
    g = data.draw(expressions(), label="g")
    g_value, dg = gradients(g, g.leaves)
    h = data.draw(expressions(leaves=st.just([g_value])), label="h")
    _, (dh,) = gradients(h, [g_value])
    _, d_composed = gradients(lambda *xs: h(g(*xs)), g.leaves)
    assert d_composed == close([dh * d for d in dg])


# --- the kit catches bugs ---------------------------------------------------------------


@autograd.primitive("bad_cos")
def bad_cos(x):
    """O = cos x, with a planted bug: ∂O/∂x written as sin x instead of -sin x."""
    return math.cos(x), (math.sin(x),)


def first_found(max_examples):
    """Settings for find(): the first example found, unshrunk, and the same one on every run."""
    return settings(max_examples=max_examples, derandomize=True, phases=[Phase.generate])


def fails_the_check(expr):
    try:
        assert_gradients_match(expr, expr.leaves)
    except GradcheckError:
        return True
    return False


def test_random_expressions_find_a_planted_wrong_backward_rule():
    # Among all the ops of the table, within the CI example budget.
    budget = settings.get_profile("ci").max_examples
    ops = {**OPS, "bad_cos": OpSpec(bad_cos)}
    found = find(expressions(ops), fails_the_check, settings=first_found(budget))
    assert "bad_cos" in [step.op for step in found.steps]
    with pytest.raises(GradcheckError, match="<-- mismatch"):
        assert_gradients_match(found, found.leaves)


def test_a_wrong_rule_is_caught_even_where_it_is_nearly_right():
    # A 0.1 % error in the derivative of x³ is still far outside the allowed error.
    @autograd.primitive("nearly_cube")
    def nearly_cube(x):
        return x**3, (3.003 * x * x,)

    with pytest.raises(GradcheckError):
        assert_gradients_match(lambda x: autograd.apply(nearly_cube, x), [1.5])


# --- the strategies draw DAGs, not trees ---------------------------------------------------


def uses(expr):
    """For each node, the steps that take it as an input."""
    consumers = {}
    for k, step in enumerate(expr.steps):
        for a in step.args:
            if isinstance(a, int):
                consumers.setdefault(a, set()).add(k)
    return consumers


@pytest.mark.parametrize(
    "shape, holds",
    [
        ("a node shared by two ops", lambda e: any(len(ks) > 1 for ks in uses(e).values())),
        ("a node used twice by one op", lambda e: any(len(set(s.args)) < len(s.args) for s in e.steps)),
        ("a constant on the left", lambda e: any(isinstance(s.args[0], float) for s in e.steps)),
        ("a constant on the right", lambda e: any(isinstance(s.args[-1], float) for s in e.steps)),
        ("an op on an op's output", lambda e: any(a >= len(e.leaves) for a in uses(e))),
    ],
)
def test_expressions_draw(shape, holds):
    assert holds(find(expressions(), holds, settings=first_found(100))), shape


def test_an_expression_is_a_program_to_replay():
    # v0 = x0 · x1, v1 = log v0, v2 = 3.5 − v1: a constant on the left of "-"
    expr = Expression((1.0, 2.0), (Step("*", (0, 1)), Step("log", (2,)), Step("-", (3.5, 3))))
    assert repr(expr) == "Expression(x0 = 1.0; x1 = 2.0; v0 = x0 * x1; v1 = log(v0); v2 = 3.5 - v1)"
    value, grads = gradients(expr, expr.leaves)
    assert value == 3.5 - math.log(2.0)
    assert grads == close([-1.0, -0.5])  # −1/(x0·x1) · (x1, x0)
    # The same program in plain floats, as another engine would run it
    in_floats = {"*": lambda a, b: a * b, "log": math.log, "-": lambda a, b: a - b}
    assert expr.replay([1.0, 2.0], lambda op, args, params: in_floats[op](*args)) == value


@pytest.mark.parametrize(
    "kwargs, error",
    [({"max_steps": 0}, ValueError), ({"max_leaves": 1.5}, ValueError), ({"ops": {}}, TypeError)],
)
def test_expressions_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error, match="expressions: "):
        expressions(**kwargs)
