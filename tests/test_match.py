"""Real hard cases on the bundled lists: what must alert, what must not, and why."""

from __future__ import annotations

import pytest

from behind.matching.match import Query


def keys(hits):
    return [f"{h.entity.source}:{h.entity.source_id}" for h in hits]


@pytest.mark.parametrize("name,schema,expected", [
    ("浙江大华技术股份有限公司", None, "curated:dahua"),                   # Han script; yente scores this 0.00
    ("Zhejiang Dahua Technology", None, "curated:dahua"),
    ("海康威视", None, "curated:hikvision"),
    ("Hangzhou Hikvision Digital Tech Co", None, "us_ofac_cons:30946"),  # vendor-master abbreviation
    ("HANGZHOU HIKVISON DIGITAL TECHNOLOGY", None, "us_ofac_cons:30946"),  # typo
    ("Megvii Technology Ltd.", None, "us_ofac_cons:33091"),
    ("Leon Technology Co Ltd", None, "us_ofac_cons:33894"),
    ("Xiamen Meiya Pico Information Co", None, "us_ofac_cons:33896"),
    ("Quanguo Chen", "Person", "us_ofac_sdn:29220"),                      # natural order
    ("Xinjiang Production and Construction Corps", None, "us_ofac_sdn:29299"),
    ("中国电信股份有限公司", None, "us_ofac_cons:30882"),                   # China Telecom, English-only record
    ("中国核工业集团有限公司", None, "us_ofac_cons:30954"),  # CHINA NATIONAL NUCLEAR CORPORATION: "industry
    #                                                      # group" rendered, not in the English name
    ("中国海洋石油集团有限公司", None, "us_ofac_cons:30956"),  # CHINA NATIONAL OFFSHORE OIL CORPORATION
    ("Fujian Huoju Dianzi Keji Gufen Youxian Gongsi", None, "us_ofac_cons:32077"),  # pinyin
    ("BANK OF KUNLUN CO LTD", None, "us_ofac_cons:15268"),
])
def test_alerts(index, name, schema, expected):
    hits = index.search(Query(name=name, schema=schema))
    assert expected in keys(hits), (name, [(h.entity.name, h.score) for h in hits])


@pytest.mark.parametrize("name", [
    "PayPal Holdings, Inc.",           # shares only "holdings" with PANLI HOLDINGS
    "CORP",                            # a legal form alone (Watchman users' complaint)
    "Apple Inc.",
    "Alpha Technology Group Limited",
    "The Bancorp, Inc.",
    "中国电力国际发展有限公司",            # China Power International Development: not listed
    "贵州茅台酒股份有限公司",                # Kweichow Moutai (BYD, here before, is on the 1260H list since 2026-06-08)
    "Guizhou Maotaijiu Gufen Youxian Gongsi",
    "Dover Corporation",               # a company; the listed DOVER is a vessel
    "PPL Corporation",                 # three letters are too little evidence for an alert
])
def test_no_alert(index, name):
    covered = [k for k in keys(index.search(Query(name=name))) if k.split(":")[0] in
               ("us_ofac_sdn", "us_ofac_cons", "curated")]
    assert covered == [], name


def test_identifiers_alone_find_the_record(index):
    for scheme, value in (("isin", "CNE100000PM8"), ("uscc", "91330000733796106P"), ("ticker", "002415")):
        hits = index.search(Query(identifiers={scheme: value}))
        assert "us_ofac_cons:30946" in keys(hits), scheme
        hit = next(h for h in hits if h.entity.source_id == "30946").to_hit()
        assert hit.score == 1.0
        assert hit.explanation.identifier is not None and hit.explanation.identifier.scheme == scheme


def test_hit_explains_itself(index):
    hit = index.search(Query(name="HANGZHOU HIKVISON DIGITAL TECHNOLOGY"))[0].to_hit()
    name = hit.explanation.name
    assert name is not None
    assert ("hikvison", "hikvision", pytest.approx(0.8889, abs=1e-3)) in name.pairs
    assert hit.list_version is not None and hit.list_version.sha256 and hit.list_version.version_id >= 1
    assert hit.source_url is not None and hit.source_url.startswith("https://")


def test_records_of_one_entity_are_linked(index):
    hits = index.search(Query(name="Hikvision"))
    # The curated record leads; the OFAC record of the same company comes right after it and the
    # official lists' own Hikvision records (Entity List, 1260H, ...), each marked as linked to
    # it, not somewhere further down as a separate match.
    found = keys(hits)
    assert found[0] == "curated:hikvision" and "us_ofac_cons:30946" in found, found
    ofac = hits[found.index("us_ofac_cons:30946")]
    assert all(h.linked_from is not None for h in hits[1:found.index("us_ofac_cons:30946") + 1])
    assert ofac.linked_from is not None
    assert (ofac.linked_from["source"], ofac.linked_from["source_id"]) == ("curated", "hikvision")
    assert "ticker 002415" in ofac.linked_from["reason"]
    assert hits[0].linked_from is None


def test_sdn_and_un_record_of_one_person_are_linked(index):
    hits = index.search(Query(name="Abdul HAQ", schema="Person", birth_date="1971-10-10"))
    ks = keys(hits)
    assert "us_ofac_sdn:11353" in ks
    un = [h for h in hits if h.entity.source == "un_sc" and h.entity.extra.get("reference_number") == "QDi.268"]
    assert un, ks


def _score_of(hits, key):
    return next(h for h in hits if h.entity.key == key)


def test_birth_date_and_country_corroborate_or_contradict(index):
    sdn = "us_ofac_sdn:29220"  # CHEN, Quanguo, DOB 1955
    base = _score_of(index.search(Query(name="Quanguo Chen", schema="Person")), sdn)
    same = _score_of(index.search(Query(name="Quanguo Chen", schema="Person", birth_date="1955")), sdn)
    other = _score_of(index.search(Query(name="Quanguo Chen", schema="Person", birth_date="1980-01-01"),
                                   threshold=0.5), sdn)
    assert same.features["birth_date"] == 0.75 and same.score >= base.score  # equal years say little
    assert other.features["birth_date"] == 0.0 and other.score < base.score
    leon = "us_ofac_cons:33894"  # addresses in China
    cn = _score_of(index.search(Query(name="Leon Technology Co", country="CN"), threshold=0.5), leon)
    mx = _score_of(index.search(Query(name="Leon Technology Co", country="Mexico"), threshold=0.5), leon)
    assert cn.features["country"] == 1.0 and mx.features["country"] == 0.0 and mx.score < cn.score


def test_person_query_does_not_return_companies(index):
    hits = index.search(Query(name="Hikvision", schema="Person"))
    assert all(h.entity.schema in ("Person", "LegalEntity") for h in hits)
