"""Supplier trees (``--kind suppliers``): the tree of a file's rows, and its findings carried up to the top.

Each row is a supplier relation: ``supplier`` sells to ``customer``, which names the supplier of
another row, or is empty (or ``buyer``) for the top tier. Names are compared ignoring case and
runs of spaces; a supplier named on several rows (one per customer) is one node of the tree
with several customers.

:func:`build_tree` reads the rows once, before anything is screened, and refuses (as
:class:`~behind.errors.InputError` naming the rows as a spreadsheet numbers them) a customer no
row supplies (an orphan) and a cycle. Every row is then screened as a party; :func:`carry_up`
reads the screened rows back from the checkpoint and rewrites them, giving each row its
``path`` (the supplier names from it up to the top tier) and its ``findings_below`` (each
alerting row's finding, carried to every node above it). A node alerts when a node below it
alerts: "finished good Men's shirt has a tier-3 supplier Aksu Cotton Yarn Co. (cotton yarn): ...".

Memory holds the tree only (names, customers, products, tiers) and the findings, never the
screened rows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from behind.errors import InputError
from behind.model.results import RowResult
from behind.screening.checkpoint import Checkpoint
from behind.screening.inputs.tables import InputRow

#: customer values that mark a top-tier row
TOP = frozenset({"", "buyer", "the buyer"})
#: findings kept per node (the rest are counted)
MAX_FINDINGS = 20
_TIER = re.compile(r"\s*(?:tier)?\s*[-_ ]?\s*(\d{1,4})\s*", re.IGNORECASE)
#: rows named in an error message
_SHOWN = 10


def name_key(name: str) -> str:
    """A supplier name as rows are compared: case and runs of spaces ignored."""
    return " ".join(name.casefold().split())


@dataclass
class Tree:
    """The supplier tree of a file: per row its supplier's key, its customer's key (``""`` on top),
    product and declared tier; per supplier key its first-seen name, rows and customers."""

    supplier: dict[int, str] = field(default_factory=dict)
    customer: dict[int, str] = field(default_factory=dict)
    product: dict[int, str] = field(default_factory=dict)
    tier: dict[int, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    rows_of: dict[str, list[int]] = field(default_factory=dict)
    customers: dict[str, list[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.supplier)

    def path(self, row: int) -> list[str]:
        """The supplier names from ``row``'s supplier up to the top tier (through each node's first customer)."""
        out = [self.names[self.supplier[row]]]
        key = self.customer[row]
        while key:
            out.append(self.names[key])
            ups = self.customers[key]
            key = ups[0] if ups else ""
        return out

    def tier_of(self, row: int) -> int:
        """The row's declared tier, else its depth (1 for the top tier)."""
        return self.tier.get(row) or len(self.path(row))

    def above(self, row: int) -> list[str]:
        """Every supplier key above ``row`` (its customers, theirs, ...), once each."""
        start = self.customer[row]
        seen: list[str] = []
        todo = [start] if start else []
        found = set(todo)
        while todo:
            key = todo.pop()
            seen.append(key)
            for up in self.customers[key]:
                if up and up not in found:
                    found.add(up)
                    todo.append(up)
        return seen


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:_SHOWN]))
    return f"rows {shown}" + (f" and {len(rows) - _SHOWN:,} more" if len(rows) > _SHOWN else "")


def build_tree(rows: Iterable[InputRow], file: str | None = None) -> Tree:
    """The tree of ``rows``; :class:`InputError` for orphan rows and for a cycle, naming their rows."""
    tree = Tree()
    for row in rows:
        f = row.fields
        name = f.get("supplier", "")
        if not name:
            raise InputError("the row has no supplier name: every node of a supplier tree needs one",
                             file=file, row=row.number, field="supplier")
        key, customer = name_key(name), name_key(f.get("customer", ""))
        if customer in TOP:
            customer = ""
        tree.supplier[row.number] = key
        tree.customer[row.number] = customer
        if f.get("product"):
            tree.product[row.number] = f["product"]
        tier = _TIER.fullmatch(f.get("tier", ""))
        if tier and int(tier.group(1)) > 0:
            tree.tier[row.number] = int(tier.group(1))
        tree.names.setdefault(key, name)
        tree.rows_of.setdefault(key, []).append(row.number)
        ups = tree.customers.setdefault(key, [])
        if customer not in ups:
            ups.append(customer)
    orphans = [r for r, c in tree.customer.items() if c and c not in tree.rows_of]
    if orphans:
        missing = ", ".join(dict.fromkeys(repr(tree.customer[r]) for r in orphans[:_SHOWN]))
        raise InputError(f"orphan rows: {_rows_text(orphans)} name a customer that no row supplies ({missing}); "
                         "a customer must be the supplier of another row, or empty (or 'buyer') for the top tier",
                         file=file, row=orphans[0], field="customer")
    cycle = _cycle(tree)
    if cycle:
        rows_in = sorted(r for k in cycle[:-1] for r in tree.rows_of[k] if tree.customer[r] in cycle)
        chain = " → ".join(tree.names[k] for k in cycle)
        raise InputError(f"the supplier tree has a cycle: {chain} ({_rows_text(rows_in)}); "
                         "a supplier cannot be its own customer, directly or through others",
                         file=file, row=rows_in[0], field="customer")
    return tree


