"""Each optimizer and schedule against torch.optim: 300 steps in float64 agree to 1e-12, for
every combination of each optimizer's options, with parameter groups, and for every schedule."""

import itertools
import math

import pytest

import nn
from autograd import Value

torch = pytest.importorskip("torch")

START = [0.8, -1.5, 0.1, 2.0]
STEPS = 300


def gradient(theta, k, step):
    """A gradient that depends on θ, the parameter and the step: each path sees its own."""
    return 2.0 * (theta - 0.5 * k) + 0.3 * math.sin(3.0 * theta + step)


def groups_of(params, groups):
    """The params as one list, or split in two groups with the second group's own options."""
    if groups is None:
        return params
    return [{"params": params[:2]}, {"params": params[2:], **groups}]


@pytest.fixture(autouse=True)
def float64_state():
    """torch keeps some optimizer state (NAdam's product of momenta) in the default dtype, float32
    unless told: in float64 it computes what these optimizers compute."""
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(default)


def run(library, make, schedule, groups, sign, steps=STEPS, added_at=None):
    """The trajectory (every parameter and every group's lr, after each step) in one library.

    With ``added_at``, the optimizer starts with the first two parameters and the others join
    as a second group (its options ``groups``) by ``add_param_group`` before that step."""
    if library == "torch":
        params = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in START]
    else:
        params = [Value(x, role="parameter") for x in START]
    opt = make(params[:2] if added_at else groups_of(params, groups))
    sched = schedule(opt) if schedule else None
    trace = []
    for step in range(steps):
        if step == added_at:
            opt.add_param_group({"params": params[2:], **groups})
        opt.zero_grad()
        for k, p in enumerate(params):
            g = sign * gradient(float(p.item()), k, step)  # maximize: the gradient of -f, so both descend f
            if library == "torch":
                p.grad = torch.tensor(g, dtype=torch.float64)
            else:
                p.grad = g
        opt.step()
        if sched:
            sched.step()
        trace.append([float(p.item()) for p in params] + [float(g["lr"]) for g in opt.param_groups])
    return trace


def assert_same(ours, theirs):
    for step, (a, b) in enumerate(zip(ours, theirs)):
        for x, y in zip(a, b):
            assert x == pytest.approx(y, rel=1e-12, abs=1e-12), f"step {step + 1}: {a} vs {b}"


#: For each optimizer, a base setting and each option with the values to combine.
OPTIONS = {
    "SGD": (
        dict(lr=0.05),
        dict(
            momentum=[0, 0.9],
            dampening=[0, 0.3],
            weight_decay=[0, 0.1],
            nesterov=[False, True],
            maximize=[False, True],
        ),
    ),
    "Adagrad": (
        dict(lr=0.3),
        dict(
            lr_decay=[0, 0.05],
            weight_decay=[0, 0.02],
            initial_accumulator_value=[0, 0.5],
            eps=[1e-10, 1e-6],
            maximize=[False, True],
        ),
    ),
    "RMSprop": (
        dict(lr=0.005),
        dict(
            alpha=[0.99, 0.9],
            weight_decay=[0, 0.05],
            momentum=[0, 0.7],
            centered=[False, True],
            maximize=[False, True],
        ),
    ),
    "Adam": (
        dict(lr=0.05),
        dict(
            betas=[(0.9, 0.999), (0.3, 0.9)],
            weight_decay=[0, 0.1],
            amsgrad=[False, True],
            maximize=[False, True],
            decoupled_weight_decay=[False, True],
        ),
    ),
    "AdamW": (
        dict(lr=0.05),
        dict(
            betas=[(0.9, 0.999), (0.3, 0.9)],
            weight_decay=[0.01, 0.1],
            amsgrad=[False, True],
            maximize=[False, True],
        ),
    ),
    "Adadelta": (dict(), dict(lr=[1.0, 0.5], rho=[0.9, 0.5], weight_decay=[0, 0.1], maximize=[False, True])),
    "Adamax": (
        dict(lr=0.05),
        dict(
            betas=[(0.9, 0.999), (0.3, 0.9)], weight_decay=[0, 0.1], eps=[1e-8, 1e-3], maximize=[False, True]
        ),
    ),
    "NAdam": (
        dict(lr=0.05),
        dict(
            betas=[(0.9, 0.999), (0.3, 0.9)],
            weight_decay=[0, 0.1],
            momentum_decay=[4e-3, 0.1],
            decoupled_weight_decay=[False, True],
            maximize=[False, True],
        ),
    ),
    "RAdam": (
        dict(lr=0.05),
        dict(
            betas=[(0.9, 0.999), (0.3, 0.9)],
            weight_decay=[0, 0.1],
            decoupled_weight_decay=[False, True],
            maximize=[False, True],
        ),
    ),
}


def combinations():
    for name, (base, options) in OPTIONS.items():
        for values in itertools.product(*options.values()):
            kwargs = {**base, **dict(zip(options, values))}
            if name == "SGD" and kwargs["nesterov"] and (not kwargs["momentum"] or kwargs["dampening"]):
                continue  # torch refuses these too
            yield name, kwargs


CASES = list(combinations())


@pytest.mark.parametrize("name, kwargs", CASES, ids=[f"{n}-{kw}" for n, kw in CASES])
def test_optimizer_matches_torch(name, kwargs):
    sign = -1.0 if kwargs.get("maximize") else 1.0
    ours = run("ours", lambda p: getattr(nn.optim, name)(p, **kwargs), None, None, sign)
    theirs = run("torch", lambda p: getattr(torch.optim, name)(p, **kwargs), None, None, sign)
    assert_same(ours, theirs)


