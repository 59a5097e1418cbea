"""China's Unified Social Credit Code (USCC, 统一社会信用代码): validated and read. Pure functions.

GB 32100-2015 (with its amendment No. 1 of 2016) writes a USCC as 18 characters from
``0-9 A-H J-N P-R T-U W-Y`` (31 characters: no I, O, S, V or Z):

====  ==================================================================================
1     registration authority (登记管理部门): 1 establishment office, 5 civil affairs,
      9 market regulation (industry and commerce), Y other...
2     entity type (机构类别) within that authority: for 9, 1 enterprise, 2 individual
      business, 3 farmers' cooperative
3-8   administrative division of the registering authority (GB/T 2260, e.g. 652901 is Aksu
      City, Xinjiang; 100000 for central authorities)
9-17  organisation code (主体标识码, GB 11714: eight characters and their own check character)
18    check character (GB/T 17710 / ISO 7064 MOD 31-3): the weights 1, 3, 9, 27, 19, 26,
      16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 (3**i mod 31) times the characters' values;
      ``31 - sum mod 31`` (31 read as 0) mapped back to a character
====  ==================================================================================

:func:`parse_uscc` reads a code (full-width characters, spaces, hyphens and lower case are
forgiven) into a :class:`Uscc`, or raises :class:`~behind.errors.InputError` with
``field="uscc"`` saying what is wrong. The division code is read as written: a code keeps the
division of the authority that issued it, even after the division is renamed or merged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from behind.errors import InputError

#: the 31 characters of a USCC, in the order of their values 0..30
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(CHARSET)}
#: weights of characters 1..17 for the check character (3**i mod 31)
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

#: registration authority (character 1) -> (English, Chinese, {entity type (character 2) -> English})
AUTHORITIES: dict[str, tuple[str, str, dict[str, str]]] = {
    "1": ("establishment office", "机构编制", {"1": "government organ", "2": "public institution",
                                           "3": "mass organisation", "9": "other"}),
    "2": ("foreign affairs", "外交", {"1": "resident foreign news agency", "9": "other"}),
    "3": ("justice administration", "司法行政", {"1": "law firm", "2": "notary office", "3": "legal service office",
                                            "4": "forensic institution", "5": "arbitration commission",
                                            "9": "other"}),
    "4": ("culture", "文化", {"1": "foreign cultural centre", "9": "other"}),
    "5": ("civil affairs", "民政", {"1": "social organisation", "2": "private non-enterprise unit",
                                  "3": "foundation", "9": "other"}),
    "6": ("tourism", "旅游", {"1": "foreign tourism office", "2": "Hong Kong, Macao or Taiwan tourism office",
                            "9": "other"}),
    "7": ("religious affairs", "宗教", {"1": "place of worship", "2": "religious school", "9": "other"}),
    "8": ("trade unions", "工会", {"1": "grassroots trade union", "9": "other"}),
    "9": ("market regulation (industry and commerce)", "工商", {"1": "enterprise", "2": "individual business",
                                                             "3": "farmers' cooperative"}),
    "A": ("Central Military Commission establishment office", "中央军委改革和编制办公室",
          {"1": "military public institution", "9": "other"}),
    "N": ("agriculture", "农业", {"1": "group-level collective economic organisation",
                                "2": "village-level collective economic organisation",
                                "3": "township-level collective economic organisation", "9": "other"}),
    "Y": ("other", "其他", {"1": "other"}),
}

#: province-level prefixes of GB/T 2260 codes, and 10 for central authorities (100000)
PROVINCES = frozenset({"10", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
                       "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63",
                       "64", "65", "71", "81", "82"})

_DROP = re.compile(r"[\s\-‐‑–—_.·]")
_SHAPE = re.compile(f"[{CHARSET}]{{18}}")


@dataclass(frozen=True)
class Uscc:
    """A valid USCC, read into its parts."""

    code: str                   #: the 18 characters, normalised
    authority: str              #: character 1
    entity_type: str            #: character 2
    division_code: str          #: characters 3-8 (GB/T 2260)
    organization_code: str      #: characters 9-17 (GB 11714)
    check: str                  #: character 18
    organization_code_valid: bool  #: whether characters 9-17 carry a valid GB 11714 check character

    @property
    def authority_name(self) -> str:
        return AUTHORITIES[self.authority][0]

    @property
    def entity_type_name(self) -> str:
        return AUTHORITIES[self.authority][2][self.entity_type]

    @property
    def province_code(self) -> str:
        """The first two digits of the division code (``65`` is Xinjiang)."""
        return self.division_code[:2]


def normalize_uscc(value: str) -> str:
    """Full-width characters folded (NFKC), upper case, spaces, hyphens and dots dropped."""
    return _DROP.sub("", unicodedata.normalize("NFKC", value)).upper()


def check_character(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters (which must be in :data:`CHARSET`)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def organization_check(body8: str) -> str:
    """The GB 11714 check character of an organisation code's first eight characters."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    rest = 11 - total % 11
    return "X" if rest == 10 else "0" if rest == 11 else str(rest)


def _fail(message: str, row: int | None, file: str | None) -> InputError:
    return InputError(message, file=file, row=row, field="uscc")


def uscc_problem(value: str) -> str | None:
    """Why ``value`` is not a valid USCC, in words; None when it is one."""
    code = normalize_uscc(value)
    if not code:
        return "the USCC is empty"
    if len(code) != 18:
        hint = " (a 15-digit number is an old business registration number, not a USCC)" if len(code) == 15 else ""
        return f"{value.strip()!r} has {len(code)} characters; a USCC has 18{hint}"
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        return (f"{code!r} holds {', '.join(repr(c) for c in bad)}, which a USCC never uses "
                "(only 0-9 and A-Z without I, O, S, V, Z)")
    authority, entity = code[0], code[1]
    if authority not in AUTHORITIES:
        return f"{code!r} starts with {authority!r}, which is no registration authority of GB 32100"
    types = AUTHORITIES[authority][2]
    if entity not in types:
        return (f"{code!r}: entity type {entity!r} does not exist for registration authority {authority!r} "
                f"({AUTHORITIES[authority][0]}: {', '.join(sorted(types))})")
    division = code[2:8]
    if not division.isdigit() or division[:2] not in PROVINCES:
        return f"{code!r}: characters 3-8 ({division!r}) are not a GB/T 2260 division code"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"{code!r}: the check character is {code[17]!r}, but the first 17 characters give {expected!r}"
    return None


def is_uscc(value: str) -> bool:
    """True when ``value`` is a valid USCC (structure and check character)."""
    return uscc_problem(value) is None


def parse_uscc(value: str, *, row: int | None = None, file: str | None = None) -> Uscc:
    """Read a USCC into its parts; raises :class:`~behind.errors.InputError` (``field="uscc"``,
    with ``row`` and ``file`` when given) when it is not a valid one."""
    problem = uscc_problem(value)
    if problem is not None:
        raise _fail(problem, row, file)
    code = normalize_uscc(value)
    org = code[8:17]
    return Uscc(code=code, authority=code[0], entity_type=code[1], division_code=code[2:8],
                organization_code=org, check=code[17],
                organization_code_valid=organization_check(org[:8]) == org[8])


__all__ = ["AUTHORITIES", "CHARSET", "PROVINCES", "WEIGHTS", "Uscc", "check_character", "is_uscc",
           "normalize_uscc", "organization_check", "parse_uscc", "uscc_problem"]
