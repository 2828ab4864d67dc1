"""Neural networks built on the autograd engine's public API."""

from nn import activations, bias_variance, data, init, losses, meprop, metrics, optim, piecewise, recurrent
from nn.activations import Activation, PReLU, RReLU
from nn.layers import MLP, Dropout, Layer, Linear, Maxout, Neuron, Sequential
from nn.module import Module
from nn.predict import Predictor, load_run
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
    "Predictor",
    "RReLU",
    "Sequential",
    "activations",
    "bias_variance",
    "data",
    "fit",
    "init",
    "load_run",
    "losses",
    "meprop",
    "metrics",
    "optim",
    "piecewise",
    "recurrent",
]
