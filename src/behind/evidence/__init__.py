"""Evidence that a product or device comes from a covered manufacturer.

* :mod:`behind.evidence.products`: model-number patterns and brand words in product data.
* :mod:`behind.evidence.devices`: MAC addresses (IEEE OUI registry), vendor strings and
  firmware banners of network devices.
* :mod:`behind.evidence.region`: the Xinjiang nexus of a party (UFLPA): its USCC's registration
  division and its address.

Each reads their sourced data from ``behind/resources`` and return
:class:`~behind.model.results.Evidence`.
"""

from behind.evidence.region import xinjiang_nexus
from behind.evidence.devices import REGISTRY_SOURCE, match_device, normalize_mac, oui_vendor
from behind.evidence.products import (
    BRAND_INFO,
    BRANDS,
    Brand,
    ModelMatch,
    ModelPattern,
    match_brand,
    match_model,
    patterns,
)

__all__ = ["xinjiang_nexus", 
    "BRANDS",
    "BRAND_INFO",
    "REGISTRY_SOURCE",
    "Brand",
    "ModelMatch",
    "ModelPattern",
    "match_brand",
    "match_device",
    "match_model",
    "normalize_mac",
    "oui_vendor",
    "patterns",
]
