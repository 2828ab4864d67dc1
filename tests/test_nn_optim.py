"""Optimizers: three steps on L(θ) = θ², θ₀ = 1 (so g = 2θ), against updates computed by hand."""

import math

import pytest

import nn
from autograd import Value
from nn.cli import main


def descend(make, steps=3):
    """θ after each of ``steps`` updates of L = θ², the gradient coming from backward()."""
    theta = Value(1.0, label="θ", role="parameter")
    opt = make([theta])
    path = []
    for _ in range(steps):
        opt.zero_grad()
        (theta**2).backward()
        opt.step()
        path.append(theta.data)
    return path


def test_sgd_is_the_lectures_gradient_descent():
    # θ ← θ - 0.1·2θ = 0.8θ
    assert descend(lambda p: nn.optim.SGD(p, lr=0.1)) == pytest.approx([0.8, 0.64, 0.512], abs=1e-15)


def test_sgd_momentum_first_buffer_is_the_gradient():
    # b₁ = g₁ = 2, θ₁ = 1 - 0.1·2 = 0.8
    # g₂ = 1.6, b₂ = 0.9·2 + 1.6 = 3.4, θ₂ = 0.8 - 0.34 = 0.46
    # g₃ = 0.92, b₃ = 0.9·3.4 + 0.92 = 3.98, θ₃ = 0.46 - 0.398 = 0.062
    path = descend(lambda p: nn.optim.SGD(p, lr=0.1, momentum=0.9))
    assert path == pytest.approx([0.8, 0.46, 0.062], abs=1e-14)


def test_sgd_dampening_skips_the_first_step():
    # b₁ = g₁ = 2 (no dampening), θ₁ = 0.8
    # g₂ = 1.6, b₂ = 0.9·2 + 0.5·1.6 = 2.6, θ₂ = 0.8 - 0.26 = 0.54
    # g₃ = 1.08, b₃ = 0.9·2.6 + 0.5·1.08 = 2.88, θ₃ = 0.54 - 0.288 = 0.252
    path = descend(lambda p: nn.optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.5))
    assert path == pytest.approx([0.8, 0.54, 0.252], abs=1e-14)


def test_sgd_nesterov():
    # b₁ = 2, g₁ + μb₁ = 2 + 1 = 3, θ₁ = 1 - 0.3 = 0.7
    # g₂ = 1.4, b₂ = 0.5·2 + 1.4 = 2.4, 1.4 + 1.2 = 2.6, θ₂ = 0.7 - 0.26 = 0.44
    # g₃ = 0.88, b₃ = 1.2 + 0.88 = 2.08, 0.88 + 1.04 = 1.92, θ₃ = 0.44 - 0.192 = 0.248
    path = descend(lambda p: nn.optim.SGD(p, lr=0.1, momentum=0.5, nesterov=True))
    assert path == pytest.approx([0.7, 0.44, 0.248], abs=1e-14)


def test_sgd_weight_decay_and_maximize():
    # g = 2θ + 0.5θ = 2.5θ, θ ← θ - 0.25θ = 0.75θ
    path = descend(lambda p: nn.optim.SGD(p, lr=0.1, weight_decay=0.5))
    assert path == pytest.approx([0.75, 0.5625, 0.421875], abs=1e-15)
    # maximize: θ ← θ + 0.1·2θ = 1.2θ
    path = descend(lambda p: nn.optim.SGD(p, lr=0.1, maximize=True))
    assert path == pytest.approx([1.2, 1.44, 1.728], abs=1e-14)


def test_adagrad():
    # G₁ = 4, θ₁ = 1 - 0.1·2/√4 = 0.9
    # g₂ = 1.8, G₂ = 4 + 3.24 = 7.24, θ₂ = 0.9 - 0.1·1.8/√7.24
    # g₃ = 2θ₂, G₃ = 7.24 + g₃², θ₃ = θ₂ - 0.1·g₃/√G₃
    theta2 = 0.9 - 0.1 * 1.8 / math.sqrt(7.24)
    g3 = 2 * theta2
    theta3 = theta2 - 0.1 * g3 / math.sqrt(7.24 + g3 * g3)
    path = descend(lambda p: nn.optim.Adagrad(p, lr=0.1, eps=0))
    assert path == pytest.approx([0.9, theta2, theta3], abs=1e-15)


