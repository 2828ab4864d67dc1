"""Optimizers with PyTorch's arguments, defaults and update rules, and learning-rate schedules.

Each optimizer reads ``p.grad`` and updates ``p.data`` in place::

    opt = nn.optim.Adam(model.parameters(), lr=1e-2)
    for x, y in data:
        opt.zero_grad()
        loss = nn.losses.mse([model(x)], [y])
        loss.backward()
        opt.step()
"""

from nn.optim.adadelta import Adadelta
from nn.optim.adagrad import Adagrad
from nn.optim.adam import Adam, AdamW
from nn.optim.adamax import Adamax
from nn.optim.clip import clip_grad_norm, grad_norm
from nn.optim.lr_scheduler import (
    CosineAnnealingLR,
    ExponentialLR,
    LambdaLR,
    LinearLR,
    LRScheduler,
    MultiStepLR,
    OneCycleLR,
    ReduceLROnPlateau,
    StepLR,
)
from nn.optim.nadam import NAdam
from nn.optim.optimizer import Optimizer
from nn.optim.radam import RAdam
from nn.optim.rmsprop import RMSprop
from nn.optim.sgd import SGD

#: Every optimizer, by the name ``python -m nn train --optimizer`` takes (the class name in lower
#: case). Add a new optimizer here: the command line's choices and the tests come from this.
OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.__name__.lower(): cls for cls in (SGD, Adadelta, Adagrad, Adam, AdamW, Adamax, NAdam, RAdam, RMSprop)
}

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "CosineAnnealingLR",
    "ExponentialLR",
    "LRScheduler",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "NAdam",
    "OneCycleLR",
    "Optimizer",
    "RAdam",
    "RMSprop",
    "ReduceLROnPlateau",
    "StepLR",
    "clip_grad_norm",
    "grad_norm",
]
