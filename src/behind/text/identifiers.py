"""Identifiers: their comparable form, and the one table of publishers' labels.

Every reader maps the label a publisher gives an identifier (``Tax ID No.``,
``Unified Social Credit Code (USCC)``, ``Passport``) onto one of Behind's schemes
with :data:`IDENTIFIER_LABELS`: OFAC's remarks match the labels as written, the
Consolidated Screening List's ``ids`` and free-text document types (UN, FtM
``Identification``) through :func:`identifier_scheme`, which ignores case and
trailing punctuation.

Schemes: ``uscc`` (China Unified Social Credit Code), ``isin``, ``lei``, ``ticker``,
``imo``, ``mmsi``, ``passport``, ``national_id``, ``tax_id``, ``registration``,
``swift_bic``, ``duns``, ``cage``, ``other``.
"""

from __future__ import annotations

import re
import unicodedata

#: publisher's label (as OFAC writes it, without "alt. ") -> identifier scheme
IDENTIFIER_LABELS: dict[str, str] = {
    "Unified Social Credit Code (USCC)": "uscc",
    "United Social Credit Code Certificate (USCCC)": "uscc",
    "ISIN": "isin",
    "Equity Ticker": "ticker",
    "Legal Entity Number": "lei",
    "SWIFT/BIC": "swift_bic",
    "D-U-N-S Number": "duns",
    "MMSI": "mmsi",
    "Vessel Registration Identification": "imo",
    "Identification Number IMO": "imo",  # OFAC: "Identification Number IMO 5848165" is an IMO number
    "Passport": "passport",
    "Diplomatic Passport": "passport",
    "National ID No.": "national_id",
    "Identification Number": "national_id",
    "Cedula No.": "national_id",
    "D.N.I.": "national_id",
    "C.U.R.P.": "national_id",
    "Electoral Registry No.": "national_id",
    "Personal ID Card": "national_id",
    "Residency Number": "national_id",
    "Tax ID No.": "tax_id",
    "R.F.C.": "tax_id",
    "RFC": "tax_id",
    "V.A.T. Number": "tax_id",
    "NIT #": "tax_id",
    "RUC #": "tax_id",
    "Italian Fiscal Code": "tax_id",
    "Registration Number": "registration",
    "Registration ID": "registration",
    "Business Registration Number": "registration",
    "Business Registration Document #": "registration",
    "Company Number": "registration",
    "Commercial Registry Number": "registration",
    "Public Registration Number": "registration",
    "C.R. No.": "registration",
    "Folio Mercantil No.": "registration",
    "Matricula Mercantil No": "registration",
    "Trade License No.": "registration",
    "Government Gazette Number": "registration",
    "Dubai Chamber of Commerce Membership No.": "registration",
    "Chinese Commercial Code": "other",
}

#: words that name a document's scheme in free text, tried in order when no label matches
_DOCUMENT_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("passport", "passeport", "pasaporte"), "passport"),
    (("national", "identity", "id card"), "national_id"),
    (("tax", "inn"), "tax_id"),
    (("registration",), "registration"),
)


def _fold(label: str) -> str:
    return label.lower().rstrip(" .#:")


_FOLDED = {_fold(label): scheme for label, scheme in IDENTIFIER_LABELS.items()}


def identifier_scheme(label: str) -> str | None:
    """The scheme of a publisher's label, ignoring case and trailing `` .#:`` (``NIT`` = ``NIT #``);
    None for a label the table does not know."""
    return _FOLDED.get(_fold(label))


def document_scheme(kind: str) -> str:
    """The scheme of a document named in free text (``Numéro de passeport``, ``National
    Identification Number``): its label if the table knows it, else words in it, else ``other``."""
    scheme = identifier_scheme(kind)
    if scheme is not None:
        return scheme
    low = kind.lower()
    for words, found in _DOCUMENT_WORDS:
        if any(w in low for w in words):
            return found
    return "other"


#: schemes whose values are often written after the scheme's own name (``IMO 9187629``), and the
#: shape of the value after it
_PREFIXED = {"imo": ("IMO", re.compile(r"\d{7}")), "mmsi": ("MMSI", re.compile(r"\d{9}")),
             "lei": ("LEI", re.compile(r"[0-9A-Z]{20}")), "duns": ("DUNS", re.compile(r"\d{9}")),
             "cage": ("CAGE", re.compile(r"[0-9A-Z]{5}"))}
#: a name that is nothing but a scheme's name and a number (``IMO 9187629``, ``IMO9187629``)
_IDENTIFIER_NAME = re.compile(r"^\s*(IMO|MMSI)[\s.:#-]*(\d{7,9})\s*$", re.I)


def normalize_identifier(value: str, scheme: str | None = None) -> str:
    """Identifiers compare on upper-case letters and digits only (``CNE100000PM8``); a value
    written after its scheme's name loses it (``IMO 9187629`` under ``imo`` is ``9187629``)."""
    out = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", value).upper())
    prefixed = _PREFIXED.get(scheme or "")
    if prefixed and out.startswith(prefixed[0]) and prefixed[1].fullmatch(out[len(prefixed[0]):]):
        out = out[len(prefixed[0]):]
    return out


def imo_valid(number: str) -> bool:
    """Whether a seven-digit IMO ship number has the right check digit: the first six digits
    times 7, 6, 5, 4, 3, 2, summed, end in the seventh (9187629: 63+6+40+28+18+4 = 159)."""
    if len(number) != 7 or not number.isdigit():
        return False
    return sum(int(d) * w for d, w in zip(number, range(7, 1, -1))) % 10 == int(number[6])


def identifier_in_name(name: str) -> tuple[str, str] | None:
    """(scheme, value) when a name is nothing but an identifier written after its scheme's
    name (``IMO 9187629`` -> ``("imo", "9187629")``), or a bare seven-digit number whose IMO
    check digit is right; None for any other name."""
    m = _IDENTIFIER_NAME.match(name)
    if m:
        return m.group(1).lower(), m.group(2)
    bare = name.strip()
    if imo_valid(bare):
        return "imo", bare
    return None


def normalize_ticker(value: str) -> str:
    """``002415 CN``, ``SZSE:002415`` and ``002415.SZ`` all become ``002415``."""
    value = value.strip().upper()
    if ":" in value:
        value = value.rsplit(":", 1)[1]
    value = re.split(r"[\s.]", value)[0]
    return normalize_identifier(value)


__all__ = ["IDENTIFIER_LABELS", "document_scheme", "identifier_in_name", "identifier_scheme", "imo_valid",
           "normalize_identifier", "normalize_ticker"]
