"""Looking inside a graph: drawings, forward and backward steps, a stepper, anomaly detection.

Nothing here is needed to compute: the engine never imports this package.
"""
