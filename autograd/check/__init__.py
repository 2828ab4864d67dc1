"""Checking gradients: central differences (``gradcheck``) and hypothesis strategies (``testing``)."""
