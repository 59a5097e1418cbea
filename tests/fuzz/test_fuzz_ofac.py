"""Fuzzing OFAC's legacy CSV sets (SDN and consolidated) and the remarks parser."""

from __future__ import annotations

from hypothesis import example, given, strategies as st

from behind.sources.ofac import FILESETS, ofac_date, parse_remarks, read_ofac, split_remarks
from fuzzlib import CSV, REMARKS, files, mutated, parses_or_refuses, random_bytes, seed

SETS = {"us_ofac_sdn": "sdn", "us_ofac_cons": "consolidated"}
ROLES = ("primary", "alt", "add", "comments")


def _read(source: str, named: dict[str, bytes]) -> None:
    with files(named) as paths:
        roles = {role: paths[name] for role, name in FILESETS[source].items() if name in paths}
        parses_or_refuses(lambda: read_ofac(roles, source), *paths.values())


def _set(source: str) -> dict[str, bytes]:
    return {name: seed("ofac", SETS[source], name) for name in FILESETS[source].values()}


@given(source=st.sampled_from(sorted(SETS)), role=st.sampled_from(ROLES), data=st.data())
def test_a_mutated_file_of_a_real_set_parses_or_is_refused(source: str, role: str, data: st.DataObject) -> None:
    named = _set(source)
    name = FILESETS[source][role]
    named[name] = data.draw(mutated([named[name]], CSV + REMARKS, fields="csv"))
    _read(source, named)


@given(primary=random_bytes(), alt=st.none() | random_bytes(512))
@example(primary=b'1,"A",-0- ,"P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a', alt=b'2,1,"aka","B",-0- \r\n')
@example(primary=b'1,"A,', alt=None)
@example(primary=b'1,"A",' + b'-0- ,' * 10 + b'"' + b"x" * 200_000 + b'"\r\n', alt=None)
@example(primary=b'1,"A",' + b'-0- ,' * 10 + b'"Passport x' + b" " * 40_000 + b'y"\r\n', alt=None)  # found: 25 s
@example(primary=b'\xc2\xb2,"A",' + b'-0- ,' * 10 + b'-0- \r\n', alt=None)
def test_random_bytes_as_an_sdn_set(primary: bytes, alt: bytes | None) -> None:
    named = {"sdn.csv": primary} | ({"alt.csv": alt} if alt is not None else {})
    _read("us_ofac_sdn", named)


REAL_REMARKS = seed("remarks.txt").decode("utf-8").splitlines()


@given(st.one_of(st.text(max_size=400), st.sampled_from(REAL_REMARKS),
                 mutated([r.encode() for r in REAL_REMARKS], REMARKS).map(lambda b: b.decode("utf-8", "replace"))))
@example("a.k.a. '" + "'" * 5000)
@example("a.k.a. 'X" + ";" * 20_000)
@example("DOB 1960 to 1962 to " * 500)
@example("Passport " + "(" * 10_000)
@example("Passport x" + " " * 40_000 + "y")  # found: _VALUE_RE backtracked quadratically (25 s)
def test_remarks_never_raise(text: str) -> None:
    """parse_remarks promises never to raise on odd text (it keeps what it cannot read)."""
    rem = parse_remarks(text)
    assert all(isinstance(p, str) for p in rem.other)
    split_remarks(text)
    ofac_date(text)