def test_adagrad_lr_decay_and_initial_accumulator():
    # γ̃ₜ = 0.1 / (1 + (t-1)·0.5): 0.1, 0.1/1.5, 0.1/2;  G starts at 5
    # G₁ = 5 + 4 = 9, θ₁ = 1 - 0.1·2/3
    theta1 = 1 - 0.1 * 2 / 3
    g2 = 2 * theta1
    big_g2 = 9 + g2 * g2
    theta2 = theta1 - (0.1 / 1.5) * g2 / math.sqrt(big_g2)
    g3 = 2 * theta2
    theta3 = theta2 - (0.1 / 2) * g3 / math.sqrt(big_g2 + g3 * g3)
    path = descend(lambda p: nn.optim.Adagrad(p, lr=0.1, lr_decay=0.5, initial_accumulator_value=5, eps=0))
    assert path == pytest.approx([theta1, theta2, theta3], abs=1e-15)


def test_adagrad_eps_is_outside_the_square_root():
    # θ₁ = 1 - 1·2/(√4 + 2) = 0.5; inside the root it would be 1 - 2/√6
    assert descend(lambda p: nn.optim.Adagrad(p, lr=1.0, eps=2.0), steps=1) == [0.5]


def test_rmsprop():
    # v₁ = 0.1·4 = 0.4, θ₁ = 1 - 0.01·2/√0.4
    # v₂ = 0.9·0.4 + 0.1·g₂², θ₂ = θ₁ - 0.01·g₂/√v₂ ...
    theta, v, expected = 1.0, 0.0, []
    for _ in range(3):
        g = 2 * theta
        v = 0.9 * v + 0.1 * g * g
        theta = theta - 0.01 * g / math.sqrt(v)
        expected.append(theta)
    assert expected[0] == pytest.approx(1 - 0.02 / math.sqrt(0.4), abs=1e-15)
    path = descend(lambda p: nn.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=0))
    assert path == pytest.approx(expected, abs=1e-15)


def test_rmsprop_centered_with_momentum():
    # ḡ₁ = 0.1·2 = 0.2, v₁ = 0.4, ṽ₁ = 0.4 - 0.04 = 0.36, b₁ = 2/0.6, θ₁ = 1 - 0.01·b₁
    theta, v, mean, b, expected = 1.0, 0.0, 0.0, 0.0, []
    for _ in range(3):
        g = 2 * theta
        v = 0.9 * v + 0.1 * g * g
        mean = 0.9 * mean + 0.1 * g
        b = 0.5 * b + g / math.sqrt(v - mean * mean)
        theta = theta - 0.01 * b
        expected.append(theta)
    assert expected[0] == pytest.approx(1 - 0.01 * 2 / 0.6, abs=1e-15)
    path = descend(lambda p: nn.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=0, momentum=0.5, centered=True))
    assert path == pytest.approx(expected, abs=1e-15)


def test_adam_bias_correction():
    # m₁ = 0.1·2 = 0.2, v₁ = 0.001·4 = 0.004; m̂₁ = 0.2/0.1 = 2, v̂₁ = 0.004/0.001 = 4
    # θ₁ = 1 - 0.1·2/√4 = 0.9: the first step is lr·sign(g)
    # g₂ = 1.8, m₂ = 0.18 + 0.18 = 0.36, v₂ = 0.999·0.004 + 0.001·3.24 = 0.007236
    # θ₂ = 0.9 - 0.1·(0.36/0.19)/√(0.007236/0.001999)
    theta2 = 0.9 - 0.1 * (0.36 / (1 - 0.9**2)) / math.sqrt(0.007236 / (1 - 0.999**2))
    g3 = 2 * theta2
    m3 = 0.9 * 0.36 + 0.1 * g3
    v3 = 0.999 * 0.007236 + 0.001 * g3 * g3
    theta3 = theta2 - 0.1 * (m3 / (1 - 0.9**3)) / math.sqrt(v3 / (1 - 0.999**3))
    path = descend(lambda p: nn.optim.Adam(p, lr=0.1, eps=0))
    assert path == pytest.approx([0.9, theta2, theta3], abs=1e-14)


