"""Each optimizer and schedule against torch.optim: 20 steps in float64 agree to 1e-10."""

import math

import pytest

import nn
from autograd import Value

torch = pytest.importorskip("torch")

START = [0.8, -1.5, 0.1, 2.0]
STEPS = 20


def gradient(theta, k, step):
    """A gradient that depends on θ, the parameter and the step: each path sees its own."""
    return 2.0 * (theta - 0.5 * k) + 0.3 * math.sin(3.0 * theta + step)


def run_ours(make, schedule=None):
    params = [Value(x, role="parameter") for x in START]
    opt = make(params)
    sched = schedule(opt) if schedule else None
    trace = []
    for step in range(STEPS):
        opt.zero_grad()
        for k, p in enumerate(params):
            p.grad = gradient(p.data, k, step)
        opt.step()
        if sched:
            sched.step()
        trace.append([p.data for p in params] + [opt.lr])
    return trace


def run_torch(make, schedule=None):
    params = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in START]
    opt = make(params)
    sched = schedule(opt) if schedule else None
    trace = []
    for step in range(STEPS):
        opt.zero_grad()
        for k, p in enumerate(params):
            p.grad = torch.tensor(gradient(p.item(), k, step), dtype=torch.float64)
        opt.step()
        if sched:
            sched.step()
        trace.append([p.item() for p in params] + [opt.param_groups[0]["lr"]])
    return trace


CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.01)),
    ("SGD", dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.5, weight_decay=0.1, maximize=True)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.3, lr_decay=0.05, weight_decay=0.02, initial_accumulator_value=0.5, eps=1e-6)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, centered=True)),
    ("RMSprop", dict(lr=0.01, alpha=0.95, momentum=0.7, weight_decay=0.05, eps=1e-6)),
    ("RMSprop", dict(lr=0.005, momentum=0.9, centered=True)),
    ("Adam", dict(lr=0.05)),
    ("Adam", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("Adam", dict(lr=0.05, amsgrad=True)),
    ("Adam", dict(lr=0.05, amsgrad=True, maximize=True, weight_decay=0.01)),
]


def assert_same(ours, theirs):
    for step, (a, b) in enumerate(zip(ours, theirs)):
        for x, y in zip(a, b):
            assert x == pytest.approx(y, rel=1e-10, abs=1e-10), f"step {step + 1}: {a} vs {b}"


@pytest.mark.parametrize("name, kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_optimizer_matches_torch(name, kwargs):
    ours = run_ours(lambda params: getattr(nn.optim, name)(params, **kwargs))
    theirs = run_torch(lambda params: getattr(torch.optim, name)(params, **kwargs))
    assert_same(ours, theirs)


SCHEDULES = [
    ("StepLR", dict(step_size=3, gamma=0.5)),
    ("ExponentialLR", dict(gamma=0.9)),
    ("LambdaLR", dict(lr_lambda=lambda epoch: 1.0 / (1.0 + epoch))),
]


@pytest.mark.parametrize("name, kwargs", SCHEDULES, ids=[s[0] for s in SCHEDULES])
def test_schedule_matches_torch(name, kwargs):
    ours = run_ours(
        lambda params: nn.optim.SGD(params, lr=0.1, momentum=0.9),
        lambda opt: getattr(nn.optim, name)(opt, **kwargs),
    )
    theirs = run_torch(
        lambda params: torch.optim.SGD(params, lr=0.1, momentum=0.9),
        lambda opt: getattr(torch.optim.lr_scheduler, name)(opt, **kwargs),
    )
    assert_same(ours, theirs)
