"""Rebuild the seed corpus in ``corpus/`` from Behind's bundled lists and the test fixtures.

Each seed is a small, real excerpt: the records are byte-for-byte those of the bundled files
(the OFAC, CSL, DPL and FtM rows as published; UN records and curated items as they stand in
their files), few enough that one parse takes milliseconds. Run it from the repository root:

    .venv/bin/python tests/fuzz/make_corpus.py
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import yaml
from openpyxl import Workbook  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "behind" / "data"
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = Path(__file__).resolve().parent / "corpus"


def lines_with(path: Path, ents: set[str]) -> bytes:
    """The CRLF rows of an OFAC file whose ent_num is in ``ents`` (rows never span lines there)."""
    rows = path.read_bytes().split(b"\r\n")
    return b"".join(r + b"\r\n" for r in rows if r.split(b",", 1)[0].decode("latin-1") in ents)


def ofac(folder: str, files: dict[str, str], ents: set[str]) -> None:
    out = CORPUS / "ofac" / folder
    out.mkdir(parents=True, exist_ok=True)
    for role, name in files.items():
        data = lines_with(DATA / "ofac" / folder / name, ents)
        (out / name).write_bytes(data + (b"\x1a" if role == "primary" else b""))


def remarks() -> None:
    """Remarks strings of every kind the parser knows (one per line)."""
    seen: list[str] = []
    for name in ("sdn/sdn.csv", "consolidated/cons_prim.csv"):
        text = (DATA / "ofac" / name).read_bytes().decode("latin-1")
        for m in re.finditer(r',"([^"\r\n]{20,600})"\s*\r\n', text):
            kinds = {k for k in ("DOB", "POB", "a.k.a.", "Linked To", "Passport", "Tax ID", "IMO", "CMIC",
                                 "Gender", "nationality", "Website", "Digital Currency", "SWIFT", "Equity Ticker",
                                 "Unified Social Credit Code", "ISIN") if k in m.group(1)}
            if kinds - {k for s in seen for k in s.split("\x00")} or len(seen) < 12:
                seen.append(m.group(1))
            if len(seen) >= 60:
                break
    (CORPUS / "remarks.txt").write_text("\n".join(seen) + "\n", encoding="utf-8")


def head_lines(path: Path, n: int, *, also: tuple[str, ...] = ()) -> bytes:
    data = path.read_bytes()
    lines = data.splitlines(keepends=True)
    picked = lines[:n] + [line for line in lines[n:] if any(a.encode() in line for a in also)]
    return b"".join(picked)


def un() -> None:
    text = (DATA / "un" / "UN_consolidated.xml").read_text(encoding="utf-8")
    head = text[:text.index("<INDIVIDUALS>")]
    people = re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", text, re.S)
    firms = re.findall(r"<ENTITY>.*?</ENTITY>", text, re.S)
    pick = [p for p in people if "INDIVIDUAL_DOCUMENT" in p and "FROM_YEAR" in p][:1]
    pick += [p for p in people if "NAME_ORIGINAL_SCRIPT" in p and "<NUMBER>" in p][:1] + people[:1]
    body = ("<INDIVIDUALS>" + "".join(pick) + "</INDIVIDUALS><ENTITIES>" + "".join(firms[:2])
            + "</ENTITIES></CONSOLIDATED_LIST>")
    (CORPUS / "un.xml").write_text(head + body, encoding="utf-8")


def curated() -> None:
    doc = yaml.safe_load((DATA / "curated" / "ecosystem.yaml").read_text(encoding="utf-8"))
    keep = {"hikvision", "ezviz", "dahua", "lorex", "chen_quanguo"}
    small = {
        "meta": doc["meta"],
        "entities": [e for e in doc["entities"] if e["id"] in keep],
        "relations": [r for r in doc["relations"] if r["subject"] in keep and r["object"] in keep],
        "listings": [x for x in doc["listings"] if x["entity"] in keep],
        "unverified": doc.get("unverified", [])[:1],
    }
    text = yaml.safe_dump(small, allow_unicode=True, sort_keys=False, width=100)
    (CORPUS / "ecosystem.yaml").write_text(text, encoding="utf-8")


def xlsx() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Vendors"
    for row in [("Vendor Name", "Country", "USCC", "Since"),
                ("Hangzhou Hikvision Digital Technology Co., Ltd.", "CN", "91330000733796106P", "2019-10-09"),
                ("Apple Inc.", "US", None, 12.0), ("=HYPERLINK(\"x\")", "GB", None, None)]:
        ws.append(row)
    wb.create_sheet("Notes").append(("note",))
    buf = io.BytesIO()
    wb.save(buf)
    (CORPUS / "vendors.xlsx").write_bytes(buf.getvalue())


def main() -> None:
    ofac("sdn", {"primary": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"},
         {"36", "306", "2686", "2676", "4234", "7326", "10725", "12300", "15431", "25308", "28263"})
    ofac("consolidated", {"primary": "cons_prim.csv", "alt": "cons_alt.csv", "add": "cons_add.csv",
                          "comments": "cons_comments.csv"}, {"9639", "17014", "17016", "19675", "30946", "30947"})
    remarks()
    (CORPUS / "csl.csv").write_bytes(head_lines(DATA / "csl" / "csl.csv", 12))
    shutil.copy(FIXTURES / "csl_sample.json", CORPUS / "csl.json")
    (CORPUS / "dpl.txt").write_bytes(head_lines(DATA / "bis_dpl" / "dpl.txt", 10))
    un()
    curated()
    shutil.copy(FIXTURES / "ftm_sample.ftm.json", CORPUS / "sample.ftm.json")
    inputs = CORPUS / "inputs"
    inputs.mkdir(exist_ok=True)
    for path in sorted((DATA / "samples").glob("*.csv")) + sorted((FIXTURES / "inputs").iterdir()):
        shutil.copy(path, inputs / path.name)
    xlsx()


if __name__ == "__main__":
    main()
