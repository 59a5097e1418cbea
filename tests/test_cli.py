"""The `behind` command line as a user runs it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from behind.cli.app import app
from behind.sources.registry import data_path

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run(loaded_dir):
    runner = CliRunner()

    def invoke(*args: str, data_dir: Path | None = None):
        return runner.invoke(app, [*args, "--data-dir", str(data_dir or loaded_dir)],
                             env={"COLUMNS": "200"}, catch_exceptions=False)
    return invoke


def test_lists_shows_bundled_counts_and_age_warning(run):
    result = run("lists")
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if line.count("│") > 5}
    assert "8,976" in rows["us_ofac_sdn"] and "442" in rows["us_ofac_cons"] and "405" in rows["curated"]
    assert "1,003" in rows["un_sc"] and "581" in rows["us_bis_dpl"] and "115" in rows["us_trade_csl"]
    assert "warning: us_ofac_sdn is" in result.output  # the bundled SDN snapshot is from 2021


def test_lists_json(run):
    data = json.loads(run("lists", "--json", "--max-age-days", "100000").output)
    sdn = next(v for v in data if v["source"] == "us_ofac_sdn")
    assert sdn["record_count"] == 8976 and len(sdn["sha256"]) == 64
    assert {f["name"] for f in sdn["files"]} == {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"}


def test_search_hikvision_finds_cmic_record_and_curated(run):
    result = run("search", "Hikvision", "--json")
    hits = {(h["source"], h["source_id"]): h for h in json.loads(result.output)}
    assert ("us_ofac_cons", "30946") in hits and ("curated", "hikvision") in hits
    cmic = hits[("us_ofac_cons", "30946")]
    assert cmic["explanation"]["name"]["listed"] == "HIKVISION"
    assert cmic["programs"] == ["CMIC-EO13959"] and cmic["list_version"]["sha256"]


def test_search_table_and_no_match(run):
    assert "30946" in run("search", "Hangzhou Hikvision Digital Technology").output
    assert "No match for 'Paypal Holdings'" in run("search", "Paypal Holdings").output


def test_match_batch_contract(run, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text("\n".join(json.dumps(q) for q in [
        {"id": "a", "name": "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."},
        {"id": "b", "name": "", "identifiers": {"isin": "CNE100000PM8"}},
        {"id": "c", "name": "Quanguo Chen", "schema": "Person"},
        {"id": "d", "name": "Procter & Gamble Company"},
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    result = run("match", "--input", str(queries), "--output", str(out))
    assert result.exit_code == 0, result.output
    res = {r["id"]: r["hits"] for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    exact = {(h["source"], h["source_id"]) for h in res["a"] if h["score"] == 1.0}
    assert {("us_ofac_cons", "30946"), ("curated", "hikvision")} <= exact
    assert res["b"][0]["source_id"] == "30946"
    assert res["b"][0]["explanation"]["identifier"] == {"scheme": "isin", "value": "CNE100000PM8"}
    assert "29220" in [h["source_id"] for h in res["c"]]
    assert res["d"] == []


def test_match_reports_every_bad_line_and_answers_the_good_ones(run, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(b"\n".join([
        b'\xef\xbb\xbf{"id": "a", "name": "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."}',  # 1: good
        b'{"id": "b", name}',  # 2: not JSON
        b"   ",  # 3: blank, skipped
        b'["c", "Hikvision"]',  # 4: not an object
        b'{"id": "d", "name": "Hikvision", "schema": "Ship"}',  # 5: unknown schema
        b'{"id": "e", "name": ["Hikvision"]}',  # 6: name not a string
        b'{"id": ["f"], "name": "Hikvision"}',  # 7: a list id
        b'{"id": "a", "name": "Dahua"}',  # 8: duplicate id
        b'{"id": "g", "name": "Soci\xe9t\xe9 G\xe9n\xe9rale"}',  # 9: not UTF-8
        b'{"id": {"x": 1}, "name": "Dahua"}',  # 10: an object id
        b'{"id": 7, "identifiers": {"isin": "CNE100000PM8"}}',  # 11: good, an integer id
        b"[" * 100_000,  # 12: nested too deeply
        b'{"id": "h", "name": "Hikvision", "schema": "person"}',  # 13: schemas are case-sensitive
        b'{"id": "i", "identifiers": {"isin": ["CNE100000PM8"]}}',  # 14: identifier not a string
        b'{"id": "j", "name": " "}',  # 15: nothing to match
        b'{"name": "Dahua"}',  # 16: no id
    ]) + b"\r\n", )
    out = tmp_path / "r.jsonl"
    result = run("match", "--input", str(queries), "--output", str(out))
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # one record per non-blank line, in input order: hits for the good lines, an error for the bad ones
    assert [(r["id"], r.get("line")) for r in records] == [
        ("a", None), (None, 2), (None, 4), ("d", 5), ("e", 6), (None, 7), (None, 8), (None, 9), (None, 10),
        ("7", None), (None, 12), ("h", 13), ("i", 14), ("j", 15), (None, 16)]
    assert {(h["source"], h["source_id"]) for h in records[0]["hits"] if h["score"] == 1.0} >= {
        ("us_ofac_cons", "30946")}
    assert records[9]["hits"][0]["source_id"] == "30946"
    errors = {r["line"]: r["error"] for r in records if "error" in r}
    assert errors[2].startswith("invalid JSON: ")
    assert errors[4].startswith("each line must be a JSON object") and "found a list" in errors[4]
    assert errors[5].startswith("unknown schema 'Ship'; the schemas are: Person, Organization, Company")
    assert errors[6] == "name must be a string, found a list"
    assert errors[7] == "id must be a string or an integer, found a list"
    assert errors[8] == "duplicate id 'a' (first on line 1)"
    assert errors[9].startswith("the line is not UTF-8 (byte 0xE9")
    assert errors[10] == "id must be a string or an integer, found an object"
    assert errors[12] == "invalid JSON: nested too deeply"
    assert "did you mean 'Person'?" in errors[13]
    assert errors[14] == "identifier 'isin' must be a string, found a list"
    assert errors[15] == "nothing to match: give a name or identifiers"
    assert errors[16] == "the line has no 'id'"
    # every bad line on standard error, with its file, line and field
    reported = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(reported) == 13
    assert f"error: {queries}, line 5, field 'schema': unknown schema 'Ship'" in result.stderr
    assert f"error: {queries}, line 8, field 'id': duplicate id 'a'" in result.stderr
    assert "matched 2 queries" in result.stderr and "13 bad lines not matched" in result.stderr
    assert not (tmp_path / "r.jsonl.part").exists()


def test_match_input_that_cannot_be_read_is_an_error(run, tmp_path):
    result = run("match", "--input", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 2 and "missing.jsonl: cannot read queries" in result.stderr
    assert not (tmp_path / "r.jsonl").exists()


def test_update_from_folder_and_restore(run, tmp_path):
    data_dir = tmp_path / "data"
    folder = tmp_path / "cons"
    shutil.copytree(data_path("ofac/consolidated"), folder)
    assert run("update", "us_ofac_cons", "--from", str(folder), data_dir=data_dir).exit_code == 0
    # a publisher's bad day: the primary file loses most rows
    prim = folder / "cons_prim.csv"
    prim.write_bytes(b"\r\n".join(prim.read_bytes().split(b"\r\n")[:50]))
    for name in ("cons_alt.csv", "cons_add.csv", "cons_comments.csv"):
        (folder / name).unlink()
    refused = run("update", "us_ofac_cons", "--from", str(folder), data_dir=data_dir)
    assert refused.exit_code == 2
    assert "fewer than the active version" in refused.output and "active version unchanged" in refused.output
    forced = run("update", "us_ofac_cons", "--from", str(folder), "--force", data_dir=data_dir)
    assert "loaded version 2 with 50 records (was 442 in version 1)" in forced.output
    restored = run("restore", "us_ofac_cons", data_dir=data_dir)
    assert "version 1 (442 records" in restored.output


def test_update_unknown_list(run):
    result = run("update", "no_such_list")
    assert result.exit_code == 2 and "known lists" in result.output


def test_search_without_lists(run, tmp_path):
    result = run("search", "Hikvision", data_dir=tmp_path / "empty")
    assert result.exit_code == 2 and "behind update" in result.output


def test_export_and_import_ftm(run, tmp_path):
    out = tmp_path / "curated.ftm.json"
    assert run("export", "--output", str(out), "--list", "curated").exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert any(json.loads(line)["schema"] == "Company" for line in lines)
    data_dir = tmp_path / "data"
    imported = run("import", str(out), "--source", "curated_ftm", data_dir=data_dir)
    assert "curated_ftm: loaded version 1 with 405 records" in imported.output
    hits = json.loads(run("search", "EZVIZ", "--json", data_dir=data_dir).output)
    assert hits and hits[0]["source"] == "curated_ftm"


def test_demo_screens_every_kind_with_planted_cases(run, tmp_path):
    result = run("demo", "--output", str(tmp_path / "out"), data_dir=tmp_path / "data")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"

    def status(stem):
        data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert data["meta"]["lists"] and data["meta"]["regimes"]
        return {r["row"]: r for r in data["rows"]}

    vendors = status("vendors")
    assert vendors[2]["status"] == "alert" and vendors[4]["status"] == "clear"  # Hikvision; Apple
    assert vendors[15]["hits"][0]["source_id"] == "30946"  # only an ISIN
    po = status("purchase_orders")
    assert po[2]["status"] == "alert" and "Lorex" in po[2]["summary"]  # a Lorex order of 2021
    assert po[7]["status"] == "clear"  # a Lorex order of 2025: Dahua sold Lorex in 2022
    assert po[3]["status"] == "alert" and po[4]["status"] == "alert"  # EZVIZ; DS-2CD2143G2-I
    assert po[5]["status"] == "clear"  # Axis
    assets = status("assets")
    assert assets[2]["status"] == "alert" and assets[2]["evidence"][0]["kind"] == "mac_oui"  # Hikvision MAC
    assert assets[5]["status"] == "clear"  # Cisco
    assert status("holdings")[3]["status"] == "alert"  # Hikvision's ISIN
    coauthors = status("coauthors")
    assert coauthors[3]["status"] == "alert" and coauthors[2]["status"] == "clear"  # Megvii; a university
    for stem in ("vendors", "purchase_orders", "assets", "holdings", "coauthors"):
        assert str(out / f"{stem}.html") in result.output.replace("\n", "")
        assert (out / f"{stem}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_readme_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = re.search(r"^TEST_COMMAND='(.+)'$", ci, re.M).group(1)
    assert test_cmd in readme
    assert "behind demo" in readme


# --- the README documents every command and every option, in that command's own section ----------

def readme_sections(readme: str) -> dict[str, str]:
    """command -> its section: a ``### `behind COMMAND ...``` heading and the text up to the next
    heading (headings inside fenced code blocks do not count). A heading may name several commands."""
    sections: dict[str, str] = {}
    current: list[str] = []
    fenced = False
    for line in readme.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            current = re.findall(r"`behind ([a-z][\w-]*)", line) if line.startswith("### `behind ") else []
        for command in current:
            sections[command] = sections.get(command, "") + line + "\n"
    return sections


def undocumented(readme: str, click_app: Any) -> list[str]:
    """``behind COMMAND`` without a README section, and ``behind COMMAND --option`` missing from it."""
    sections = readme_sections(readme)
    missing = []
    for name, command in sorted(click_app.commands.items()):
        section = sections.get(name)
        if section is None:
            missing.append(f"behind {name} (no section)")
            continue
        for param in command.params:
            if param.param_type_name == "option":
                missing += [f"behind {name} {opt}" for opt in param.opts + param.secondary_opts
                            if opt.startswith("--") and not re.search(re.escape(opt) + r"(?![\w-])", section)]
    return missing


def test_every_command_and_option_is_documented_in_its_readme_section():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    click_app = typer.main.get_command(app)  # a click group (typer bundles its own click)
    assert set(click_app.commands) == {"update", "import", "export", "lists", "restore", "search", "match",
                                       "explain", "method", "screen", "demo", "sources", "keys", "audit",
                                       "portfolios", "serve"}
    assert undocumented(readme, click_app) == []


def test_the_readme_check_finds_what_is_missing():
    click_app = typer.main.get_command(app)  # a click group (typer bundles its own click)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # restore's options named only in another command's section, and demo's section gone
    planted = readme.replace("### `behind restore LIST [--version N] [--data-dir DIR] [--config FILE]`",
                             "### `behind restore LIST`")
    planted = planted.replace("### `behind demo", "### `the demo")
    assert undocumented(planted, click_app) == [
        "behind demo (no section)", "behind restore --version", "behind restore --data-dir",
        "behind restore --config"]
    # an option named only inside a longer one does not count
    assert undocumented(readme.replace("--max-shrink 0.2]", "--max-shrinking]"), click_app) == [
        "behind update --max-shrink"]


# --- errors and the shared options ---------------------------------------------------------------

ARGS = {
    "update": [], "import": ["x.json", "--source", "x"], "export": ["--output", "x.json"], "lists": [],
    "restore": ["curated"], "search": ["Hikvision"], "match": ["--input", "q.jsonl", "--output", "r.jsonl"],
    "explain": ["Hikvision"], "screen": ["v.csv", "--kind", "parties", "--output", "r.csv"],
    "demo": ["--output", "out"], "method": [],
}


@pytest.mark.parametrize("command", sorted(ARGS))
def test_every_command_reads_config_and_reports_errors_one_way(run, tmp_path, command):
    bad = tmp_path / "config.toml"
    bad.write_text("update = 3\n", encoding="utf-8")
    result = run(command, *ARGS[command], "--config", str(bad))
    assert result.exit_code == 2, result.output
    # on standard error, the message as it is (its [brackets] are not read as markup)
    assert result.stderr.strip() == f"error: {bad}, field 'update': [update] must be a table"
    assert result.stdout == ""


def test_as_of_that_is_not_a_date(run, tmp_path):
    result = run("screen", "v.csv", "--kind", "parties", "--output", "r.csv", "--as-of", "12/05/2021")
    assert result.exit_code == 2 and "--as-of must be a date like 2021-06-01, got '12/05/2021'" in result.stderr


def test_restore_unknown_version_and_export_unknown_list(run, tmp_path):
    result = run("restore", "curated", "--version", "999")
    assert result.exit_code == 2 and "curated: no version 999" in result.stderr
    result = run("export", "--output", str(tmp_path / "x.json"), "--list", "no_such_list")
    assert result.exit_code == 2 and "list 'no_such_list' is not loaded" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_lists_counts_relations_per_version(run):
    data = {v["source"]: v for v in json.loads(run("lists", "--json", "--max-age-days", "100000").output)}
    assert data["curated"]["relations"] == 229 and data["un_sc"]["relations"] == 0
    assert "relation_count" not in data["curated"]


def test_method_prints_the_matching_configuration(run, tmp_path):
    (tmp_path / "config.toml").write_text("[matching]\nthreshold = 0.9\n", encoding="utf-8")
    result = run("method", "--json", data_dir=tmp_path)
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["threshold"]["value"] == 0.9 and rows["threshold"]["default"] == 0.85
    assert rows["short_evidence_alone"]["value"] is False
    (tmp_path / "config.toml").write_text("[matching]\nthresold = 0.9\n", encoding="utf-8")
    bad = run("method", data_dir=tmp_path)
    assert bad.exit_code == 2 and "thresold" in bad.stderr