def test_amsgrad_keeps_the_largest_second_moment():
    # A gradient that shrinks: 10, then 0.1, 0.1 (set by hand). v₂ < v₁, so AMSGrad uses v₁.
    theta = Value(0.0, role="parameter")
    opt = nn.optim.Adam([theta], lr=0.1, betas=(0.5, 0.5), eps=0, amsgrad=True)
    for g in (10.0, 0.1, 0.1):
        theta.grad = g
        opt.step()
    # v: 50, 25.005, 12.5075 -> max stays 50.  m: 5, 2.55, 1.325
    # steps: 0.1·(5/0.5)/√(50/0.5) = 0.1, 0.1·(2.55/0.75)/√(50/0.75), 0.1·(1.325/0.875)/√(50/0.875)
    expected = -(
        0.1 + 0.1 * (2.55 / 0.75) / math.sqrt(50 / 0.75) + 0.1 * (1.325 / 0.875) / math.sqrt(50 / 0.875)
    )
    assert theta.data == pytest.approx(expected, abs=1e-15)
    assert opt.state[0]["max_exp_avg_sq"] == [50.0]


def test_zero_grad_and_lr_attribute():
    w = Value(1.0, role="parameter")
    w.grad = 3.0
    opt = nn.optim.SGD([w], lr=0.5)
    opt.zero_grad()
    assert w.grad == 0.0
    opt.lr = 0.25
    w.grad = 4.0
    opt.step()
    assert w.data == 0.0


def test_a_step_that_overflows_changes_nothing():
    a, b = Value(1.0, role="parameter"), Value(1.0, role="parameter")
    a.grad, b.grad = 1.0, 1e308
    opt = nn.optim.SGD([a, b], lr=1e10, momentum=0.9)
    with pytest.raises(FloatingPointError, match="parameter 1 would become -inf"):
        opt.step()
    assert (a.data, b.data, opt.steps, opt.state) == (1.0, 1.0, [0], [{}])


def test_state_dict_resumes_exactly():
    straight = descend(lambda p: nn.optim.Adam(p, lr=0.1), steps=4)
    theta = Value(1.0, role="parameter")
    opt = nn.optim.Adam([theta], lr=0.1)
    for _ in range(2):
        opt.zero_grad()
        (theta**2).backward()
        opt.step()
    saved = opt.state_dict()
    resumed = nn.optim.Adam([theta], lr=0.1)
    resumed.load_state_dict(saved)
    for _ in range(2):
        resumed.zero_grad()
        (theta**2).backward()
        resumed.step()
    assert theta.data == straight[-1]
    with pytest.raises(ValueError, match="'exp_avg' must be a list of 1 numbers"):
        resumed.load_state_dict({"steps": [2], "param_groups": [{}], "state": [{"exp_avg": [1.0, 2.0]}]})
    with pytest.raises(ValueError, match="'steps', 'param_groups' and 'state' must be lists of 1"):
        resumed.load_state_dict({**saved, "steps": 2})
    with pytest.raises(ValueError, match=r"'steps'\[0\] must be an int >= 0, got -1"):
        resumed.load_state_dict({**saved, "steps": [-1]})
    with pytest.raises(ValueError, match="param group 0 has unknown option 'momentum'"):  # an SGD's
        resumed.load_state_dict({**saved, "param_groups": [{"lr": 0.1, "momentum": 0.9}]})
    with pytest.raises(ValueError, match="Adam: amsgrad must be True or False"):
        resumed.load_state_dict({**saved, "param_groups": [{"amsgrad": "yes"}]})


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: nn.optim.SGD(p, lr=-0.1), "invalid lr -0.1"),
        (lambda p: nn.optim.SGD(p, momentum=-1), "invalid momentum"),
        (lambda p: nn.optim.SGD(p, nesterov=True), "Nesterov momentum requires"),
        (lambda p: nn.optim.SGD(p, momentum=0.9, dampening=0.1, nesterov=True), "zero dampening"),
        (lambda p: nn.optim.Adagrad(p, lr_decay=-1), "invalid lr_decay"),
        (lambda p: nn.optim.Adagrad(p, initial_accumulator_value=-1), "invalid initial_accumulator_value"),
        (lambda p: nn.optim.RMSprop(p, alpha=-0.5), "invalid alpha"),
        (lambda p: nn.optim.RMSprop(p, eps=float("nan")), "invalid eps"),
        (lambda p: nn.optim.Adam(p, betas=(1.0, 0.999)), "invalid beta1 1.0"),
        (lambda p: nn.optim.Adam(p, betas=(0.9, -0.1)), "invalid beta2"),
        (lambda p: nn.optim.Adam(p, weight_decay=-1e-4), "invalid weight_decay"),
        (lambda p: nn.optim.Adam([]), "empty list of parameters"),
        (lambda p: nn.optim.Adam(p + p), "more than once"),
    ],
)
def test_bad_arguments_raise_like_pytorch(make, message):
    with pytest.raises(ValueError, match=message):
        make([Value(1.0, role="parameter")])


