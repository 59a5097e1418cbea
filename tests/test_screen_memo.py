"""Each distinct row screened once per run, in one process or several: the report is the one a row-by-row
screening writes, byte for byte."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from behind.config import Settings
from behind.model.results import RowResult
from behind.reports import run_screen
from behind.screening import Checkpoint, ScreenRequest, build_screener
from behind.screening.inputs import InputRow, open_table
from behind.screening.memo import Outcomes, cut, line, template
from behind.screening.screener import outcome_key

VENDORS = [  # name, country, address, USCC
    ("Hangzhou Hikvision Digital Technology Co Ltd", "CN", "", ""),
    ("Hikvision", "US", "", ""),
    ("HIKVISION", "", "", ""),
    ("Zhejiang Dahua Technology", "CN", "", ""),
    ("Hangzhou EZVIZ Network Co Ltd", "CN", "", ""),
    ("Apple Inc.", "US", "", ""),
    ("Megvii Technology Ltd", "GB", "", ""),
    ('Acme "Quoted" Widgets, Inc.', "DE", "", ""),
    ("Société Générale — Ünïcödé 株式会社", "FR", "", ""),
    ("Xinjiang Goldwind Science & Technology", "CN", "Urumqi, Xinjiang", ""),
    ("", "", "", "91330000733796106P"),
]


def _vendor_file(path: Path, repeats: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Vendor ID", "Vendor Name", "Country", "Address", "USCC"])
        n = 0
        for r in range(repeats):
            for name, country, address, uscc in VENDORS:
                n += 1  # the same vendor under many ids, a third of them without a country
                w.writerow([f"V{n:05d}", name, country if r % 3 else "", address, uscc])
    return path


def _plain_lines(data_dir: Path, src: Path, as_of: date) -> list[str]:
    """Every row screened on its own, by a screener that keeps nothing between rows."""
    screener, _ = build_screener(Settings(data_dir=data_dir), as_of)
    table = open_table(src, "parties")
    return [screener.outcome("parties", row).model_dump_json() for row in table.rows()]


def _report_lines(out: Path) -> list[str]:
    return [RowResult.model_validate(r).model_dump_json() for r in json.loads(out.read_text("utf-8"))["rows"]]


def test_repeated_rows_in_one_or_two_processes_give_the_row_by_row_report(loaded_dir, tmp_path):
    src = _vendor_file(tmp_path / "vendors.csv", repeats=12)
    settings = Settings(data_dir=loaded_dir)
    as_of = date(2025, 6, 1)
    plain = _plain_lines(loaded_dir, src, as_of)
    assert any('"status":"alert"' in p for p in plain) and any('"status":"clear"' in p for p in plain)
    reports = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}.json"
        meta = run_screen(settings, ScreenRequest(input=src, kind="parties", output=out, fmt="json", as_of=as_of,
                                                  workers=workers))
        reports[workers] = _report_lines(out)
        assert meta.rows == len(plain) == 12 * len(VENDORS)
        assert meta.alerts == sum('"status":"alert"' in p for p in plain)
    assert reports[1] == plain
    assert reports[2] == plain


def test_a_cut_outcome_rebuilds_the_line_of_any_row():
    fields = {"name": 'a"b\\c\n\t\x01\x7f é 中文 😀 \u2028 </script>', "country": "CN", "id": "V1"}
    result = RowResult(row=7, kind="parties", input=dict(fields), status="alert", summary="x is listed")
    whole = result.model_dump_json()
    parts = cut(template(result.model_copy(deep=True)))
    assert line(7, fields, parts) == whole
    assert line(8, {"name": "Other"}, parts) == RowResult(row=8, kind="parties", input={"name": "Other"},
                                                         status="alert", summary="x is listed").model_dump_json()


def test_row_keys_cannot_be_confused():
    # naive joining would give both the same key
    a = outcome_key("parties", {"name": "A\x1ecountry\x1fB"})
    b = outcome_key("parties", {"name": "A", "country": "B"})
    assert a != b
    # fields the kind does not screen are not part of the key
    assert outcome_key("parties", {"name": "A", "id": "1"}) == outcome_key("parties", {"name": "A", "id": "2"})
    assert outcome_key("parties", {"name": "A"}) != outcome_key("products", {"name": "A"})


def test_outcomes_keep_the_most_recent_keys():
    memo = Outcomes(size=2)
    text = template(RowResult(row=1, kind="parties", input={}))
    for key in ("a", "b", "c"):
        memo.put(key, text)
    assert memo.get("a") is None and memo.get("c") is not None and len(memo) == 2


def test_a_rows_result_does_not_depend_on_the_rows_before_it(loaded_dir):
    # the OFAC record of Megvii matches the first row best; in the second its country differs, so another
    # record of the same group comes first, and the OFAC record must still be reported as listed
    settings = Settings(data_dir=loaded_dir)
    before, _ = build_screener(settings, date(2025, 6, 1))
    alone, _ = build_screener(settings, date(2025, 6, 1))
    before.screen("parties", InputRow(2, {"name": "MEGVII TECHNOLOGY LIMITED", "country": "CN"}))
    row = InputRow(3, {"name": "MEGVII TECHNOLOGY LIMITED", "country": "DE"})
    after = before.screen("parties", row)
    assert after == alone.screen("parties", row)
    assert all(f"({h.key}) is listed" in after.summary for h in after.hits if h.status == "listed")


def test_the_checkpoint_counts_alerts_as_the_results_say(tmp_path):
    checkpoint = Checkpoint(tmp_path / "r.json")
    checkpoint.dir.mkdir()
    rows = [RowResult(row=2, kind="parties", input={"name": '"status":"alert"', "country": "CN"}),
            RowResult(row=3, kind="parties", input={"name": "Hikvision"}, status="alert", summary="listed"),
            RowResult(row=4, kind="parties", input={}, status="alert"),
            RowResult(row=5, kind="parties", input={"name": "alert"})]
    checkpoint.rows_path.write_text("".join(r.model_dump_json() + "\n" for r in rows), encoding="utf-8")
    assert checkpoint.tally() == (4, 2)
    assert list(checkpoint.lines()) == [r.model_dump_json() for r in rows]