def _cycle(tree: Tree) -> list[str]:
    """A cycle of supplier keys (the first key repeated at the end), or ``[]``; iterative depth-first search."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in tree.customers:
        if start in state:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        on_path: list[str] = [start]
        state[start] = 1
        while stack:
            key, i = stack[-1]
            ups = tree.customers[key]
            if i < len(ups):
                stack[-1] = (key, i + 1)
                up = ups[i]
                if not up:
                    continue
                if state.get(up) == 1:
                    return on_path[on_path.index(up):] + [up]
                if up not in state:
                    state[up] = 1
                    stack.append((up, 0))
                    on_path.append(up)
            else:
                state[key] = 2
                stack.pop()
                on_path.pop()
    return []


def finding(tree: Tree, row: int, summary: str) -> str:
    """One row's own finding as the nodes above it cite it."""
    product = tree.product.get(row)
    who = f"tier-{tree.tier_of(row)} supplier {tree.names[tree.supplier[row]]}" + (f" ({product})" if product else "")
    return f"{who}: {summary}"


def findings_below(tree: Tree, own: dict[int, str]) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Per supplier key, the findings of the nodes below it (at most :data:`MAX_FINDINGS`) and their count.

    ``own`` maps each row that alerted on its own to its finding (:func:`finding`)."""
    below: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for row in sorted(own, key=lambda r: (tree.tier_of(r), r)):
        for key in tree.above(row):
            counts[key] = counts.get(key, 0) + 1
            kept = below.setdefault(key, [])
            if len(kept) < MAX_FINDINGS:
                kept.append(own[row])
    return below, counts


def carried(tree: Tree, result: RowResult, below: list[str], count: int) -> RowResult:
    """``result`` with its path to the top and the findings below it; alerting when one is found."""
    path = tree.path(result.row)
    update: dict[str, object] = {"path": path, "findings_below": below}
    if below:
        product = tree.product.get(result.row)
        subject = (f"finished good {product}" if len(path) == 1 and product
                   else path[0] + (f" ({product})" if product else ""))
        more = f"; and {count - 1:,} more finding{'s' if count > 2 else ''} below" if count > 1 else ""
        text = f"{subject} has a {below[0]}{more}"
        own = result.status == "alert"
        update.update(status="alert", summary=f"{result.summary}; below it: {text}" if own else text)
        if count > len(below):
            update["findings_below"] = [*below, f"… and {count - len(below):,} more"]
    return result.model_copy(update=update)


class _Head(BaseModel):
    """What the first pass over the screened rows needs of each (reads twice as fast as a whole row)."""

    model_config = ConfigDict(extra="ignore")

    row: int
    status: str
    summary: str
    path: list[str] = []


def carry_up(tree: Tree, checkpoint: Checkpoint) -> None:
    """Rewrite the checkpoint's screened rows with their paths and the findings carried up the tree.

    Done once: a checkpoint whose rows already carry their paths (a resumed run) is left as it is.
    The rows file is replaced whole, so a kill leaves it before or after, never half-written."""
    own: dict[int, str] = {}
    with checkpoint.rows_path.open(encoding="utf-8") as fh:
        for line in fh:
            head = _Head.model_validate_json(line)
            if head.path:
                return
            if head.status == "alert":
                own[head.row] = finding(tree, head.row, head.summary)
    below, counts = findings_below(tree, own)
    tmp = checkpoint.rows_path.with_name("rows.jsonl.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for result in checkpoint.rows():
            key = tree.supplier[result.row]
            out.write(carried(tree, result, below.get(key, []), counts.get(key, 0)).model_dump_json() + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, checkpoint.rows_path)


__all__ = ["MAX_FINDINGS", "TOP", "Tree", "build_tree", "carried", "carry_up", "finding", "findings_below",
           "name_key"]