def test_params_must_be_values():
    with pytest.raises(TypeError, match=r"params\[1\] must be a Value, got float"):
        nn.optim.SGD([Value(1.0), 2.0])
    with pytest.raises(TypeError, match=r"model\.parameters\(\)"):
        nn.optim.SGD(Value(1.0))


def lrs(schedule, epochs=7):
    opt = nn.optim.SGD([Value(1.0, role="parameter")], lr=0.1)
    sched = schedule(opt)
    seen = [opt.lr]
    for _ in range(epochs - 1):
        sched.step()
        seen.append(sched.get_last_lr()[0])
    return seen


def test_step_lr():
    assert lrs(lambda o: nn.optim.StepLR(o, step_size=2, gamma=0.5)) == pytest.approx(
        [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125], abs=1e-17
    )


def test_exponential_lr():
    assert lrs(lambda o: nn.optim.ExponentialLR(o, gamma=0.5), epochs=4) == pytest.approx(
        [0.1, 0.05, 0.025, 0.0125], abs=1e-17
    )


def test_lambda_lr_is_base_lr_times_lambda_of_epoch():
    # A linear warm-up over 4 epochs: lr = 0.1·min(1, (epoch + 1)/4), set already at epoch 0.
    seen = lrs(lambda o: nn.optim.LambdaLR(o, lambda epoch: min(1.0, (epoch + 1) / 4)), epochs=6)
    assert seen == pytest.approx([0.025, 0.05, 0.075, 0.1, 0.1, 0.1], abs=1e-16)


def test_schedule_arguments():
    opt = nn.optim.SGD([Value(1.0, role="parameter")], lr=0.1)
    with pytest.raises(ValueError, match="step_size must be a positive int"):
        nn.optim.StepLR(opt, step_size=0)
    with pytest.raises(ValueError, match=r"lr_lambda\(0\) returned nan"):
        nn.optim.LambdaLR(opt, lambda epoch: float("nan"))
    with pytest.raises(TypeError, match=r"expected an nn\.optim optimizer"):
        nn.optim.ExponentialLR("sgd", gamma=0.9)


def test_a_gradient_that_makes_the_state_overflow_changes_nothing():
    # g² = inf: Adam's θ step m/√v would be a harmless 0, but v would hold inf from then on
    theta = Value(1.0, role="parameter")
    opt = nn.optim.Adam([theta], lr=0.1)
    theta.grad = 1e200
    with pytest.raises(FloatingPointError, match="state 'exp_avg_sq' of parameter 0 would become inf"):
        opt.step()
    assert (theta.data, opt.steps, opt.state) == (1.0, [0], [{}])


@pytest.mark.parametrize("make", [nn.optim.Adam, nn.optim.RMSprop, nn.optim.Adagrad, nn.optim.NAdam])
def test_eps_zero_with_a_zero_gradient_is_a_clear_error(make):
    theta = Value(1.0, role="parameter")
    opt = make([theta], lr=0.1, eps=0)
    theta.grad = 0.0
    with pytest.raises(FloatingPointError, match=r"division by zero.*eps = 0\.0.*needs eps > 0"):
        opt.step()
    assert theta.data == 1.0


def test_param_groups_override_the_defaults():
    body, head = Value(1.0, role="parameter"), Value(1.0, role="parameter")
    opt = nn.optim.SGD([{"params": [body]}, {"params": [head], "lr": 0.01}], lr=0.1)
    body.grad = head.grad = 1.0
    opt.step()
    assert (body.data, head.data) == (0.9, 0.99)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.01]
    assert opt.params == [body, head]


@pytest.mark.parametrize(
    "groups, error, message",
    [
        ([{"params": [Value(1.0)], "lr": -1}], ValueError, "invalid lr -1"),
        ([{"params": [Value(1.0)], "momentun": 0.9}], ValueError, "unknown option 'momentun'"),
        ([{"lr": 0.1}], TypeError, "'params' list"),
        ([{"params": [Value(1.0)]}, {"params": []}], ValueError, "empty list of parameters group 1"),
        ([{"params": [Value(1.0)]}, {"params": [1.0]}], TypeError, r"group 1 params\[0\] must be a Value"),
    ],
)
def test_bad_param_groups_are_named(groups, error, message):
    with pytest.raises(error, match=message):
        nn.optim.SGD(groups, lr=0.1)


