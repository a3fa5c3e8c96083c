"""The default catalogue: importing this package registers every feature in ``registry``.

One module per model. To add a feature, write a function in the model's module whose
parameters name its inputs and decorate it with ``@registry.row(...)`` or
``@registry.attribute(...)``; the resolver works out the order.
"""

from engine.catalog.base import registry

# isort: off
# Registration order: the lines model first (the others group it), then the order of the reference.
from engine.catalog import lines, customers, products, baskets, hours  # noqa: E402,F401
# isort: on

__all__ = ["registry"]