#: Parameter groups: the second group overrides some options of the optimizer's.
GROUPS = [
    ("SGD", dict(lr=0.05, momentum=0.9), dict(lr=0.01, momentum=0.5, nesterov=True)),
    ("Adam", dict(lr=0.05), dict(lr=0.01, betas=(0.5, 0.9), weight_decay=0.1, amsgrad=True)),
    ("AdamW", dict(lr=0.05), dict(weight_decay=0.2)),
    ("RMSprop", dict(lr=0.005), dict(centered=True, momentum=0.5)),
    ("NAdam", dict(lr=0.05), dict(lr=0.02, decoupled_weight_decay=True, weight_decay=0.1)),
]


@pytest.mark.parametrize("name, kwargs, group", GROUPS, ids=[g[0] for g in GROUPS])
def test_param_groups_match_torch(name, kwargs, group):
    ours = run("ours", lambda p: getattr(nn.optim, name)(p, **kwargs), None, group, 1.0)
    theirs = run("torch", lambda p: getattr(torch.optim, name)(p, **kwargs), None, group, 1.0)
    assert_same(ours, theirs)


#: A group added during training: torch counts steps per parameter, so its parameters start
#: Adam's bias correction (and Adagrad's lr decay, NAdam's and RAdam's schedules) at t = 1.
ADDED = [(name, base, dict(lr=0.02)) for name, (base, _) in OPTIONS.items()] + GROUPS


@pytest.mark.parametrize("name, kwargs, group", ADDED, ids=[f"{g[0]}-{i}" for i, g in enumerate(ADDED)])
def test_add_param_group_matches_torch(name, kwargs, group):
    ours = run("ours", lambda p: getattr(nn.optim, name)(p, **kwargs), None, group, 1.0, added_at=100)
    theirs = run("torch", lambda p: getattr(torch.optim, name)(p, **kwargs), None, group, 1.0, added_at=100)
    assert_same(ours, theirs)


SCHEDULES = [
    ("StepLR", dict(step_size=30, gamma=0.5)),
    ("MultiStepLR", dict(milestones=[20, 50, 50, 120], gamma=0.5)),
    ("ExponentialLR", dict(gamma=0.99)),
    ("LambdaLR", dict(lr_lambda=lambda epoch: 1.0 / (1.0 + 0.05 * epoch))),
    ("LinearLR", dict(start_factor=0.25, end_factor=0.9, total_iters=40)),
    ("CosineAnnealingLR", dict(T_max=70, eta_min=0.001)),
    # one step more than the run: torch takes a step() past the end of the cycle to a negative lr
    ("OneCycleLR", dict(max_lr=0.1, total_steps=STEPS + 1)),
    (
        "OneCycleLR",
        dict(max_lr=0.2, total_steps=STEPS + 1, pct_start=0.4, anneal_strategy="linear", div_factor=10),
    ),
    ("OneCycleLR", dict(max_lr=0.1, total_steps=STEPS + 1, cycle_momentum=False)),
]


@pytest.mark.parametrize("name, kwargs", SCHEDULES, ids=[f"{s[0]}-{i}" for i, s in enumerate(SCHEDULES)])
@pytest.mark.parametrize("optimizer", ["SGD", "Adam"])
def test_schedule_matches_torch(name, kwargs, optimizer):
    options = dict(lr=0.1, momentum=0.9) if optimizer == "SGD" else dict(lr=0.05)
    group = dict(lr=0.02)
    ours = run(
        "ours",
        lambda p: getattr(nn.optim, optimizer)(p, **options),
        lambda opt: getattr(nn.optim, name)(opt, **kwargs),
        group,
        1.0,
    )
    theirs = run(
        "torch",
        lambda p: getattr(torch.optim, optimizer)(p, **options),
        lambda opt: getattr(torch.optim.lr_scheduler, name)(opt, **kwargs),
        group,
        1.0,
    )
    assert_same(ours, theirs)


def plateau_metric(step):
    """A validation loss that falls, then stalls and wanders: the schedule must cut the lr."""
    return 1.0 / (1 + step) if step < 20 else 0.05 + 0.01 * math.sin(step)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(patience=3),
        dict(
            mode="max", factor=0.5, patience=2, threshold=0.01, threshold_mode="abs", cooldown=2, min_lr=1e-3
        ),
        dict(factor=0.3, patience=0, threshold=0.1, cooldown=1),
    ],
)
def test_reduce_lr_on_plateau_matches_torch(kwargs):
    def lrs(library):
        if library == "torch":
            opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
        else:
            opt = nn.optim.SGD([Value(0.0, role="parameter")], lr=0.1)
            sched = nn.optim.ReduceLROnPlateau(opt, **kwargs)
        seen = []
        for step in range(100):
            metric = plateau_metric(step)
            sched.step(-metric if kwargs.get("mode") == "max" else metric)
            seen.append(opt.param_groups[0]["lr"])
        return seen

    ours, theirs = lrs("ours"), lrs("torch")
    assert ours == pytest.approx(theirs, rel=1e-12, abs=0)
    assert len(set(ours)) > 2  # the lr was cut more than once


def test_add_param_group_refuses_a_held_parameter_as_torch_does():
    held = torch.tensor(1.0, requires_grad=True)
    with pytest.raises(ValueError, match="more than one parameter group"):
        torch.optim.Adam([held]).add_param_group({"params": [held]})
    p = Value(1.0, role="parameter")
    with pytest.raises(ValueError, match="appears more than once"):
        nn.optim.Adam([p]).add_param_group({"params": [p]})
