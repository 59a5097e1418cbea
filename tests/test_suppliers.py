"""`behind screen --kind suppliers`: supplier trees, findings carried up to the top tier, orphans and cycles."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from behind.config import Settings
from behind.errors import InputError
from behind.reports import run_screen
from behind.screening import Checkpoint, ScreenRequest
from behind.screening.inputs.tables import InputRow
from behind.screening.suppliers import MAX_FINDINGS, build_tree, finding, findings_below

HEADER = ["Supplier", "Customer", "Tier", "Product", "Country", "Address", "USCC"]
GARMENTS = [
    HEADER,
    ["Northwind Apparel Ltd.", "buyer", "1", "Men's cotton oxford shirt", "VN",
     "Lot C4, Tan Uyen Industrial Park, Binh Duong", ""],
    ["Jiangsu Huafang Textile Co., Ltd.", "Northwind Apparel Ltd.", "2", "cotton poplin fabric", "CN",
     "No. 18 Binjiang Road, Nantong, Jiangsu", ""],
    ["Aksu Tianshan Cotton Yarn Co., Ltd.", "Jiangsu Huafang Textile Co., Ltd.", "3", "combed cotton yarn", "CN",
     "No. 8 Textile Park Road, Aksu City, Xinjiang 843000", ""],
    ["Awati Green Field Cotton Cooperative", "Aksu Tianshan Cotton Yarn Co., Ltd.", "4", "raw cotton lint", "CN",
     "Awati County, Aksu Prefecture, Xinjiang", ""],
    ["Zhejiang Button & Trim Co.", "Northwind Apparel Ltd.", "2", "buttons", "CN",
     "No. 3 Weixing Road, Jiaxing, Zhejiang", ""],
    ["Lisbon Linen Works", "", "1", "Linen tablecloth", "PT", "Rua do Ouro 120, Lisbon", ""],
    ["Flandria Flax Spinning NV", "Lisbon Linen Works", "2", "linen yarn", "BE", "Kortrijksesteenweg 5, Kortrijk",
     ""],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def screen(loaded_dir: Path, tmp_path: Path, rows: list[list[str]], fmt: str = "json") -> Path:
    src = write_csv(tmp_path / "suppliers.csv", rows)
    out = tmp_path / f"report.{fmt}"
    run_screen(Settings(data_dir=loaded_dir), ScreenRequest(input=src, kind="suppliers", output=out, fmt=fmt,
                                                            as_of=date(2024, 1, 1)))
    return out


def test_a_tier_3_supplier_in_xinjiang_alerts_the_finished_good(loaded_dir, tmp_path):
    report = json.loads(screen(loaded_dir, tmp_path, GARMENTS).read_text(encoding="utf-8"))
    rows = {r["row"]: r for r in report["rows"]}
    assert report["meta"]["kind"] == "suppliers" and len(rows) == 7
    top = rows[2]
    assert top["status"] == "alert" and top["kind"] == "suppliers"
    assert top["summary"].startswith("finished good Men's cotton oxford shirt has a tier-3 supplier "
                                     "Aksu Tianshan Cotton Yarn Co., Ltd. (combed cotton yarn)")
    assert "Aksu City" in top["summary"] and "UFLPA" in top["summary"]
    assert top["path"] == ["Northwind Apparel Ltd."]
    assert len(top["findings_below"]) == 2 and top["findings_below"][1].startswith(
        "tier-4 supplier Awati Green Field Cotton Cooperative (raw cotton lint)")
    assert top["input"] == dict(zip(("supplier", "customer", "tier", "product", "country", "address"),
                                    GARMENTS[1][:6]))  # input is the row as read, nothing added
    mill = rows[3]  # in Jiangsu itself, alerting through its supplier: a risky branch
    assert mill["status"] == "alert" and mill["evidence"] == [] and len(mill["findings_below"]) == 2
    assert mill["path"] == ["Jiangsu Huafang Textile Co., Ltd.", "Northwind Apparel Ltd."]
    spinner = rows[4]
    assert spinner["status"] == "alert" and any(ev["kind"] == "region" for ev in spinner["evidence"])
    assert spinner["path"] == ["Aksu Tianshan Cotton Yarn Co., Ltd.", "Jiangsu Huafang Textile Co., Ltd.",
                               "Northwind Apparel Ltd."]
    assert rows[5]["status"] == "alert" and rows[5]["findings_below"] == [] and len(rows[5]["path"]) == 4
    assert rows[6]["status"] == "clear" and rows[6]["findings_below"] == []  # a sibling branch stays clear
    # an unrelated tree in the same file stays clear
    assert rows[7]["status"] == "clear" and rows[8]["status"] == "clear"
    assert rows[8]["path"] == ["Flandria Flax Spinning NV", "Lisbon Linen Works"]
    assert report["meta"]["alerts"] == 4


def test_reports_give_each_node_its_path_and_draw_the_tree(loaded_dir, tmp_path):
    with (screen(loaded_dir, tmp_path, GARMENTS, "csv")).open(encoding="utf-8-sig") as fh:
        lines = list(csv.DictReader(fh))
    assert lines[2]["path"] == ("Aksu Tianshan Cotton Yarn Co., Ltd. → Jiangsu Huafang Textile Co., Ltd. → "
                                "Northwind Apparel Ltd.")
    assert "tier-3 supplier Aksu Tianshan" in lines[0]["findings_below"]
    page = screen(loaded_dir, tmp_path, GARMENTS, "html").read_text(encoding="utf-8")
    assert '<section id="tree">' in page
    assert '<a class="risk" href="#row-4">Aksu Tianshan Cotton Yarn Co., Ltd.' in page
    assert "Zhejiang Button &amp; Trim Co." in page and 'href="#row-6"' not in page  # clear: not red
    tree = page[page.index('<section id="tree">'):page.index("</section>", page.index('<section id="tree">'))]
    assert tree.count("<ul") == tree.count("</ul>") and tree.count("<li>") == tree.count("</li>") == 7


def test_an_unrelated_clean_tree_stays_clear(loaded_dir, tmp_path):
    report = json.loads(screen(loaded_dir, tmp_path, [HEADER, GARMENTS[6], GARMENTS[7]]).read_text(encoding="utf-8"))
    assert [r["status"] for r in report["rows"]] == ["clear", "clear"] and report["meta"]["alerts"] == 0


def test_an_orphan_row_is_an_input_error_naming_it(loaded_dir, tmp_path):
    rows = [*GARMENTS, ["Kashgar Dye House", "Guangzhou Finishing Co.", "3", "dyeing", "CN", "", ""]]
    with pytest.raises(InputError) as err:
        screen(loaded_dir, tmp_path, rows)
    assert err.value.row == 9 and err.value.field == "customer"
    assert "orphan rows: rows 9" in str(err.value) and "'guangzhou finishing co.'" in str(err.value)
    assert not (tmp_path / "report.json").exists() and not Checkpoint(tmp_path / "report.json").dir.exists()


def test_a_cycle_is_an_input_error_naming_its_rows(loaded_dir, tmp_path):
    rows = [HEADER, ["Garment Co.", "", "1", "shirt", "", "", ""],
            ["Mill A", "Garment Co.", "2", "fabric", "", "", ""],
            ["Mill B", "Mill C", "", "yarn", "", "", ""],
            ["Mill C", "Mill B", "", "fibre", "", "", ""]]
    with pytest.raises(InputError) as err:
        screen(loaded_dir, tmp_path, rows)
    assert "cycle" in str(err.value) and "rows 4, 5" in str(err.value) and err.value.row == 4
    with pytest.raises(InputError) as err:
        screen(loaded_dir, tmp_path, [HEADER, ["Self Supply Ltd.", "self supply ltd.", "", "", "", "", ""]])
    assert "cycle" in str(err.value) and "rows 2" in str(err.value)


def test_a_supplier_on_several_rows_is_one_node_with_several_customers():
    rows = [InputRow(2, {"supplier": "Shirt Co", "product": "shirt"}),
            InputRow(3, {"supplier": "Dress Co", "customer": "Buyer", "product": "dress"}),
            InputRow(4, {"supplier": "Mill", "customer": "shirt  co"}),
            InputRow(5, {"supplier": "MILL", "customer": "Dress Co"}),
            InputRow(6, {"supplier": "Farm", "customer": "Mill", "tier": "Tier 3", "product": "cotton"})]
    tree = build_tree(rows)
    assert tree.path(6) == ["Farm", "Mill", "Shirt Co"] and tree.path(5) == ["Mill", "Dress Co"]  # one node, its first-seen name
    below, counts = findings_below(tree, {6: finding(tree, 6, "Xinjiang nexus")})
    assert below["shirt co"] == below["dress co"] == ["tier-3 supplier Farm (cotton): Xinjiang nexus"]
    assert counts["mill"] == 1 and "farm" not in below


def test_findings_kept_per_node_are_bounded():
    rows = [InputRow(2, {"supplier": "Top"})] + [InputRow(n, {"supplier": f"S{n}", "customer": "Top"})
                                                for n in range(3, 103)]
    tree = build_tree(rows)
    below, counts = findings_below(tree, {n: finding(tree, n, "listed") for n in range(3, 103)})
    assert len(below["top"]) == MAX_FINDINGS and counts["top"] == 100
