"""NYU question 1: which functions can f(x) = w₀ + Σ wᵢ g(bᵢ + vᵢ x), g the step, represent exactly?

Piecewise-constant functions: yes, with (-c)·g(x - b) + c·g(x - a) for l(x) = c on a <= x < b.
A line, the hinge and a quadratic: no.
"""

import pytest

from autograd import Value
from nn.piecewise import step_network

GRID = [k / 100 for k in range(-300, 301)]  # -3 .. 3, every edge below included


def f(net, x):
    return net([x]).data


def test_two_units_make_one_constant_piece_closed_on_the_left():
    net = step_network([(-1.0, 0.5, 2.5)])
    for x in GRID:
        assert f(net, x) == (2.5 if -1.0 <= x < 0.5 else 0.0)


def test_any_piecewise_constant_function_exactly():
    pieces = [(-2.0, -1.0, 1.0), (-1.0, 0.0, -0.5), (0.0, 1.5, 3.0), (2.0, 2.5, -2.0)]
    net = step_network(pieces, w0=0.25)

    def target(x):
        return 0.25 + sum(c for a, b, c in pieces if a <= x < b)

    assert all(f(net, x) == target(x) for x in GRID)


@pytest.mark.parametrize(
    "name, target",
    [
        ("line", lambda x: 2 * x + 1),
        ("hinge", lambda x: max(1 - x, 0.0)),
        ("quadratic", lambda x: x * x - x + 1),
    ],
)
def test_a_line_the_hinge_and_a_quadratic_are_not_representable(name, target):
    # with n hidden units f takes at most n + 1 values; these take more values than that on the grid
    net = step_network([(a / 10, a / 10 + 0.1, 0.3) for a in range(-30, 30)])  # 120 units
    n_units = len(net.layers[0].neurons)
    assert len({f(net, x) for x in GRID}) <= n_units + 1
    assert len({target(x) for x in GRID if x < 0.99}) > n_units + 1


def test_the_step_passes_no_gradient_to_the_hidden_weights():
    net = step_network([(0.0, 1.0, 2.0)])
    y = net([Value(0.5)])
    (y - 1.0).backward()
    hidden = net.layers[0].neurons
    assert all(p.grad == 0.0 for n in hidden for p in (*n.w, n.b))
    assert [w.grad for w in net.layers[1].neurons[0].w] == [1.0, 0.0]  # g(0.5 - 0) = 1, g(0.5 - 1) = 0


def test_bad_pieces_are_named():
    with pytest.raises(ValueError, match=r"piece 0 needs a < b, got \(1.0, 0.0, 1.0\)"):
        step_network([(1.0, 0.0, 1.0)])
    with pytest.raises(ValueError, match="piece 1's c must be a finite number, got inf"):
        step_network([(0.0, 1.0, 1.0), (1.0, 2.0, float("inf"))])
    with pytest.raises(ValueError, match="non-empty list"):
        step_network([])