def test_a_parameter_in_two_groups_is_refused():
    p = Value(1.0, role="parameter")
    with pytest.raises(ValueError, match="more than once"):
        nn.optim.Adam([{"params": [p]}, {"params": [p]}])


def test_add_param_group_takes_the_defaults_and_its_own_options():
    body, head = Value(1.0, role="parameter"), Value(1.0, role="parameter")
    opt = nn.optim.SGD([body], lr=0.1, momentum=0.9)
    opt.add_param_group({"params": [head], "lr": 0.01})
    assert opt.param_groups[1]["momentum"] == 0.9 and opt.params == [body, head]
    body.grad = head.grad = 1.0
    opt.step()
    assert (body.data, head.data) == (0.9, 0.99)


def test_a_group_added_later_starts_its_own_step_count():
    # Adam's first step moves θ by γ·ĝ/(|ĝ| + ε), about γ whatever the gradient: that is the bias
    # correction of t = 1; counted from the optimizer's first step (t = 4) it would be 0.58γ
    early, late = Value(1.0, role="parameter"), Value(1.0, role="parameter")
    opt = nn.optim.Adam([early], lr=0.1)
    for _ in range(3):
        early.grad = 1.0
        opt.step()
    opt.add_param_group({"params": [late]})
    early.grad = late.grad = 1.0
    opt.step()
    assert opt.steps == [4, 1]
    assert late.data == pytest.approx(1.0 - 0.1 / (1.0 + 1e-8), abs=1e-15)
    assert opt.state_dict()["steps"] == [4, 1]


@pytest.mark.parametrize(
    "group, error, message",
    [
        ([Value(1.0)], TypeError, r"add_param_group: param_group must be a dict, got list"),
        ({"params": [Value(1.0)], "momentun": 0.9}, ValueError, "group 1 has unknown option 'momentun'"),
        ({"params": [Value(1.0)], "lr": -1}, ValueError, "invalid lr -1"),
        ({"params": []}, ValueError, "empty list of parameters group 1"),
        ({"lr": 0.1}, TypeError, "'params' list"),
    ],
)
def test_add_param_group_checks_as_the_constructor_does(group, error, message):
    opt = nn.optim.SGD([Value(1.0, role="parameter")], lr=0.1)
    with pytest.raises(error, match=message):
        opt.add_param_group(group)
    assert len(opt.param_groups) == len(opt.state) == len(opt.steps) == 1


def test_add_param_group_refuses_a_parameter_it_already_holds():
    p, q = Value(1.0, role="parameter"), Value(2.0, role="parameter")
    opt = nn.optim.Adam([p])
    with pytest.raises(ValueError, match=r"group 1 params\[1\] appears more than once"):
        opt.add_param_group({"params": [q, p]})
    assert opt.params == [p]


def test_adagrad_starts_a_groups_accumulator_at_its_own_value():
    # G = 3 + 1² = 4, so the step is γ·g/√G = 0.1/2; torch would start G at the optimizer's 0
    p, q = Value(1.0, role="parameter"), Value(1.0, role="parameter")
    opt = nn.optim.Adagrad([p], lr=0.1, eps=0)
    opt.add_param_group({"params": [q], "initial_accumulator_value": 3.0})
    p.grad = q.grad = 1.0
    opt.step()
    assert (p.data, q.data) == (0.9, 0.95)


@pytest.mark.parametrize(
    "make",
    [lambda o: nn.optim.LambdaLR(o, lambda epoch: 0.5**epoch), lambda o: nn.optim.CosineAnnealingLR(o, 1)],
)
def test_a_schedule_built_on_each_groups_first_lr_refuses_a_group_added_after_it(make):
    opt = nn.optim.SGD([Value(1.0, role="parameter")], lr=0.1)
    schedule = make(opt)
    opt.add_param_group({"params": [Value(1.0, role="parameter")], "lr": 0.2})
    with pytest.raises(ValueError, match="has 2 parameter groups, 1 when this schedule was made"):
        schedule.step()  # LambdaLR needs the first lrs at every epoch,
        schedule.step()  # CosineAnnealingLR at the epoch after each T_max


