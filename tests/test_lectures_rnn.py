"""Backpropagation through time, as in the NYU notes' optional question.

    z_{t-1} = W x_{t-1} + U h_{t-1},   h_t = g(z_{t-1}),   h₀ given,   L a function of h_T

∂L/∂U and ∂L/∂W are sums over time of products Uᵀ D_k; when every factor stretches (σ_min(U)
above 1/λ, g' above λ) the gradient explodes, when every factor shrinks it vanishes.
"""

import math
import random

import numpy as np
import pytest

import autograd
import nn
from nn.optim import clip_grad_norm, grad_norm
from nn.recurrent import RNN, bptt

H0 = [0.1, -0.2, 0.3]
DL_DHT = [0.5, -1.0, 2.0]  # L = cᵀh_T, so ∂L/∂h_T = c


def _inputs(T, nin=2, seed=0):
    rng = random.Random(seed)
    return [[rng.uniform(-1, 1) for _ in range(nin)] for _ in range(T)]


def _U_with_singular_values(singular, seed=0):
    """U = Q₁ diag(σ) Q₂ᵀ with random orthogonal Q₁, Q₂: exactly these singular values."""
    rng = np.random.default_rng(seed)
    n = len(singular)
    q1, _ = np.linalg.qr(rng.normal(size=(n, n)))
    q2, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return (q1 @ np.diag(singular) @ q2.T).tolist()


def _flat(matrix):
    return [x for row in matrix for x in row]


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
def test_the_engines_gradients_are_the_notes_sum_over_time(activation):
    rnn = RNN(2, 3, activation, seed=1)
    xs = _inputs(T=6)
    hs = rnn(xs, H0)
    autograd.dot(DL_DHT, hs[-1]).backward()

    W, U = rnn.matrices()
    by_hand = bptt(W, U, xs, H0, DL_DHT, activation)
    assert [p.grad for p in rnn.W] == pytest.approx(_flat(by_hand.dW), abs=1e-14)
    assert [p.grad for p in rnn.U] == pytest.approx(_flat(by_hand.dU), abs=1e-14)
    for t in range(1, len(xs) + 1):  # every hidden state's ∂L/∂h_t too
        assert [v.grad for v in hs[t]] == pytest.approx(by_hand.dh[t], abs=1e-14)


def test_the_notes_product_from_k_equals_t_minus_1_is_dL_dh_t_minus_1():
    # Π_{k=t-1}^{T-1} (Uᵀ D_k) ∂L/∂h_T, written literally, is ∂L/∂h_{t-1}: the summand of ∂L/∂U
    # needs ∂L/∂z_{t-1} = D_{t-1} ∂L/∂h_t instead, one Uᵀ fewer.
    rnn = RNN(2, 3, "tanh", seed=2)
    xs, T = _inputs(T=4), 4
    W, U = (np.array(m) for m in rnn.matrices())
    hs, zs = [np.array(H0)], []
    for x in xs:
        zs.append(W @ np.array(x) + U @ hs[-1])
        hs.append(np.tanh(zs[-1]))
    D = [np.diag(1 - np.tanh(z) ** 2) for z in zs]
    by_hand = bptt(W.tolist(), U.tolist(), xs, H0, DL_DHT)
    notes_dU = np.zeros((3, 3))
    for t in range(1, T + 1):
        product = np.eye(3)
        for k in range(t - 1, T):
            product = product @ U.T @ D[k]
        assert product @ DL_DHT == pytest.approx(by_hand.dh[t - 1], abs=1e-14)
        notes_dU += np.outer(product @ DL_DHT, hs[t - 1])
    assert not np.allclose(notes_dU, by_hand.dU)


def test_exploding_when_g_prime_is_above_lambda_and_sigma_min_of_U_above_one_over_lambda():
    lam = 0.5  # leaky relu with slope 0.5: g' is 0.5 or 1, never below λ
    U = _U_with_singular_values([2.5, 3.0, 3.5])  # σ_min = 2.5 > 1/λ = 2
    rnn = RNN.from_matrices([[0.5, -0.3], [0.2, 0.4], [-0.1, 0.3]], U, lambda z: z.leaky_relu(lam))
    T = 30
    hs = rnn(_inputs(T))
    autograd.dot(DL_DHT, hs[-1]).backward()
    a = 2.5 * lam  # every factor Uᵀ D_k stretches by at least σ_min(U)·λ = 1.25 > 1
    norm_T = math.hypot(*DL_DHT)
    for t in range(1, T + 1):
        assert math.hypot(*(v.grad for v in hs[t])) >= a ** (T - t) * norm_T * (1 - 1e-12)
    assert math.hypot(*(v.grad for v in hs[1])) > 1e6 * norm_T


def test_vanishing_when_g_prime_is_below_lambda_and_sigma_max_of_U_below_one_over_lambda():
    U = _U_with_singular_values([0.5, 0.65, 0.8])  # tanh: g' <= λ = 1, σ_max = 0.8 < 1/λ
    rnn = RNN.from_matrices([[0.5, -0.3], [0.2, 0.4], [-0.1, 0.3]], U, "tanh")
    T = 30
    hs = rnn(_inputs(T))
    autograd.dot(DL_DHT, hs[-1]).backward()
    norm_T = math.hypot(*DL_DHT)
    for t in range(1, T + 1):
        assert math.hypot(*(v.grad for v in hs[t])) <= 0.8 ** (T - t) * norm_T * (1 + 1e-12)
    assert math.hypot(*(v.grad for v in hs[1])) < 1e-2 * norm_T


def test_clipping_keeps_the_direction_and_caps_the_length():
    ps = [autograd.Value(0.0, role="parameter") for _ in range(2)]
    ps[0].grad, ps[1].grad = 30.0, -40.0
    assert clip_grad_norm(ps, 5.0) == 50.0
    assert [p.grad for p in ps] == pytest.approx([3.0, -4.0])
    assert grad_norm(ps) == pytest.approx(5.0)
    assert clip_grad_norm(ps, 10.0) == pytest.approx(5.0)  # under the cap: left alone
    assert [p.grad for p in ps] == pytest.approx([3.0, -4.0])


def test_clipping_names_a_bad_argument():
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm([autograd.Value(1.0)], -1.0)
    with pytest.raises(TypeError, match=r"params\[0\] must be a Value"):
        clip_grad_norm([1.0], 1.0)


def test_the_weights_are_parameters_with_names():
    rnn = RNN(2, 3, seed=0)
    names = [name for name, _ in rnn.named_parameters()]
    assert len(names) == 2 * 3 + 3 * 3
    assert names[0] == "W.0" and names[-1] == "U.8"
    assert nn.RNN is RNN


def test_bad_input_is_named():
    rnn = RNN(2, 3, seed=0)
    with pytest.raises(ValueError, match="x_1 must be a list of 2"):
        rnn([[0.0, 1.0], [1.0]])
    with pytest.raises(ValueError, match="h0 must have 3 entries"):
        rnn([[0.0, 1.0]], [0.0])
    with pytest.raises(ValueError, match="U must be square"):
        RNN.from_matrices([[1.0]], [[1.0, 2.0]])
