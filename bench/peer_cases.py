#!/usr/bin/env python3
"""The peers' own public test cases, read from their test files, scored by Behind (and the peer).

usage:
  python bench/peer_cases.py extract [--out bench/peer_cases.jsonl]
  python bench/peer_cases.py score [--cases bench/peer_cases.jsonl] [--no-peer] [--misses]

``extract`` reads the test files of three public projects from local bare clones (``--mirrors
DIR`` holding ``OWNER+NAME/repo``, e.g. ``git clone --bare https://github.com/moov-io/watchman
DIR/moov-io+watchman/repo``; default ``$BEHIND_MIRRORS``) with ``git show``, and writes each labelled name-matching case as data, with where it comes from (repo,
commit, path, line). Only the cases are kept, never the peers' code:

- Watchman (moov-io/watchman): ``internal/embeddings/testdata/cross_script_pairs.csv`` (a name
  in another script and its Latin form: should match); the ``query``/``index`` entity tables of
  ``pkg/search/*_test.go`` with ``shouldMatch``; the ``queryName``/``indexName`` tables with an
  ``expectedScore`` (0.9 or more: should match; 0.5 or less: should not; between: left out);
  the tests that score queries against one SDN record (``ofactest.FindEntity``), the record
  taken from the CSV row the test quotes (name, a.k.a.s, IMO, tax and registration numbers);
- nomenklatura (opensanctions/nomenklatura): the ``CASES`` table of
  ``tests/matching/logic_v2/test_model_cases.py`` (``matches``), the ``name_match`` asserts
  of ``tests/matching/logic_v2/names/test_match.py`` (a score of 1.0 or above 0.7: should
  match; below 0.7: should not), and the asserts on a whole matcher's score in the model tests
  of ``logic_v1``, ``name_based``, ``regression_v1`` and ``erun`` (the entities followed through
  the test's ``.add``/``.set`` calls; ``== 1.0`` or ``> 0.7``: should match, ``== 0.0`` or
  ``< 0.7``: should not, nomenklatura alerting at 0.7; not under a configuration the test
  made itself);
- cases whose point is a name-part tag (a ``firstName`` and ``lastName`` given beside the
  ``name``) are left out: a Behind query has a name, not tagged parts;
- rigour (opensanctions/rigour): the person-name pairs of ``tests/names/test_symbol.py`` whose
  assert says their symbols pair (should match) or that nothing pairs (should not).

A pair asserted twice is kept once; a pair one test says should match and another should not
(two of the peer's models disagree) is left out.

``score`` answers each case with an index holding only the case's listed entity (Behind's
default threshold), and with nomenklatura's logic-v2 (threshold 0.7) when it is installed.
There every word of the case is as rare as a word can be, "the" included; ``--with-lists``
scores each case in one index of the bundled lists and every case's listed entity instead, so
words weigh as they do for a user (a case counts as a match when its own listed entity alerts).
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import re
import subprocess
import sys
import os
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MIRRORS = Path(os.environ.get("BEHIND_MIRRORS", "mirrors"))
#: FollowTheMoney properties a case may carry, and what Behind makes of them
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
PART_PROPS = ("firstName", "middleName", "fatherName", "lastName")
ID_PROPS = {"imoNumber": "imo", "registrationNumber": "registration", "swiftBic": "swift_bic",
            "innCode": "tax_id", "leiCode": "lei", "isinCode": "isin"}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def _case(source: str, commit: str, path: str, line: int, expect: bool, schema: str, query: dict[str, Any],
          listed: dict[str, Any]) -> dict[str, Any]:
    return {"repo": source, "commit": commit, "path": path, "line": line, "expect_match": expect,
            "schema": schema, "query": query, "listed": listed}


# ---------------------------------------------------------------- Watchman
def watchman(repo: Path, source: str) -> list[dict[str, Any]]:
    commit = _git(repo, "rev-parse", "HEAD").strip()
    out = []
    path = "internal/embeddings/testdata/cross_script_pairs.csv"
    for n, line in enumerate(_git(repo, "show", f"HEAD:{path}").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        row = next(csv.reader(io.StringIO(line)))
        if len(row) >= 2 and row[0] != "Query":
            out.append(_case(source, commit, path, n, True, "Person", {"names": [row[0]]}, {"names": [row[1]]}))
    files = [f for f in _git(repo, "ls-tree", "-r", "--name-only", "HEAD", "pkg/search/").split()
             if f.endswith("_test.go")]
    for path in files:
        out.extend(_go_entity_cases(_git(repo, "show", f"HEAD:{path}"), source, commit, path))
        out.extend(_go_name_score_cases(_git(repo, "show", f"HEAD:{path}"), source, commit, path))
        out.extend(_go_ofac_record_cases(_git(repo, "show", f"HEAD:{path}"), source, commit, path))
    return out


_GO_TYPES = {"EntityPerson": "Person", "EntityBusiness": "Company", "EntityVessel": "Vessel",
             "EntityOrganization": "Organization", "EntityAircraft": "Airplane"}
_GO_IDS = {"GovernmentIDTax": "tax_id", "GovernmentIDBusinessRegisration": "registration"}
_MONTHS = {m: i for i, m in enumerate(("January", "February", "March", "April", "May", "June", "July", "August",
                                       "September", "October", "November", "December"), start=1)}


def _sdn_comment(lines: list[str]) -> dict[str, Any] | None:
    """The SDN record a test quotes in its comment (``// 48603,"KHOROSHEV, Dmitry Yuryevich",...``):
    its name, a.k.a.s and the identifiers its remarks give (IMO, tax ID, business registration)."""
    text = " ".join(ln.strip().lstrip("/").strip() for ln in lines)
    m = re.match(r'\d+,"([^"]+)","?([^",]*)', text)
    if not m:
        return None
    listed: dict[str, Any] = {"names": [m.group(1)] + re.findall(r"a\.k\.a\. '([^']+)'", text)}
    ids = {}
    for scheme, pattern in (("imo", r"IMO (\d{7})"), ("tax_id", r"Tax ID No\. (\d+)"),
                            ("registration", r"Business Registration Number (\d+)")):
        found = re.search(pattern, text)
        if found:
            ids[scheme] = found.group(1)
    if ids:
        listed["identifiers"] = ids
    listed["schema"] = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}.get(m.group(2).strip(), "Company")
    return listed


def _go_ofac_record_cases(text: str, source: str, commit: str, path: str) -> list[dict[str, Any]]:
    """Tests that score queries against one SDN record, ``ofactest.FindEntity(t, "48603")``, whose
    CSV row the test quotes in a comment: the listed entity is that row (name, a.k.a.s,
    identifiers); each query (name, type, birth date, IMO number, government IDs) with an
    ``expected`` score of 0.9 or more should match, 0.5 or less should not (between: left out)."""
    out = []
    lines = text.splitlines()
    listed = None
    dates: dict[str, str] = {}
    query: dict[str, Any] | None = None
    start = 0
    for n, line in enumerate(lines, start=1):
        if line.startswith("func "):
            listed, query = None, None
        if "ofactest.FindEntity(" in line:
            comment = []
            for follow in lines[n:n + 12]:
                if follow.strip().startswith("//"):
                    comment.append(follow)
                elif comment:
                    break
            listed = _sdn_comment(comment)
            dates = {}
            continue
        m = re.match(r"\s*(\w+) := time\.Date\((\d{4}), time\.(\w+), (\d+)", line)
        if m:
            dates[m.group(1)] = f"{m.group(2)}-{_MONTHS[m.group(3)]:02d}-{int(m.group(4)):02d}"
        if listed is None:
            continue
        if re.match(r"\s*query: search\.Entity", line):
            query, start = {"names": []}, n
            continue
        if query is None:
            continue
        m = re.match(r"\s*Name:\s*" + _STR, line)
        if m and not query["names"]:
            query["names"].append(json.loads(f'"{m.group(1)}"'))
        m = re.match(r"\s*Type:\s*search\.(\w+)", line)
        if m and m.group(1) in _GO_TYPES and "schema" not in query:
            query["schema"] = _GO_TYPES[m.group(1)]
        elif m and m.group(1) in _GO_IDS:
            query["_id_scheme"] = _GO_IDS[m.group(1)]
        m = re.match(r"\s*Identifier:\s*" + _STR, line)
        if m and query.get("_id_scheme"):
            query.setdefault("identifiers", {})[query.pop("_id_scheme")] = m.group(1)
        m = re.match(r"\s*IMONumber:\s*" + _STR, line)
        if m:
            query.setdefault("identifiers", {})["imo"] = m.group(1)
        m = re.match(r"\s*BirthDate:\s*&(\w+)", line)
        if m and m.group(1) in dates:
            query["birth_date"] = dates[m.group(1)]
        m = re.match(r"\s*expected:\s*([0-9.]+)", line)
        if m:
            score = float(m.group(1))
            query.pop("_id_scheme", None)
            schema = query.pop("schema", "")
            if (score >= 0.9 or score <= 0.5) and (query["names"] or query.get("identifiers")):
                side = dict(listed)  # its own schema: the query's type may differ
                if schema and schema != listed["schema"]:
                    expect = False  # Watchman's own rule: another entity type never matches
                else:
                    expect = score >= 0.9
                out.append(_case(source, commit, path, start, expect, schema or listed["schema"], query, side))
            query = None
    return out


_STR = r'"((?:[^"\\]|\\.)*)"'


def _go_entity_cases(text: str, source: str, commit: str, path: str) -> list[dict[str, Any]]:
    """Table entries with ``query: Entity{Name: ...}``, ``index: Entity{Name: ..., AltNames: ...}``
    and ``shouldMatch: true|false``; the entry starts at its ``name:`` line."""
    out = []
    lines = text.splitlines()
    start = None
    side: str | None = None
    sides: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(lines, start=1):
        if re.match(r"^\s*name:\s*" + _STR + r",\s*$", line):
            start, side, sides = n, None, {}
            continue
        if start is None:
            continue
        m = re.match(r"^\s*(query|index):\s*(?:search\.)?Entity", line)
        if m:
            side = m.group(1)
            sides[side] = {"names": [], "person": False}
        if side:
            m = re.match(r"^\s*Name:\s*" + _STR, line)
            if m and not sides[side]["names"]:
                sides[side]["names"].append(json.loads(f'"{m.group(1)}"'))
            if "EntityPerson" in line:
                sides[side]["person"] = True
            if "AltNames" in line or re.match(r"^\s*Value:\s*" + _STR, line):
                sides[side]["names"].extend(json.loads(f'"{s}"') for s in re.findall(_STR, line.split(":", 1)[1]))
        m = re.match(r"^\s*shouldMatch:\s*(true|false)", line)
        if m and "query" in sides and "index" in sides and sides["query"]["names"] and sides["index"]["names"]:
            schema = "Person" if sides["index"]["person"] or sides["query"]["person"] else ""
            out.append(_case(source, commit, path, start, m.group(1) == "true", schema,
                             {"names": sides["query"]["names"][:1]}, {"names": sides["index"]["names"]}))
            start = None
    return out


def _go_name_score_cases(text: str, source: str, commit: str, path: str) -> list[dict[str, Any]]:
    out = []
    entry: dict[str, Any] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        m = re.match(r"^\s*(queryName|indexName):\s*" + _STR, line)
        if m:
            entry.setdefault("line", n)
            entry[m.group(1)] = json.loads(f'"{m.group(2)}"')
        m = re.match(r"^\s*expectedScore:\s*([0-9.]+)", line)
        if m and "queryName" in entry and "indexName" in entry:
            score = float(m.group(1))
            if entry["queryName"] and entry["indexName"] and (score >= 0.9 or score <= 0.5):
                out.append(_case(source, commit, path, entry["line"], score >= 0.9, "",
                                 {"names": [entry["queryName"]]}, {"names": [entry["indexName"]]}))
            entry = {}
    return out


# ---------------------------------------------------------------- nomenklatura
def _props(data: dict[str, Any]) -> dict[str, Any] | None:
    """Behind's view of a FtM property dict; None when it has a property Behind cannot use."""
    out: dict[str, Any] = {"names": []}
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        if key in NAME_PROPS:
            out["names"].extend(values)
        elif key in ID_PROPS:
            out.setdefault("identifiers", {})[ID_PROPS[key]] = values[0]
        elif key == "birthDate":
            out["birth_date"] = values[0]
        elif key in ("country", "nationality"):
            out["country"] = values[0]
        elif key not in PART_PROPS:
            return None
    parts = [data[k] for k in PART_PROPS if k in data]
    if parts and out["names"]:
        return None  # the case rests on name-part tags (firstName, lastName), which a Behind query has not
    if parts and not out["names"]:
        out["names"].append(" ".join(p if isinstance(p, str) else p[0] for p in parts))
    return out if out["names"] or out.get("identifiers") else None


def nomenklatura(repo: Path, source: str) -> list[dict[str, Any]]:
    commit = _git(repo, "rev-parse", "HEAD").strip()
    out = []
    path = "tests/matching/logic_v2/test_model_cases.py"
    tree = ast.parse(_git(repo, "show", f"HEAD:{path}"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "CASES" for t in node.targets):
            assert isinstance(node.value, ast.List)
            for element in node.value.elts:
                try:
                    case = ast.literal_eval(element)
                except ValueError:
                    continue  # a case with a custom configuration object: not data
                q, r = _props(case["query"]), _props(case["result"])
                if q and r:
                    out.append(_case(source, commit, path, element.lineno, bool(case["matches"]), case["schema"], q, r))
    path = "tests/matching/logic_v2/names/test_match.py"
    out.extend(_assert_cases(ast.parse(_git(repo, "show", f"HEAD:{path}")), source, commit, path))
    for path in MODEL_TESTS:
        out.extend(_model_asserts(ast.parse(_git(repo, "show", f"HEAD:{path}")), source, commit, path))
    return out


#: nomenklatura test files that assert whole-model scores (``LogicV1.compare(a, b, config).score``)
MODEL_TESTS = ("tests/matching/logic_v1/test_model.py", "tests/matching/name_based/test_model.py",
               "tests/matching/regression_v1/test_model.py", "tests/matching/erun/test_model.py")


def _label(op: ast.cmpop, bound: float) -> bool | None:
    """Should-match from an assert on a model score (nomenklatura alerts at 0.7): ``== 1.0`` or
    ``> 0.8``: yes; ``== 0.0`` or ``< 0.5``: no; a bound that leaves the side of 0.7 open: None."""
    if isinstance(op, ast.Eq):
        return True if bound >= 0.7 else False if bound <= 0.5 else None
    if isinstance(op, (ast.Gt, ast.GtE)) and bound >= 0.7:
        return True
    if isinstance(op, (ast.Lt, ast.LtE)) and bound <= 0.7:
        return False
    return None


def _compare_call(node: ast.AST, local: set[str] = frozenset()) -> tuple[str, str] | None:  # type: ignore[assignment]
    """``Model.compare(a, b, ...)`` -> ("a", "b"); None for a compare under a configuration the
    test made itself (a name in ``local``: weights overridden, not the model's defaults)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "compare" \
            and len(node.args) >= 2 and all(isinstance(a, ast.Name) for a in node.args[:2]):
        if any(isinstance(a, ast.Name) and a.id in local for a in node.args[2:]) or node.keywords:
            return None
        return node.args[0].id, node.args[1].id  # type: ignore[attr-defined]
    return None


def _model_asserts(tree: ast.Module, source: str, commit: str, path: str) -> list[dict[str, Any]]:
    """Asserts on a whole matcher's score, following the test's own statements: entities made with
    ``e(schema, **props)`` or ``_make_named(*names)``, changed by ``.add``/``.set``, compared by
    ``Model.compare(a, b, config)``; each assert whose bound settles the side of 0.7 is a case
    (the entities as they are at that point of the test)."""
    out = []
    for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test")]:
        env: dict[str, tuple[str, dict[str, Any]]] = {}
        results: dict[str, tuple[tuple[str, dict[str, Any]], tuple[str, dict[str, Any]]]] = {}
        local = {t.id for n in ast.walk(fn) if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        for stmt in ast.walk(fn):
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                var, value = stmt.targets[0].id, stmt.value
                ent = _entity_call(value)
                if ent:
                    env[var] = (ent[0], dict(ent[1]))
                elif isinstance(value, ast.Call) and getattr(value.func, "id", "") == "_make_named":
                    try:
                        env[var] = ("Person", {"name": [ast.literal_eval(a) for a in value.args]})
                    except ValueError:
                        env.pop(var, None)
                elif (pair := _compare_call(value, local)) and pair[0] in env and pair[1] in env:
                    results[var] = (env[pair[0]], env[pair[1]])
                else:
                    env.pop(var, None)
                    results.pop(var, None)
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) \
                    and isinstance(stmt.value.func, ast.Attribute) and stmt.value.func.attr in ("add", "set") \
                    and isinstance(stmt.value.func.value, ast.Name) and stmt.value.func.value.id in env \
                    and len(stmt.value.args) == 2:
                var = stmt.value.func.value.id
                try:
                    prop, value = (ast.literal_eval(a) for a in stmt.value.args)
                except ValueError:
                    env.pop(var)
                    continue
                schema, props = env[var]
                props = dict(props)
                old = props.get(prop, []) if stmt.value.func.attr == "add" else []
                props[prop] = [*(old if isinstance(old, list) else [old]), value]
                env[var] = (schema, props)
            elif isinstance(stmt, ast.Assert) and isinstance(stmt.test, ast.Compare) \
                    and isinstance(stmt.test.left, ast.Attribute) and stmt.test.left.attr == "score":
                inner = stmt.test.left.value
                sides = None
                if (pair := _compare_call(inner, local)) and pair[0] in env and pair[1] in env:
                    sides = (env[pair[0]], env[pair[1]])
                elif isinstance(inner, ast.Name):
                    sides = results.get(inner.id)
                try:
                    bound = float(ast.literal_eval(stmt.test.comparators[0]))
                except (ValueError, TypeError):
                    continue
                expect = _label(stmt.test.ops[0], bound)
                if sides is None or expect is None:
                    continue
                (qs, qp), (_, rp) = sides
                q, r = _props(qp), _props(rp)
                if q and r:
                    out.append(_case(source, commit, path, stmt.lineno, expect, qs, q, r))
    return out


def _entity_call(node: ast.AST) -> tuple[str, dict[str, Any]] | None:
    """``e("Person", name="...", firstName=...)`` -> (schema, props)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "e" and node.args:
        try:
            schema = ast.literal_eval(node.args[0])
            props = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
        except ValueError:
            return None
        return schema, props
    return None


def _assert_cases(tree: ast.Module, source: str, commit: str, path: str) -> list[dict[str, Any]]:
    out = []
    for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test")]:
        env: dict[str, tuple[str, dict[str, Any]]] = {}
        results: dict[str, tuple[str, str]] = {}
        for stmt in fn.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                var = stmt.targets[0].id
                ent = _entity_call(stmt.value)
                if ent:
                    env[var] = ent
                elif isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name) \
                        and stmt.value.func.id == "name_match" and len(stmt.value.args) >= 2:
                    a, b = stmt.value.args[:2]
                    if isinstance(a, ast.Name) and isinstance(b, ast.Name):
                        results[var] = (a.id, b.id)
            elif isinstance(stmt, ast.Assert) and isinstance(stmt.test, ast.Compare):
                test = stmt.test
                left = test.left
                if not (isinstance(left, ast.Attribute) and left.attr == "score" and isinstance(left.value, ast.Name)):
                    continue
                pair = results.get(left.value.id)
                if not pair or pair[0] not in env or pair[1] not in env:
                    continue
                try:
                    bound = float(ast.literal_eval(test.comparators[0]))
                except ValueError:
                    continue
                op = test.ops[0]
                if isinstance(op, ast.Eq):
                    expect = bound >= 0.7 if bound in (0.0, 1.0) else None
                elif isinstance(op, (ast.Gt, ast.GtE)) and bound >= 0.7:
                    expect = True
                elif isinstance(op, (ast.Lt, ast.LtE)) and bound <= 0.7:
                    expect = False
                else:
                    expect = None
                (qs, qp), (_, rp) = env[pair[0]], env[pair[1]]
                q, r = _props(qp), _props(rp)
                if expect is not None and q and r:
                    out.append(_case(source, commit, path, stmt.lineno, expect, qs, q, r))
    return out


# ---------------------------------------------------------------- rigour
def rigour(repo: Path, source: str) -> list[dict[str, Any]]:
    commit = _git(repo, "rev-parse", "HEAD").strip()
    path = "tests/names/test_symbol.py"
    tree = ast.parse(_git(repo, "show", f"HEAD:{path}"))
    out = []
    for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test")]:
        names: dict[str, tuple[str, str]] = {}
        for stmt in fn.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                call = stmt.value
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "_only":
                    call = call.args[0]
                if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "analyze_names" \
                        and len(call.args) >= 2 and not call.keywords:
                    tag = getattr(call.args[0], "attr", "")
                    try:
                        given = ast.literal_eval(call.args[1])
                    except ValueError:
                        continue
                    if tag == "PER" and isinstance(given, list) and len(given) == 1:
                        names[stmt.targets[0].id] = (tag, given[0])
            elif isinstance(stmt, ast.Assert) and isinstance(stmt.test, ast.Compare) and "q" in names \
                    and "r" in names:
                text = ast.unparse(stmt.test)
                if "pair_symbols(q, r)" not in text and "shape" not in text:
                    continue
                op = stmt.test.ops[0]
                expect = None
                if isinstance(op, ast.Eq) and ast.unparse(stmt.test.comparators[0]) == "[[]]":
                    expect = False
                elif isinstance(op, ast.In) and isinstance(stmt.test.left, ast.List) and stmt.test.left.elts:
                    expect = True
                if expect is not None:
                    out.append(_case(source, commit, path, stmt.lineno, expect, "Person",
                                     {"names": [names["q"][1]]}, {"names": [names["r"][1]]}))
                    names = {}
    return out


def extract(args: argparse.Namespace) -> None:
    cases: list[dict[str, Any]] = []
    seen: set[str] = set()
    for owner_name, reader in (("moov-io/watchman", watchman), ("opensanctions/nomenklatura", nomenklatura),
                               ("opensanctions/rigour", rigour)):
        repo = args.mirrors / owner_name.replace("/", "+") / "repo"
        found = reader(repo, owner_name)
        kept = 0
        labels: dict[str, set[bool]] = {}
        for case in found:
            key = json.dumps([case["schema"], case["query"], case["listed"]], sort_keys=True)
            labels.setdefault(key, set()).add(case["expect_match"])
        for case in found:  # one case once: a test that asserts one pair again adds nothing; a pair
            # one of the peer's models must match and another must not says nothing either way
            key = json.dumps([case["schema"], case["query"], case["listed"]], sort_keys=True)
            if key not in seen and len(labels[key]) == 1:
                seen.add(key)
                cases.append(case)
                kept += 1
        print(f"{owner_name}: {len(found)} cases, {kept} distinct and agreed", file=sys.stderr)
    with args.out.open("w", encoding="utf-8") as fh:
        for case in cases:
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases written to {args.out}", file=sys.stderr)


# ---------------------------------------------------------------- scoring
def listed_entity(case: dict[str, Any], key: str = "1") -> Any:
    from behind.model.entity import Alias, Entity, Identifier
    listed = case["listed"]
    schema = listed.get("schema") or case["schema"] or "Organization"
    names = listed["names"] or ["-"]
    return Entity(source="case", source_id=key, schema=schema, name=names[0],
                  aliases=[Alias(n) for n in names[1:]],
                  identifiers=[Identifier(k, v) for k, v in (listed.get("identifiers") or {}).items()],
                  birth_dates=[listed["birth_date"]] if listed.get("birth_date") else [],
                  countries=[listed["country"]] if listed.get("country") else [])


def behind_matches(case: dict[str, Any], index: Any = None, key: str = "1") -> tuple[bool, float]:
    """Whether Behind alerts on the case's listed entity, and its best score at any threshold:
    in an index of that entity alone, or (``index``) in the index of the bundled lists that holds
    it as ``case:<key>`` too."""
    from behind.matching.match import Index, Query
    query = case["query"]
    if index is None:
        index = Index([listed_entity(case, key)])
    qnames = query["names"] or [""]
    q = Query(name=qnames[0], aliases=qnames[1:], schema=case["schema"] or None,
              identifiers=query.get("identifiers") or {}, birth_date=query.get("birth_date"),
              country=query.get("country"))
    mine = [h for h in index.search(q, threshold=0.0) if h.entity.source == "case" and h.entity.source_id == key]
    hits = [h for h in index.search(q) if h.entity.source == "case" and h.entity.source_id == key]
    return bool(hits), (mine[0].score if mine else 0.0)


def lists_index(cases: list[dict[str, Any]]) -> Any:
    """One index of the bundled lists and every case's listed entity (``case:<n>``): word weights
    as a deployed Behind has them, where a word like "the" is common, not the rarest there is."""
    import tempfile

    from behind.matching.match import Index
    sys.path.insert(0, str(HERE))
    from persons import load_entities
    entities = load_entities(Path(tempfile.mkdtemp(prefix="behind-peer-cases-")))
    return Index(entities + [listed_entity(case, str(n)) for n, case in enumerate(cases)])


def peer_matches(case: dict[str, Any]) -> bool | None:
    try:
        from followthemoney import model
        from nomenklatura.matching.logic_v2.model import LogicV2
    except ImportError:
        return None
    inverse = {v: k for k, v in ID_PROPS.items()}

    def proxy(side: dict[str, Any], key: str) -> Any:
        p = model.make_entity(side.get("schema") or case["schema"] or "Organization")
        p.id = f"{key}-{case['path']}-{case['line']}"
        for n in side["names"]:
            p.add("name", n, quiet=True)
        for scheme, value in (side.get("identifiers") or {}).items():
            p.add(inverse[scheme], value, quiet=True)
        if side.get("birth_date"):
            p.add("birthDate", side["birth_date"], quiet=True)
        return p
    return bool(LogicV2.compare(proxy(case["query"], "q"), proxy(case["listed"], "r"),
                                LogicV2.default_config()).score > 0.7)


def score(args: argparse.Namespace) -> None:
    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows: dict[tuple[str, bool], list[int]] = {}
    wrong = []
    index = lists_index(cases) if args.with_lists else None
    for n, case in enumerate(cases):
        ours, best = behind_matches(case, index, str(n)) if index is not None else behind_matches(case)
        theirs = None if args.no_peer else peer_matches(case)
        row = rows.setdefault((case["repo"], case["expect_match"]), [0, 0, 0, 0])
        row[0] += 1
        row[1] += ours == case["expect_match"]
        if theirs is not None:
            row[2] += 1
            row[3] += theirs == case["expect_match"]
        if ours != case["expect_match"]:
            wrong.append((case, best))
    print(f"{'source':<30}{'expect':>8}{'n':>5}{'Behind':>14}{'peer logic-v2':>18}")
    for expect in (True, False):
        tot = [0, 0, 0, 0]
        for (repo, e), row in sorted(rows.items()):
            if e != expect:
                continue
            tot = [a + b for a, b in zip(tot, row)]
            peer = f"{row[3]}/{row[2]}" if row[2] else "-"
            print(f"{repo:<30}{'match' if e else 'no match':>8}{row[0]:>5}{row[1]:>9} {row[1] / row[0]:.3f}"
                  f"{peer:>18}")
        if tot[0]:
            peer = f"{tot[3]}/{tot[2]} {tot[3] / tot[2]:.3f}" if tot[2] else "-"
            print(f"{'all':<30}{'match' if expect else 'no match':>8}{tot[0]:>5}{tot[1]:>9} "
                  f"{tot[1] / tot[0]:.3f}{peer:>18}")
    if args.misses:
        for case, best in wrong:
            print("WRONG", "should match" if case["expect_match"] else "should not", f"{best:.3f}",
                  case["query"]["names"], "->", case["listed"]["names"][:3], f"{case['repo']} {case['path']}:{case['line']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract")
    e.add_argument("--mirrors", type=Path, default=MIRRORS)
    e.add_argument("--out", type=Path, default=HERE / "peer_cases.jsonl")
    s = sub.add_parser("score")
    s.add_argument("--cases", type=Path, default=HERE / "peer_cases.jsonl")
    s.add_argument("--no-peer", action="store_true")
    s.add_argument("--misses", action="store_true")
    s.add_argument("--with-lists", action="store_true",
                   help="score in one index of the bundled lists and all listed entities (real word weights)")
    args = ap.parse_args()
    extract(args) if args.command == "extract" else score(args)


if __name__ == "__main__":
    main()
