"""Neural networks built on the autograd engine's public API."""

from nn import activations, data, init, losses, metrics, optim
from nn.activations import PReLU, RReLU
from nn.layers import MLP, Dropout, Layer, Maxout, Neuron
from nn.module import Module
from nn.recurrent import RNN
from nn.train import fit

__all__ = [
    "MLP",
    "RNN",
    "Dropout",
    "Layer",
    "Maxout",
    "Module",
    "Neuron",
    "PReLU",
    "RReLU",
    "activations",
    "data",
    "fit",
    "init",
    "losses",
    "metrics",
    "optim",
]
