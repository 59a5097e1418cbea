"""`behind screen`: every kind on realistic files, resumable runs, the Spark engine, bad input."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from behind.cli.app import app
from behind.config import Settings
from behind.errors import InputError
from behind.reports import run_screen
from behind.screening import Checkpoint, ScreenRequest
from behind.screening.screener import Screener, affiliation_parts, issuer_name


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def screen(loaded_dir: Path, tmp_path: Path, rows: list[list[str]], kind: str, **kw) -> dict[int, dict]:
    src = write_csv(tmp_path / f"{kind}.csv", rows)
    out = tmp_path / f"{kind}.json"
    run_screen(Settings(data_dir=loaded_dir), ScreenRequest(input=src, kind=kind, output=out, fmt="json", **kw))
    return {r["row"]: r for r in json.loads(out.read_text(encoding="utf-8"))["rows"]}


def test_parties(loaded_dir, tmp_path):
    rows = screen(loaded_dir, tmp_path, [
        ["Supplier", "Country", "USCC"],
        ["Hangzhou Hikvision Digital Technology Co Ltd", "CN", ""],
        ["", "", "91330000733796106P"],                       # an identifier alone
        ["Zhejiang Dahua Technology", "CN", ""],
        ["Hangzhou EZVIZ Network Co Ltd", "CN", ""],         # unlisted, exposed through Hikvision
        ["Procter & Gamble", "US", ""],
    ], "parties")
    assert rows[2]["status"] == "alert" and "listed" in rows[2]["summary"]
    assert rows[3]["status"] == "alert" and rows[3]["hits"][0]["explanation"]["identifier"]["scheme"] == "uscc"
    assert rows[4]["status"] == "alert"
    ezviz = rows[5]
    assert ezviz["status"] == "alert" and "exposed" in ezviz["summary"]
    assert ezviz["exposures"] and ezviz["exposures"][0]["names"]["curated:hikvision"].startswith("Hangzhou Hikvision")
    assert rows[6]["status"] == "clear" and rows[6]["hits"] == []


def test_products_use_the_order_date_unless_a_date_is_fixed(loaded_dir, tmp_path):
    table = [["PO Date", "Brand", "Model", "Description"],
             ["2021-05-10", "Lorex", "LNB4321B", "IP bullet camera"],
             ["2025-01-05", "Lorex", "", "NVR parts"],
             ["2024-02-19", "", "DS-2CD2143G2-I", "dome camera"],
             ["2024-06-12", "Axis", "P3245-LVE", "dome camera"]]
    rows = screen(loaded_dir, tmp_path, table, "products")
    assert rows[2]["status"] == "alert"          # Dahua owned Lorex in 2021
    levels = {e["level"] for e in rows[2]["evidence"]}
    assert {"pattern", "brand relation", "sourced relabel"} <= levels
    assert rows[3]["status"] == "clear"          # not in 2025
    assert rows[4]["status"] == "alert" and rows[4]["evidence"][0]["level"] == "pattern"
    assert rows[5]["status"] == "clear" and rows[5]["evidence"] == []
    fixed = screen(loaded_dir, tmp_path, table, "products", as_of=date(2024, 6, 1), restart=True)
    assert fixed[2]["status"] == "clear"          # as of June 2024 the 2021 order's brand is no longer Dahua's


def test_devices(loaded_dir, tmp_path):
    rows = screen(loaded_dir, tmp_path, [
        ["MAC Address", "Vendor", "HTTP Server"],
        ["3c:ef:8c:10:22:33", "", ""],      # Dahua OUI
        ["", "", "DNVRS-Webs"],             # Hikvision web server banner
        ["a4:83:e7:12:34:56", "Apple", ""],
    ], "devices")
    assert rows[2]["status"] == "alert" and rows[2]["evidence"][0]["level"] == "registry"
    assert rows[3]["status"] == "alert" and rows[3]["evidence"][0]["kind"] == "vendor_string"
    assert rows[4]["status"] == "clear"


def test_holdings(loaded_dir, tmp_path):
    rows = screen(loaded_dir, tmp_path, [
        ["ISIN", "Ticker", "Security Name"],
        ["CNE100000PM8", "", ""],
        ["", "300603", ""],                          # Leon Technology's ticker
        ["", "", "SenseTime Group Inc Class B"],
        ["US0378331005", "AAPL", "Apple Inc."],
    ], "holdings")
    assert [rows[i]["status"] for i in (2, 3, 4, 5)] == ["alert", "alert", "alert", "clear"]
    assert issuer_name("SenseTime Group Inc Class B") == "SenseTime Group Inc"


def test_collaborators_screen_affiliations_never_people(loaded_dir, tmp_path):
    rows = screen(loaded_dir, tmp_path, [
        ["Author", "Affiliation"],
        ["Quanguo Chen", "Department of Physics, Example University"],  # a listed official's name: not screened
        ["A. Researcher", "Megvii Technology Limited, Beijing, China"],
        ["B. Researcher", "SenseTime Research; The Chinese University of Hong Kong"],
        ["C. Researcher", "Xinjiang Research Institute"],  # a place, not a listed company
    ], "collaborators")
    assert rows[2]["status"] == "clear" and rows[2]["hits"] == []
    assert rows[2]["input"]["person"] == "Quanguo Chen"  # carried to the report as given
    assert rows[3]["status"] == "alert"
    assert rows[4]["status"] == "alert" and "SenseTime" in rows[4]["summary"]  # a company's research arm
    assert rows[5]["status"] == "clear"
    assert "Megvii Technology Limited" in affiliation_parts("Megvii Technology Limited, Beijing, China")
    assert "SenseTime" in affiliation_parts("SenseTime Research")


def test_a_killed_run_resumes_to_the_same_report(loaded_dir, tmp_path, monkeypatch):
    names = ["Hikvision", "Apple Inc.", "Megvii Technology Ltd", "Acme Corp", "Lorex Technology Inc."] * 40
    # each row its own address, so that each is screened (a repeated row is screened once per run)
    src = write_csv(tmp_path / "vendors.csv", [["Vendor", "Address"], *[[n, f"Unit {i}"] for i, n in enumerate(names)]])
    settings = Settings(data_dir=loaded_dir)
    whole = tmp_path / "whole.json"
    run_screen(settings, ScreenRequest(input=src, kind="parties", output=whole, fmt="json"))
    out = tmp_path / "resumed.json"
    real = Screener.outcome
    calls = {"n": 0}

    def dies_at_120(self, kind, row):
        calls["n"] += 1
        if calls["n"] == 120:
            raise KeyboardInterrupt  # the user pressed Ctrl-C, or the machine went away
        return real(self, kind, row)
    monkeypatch.setattr(Screener, "outcome", dies_at_120)
    with pytest.raises(KeyboardInterrupt):
        run_screen(settings, ScreenRequest(input=src, kind="parties", output=out, fmt="json"))
    checkpoint = Checkpoint(out)
    assert not out.exists() and checkpoint.rows_path.exists()
    with checkpoint.rows_path.open("a", encoding="utf-8") as fh:
        fh.write('{"row": 999, "kind": "par')  # a line cut by the kill
    monkeypatch.setattr(Screener, "outcome", real)
    calls["n"] = 0
    counting = {"n": 0}

    def counted(self, kind, row):
        counting["n"] += 1
        return real(self, kind, row)
    monkeypatch.setattr(Screener, "outcome", counted)
    run_screen(settings, ScreenRequest(input=src, kind="parties", output=out, fmt="json"))
    assert counting["n"] == 200 - 119  # only the rows not done before
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (whole, out))
    assert a["rows"] == b["rows"] and a["meta"]["alerts"] == b["meta"]["alerts"] == 80  # Hikvision, Megvii
    assert not checkpoint.dir.exists()


def test_an_unfinished_run_of_another_file_is_not_mixed_in(loaded_dir, tmp_path):
    out = tmp_path / "r.json"
    Checkpoint(out).open({"input_sha256": "x", "kind": "parties", "as_of": "2020-01-01", "columns": {}}, False)
    src = write_csv(tmp_path / "v.csv", [["Vendor"], ["Apple Inc."]])
    with pytest.raises(InputError, match="--restart"):
        run_screen(Settings(data_dir=loaded_dir), ScreenRequest(input=src, kind="parties", output=out, fmt="json"))
    run_screen(Settings(data_dir=loaded_dir), ScreenRequest(input=src, kind="parties", output=out, fmt="json",
                                                             restart=True))
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["rows"] == 1


def test_spark_engine_gives_the_local_result(loaded_dir, tmp_path):
    rows = [["Supplier", "Country"], *[[n, "CN"] for n in (
        "Hikvision", "Zhejiang Dahua Technology Co Ltd", "Apple Inc.", "Hangzhou EZVIZ Network", "Acme Corp",
        "SenseTime Group", "Xinjiang Production and Construction Corps", "Carrefour SA")] * 5]
    src = write_csv(tmp_path / "v.csv", rows)
    settings = Settings(data_dir=loaded_dir)
    local, spark = tmp_path / "local.json", tmp_path / "spark.json"
    run_screen(settings, ScreenRequest(input=src, kind="parties", output=local, fmt="json", as_of=date(2024, 1, 1)))
    meta = run_screen(settings, ScreenRequest(input=src, kind="parties", output=spark, fmt="json",
                                              as_of=date(2024, 1, 1), engine="spark", workers=2))
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (local, spark))
    assert meta.engine == "spark" and a["rows"] == b["rows"] and len(a["rows"]) == 40


def test_local_workers_give_the_same_result(loaded_dir, tmp_path):
    src = write_csv(tmp_path / "v.csv", [["Vendor"], *[[n] for n in ["Hikvision", "Apple", "Megvii"] * 100]])
    settings = Settings(data_dir=loaded_dir)
    one, two = tmp_path / "1.json", tmp_path / "2.json"
    run_screen(settings, ScreenRequest(input=src, kind="parties", output=one, fmt="json"))
    run_screen(settings, ScreenRequest(input=src, kind="parties", output=two, fmt="json", workers=2))
    assert json.loads(one.read_text())["rows"] == json.loads(two.read_text())["rows"]


def test_cli_screen_reports_and_bad_input(loaded_dir, tmp_path):
    runner = CliRunner()
    src = write_csv(tmp_path / "v.csv", [["Vendor Name", "Ctry"], ['=HYPERLINK("http://x","Hikvision")', "CN"],
                                         ["Hikvision", "CN"]])
    out = tmp_path / "report.csv"
    result = runner.invoke(app, ["screen", str(src), "--kind", "parties", "-o", str(out), "--column",
                                 "country=Ctry", "--data-dir", str(loaded_dir)], catch_exceptions=False)
    assert result.exit_code == 0 and "screened 2 rows" in result.output
    with out.open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not any(c.startswith("=") for c in cells) and "'=HYPERLINK(\"http://x\",\"Hikvision\")" in cells
    bad = write_csv(tmp_path / "bad.csv", [["Firma", "Land"], ["Hikvision", "CN"]])
    out2 = tmp_path / "bad.html"
    result = runner.invoke(app, ["screen", str(bad), "--kind", "parties", "-o", str(out2),
                                 "--data-dir", str(loaded_dir)])
    assert result.exit_code == 2 and "line 1" in result.output and "--column" in result.output
    assert not out2.exists() and not Checkpoint(out2).dir.exists()
    result = runner.invoke(app, ["screen", str(src), "--kind", "vendors", "-o", str(out2),
                                 "--data-dir", str(loaded_dir)])
    assert result.exit_code == 2 and "parties" in result.output


def test_a_bad_row_further_down_leaves_nothing(loaded_dir, tmp_path):
    text = "Vendor,Country\n" + "".join(f"Vendor {i},US\n" for i in range(60)) + "Acme,US,extra\n"
    src = tmp_path / "v.csv"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "r.json"
    with pytest.raises(InputError) as exc:
        run_screen(Settings(data_dir=loaded_dir), ScreenRequest(input=src, kind="parties", output=out, fmt="json"))
    assert exc.value.row == 62 and "v.csv" in str(exc.value)
    assert not out.exists() and not Checkpoint(out).dir.exists()


def test_parties_in_xinjiang_alert_under_the_uflpa_presumption(loaded_dir, tmp_path):
    rows = screen(loaded_dir, tmp_path, [
        ["Supplier", "Address", "Country", "USCC"],
        ["Tarim Basin Cotton Yarn Co., Ltd.", "No. 8 Textile Park Road, Aksu City, Xinjiang", "CN", ""],
        ["示例棉纺有限公司", "新疆喀什地区疏勒县纺织产业园", "", ""],
        ["Example Trading Co.", "", "CN", "916501002999341738"],  # registered in Urumqi (a listed company's code)
        ["Qingdao Harbour Trading Co.", "No. 5 Xinjiang Road, Qingdao, Shandong", "CN", ""],
        ["Urumqi Noodle House", "212 Grand Street, Brooklyn, NY 11211", "US", ""],
    ], "parties", as_of=date(2024, 1, 1))
    for n in (2, 3, 4):
        assert rows[n]["status"] == "alert", rows[n]["summary"]
        assert "UFLPA" in rows[n]["summary"] and any(ev["kind"] == "region" for ev in rows[n]["evidence"])
    assert "Aksu City" in rows[2]["summary"] and "Shule County" in rows[3]["summary"]
    assert "registered in" in rows[4]["summary"] and "650100" in rows[4]["summary"]
    assert rows[5]["status"] == "clear" and rows[5]["evidence"] == []  # a street named after Xinjiang
    assert rows[6]["status"] == "clear" and rows[6]["evidence"] == []  # a name is not an address


def test_uflpa_presumption_applies_from_its_effective_date(loaded_dir, tmp_path):
    rows = screen(loaded_dir, tmp_path, [["Supplier", "Address"], ["Tarim Cotton Co.", "Aksu, Xinjiang, China"]],
                  "parties", as_of=date(2021, 6, 1))
    assert rows[2]["status"] == "clear" and "not applied" in rows[2]["summary"] and rows[2]["evidence"]


def test_an_invalid_uscc_is_an_input_error_naming_its_row(loaded_dir, tmp_path):
    with pytest.raises(InputError) as err:
        screen(loaded_dir, tmp_path, [["Supplier", "USCC"], ["A Co.", "91330000733796106P"],
                                      ["B Co.", "91330000733796106Q"]], "parties")
    assert err.value.row == 3 and err.value.field == "uscc"


def test_affiliation_with_long_runs_of_spaces_is_split_quickly():
    # 8,000 spaces inside a cell (within the 10,000-character cell limit) once took seconds
    parts = affiliation_parts("SenseTime" + " " * 8000 + "Research; Tsinghua University")
    assert "SenseTime Research" in parts and "SenseTime" in parts and "Tsinghua University" in parts
