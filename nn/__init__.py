"""Neural networks built on the autograd engine's public API."""

from nn import activations, bias_variance, data, init, losses, meprop, metrics, optim, piecewise, recurrent
from nn.activations import Activation, PReLU, RReLU
from nn.layers import MLP, Dropout, Layer, Linear, Maxout, Neuron, Sequential
from nn.module import Module
from nn.recurrent import RNN
from nn.train import fit

__all__ = [
    "MLP",
    "RNN",
    "Activation",
    "Dropout",
    "Layer",
    "Linear",
    "Maxout",
    "Module",
    "Neuron",
    "PReLU",
    "RReLU",
    "Sequential",
    "activations",
    "bias_variance",
    "data",
    "fit",
    "init",
    "losses",
    "meprop",
    "metrics",
    "optim",
    "piecewise",
    "recurrent",
]
