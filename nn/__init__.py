"""Neural networks built on the autograd engine's public API."""

from nn import activations, data, init, losses, metrics, optim
from nn.activations import Activation, PReLU
from nn.layers import MLP, Dropout, Layer, Linear, Maxout, Neuron, Sequential
from nn.module import Module
from nn.train import fit

__all__ = [
    "MLP",
    "Activation",
    "Dropout",
    "Layer",
    "Linear",
    "Maxout",
    "Module",
    "Neuron",
    "PReLU",
    "Sequential",
    "activations",
    "data",
    "fit",
    "init",
    "losses",
    "metrics",
    "optim",
]
