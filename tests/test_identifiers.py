"""The one table of publishers' identifier labels, as each reader meets them."""

from __future__ import annotations

import pytest

from behind.text import IDENTIFIER_LABELS, document_scheme, identifier_scheme


@pytest.mark.parametrize("label,scheme", [
    ("Unified Social Credit Code (USCC)", "uscc"),   # OFAC remarks, as written
    ("unified social credit code (uscc)", "uscc"),   # any case
    ("Tax ID No.", "tax_id"),
    ("Tax ID No", "tax_id"),                         # CSL drops the trailing dot sometimes
    ("NIT #", "tax_id"),
    ("NIT", "tax_id"),
    ("RUC #", "tax_id"),                             # Peru's taxpayer number
    ("Registration ID", "registration"),
    ("Government Gazette Number", "registration"),
    ("SWIFT/BIC", "swift_bic"),
    ("Vessel Registration Identification", "imo"),
    ("Equity Ticker", "ticker"),
    ("Diplomatic Passport", "passport"),
    ("Chinese Commercial Code", "other"),
    ("Website", None),                               # not an identifier
    ("Shoe Size", None),
])
def test_identifier_scheme(label: str, scheme: str | None) -> None:
    assert identifier_scheme(label) == scheme


def test_no_two_labels_fold_to_one_key_with_different_schemes() -> None:
    folded: dict[str, str] = {}
    for label, scheme in IDENTIFIER_LABELS.items():
        key = label.lower().rstrip(" .#:")
        assert folded.setdefault(key, scheme) == scheme, label


@pytest.mark.parametrize("kind,scheme", [
    ("Passport", "passport"),
    ("Passport Passport", "passport"),                             # UN: TYPE_OF_DOCUMENT and TYPE_OF_DOCUMENT2
    ("Numéro de passeport", "passport"),
    ("Número de pasaporte", "passport"),
    ("National Identification Number", "national_id"),
    ("National Identification Number national passport", "passport"),
    ("Identity Card", "national_id"),
    ("National ID No.", "national_id"),                            # a label the table knows
    ("Cedula No.", "national_id"),
    ("INN", "tax_id"),                                             # FtM Identification types
    ("Tax number", "tax_id"),
    ("Company registration", "registration"),
    ("Vessel Registration Identification", "imo"),                 # the label wins over the word
    ("Birth certificate", "other"),
    ("", "other"),
])
def test_document_scheme(kind: str, scheme: str) -> None:
    assert document_scheme(kind) == scheme
