"""The engine core: the table of primitives, ``Value``, the graph walk and the grad mode."""
