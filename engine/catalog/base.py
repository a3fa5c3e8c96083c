"""The default registry and the canonical columns it knows (docs/PRODUCT.md, canonical line).

The column list is `ayni.core.canonical`, a plain data module: one definition of the
interface shared by the loaders, the engine and dbt.
"""

from ayni.core import canonical
from engine.registry import Registry

registry = Registry()

for _column in canonical.COLUMNS:
    registry.column(_column.name, required=_column.need == "required", description=_column.meaning)
