"""Fuzzing the readers of the web-page lists: the UFLPA Entity List (DHS page, Federal Register XML)
and the FCC Covered List, seeded with the bundled pages and the test fixtures."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, strategies as st

from behind.sources.fcc_covered import read_fcc_covered
from behind.sources.registry import data_path
from behind.sources.uflpa import read_uflpa
from fuzzlib import XML, files, mutated, parses_or_refuses, random_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uflpa"
UFLPA_SEEDS = [data_path("uflpa/uflpa-entity-list.html").read_bytes(), (FIXTURES / "dhs_page.html").read_bytes(),
               (FIXTURES / "fr_appendix.xml").read_bytes()]
FCC_SEEDS = [data_path("fcc/coveredlist.html").read_bytes()]
HTML = [b"<table>", b"</table>", b"<tr>", b"<th>", b"<td>", b"</td>", b"<h2>Section 2(d)(2)(B)(v)</h2>",
        b"(also known as ", b"formerly known as ", b")", b"(", b"&nbsp;", b"<br>", b"Updated: ", b"produced by ",
        b" and its wholly-owned subsidiary ", b"March 32, 2021", b"<GPOTABLE>", b"<ROW><ENT>", b"<!--", b"<![CDATA["]


def _parse(reader, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    with files({name: data}) as paths:
        parses_or_refuses(lambda: reader(paths[name]), paths[name])


@given(st.one_of(mutated(UFLPA_SEEDS, [*HTML, *XML], fields="xml"), random_bytes()))
@example(b"<table><tr><th>Entity Name</th><th>Effective Date</th></tr><tr><td>A (also known as (((</td>"
         b"<td>June 1, 2022</td></tr></table>")
@example(b'<?xml version="1.0"?><NOTICE><GPOTABLE><BOXHD><CHED>Entity name</CHED><CHED>Effective date</CHED>'
         b"</BOXHD><ROW><ENT/></ROW></GPOTABLE></NOTICE>")
def test_uflpa_page(data: bytes) -> None:
    _parse(read_uflpa, "uflpa-entity-list.html", data)


@given(st.one_of(mutated(FCC_SEEDS, HTML, fields="xml"), random_bytes()))
@example(b"<table><tr><th>Covered Equipment or Services*</th><th>Date of Inclusion</th></tr>"
         b"<tr><td>produced by </td><td>March 12, 2021</td></tr></table>")
def test_fcc_page(data: bytes) -> None:
    _parse(read_fcc_covered, "coveredlist.html", data)
