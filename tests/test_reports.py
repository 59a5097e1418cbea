"""Reports: CSV, XLSX, JSON and HTML from one hand-built screening run; formula injection; atomic writes;
the HTML rendered by a real headless Chromium."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from html import escape
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from PIL import Image

from behind.config import Settings
from behind.errors import UsageError
from behind.model.results import (
    Edge,
    Evidence,
    Exposure,
    Hit,
    ListVersion,
    MatchExplanation,
    NameMatch,
    Owner,
    Report,
    RowResult,
    RunMeta,
)
from behind.model.listing import Listing
from behind.reports import (
    CLEAR_ROWS_SHOWN,
    FORMATS,
    RESULT_COLUMNS,
    entity_names,
    path_text,
    row_svg,
    run_screen,
    safe_cell,
    write_report,
)
from behind.screening import ScreenRequest
from localhttp import Handler, Server

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
EVIL = ('=HYPERLINK("http://evil","x")', "@SUM(1)", "-2+3")
NASTY_LISTED = 'Acme <Holdings> & "Partners" \'Ltd\''
SIW = ("https://www.securityinfowatch.com/video-surveillance/article/12395991/"
       "flir-sells-lorex-smb-security-business-to-dahua")
LOREX_PATH = ("Lorex Technology Inc. -subsidiary_of (2018-02 → 2022-11-24)→ Zhejiang Dahua Technology Co., Ltd. "
              "[us_ndaa_889 via ndaa_889]")
CHROMIUM_HELP = ("Chromium is needed for the browser test and was not found on PATH (chromium or chromium-browser). "
                 "Install it: apt-get update && apt-get install -y chromium")


PARTIES = ("Vendor ID,Vendor name,Country,ISIN\nV011,Lorex Technology Inc.,US,\nV003,Apple Inc.,US,\n"
           "V014,,CN,CNE100000PM8\n")
PRODUCTS = "Item,Brand,Model\nP100,EZVIZ,CS-C6N-A0-1C2WFR\nP101,,DS-2CD2143G2-I\n"


@pytest.fixture(scope="session")
def screened(loaded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunMeta, list[RowResult]]:
    """A real screening as of 2021-09-01: a vendor file and a purchase-order file, screened by the product."""
    folder = tmp_path_factory.mktemp("screened")
    settings = Settings(data_dir=loaded_dir)
    runs = []
    for name, text, kind in (("vendors-2021.csv", PARTIES, "parties"), ("orders-2021.csv", PRODUCTS, "products")):
        src = folder / name
        src.write_text(text, encoding="utf-8")
        out = folder / f"{name}.json"
        run_screen(settings, ScreenRequest(input=src, kind=kind, output=out, fmt="json", as_of=date(2021, 9, 1)))
        runs.append(Report.model_validate_json(out.read_text(encoding="utf-8")))
    parties, products = runs
    return parties.meta, [*parties.rows, *(r.model_copy(update={"row": r.row + 10}) for r in products.rows)]


def make_run(screened: tuple[RunMeta, list[RowResult]]) -> tuple[RunMeta, list[RowResult]]:
    """The real run, then three hostile rows."""
    meta, rows = screened
    version = meta.lists[0]
    nasty_hit = Hit(source="us_trade_csl", source_id="x1", score=0.91, name=NASTY_LISTED, schema_="Company",
                    programs=["ENTITY LIST"], listed_on="2020-06-05", source_url="javascript:alert(1)",
                    status="listed", explanation=MatchExplanation(name=NameMatch(
                        query=EVIL[0], listed=NASTY_LISTED, score=0.91)),
                    list_version=ListVersion(source=version.source, version_id=version.version,
                                             sha256=version.sha256, fetched_at=version.fetched_at))
    rows = [
        *rows,
        RowResult(row=7, kind="parties", input={"id": "V900", "name": EVIL[0], "country": "US"},
                  status="alert", summary="listed: us_trade_csl x1", hits=[nasty_hit],
                  evidence=[Evidence(kind="vendor_string", level="registry",
                                     detail="vendor string <b>bold</b> & co", source="javascript:alert(2)")]),
        RowResult(row=8, kind="parties", input={"id": "V901", "name": EVIL[1], "country": "\tUS\x07"}),
        RowResult(row=9, kind="parties", input={"id": "V902", "name": EVIL[2], "country": "\rGB"}),
    ]
    return meta.model_copy(update={"rows": len(rows), "alerts": sum(r.status == "alert" for r in rows)}), rows


@pytest.fixture
def run(screened: tuple[RunMeta, list[RowResult]]) -> tuple[RunMeta, list[RowResult]]:
    return make_run(screened)


def test_safe_cell() -> None:
    assert safe_cell('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    for bad in ("+1", "-2+3", "@SUM(1)", "\tx", "\rx"):
        assert safe_cell(bad) == "'" + bad
    for ok in ("", "Lorex", "1-2", " =1", "'=x"):
        assert safe_cell(ok) == ok


#: every control character a cell must not carry: C0 but tab, LF and CR; DEL; C1
CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)))


def test_report_cells_drop_control_characters(tmp_path: Path, run: tuple[RunMeta, list[RowResult]]) -> None:
    """Issue 9, item 7: ``Hik\\x01vision`` and ESC sequences must not reach a report; a control hiding a
    formula is dropped first, so the formula is still neutralised."""
    meta, rows = run
    hostile = {"id": "V990", "name": "Hik\x01vision\x1b[31m Digital\x07\x9b\x7f", "country": "\x07=1+2",
               "brand": "A\x85B" + CONTROLS + "C", "model": "\x00@SUM(1)"}
    row = RowResult(row=99, kind="parties", input=hostile, status="alert", summary="x\x1b[2Jy")
    assert safe_cell("\x07=1+2") == "'=1+2" and safe_cell("\x85-1") == "'-1" and safe_cell("a\tb\nc") == "a\tb\nc"
    csv_out = write_report(meta, iter([*rows, row]), tmp_path / "c.csv", "csv")
    text = csv_out.read_text(encoding="utf-8-sig")
    assert not any(c in text for c in CONTROLS)
    with csv_out.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    got = dict(zip(table[0], next(line for line in table if line[0] == "99"), strict=True))
    assert got["Vendor name"] == "Hikvision[31m Digital" and got["Country"] == "'=1+2"
    assert got["brand"] == "ABC" and got["model"] == "'@SUM(1)" and got["summary"] == "x[2Jy"
    wb = load_workbook(write_report(meta, iter([*rows, row]), tmp_path / "c.xlsx", "xlsx"))
    cells = [c.value for line in wb["Results"].iter_rows() for c in line if isinstance(c.value, str)]
    assert "Hikvision[31m Digital" in cells and "'=1+2" in cells
    assert not any(ch in v for v in cells for ch in CONTROLS)
    html = write_report(meta, iter([*rows, row]), tmp_path / "c.html", "html").read_text(encoding="utf-8")
    assert "Hikvision[31m Digital" in html and not any(c in html for c in CONTROLS)


def _neutral(value: str) -> bool:
    return value[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_csv(tmp_path: Path, run: tuple[RunMeta, list[RowResult]]) -> None:
    meta, rows = run
    out = write_report(meta, iter(rows), tmp_path / "r.csv", "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    with out.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    header, body = table[0], table[1:]
    # input fields: the union in first-seen order, with the run's headers where it has them
    assert header == ["row", "Vendor name", "Country", "Vendor ID", "ISIN", "model", "brand", "description",
                      *RESULT_COLUMNS]
    assert len(body) == len(rows)
    assert all(_neutral(cell) for line in table for cell in line)
    by_row = {line[0]: dict(zip(header, line, strict=True)) for line in body}
    assert [by_row[n]["Vendor name"] for n in ("7", "8", "9")] == ["'" + e for e in EVIL]
    assert by_row["8"]["Country"] == "'\tUS" and by_row["9"]["Country"] == "'\rGB"  # the bell is dropped
    lorex = by_row["2"]
    assert lorex["status"] == "alert" and lorex["best_list"] == "curated" and lorex["best_id"] == "lorex"
    # the name matches exactly; the country differs (the curated record says Canada, the vendor file US)
    assert lorex["best_name"] == "Lorex Technology Inc." and float(lorex["best_score"]) == 0.92
    assert lorex["best_matched_on"] == "Lorex Technology Inc."
    assert lorex["regimes_applied"] == "ndaa_889; brand_relabel"
    assert LOREX_PATH in lorex["exposure_paths"].split(" | ")
    assert SIW in lorex["source_urls"].split()
    assert by_row["12"]["evidence"].startswith("model_pattern: CS-C6N-A0-1C2WFR matches EZVIZ")
    assert "brand: brand word 'EZVIZ'" in by_row["12"]["evidence"]
    assert by_row["13"]["evidence"].startswith("model_pattern: DS-2CD2143G2-I matches Hikvision")
    assert by_row["13"]["brand"] == "" and by_row["12"]["brand"] == "EZVIZ"
    assert by_row["13"]["status"] == "alert" and by_row["13"]["best_name"] == ""  # evidence, no name hit
    assert by_row["3"]["status"] == "clear" and by_row["3"]["best_name"] == ""  # Apple
    hik = by_row["4"]  # no name, only Hikvision's ISIN
    assert hik["status"] == "alert" and hik["best_matched_on"] == "isin CNE100000PM8"


def test_xlsx(tmp_path: Path, run: tuple[RunMeta, list[RowResult]]) -> None:
    meta, rows = run
    out = write_report(meta, iter(rows), tmp_path / "r.xlsx", "xlsx")
    with zipfile.ZipFile(out) as zf:  # no formula element anywhere in the file
        assert not any(b"<f>" in zf.read(n) or b"<f " in zf.read(n) for n in zf.namelist() if n.endswith(".xml"))
    wb = load_workbook(out)
    assert wb.sheetnames == ["Results", "Lists", "Method"]
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert _neutral(cell.value), (ws.title, cell.coordinate, cell.value)
    res = [[c.value for c in line] for line in wb["Results"].iter_rows()]
    header = res[0]
    assert header[:4] == ["row", "Vendor name", "Country", "Vendor ID"]
    by_row = {line[0]: dict(zip(header, line, strict=True)) for line in res[1:]}
    assert len(by_row) == len(rows)
    assert [by_row[n]["Vendor name"] for n in (7, 8, 9)] == ["'" + e for e in EVIL]
    assert by_row[8]["Country"] == "'\tUS"  # a control character is dropped
    assert LOREX_PATH in by_row[2]["exposure_paths"].split(" | ")
    assert by_row[2]["best_score"] == 0.92
    lists = [[c.value for c in line] for line in wb["Lists"].iter_rows()]
    assert lists[0] == ["source", "version", "records", "fetched_at", "published", "sha256"]
    curated = next(v for v in meta.lists if v.source == "curated")
    assert ["curated", curated.version, 405, curated.fetched_at, curated.published, curated.sha256] in lists
    method = {line[0].value: [c.value for c in line[1:]] for line in wb["Method"].iter_rows() if line[0].value}
    assert method["as_of"][0] == "2021-09-01" and method["threshold"][0] == 0.85  # the run's, as a number
    assert method["engine"][0] == "local" and method["candidate_floor"][0] == 0.5
    assert method["short_evidence_alone"][0] == "False"
    assert method["bis_affiliates"][1:3] == ["no", "not yet in effect on 2021-09-01 (effective 2025-09-29)"]
    assert method["ndaa_889"][1] == "yes" and method["ndaa_889"][4].startswith("https://")


def test_json_round_trip(tmp_path: Path, run: tuple[RunMeta, list[RowResult]]) -> None:
    meta, rows = run
    out = write_report(meta, iter(rows), tmp_path / "r.json", "json")
    text = out.read_text(encoding="utf-8")
    assert "Zhejiang Dahua" in text and "→ Hangzhou EZVIZ" in text and "\\u2192" not in text  # UTF-8, unescaped
    data = json.loads(text)
    assert data["meta"] == meta.model_dump(mode="json")  # exactly the model's serialisation
    assert data["meta"]["threshold"] == 0.85 and data["meta"]["matching"]["candidate_floor"] == 0.5
    assert Report.model_validate(data) == Report(meta=meta, rows=rows)


def _external_refs(html: str) -> list[str]:
    """Anything in the page that would make a browser fetch: src=, style sheets, images, url(), @import;
    href= only on <a> anchors is a plain link and allowed."""
    bad = re.findall(r"\ssrc\s*=|<link\b|<img\b|<script|<iframe|<object|<embed|@import|srcset", html, re.I)
    bad += [u for u in re.findall(r"url\(([^)]*)\)", html) if not u.strip("'\" ").startswith("#")]
    for m in re.finditer(r"<(\w+)\b[^>]*\shref\s*=", html, re.I):
        if m.group(1).lower() != "a":
            bad.append(m.group(0))
    return bad


def test_html(tmp_path: Path, run: tuple[RunMeta, list[RowResult]]) -> None:
    meta, rows = run
    out = write_report(meta, iter(rows), tmp_path / "r.html", "html")
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert escape(NASTY_LISTED, quote=True) in html and NASTY_LISTED not in html and "<Holdings>" not in html
    assert escape(EVIL[0], quote=True) in html and 'href="http://evil' not in html
    assert "vendor string &lt;b&gt;bold&lt;/b&gt; &amp; co" in html
    assert "javascript:" not in html.replace("javascript:alert(1)", "").replace("javascript:alert(2)", "")
    assert 'href="javascript' not in html  # a non-http URL is shown, never linked
    assert "<script" not in html.lower()
    assert _external_refs(html) == []
    assert html.count("<svg") == 2  # two alerts (Lorex, EZVIZ) have a path
    assert "Zhejiang Dahua Technology Co., Ltd." in html and "subsidiary_of (2018-02 → 2022-11-24)" in html
    assert f'<a href="{escape(SIW)}"' in html  # edge source as a plain link
    assert "us_ndaa_889 via ndaa_889" in html
    for word in ("EZVIZ", "DS-2CD2143G2-I", "Apple Inc.", "2021-09-01", "vendors-2021.csv",
                 meta.lists[0].sha256):
        assert word in html
    summary = html.split('<section id="summary">')[1].split("</section>")[0]
    assert "<b>8</b>rows screened" in summary and "<b>5</b>alerts" in summary and "<b>3</b>clear" in summary
    method = html.split('<section id="method">')[1]
    assert "threshold: 0.85" in method and "<code>candidate_floor</code>" in method
    assert "us_ndaa_889" in summary and "NDAA FY2019 section 889" in summary
    assert '<section id="clear">' in html and "<details>" in html
    assert "BIS Affiliates Rule" in html.split('<section id="method">')[1]


def test_html_counts_clear_rows_beyond_limit(tmp_path: Path, run: tuple[RunMeta, list[RowResult]]) -> None:
    meta, rows = run
    n = CLEAR_ROWS_SHOWN + 5

    def many() -> Iterator[RowResult]:
        yield rows[0]
        for i in range(n):
            yield RowResult(row=100 + i, kind="vendor", input={"vendor_id": f"C{i}", "name": f"Clear Co {i}"})

    html = write_report(meta, many(), tmp_path / "big.html", "html").read_text(encoding="utf-8")
    clear = html.split('<section id="clear">')[1].split("</section>")[0]
    assert f"Clear rows ({n:,})" in clear and "Clear Co 1" not in html and "<details>" not in clear


def test_multi_hop_and_aggregate_paths() -> None:
    """Two hops, an ownership aggregate without a listing, a not-applied rule, names from owners."""
    def edge(a: str, rel: str, b: str, share: float | None = None) -> Edge:
        return Edge(subject=a, relation=rel, object=b, share=share, start="2019")

    row = RowResult(row=1, kind="holdings", input={"name": "Sub & Co"}, status="alert", hits=[
        Hit(source="x", source_id="sub", name="Sub & Co", score=0.97, schema_="Company")], exposures=[
        Exposure(regime="ofac_50", regime_name="OFAC 50 Percent Rule", applied=True, why="in effect",
                 path=[edge("x:sub", "owned_by", "x:a", 30.0), edge("x:sub", "owned_by", "x:b", 25.0)],
                 aggregate_share=55.0, owners=[
                     Owner(owner="x:a", name="A <Holding>", share=30.0, blocked_because="listed"),
                     Owner(owner="x:b", name="B Holding", share=25.0,
                           blocked_because="owned 50 percent or more by blocked persons")]),
        Exposure(regime="ndaa_889", regime_name="NDAA 889", applied=False, why="switched off",
                 path=[edge("x:sub", "subsidiary_of", "x:b"), edge("x:b", "subsidiary_of", "x:c")],
                 listing=Listing(list="us_fcc_covered", record="x:c"), names={"x:c": "C Corp"})])
    names = entity_names(row)
    assert names == {"x:sub": "Sub & Co", "x:a": "A <Holding>", "x:b": "B Holding", "x:c": "C Corp"}
    assert path_text(row.exposures[0], names) == (
        "Sub & Co -owned_by 30% (2019 → now)→ A <Holding>; Sub & Co -owned_by 25% (2019 → now)→ B Holding "
        "[ofac_50: aggregate 55%]")
    assert path_text(row.exposures[1], names) == (
        "Sub & Co -subsidiary_of (2019 → now)→ B Holding -subsidiary_of (2019 → now)→ C Corp "
        "[us_fcc_covered via ndaa_889, not applied: switched off]")
    svg = row_svg(row, names, "Sub & Co")
    assert svg.startswith("<svg") and svg.endswith("</svg>") and "A &lt;Holding&gt;" in svg
    assert svg.count("<rect") == 4 and 'stroke-dasharray="5,4"' in svg  # the rule not applied is dashed
    xs = dict(re.findall(r'<title>[^<]*\((x:\w+)\)</title><rect x="(\d+)"', svg))
    assert xs["x:a"] == xs["x:b"] != xs["x:sub"] and int(xs["x:c"]) > int(xs["x:b"])  # columns are depth
    assert row_svg(RowResult(row=2, kind="parties", input={}), {}, "nothing") == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_atomic_write(tmp_path: Path, run: tuple[RunMeta, list[RowResult]], fmt: str) -> None:
    meta, rows = run

    def failing() -> Iterator[RowResult]:
        yield from rows[:2]
        raise RuntimeError("input broke mid-run")

    out = tmp_path / f"r.{fmt}"
    with pytest.raises(RuntimeError, match="mid-run"):
        write_report(meta, failing(), out, fmt)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    # a previous report survives a failed rewrite
    write_report(meta, iter(rows), out, fmt)
    before = out.read_bytes()
    with pytest.raises(RuntimeError):
        write_report(meta, failing(), out, fmt)
    assert out.read_bytes() == before and list(tmp_path.iterdir()) == [out]


def test_unknown_format(tmp_path: Path, run: tuple[RunMeta, list[RowResult]]) -> None:
    with pytest.raises(UsageError, match="csv, xlsx, json, html"):
        write_report(*run, tmp_path / "r.pdf", "pdf")
    assert list(tmp_path.iterdir()) == []


# --- a real browser -----------------------------------------------------------------------------


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail(CHROMIUM_HELP, pytrace=False)
    return exe


def _run_chromium(exe: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *args]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"Chromium did not finish in 60 s: {' '.join(cmd)}")


class _Recorder(Handler):
    """Serves the report; records every request line it gets."""

    def do_GET(self) -> None:  # noqa: N802
        self.server.hits[f"{self.command} {self.path}"] += 1
        route = self.server.routes.get(self.path)
        if route is None:
            self.reply(404, b"not here\n")
        else:
            route(self)

    do_POST = do_HEAD = do_GET


def _page_requests(netlog: Path, site: str) -> list[str]:
    """URLs of every network request Chromium made for the page on ``site`` (its network isolation key),
    from a --log-net-log file; the browser's own background requests carry other keys and are left out."""
    text = netlog.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:  # a log cut short: close its event list
        data = json.loads(text.rstrip().rstrip(",") + "]}")
    start = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [e["params"]["url"] for e in data["events"]
            if e["type"] == start and site in str((e.get("params") or {}).get("network_isolation_key", ""))
            and "url" in e["params"]]


