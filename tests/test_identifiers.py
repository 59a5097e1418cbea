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


# ------------------------------------------------------------------ schemes keep their values, lose their prefixes
from behind.matching.match import Query  # noqa: E402
from behind.text import identifier_in_name, imo_valid, normalize_identifier  # noqa: E402


@pytest.mark.parametrize("value", ["IMO 9187629", "IMO9187629", "9187629", "imo: 9187629"])
def test_an_imo_number_is_one_value_with_or_without_its_prefix(value: str) -> None:
    assert normalize_identifier(value, "imo") == "9187629"


def test_a_prefix_is_kept_where_it_is_part_of_the_value() -> None:
    assert normalize_identifier("LEI 5493001KJTIIGC8Y1R12", "lei") == "5493001KJTIIGC8Y1R12"
    assert normalize_identifier("IMO9187629", "passport") == "IMO9187629"   # not an IMO scheme: kept


def test_imo_check_digit() -> None:
    assert imo_valid("9187629") and not imo_valid("9187628") and not imo_valid("918762")


@pytest.mark.parametrize("name,found", [
    ("IMO 9187629", ("imo", "9187629")),
    ("IMO9187629", ("imo", "9187629")),
    ("9187629", ("imo", "9187629")),      # a bare seven-digit number with a valid IMO check digit
    ("9187628", None),
    ("ARTAVIL", None),
])
def test_identifier_in_name(name, found) -> None:
    assert identifier_in_name(name) == found


@pytest.mark.parametrize("query", [Query(name="IMO 9187629"), Query(name="IMO9187629"), Query(name="9187629"),
                                   Query(identifiers={"imo": "IMO 9187629"}),
                                   Query(identifiers={"imo": "9187629"})])
def test_a_vessel_is_found_by_its_imo_number_however_written(index, query) -> None:
    hits = index.search(query)
    assert hits and hits[0].entity.key == "us_ofac_sdn:15036"  # ARTAVIL
    assert hits[0].identifier == {"scheme": "imo", "value": hits[0].identifier["value"]}


def test_ofac_identification_number_imo_is_filed_under_imo(index) -> None:
    """OFAC writes some IMO numbers as "Identification Number IMO 1790183": the label table files
    them under ``imo``, without the prefix."""
    assert identifier_scheme("Identification Number IMO") == "imo"
    ocean = next(e for e in index.entities if e.key == "us_ofac_sdn:17068")
    assert ("imo", "1790183") in {(i.scheme, i.value) for i in ocean.identifiers}
    assert index.search(Query(identifiers={"imo": "IMO 1790183"}))[0].entity.key == "us_ofac_sdn:17068"