def test_adamw_decays_the_weights_apart_from_the_gradient():
    # with g = 0 throughout, Adam's m = 0 and the only change is θ ← θ(1 - γλ) per step
    theta = Value(2.0, role="parameter")
    opt = nn.optim.AdamW([theta], lr=0.1, weight_decay=0.5)
    for _ in range(3):
        theta.grad = 0.0
        opt.step()
    assert theta.data == pytest.approx(2.0 * 0.95**3, rel=1e-15)


def test_multistep_linear_and_cosine_schedules():
    assert lrs(lambda o: nn.optim.MultiStepLR(o, milestones=[2, 4, 4], gamma=0.5)) == pytest.approx(
        [0.1, 0.1, 0.05, 0.05, 0.0125, 0.0125, 0.0125], abs=1e-17
    )
    # 0.1·(0.5 + 0.5·epoch/4) for epochs 0..4, then 0.1
    assert lrs(lambda o: nn.optim.LinearLR(o, start_factor=0.5, total_iters=4)) == pytest.approx(
        [0.05, 0.0625, 0.075, 0.0875, 0.1, 0.1, 0.1], abs=1e-15
    )
    cosine = lrs(lambda o: nn.optim.CosineAnnealingLR(o, T_max=4, eta_min=0.02), epochs=9)
    closed = [0.02 + 0.5 * 0.08 * (1 + math.cos(math.pi * e / 4)) for e in range(9)]
    assert cosine == pytest.approx(closed, abs=1e-15)


def test_one_cycle_rises_then_falls_and_moves_the_momentum_the_other_way():
    opt = nn.optim.SGD([Value(1.0, role="parameter")], lr=0.1, momentum=0.9)
    schedule = nn.optim.OneCycleLR(opt, max_lr=1.0, total_steps=10, pct_start=0.5)
    seen = [(opt.lr, opt.param_groups[0]["momentum"])]
    for _ in range(10):
        schedule.step()
        seen.append((opt.lr, opt.param_groups[0]["momentum"]))
    lrs_, momenta = zip(*seen)
    assert lrs_[0] == pytest.approx(1.0 / 25) and max(lrs_) == pytest.approx(1.0)
    assert lrs_[-1] == lrs_[-2] == pytest.approx(1.0 / 25 / 1e4)  # a step past the end keeps the last value
    assert momenta[0] == 0.95 and min(momenta) == pytest.approx(0.85)


def test_reduce_lr_on_plateau_cuts_after_patience():
    opt = nn.optim.SGD([Value(1.0, role="parameter")], lr=0.1)
    schedule = nn.optim.ReduceLROnPlateau(opt, factor=0.5, patience=2)
    for loss in [1.0, 0.9, 0.9, 0.9, 0.9]:  # improves twice, then 3 epochs without improvement > patience 2
        schedule.step(loss)
    assert opt.lr == 0.05
    with pytest.raises(ValueError, match="finite number, got nan"):
        schedule.step(float("nan"))


def test_a_switch_must_be_a_bool():
    # bool("False") is True: a string would silently turn maximize on
    with pytest.raises(TypeError, match="SGD: maximize must be True or False, got 'False'"):
        nn.optim.SGD([Value(1.0, role="parameter")], maximize="False")
    with pytest.raises(TypeError, match="Adam: amsgrad must be True or False"):
        nn.optim.Adam([{"params": [Value(1.0, role="parameter")], "amsgrad": 1}])


def optimizer_classes(base=nn.optim.Optimizer):
    """Every optimizer defined, by walking the subclasses of Optimizer."""
    for cls in base.__subclasses__():
        yield cls
        yield from optimizer_classes(cls)


def test_every_optimizer_is_registered_and_offered_by_the_command_line(capsys):
    assert sorted(nn.optim.OPTIMIZERS.values(), key=str) == sorted(optimizer_classes(), key=str)
    assert all(nn.optim.OPTIMIZERS[cls.__name__.lower()] is cls for cls in optimizer_classes())
    assert main(["train", "--optimizer", "lion"]) == 2
    choices = ", ".join(repr(name) for name in nn.optim.OPTIMIZERS)
    assert f"(choose from {choices})" in capsys.readouterr().err


@pytest.mark.parametrize("name", list(nn.optim.OPTIMIZERS))
def test_each_registered_optimizer_descends_as_the_command_line_makes_it(name):
    # run.train builds the optimizer as OPTIMIZERS[name](model.parameters(), lr=lr)
    path = descend(lambda params: nn.optim.OPTIMIZERS[name](params, lr=0.1))
    assert 1.0 > path[0] > path[-1] > 0.0
