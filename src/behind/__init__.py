"""Behind: what stands behind a vendor, brand, holding or research partner."""

from behind.errors import BehindError, HostileInputError, InputError, SourceError, StoreError
from behind.model.entity import Address, Alias, Entity, Identifier, Link

__version__ = "0.1.0"

__all__ = [
    "Address",
    "Alias",
    "BehindError",
    "Entity",
    "HostileInputError",
    "Identifier",
    "InputError",
    "Link",
    "SourceError",
    "StoreError",
    "__version__",
]
