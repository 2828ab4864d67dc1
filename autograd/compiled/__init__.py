"""Compiled mode: a per-sample scalar graph traced once and run as a numpy program.

``autograd.compile(f, *example)`` (see ``autograd.compiled.compiled``), with the scalar
program (``scalar``), the matrix program (``matrix``), the array form of every primitive
(``arrays``) and tracing (``trace``); ``autograd.jacobian`` (``jacobian``).
"""
