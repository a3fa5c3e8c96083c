"""The default catalogue: importing this package registers every feature in ``registry``.

One module per model. To add a feature, write a function in the model's module whose
parameters name its inputs and decorate it with ``@registry.row(...)`` or
``@registry.attribute(...)``; the resolver works out the order.
"""

from engine.catalog.base import registry
from engine.catalog import lines, customers, products  # noqa: F401,E402  (registration)

__all__ = ["registry"]