@pytest.mark.browser
def test_html_in_headless_chromium(tmp_path: Path, run: tuple[RunMeta, list[RowResult]]) -> None:
    exe = _chromium()
    meta, rows = run
    report = write_report(meta, iter(rows), tmp_path / "report.html", "html")
    url = report.resolve().as_uri()

    shot = tmp_path / "shot.png"
    res = _run_chromium(exe, tmp_path / "p1", f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert shot.exists(), f"no screenshot; chromium said: {res.stderr[-2000:]}"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(shot) as img:
        assert img.size == (1280, 2000)
        rgb = img.convert("RGB")
        colors = rgb.getcolors(maxcolors=1 << 16)
        assert colors is None or len(colors) > 50, "the screenshot is (nearly) blank"
        # counted at full size: text is thin, and a downscaled picture turns it grey
        raw = rgb.tobytes()
        pixels = [raw[i:i + 3] for i in range(0, len(raw), 3)]
        dark = sum(1 for p in pixels if sum(p) < 300)
        alert_red = sum(1 for p in pixels if p[0] > 150 and p[1] < 90 and p[2] < 90)
        assert dark > 20000, f"no text drawn ({dark} dark pixels)"
        assert alert_red > 0, "no alert marking drawn"

    dom = _run_chromium(exe, tmp_path / "p2", "--dump-dom", url).stdout
    assert "Lorex Technology Inc." in dom and "Zhejiang Dahua Technology Co., Ltd." in dom
    assert "EZVIZ" in dom and "DS-2CD2143G2-I" in dom and "&lt;Holdings&gt;" in dom
    assert "<svg" in dom and "<script" not in dom.lower()
    assert _external_refs(dom) == []

    # over HTTP from a local server: the report is the only thing asked of it, and the network log shows
    # no request for the page to anywhere else (the browser's own update and time checks are not the page's)
    srv = Server()
    srv.RequestHandlerClass = _Recorder
    body = report.read_bytes()
    srv.routes["/report.html"] = lambda h: h.reply(200, body, {"Content-Type": "text/html; charset=utf-8"})
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    netlog = tmp_path / "net.json"
    try:
        dom2 = _run_chromium(exe, tmp_path / "p3", f"--log-net-log={netlog}", "--dump-dom",
                             srv.url("/report.html")).stdout
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join()
    assert "Lorex Technology Inc." in dom2 and "<svg" in dom2
    served = {k: v for k, v in srv.hits.items() if not k.endswith("/favicon.ico")}
    assert served == {"GET /report.html": 1}, f"the report asked for more than itself: {dict(srv.hits)}"
    page = [u for u in _page_requests(netlog, "127.0.0.1") if not u.endswith("/favicon.ico")]
    assert page == [srv.url("/report.html")], f"the page made other requests: {page}"
