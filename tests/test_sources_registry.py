"""What each list declares about itself, asked through the registry: listings, tie-break rank, list keys."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from behind.errors import NotFoundError
from behind.model.entity import Entity
from behind.model.listing import Listing
from behind.sources import SOURCES, data_path, get_source, listings_of, read_ftm, source_of_list, source_rank

FIXTURES = Path(__file__).parent / "fixtures"


@lru_cache(maxsize=None)
def _bundled(source: str) -> dict[str, Entity]:
    spec = SOURCES[source]
    parsed = spec.read({name: data_path(rel) for name, rel in spec.bundled.items()}, source)
    return {e.source_id: e for e in parsed.entities}


def test_lists_load_in_the_order_they_are_reported() -> None:
    first = ["us_ofac_sdn", "us_ofac_cons", "us_trade_csl", "un_sc", "us_bis_dpl"]
    assert list(SOURCES)[:5] == first and list(SOURCES)[-1] == "curated"  # new lists go in between


def test_unknown_list_is_not_found_and_names_the_known_ones() -> None:
    with pytest.raises(NotFoundError) as info:
        get_source("us_ofac_sdm")
    assert info.value.what == "list" and info.value.name == "us_ofac_sdm"
    assert info.value.status == 404 and "known lists: us_ofac_sdn, us_ofac_cons" in str(info.value)


@pytest.mark.parametrize("source,rank", [
    ("us_ofac_sdn", (0, 0)),      # lists with identifiers and relations first...
    ("us_ofac_cons", (0, 1)),
    ("curated", (0, 9)),
    ("un_sc", (1, 2)),            # ...then the lists that mostly repeat them, in priority order
    ("us_trade_csl", (1, 3)),
    ("us_bis_dpl", (1, 4)),
    ("us_dhs_uflpa", (1, 5)),
    ("os_uflpa_import", (1, 9)),  # an FtM import under a name of the user's choosing
])
def test_source_rank(source: str, rank: tuple[int, int]) -> None:
    assert source_rank(source) == rank


def test_lead_lists_outrank_every_other_list() -> None:
    ranked = sorted([*SOURCES, "opensanctions_default"], key=source_rank)
    assert ranked[:3] == ["us_ofac_sdn", "us_ofac_cons", "curated"]
    assert [s for s in ranked[3:] if s in ("un_sc", "us_trade_csl", "us_bis_dpl", "us_dhs_uflpa", "us_fcc_covered")] \
        == ["un_sc", "us_trade_csl", "us_bis_dpl", "us_dhs_uflpa", "us_fcc_covered"]
    assert ranked[-1] == "opensanctions_default"  # an import ranks after every declared list


@pytest.mark.parametrize("list_key,source", [
    ("us_ofac_sdn", "us_ofac_sdn"),
    ("us_ofac_ns_cmic", "us_ofac_cons"),
    ("us_ofac_cons", "us_ofac_cons"),
    ("us_bis_entity_list", "us_bis_entity_list"),  # the eCFR reader; the CSL carries it too
    ("us_bis_meu", "us_trade_csl"),
    ("un_sc", "un_sc"),
    ("us_bis_dpl", "us_bis_dpl"),
    ("us_dod_1260h", "us_dod_1260h"),  # every edition, from the DoD's lists
    ("us_fcc_covered", "us_fcc_covered"),  # the FCC Covered List reader
    ("us_dhs_uflpa", "us_dhs_uflpa"),
])
def test_source_of_list(list_key: str, source: str | None) -> None:
    assert source_of_list(list_key) == source


def test_a_list_key_published_by_two_lists_belongs_to_the_one_named_after_it() -> None:
    """The CSL repeats the Entity List; the eCFR reader (``us_bis_entity_list``) owns the key."""
    keys = [key for spec in SOURCES.values() for key in spec.lists]
    for key in {k for k in keys if keys.count(k) > 1}:
        assert key in SOURCES and key in SOURCES[key].lists and source_of_list(key) == key


def test_every_listing_of_a_bundled_record_uses_a_key_its_list_declares() -> None:
    for source in ("us_ofac_sdn", "us_ofac_cons", "us_trade_csl", "un_sc", "us_bis_dpl"):
        found = {x.list for e in _bundled(source).values() for x in listings_of(e)}
        assert found and found <= set(SOURCES[source].lists), source


def _listing(record: str, list_key: str, program: str | None, date: str | None = None, end: str | None = None,
             citation: str | None = None, url: str | None = None) -> Listing:
    return Listing(list=list_key, program=program, date=date, end=end, citation=citation, source_url=url,
                   record=record)


def test_sdn_record_is_listed_per_program() -> None:
    assert listings_of(_bundled("us_ofac_sdn")["11353"]) == [_listing(
        "us_ofac_sdn:11353", "us_ofac_sdn", "SDGT", citation="OFAC SDN, program SDGT",
        url="https://sanctionssearch.ofac.treas.gov/Details.aspx?id=11353")]


def test_cmic_program_puts_a_consolidated_record_on_ns_cmic() -> None:
    assert listings_of(_bundled("us_ofac_cons")["30946"]) == [_listing(  # Hikvision
        "us_ofac_cons:30946", "us_ofac_ns_cmic", "CMIC-EO13959", "2021-06-03",
        citation="OFAC consolidated non-SDN list, program CMIC-EO13959",
        url="https://sanctionssearch.ofac.treas.gov/Details.aspx?id=30946")]


def test_csl_record_is_on_the_list_its_source_column_names() -> None:
    entity_list = listings_of(_bundled("us_trade_csl")["59eac2264b39bcc0"])  # 32 Group China Ltd.
    assert entity_list == [_listing(
        "us_trade_csl:59eac2264b39bcc0", "us_bis_entity_list", "EL", "2015-11-12",
        citation="Entity List (EL) - Bureau of Industry and Security; 80 FR 69852", url="http://bit.ly/1L47xrV")]
    sdn = listings_of(_bundled("us_trade_csl")["20264"])  # an SDN row the CSL repeats
    assert [(x.list, x.program, x.citation) for x in sdn] == [
        ("us_trade_csl", "SDNTK", "Specially Designated Nationals (SDN) - Treasury Department")]


def test_un_and_dpl_records_are_listed_under_their_own_list() -> None:
    un = next(e for e in _bundled("un_sc").values() if e.extra.get("reference_number") == "QDi.268")
    assert listings_of(un) == [_listing(un.key, "un_sc", "Al-Qaida", "2009-04-15")]
    dpl = _bundled("us_bis_dpl")["00cf101490e07a1b"]  # I. ASH
    assert listings_of(dpl) == [_listing(dpl.key, "us_bis_dpl", "DPL", "2003-06-19")]


def test_curated_listings_keep_their_dates_citations_and_sources() -> None:
    found = {x.list: x for x in listings_of(_bundled("curated")["hikvision"])}
    assert set(found) == {"us_bis_entity_list", "us_ofac_ns_cmic", "us_fcc_covered", "us_ndaa_889", "us_dod_1260h"}
    el = found["us_bis_entity_list"]
    assert (el.program, el.date, el.citation) == (None, "2019-10-09", "FR Doc. 2019-22210 (Federal Register 2019-10-09)")
    assert el.source_url is not None and el.source_url.startswith("https://") and el.record == "curated:hikvision"


def test_ftm_import_under_any_name_follows_its_sanctions() -> None:
    records = {e.source_id: e for e in read_ftm(FIXTURES / "ftm_sample.ftm.json", "os_uflpa_import").entities}
    ofac = listings_of(records["NK-3fJq8xWb7kLmT2"])  # an OFAC Sanction record
    assert [(x.list, x.program, x.citation) for x in ofac] == [
        ("us_ofac_sdn", "RUSSIA-EO14024", "Office of Foreign Assets Control: RUSSIA-EO14024")]
    assert listings_of(records["NK-9hPz2cVn4rYsQ1"]) == []  # named only for its link to a listed record
    plain = listings_of(records["NK-5bRt8yUp3eWq6Z"])  # no Sanction record: listed on the import itself
    assert [(x.list, x.program) for x in plain] == [("os_uflpa_import", "RUSSIA-EO14024")]


@pytest.mark.parametrize("authority,program,list_key", [
    ("Office of Foreign Assets Control", "CMIC-EO14032", "us_ofac_ns_cmic"),
    ("OFAC", "SDGT", "us_ofac_sdn"),
    ("UK HM Treasury", "Russia", "gb_hmt"),  # any other authority: the list the file was loaded as
])
def test_ftm_sanction_authority_decides_the_list(authority: str, program: str, list_key: str) -> None:
    entity = Entity(source="gb_hmt", source_id="x1", schema="Company", name="Example Trading LLC",
                    programs=[program], extra={"sanctions": [{"authority": authority, "program": program,
                                                              "startDate": "2022-03-01"}]})
    (listing,) = listings_of(entity)
    assert (listing.list, listing.date, listing.citation) == (list_key, "2022-03-01", f"{authority}: {program}")
