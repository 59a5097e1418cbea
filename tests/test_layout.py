"""The package layout rules, checked on the source text with ``ast`` (nothing is imported).

Layers, lowest first; a module may import ``behind.*`` only from its own layer or a lower one::

    errors, resources, model, config, text, sources, ingest, store, matching, graph,
    evidence, screening, reports, cli

``behind.errors``, ``behind.resources`` and ``behind.config`` are base modules; every other
layer is a package under ``src/behind``. The top-level ``behind/__init__.py`` may re-export
from the base layers only (up to ``config``), and so counts as a ``config``-level module for
whoever imports it.

Rules, each test naming every offender at once:

* imports go down the layers (``import behind.x``, ``from behind.x import y``,
  ``from behind import x``, relative imports and ``importlib.import_module("behind.x")``,
  wherever they stand, ``if TYPE_CHECKING:`` blocks included);
* every top-level module or package under ``src/behind`` is one of the layers;
* no import cycles between modules (the graph of module-level imports, an import of a
  package's name being an edge to its ``__init__``; ``TYPE_CHECKING`` imports count);
* no ``behind.*`` import inside a function or class body (the hidden cycle-breaker), and no
  ``importlib.import_module``/``__import__`` of a name computed at run time (the checks cannot
  see what it loads); lazy imports of third-party libraries by their literal name are fine;
* no module over 400 lines;
* every package's ``__init__.py`` defines ``__all__`` as a literal list of names, each of
  them bound in that file (assigned, defined or imported).

The last test plants one violation of each kind in a small fake tree and checks that the
checkers report exactly those, so this file cannot pass by checking nothing.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from pathlib import Path

ROOT = "behind"
SRC = Path(__file__).resolve().parents[1] / "src" / ROOT
LAYERS = ("errors", "resources", "model", "config", "text", "sources", "ingest", "store", "matching", "graph",
          "evidence", "screening", "reports", "team", "web", "api", "cli")
ROOT_CEILING = "config"  # behind/__init__.py re-exports from errors..config only
MAX_LINES = 400
_RANK = {name: i for i, name in enumerate(LAYERS)}


# ----------------------------------------------------------------------------- reading the tree

@dataclass(frozen=True)
class Module:
    name: str  # behind.matching.score; behind.model for behind/model/__init__.py
    path: Path
    is_package: bool
    rel: str  # path shown in messages: src/behind/...


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported behind.* module (deepest one that exists)
    line: int
    module_level: bool
    type_checking: bool
    scope: str  # "" at module level, else the enclosing def/class names: "Screener.screen"
    dynamic: str = ""  # the argument of an import_module()/__import__() the checks cannot follow


def discover(src: Path = SRC, root: str = ROOT) -> dict[str, Module]:
    """Every ``.py`` file under ``src`` (the ``behind`` folder), by dotted module name; and every module
    written in C, by its ``.pyi`` stub (``matching/postings.pyi`` for ``postings.c``)."""
    out: dict[str, Module] = {}
    stubs = [p for p in src.rglob("*.pyi") if not p.with_suffix(".py").exists()]
    for path in sorted([*src.rglob("*.py"), *stubs]):
        rel = path.relative_to(src)
        if "__pycache__" in rel.parts:
            continue
        parts = [root, *rel.parts[:-1]]
        is_package = rel.name == "__init__.py"
        if not is_package:
            parts.append(rel.stem)
        name = ".".join(parts)
        out[name] = Module(name, path, is_package, f"src/{root}/{rel.as_posix()}")
    return out


def _package_of(mod: Module) -> str:
    return mod.name if mod.is_package else mod.name.rpartition(".")[0]


def _existing(name: str, modules: dict[str, Module]) -> str:
    """``name`` if it is a module, else its longest prefix that is (a name imported from a package);
    ``name`` itself when not even its layer exists (``behind.devices`` after a move), so it shows."""
    parts = name.split(".")
    while len(parts) > 1 and ".".join(parts) not in modules:
        parts.pop()
    return ".".join(parts) if len(parts) > 1 or "." not in name else name


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _ImportCollector(ast.NodeVisitor):
    def __init__(self, mod: Module, modules: dict[str, Module], root: str) -> None:
        self.mod = mod
        self.modules = modules
        self.root = root
        self.scope: list[str] = []
        self.type_checking = 0
        self.found: list[Import] = []

    def _add(self, target: str, node: ast.AST, dynamic: str = "") -> None:
        if not dynamic and target != self.root and not target.startswith(self.root + "."):
            return
        self.found.append(Import(
            self.mod.name, _existing(target, self.modules) if not dynamic else "?", getattr(node, "lineno", 0),
            not self.scope, self.type_checking > 0, ".".join(self.scope), dynamic,
        ))

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda) -> None:
        self.scope.append(getattr(node, "name", "<lambda>"))
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = _scoped

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self.type_checking += 1
            for child in node.body:
                self.visit(child)
            self.type_checking -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = _package_of(self.mod).split(".")
            base = base[: len(base) - (node.level - 1)]
            package = ".".join(base + ([node.module] if node.module else []))
        else:
            package = node.module or ""
        for alias in node.names:
            sub = f"{package}.{alias.name}"
            # "from behind.x import y": y is a submodule, or a name from behind.x (its __init__)
            self._add(sub if alias.name != "*" and sub in self.modules else package, node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in ("import_module", "__import__") and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self._add(arg.value, node)
            else:  # a module named at run time: may be behind.*, and then it hides an import
                self._add("", node, dynamic=f"{name}({ast.unparse(arg)})")
        self.generic_visit(node)


def _parse(mod: Module) -> ast.Module:
    return ast.parse(mod.path.read_text(encoding="utf-8"), filename=str(mod.path))


def collect_imports(modules: dict[str, Module], root: str = ROOT) -> list[Import]:
    out: list[Import] = []
    for mod in modules.values():
        collector = _ImportCollector(mod, modules, root)
        collector.visit(_parse(mod))
        out += collector.found
    return out


def layer_of(name: str, root: str = ROOT) -> str | None:
    """The layer of a ``behind.*`` module: the first name after ``behind.``; None for the root package."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None


def _where(modules: dict[str, Module], imp: Import) -> str:
    where = f"{modules[imp.source].rel}:{imp.line}"
    if imp.scope:
        where += f" in {imp.scope}()"
    if imp.type_checking:
        where += " [TYPE_CHECKING]"
    return where


# ----------------------------------------------------------------------------- the checkers

def layering_violations(modules: dict[str, Module], imports: list[Import], root: str = ROOT) -> list[str]:
    """``module -> imported (layer A above layer B)`` for every import that goes up."""
    out: list[str] = []
    for imp in imports:
        if imp.dynamic:
            continue  # reported by hidden_imports
        src_layer, dst_layer = layer_of(imp.source, root), layer_of(imp.target, root)
        if src_layer == dst_layer and src_layer is not None:
            continue
        if src_layer is not None and src_layer not in _RANK:
            continue  # reported by unknown_layers
        if dst_layer is not None and dst_layer not in _RANK:
            out.append(f"{imp.source} -> {imp.target} (layer {dst_layer!r} is not in the layer list)"
                       f"  [{_where(modules, imp)}]")
            continue
        src_rank = _RANK[src_layer or ROOT_CEILING]
        dst_rank = _RANK[dst_layer or ROOT_CEILING]
        if dst_rank > src_rank:
            shown_src = src_layer or f"{root} (top-level package, at most {ROOT_CEILING})"
            shown_dst = dst_layer or f"{root} (top-level package, counts as {ROOT_CEILING})"
            out.append(f"{imp.source} -> {imp.target} (layer {shown_dst!r} above layer {shown_src!r})"
                       f"  [{_where(modules, imp)}]")
    return sorted(set(out))


def unknown_layers(modules: dict[str, Module], root: str = ROOT) -> list[str]:
    """Top-level modules or packages of ``behind`` that are in no layer."""
    out = {f"{root}.{layer_of(m.name, root)} ({m.rel})" for m in modules.values()
           if layer_of(m.name, root) is not None and layer_of(m.name, root) not in _RANK}
    return sorted(out)


def hidden_imports(modules: dict[str, Module], imports: list[Import]) -> list[str]:
    """``behind.*`` imports inside a function or class body, and imports of modules named at run time."""
    out = set()
    for imp in imports:
        where = f"[{modules[imp.source].rel}:{imp.line}]"
        inside = f" inside {imp.scope}()" if imp.scope else " at module level"
        if imp.dynamic:
            out.add(f"{imp.source} imports a module named at run time, {imp.dynamic},{inside}  {where}")
        elif not imp.module_level:
            out.add(f"{imp.source} imports {imp.target}{inside}  {where}")
    return sorted(out)


def import_graph(imports: list[Import]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if imp.dynamic:
            continue
        if imp.module_level and imp.target != imp.source:
            graph.setdefault(imp.source, set()).add(imp.target)
        elif imp.module_level:
            graph.setdefault(imp.source, set()).add(imp.source)  # a module importing itself
    return graph


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components in no particular order."""
    nodes = sorted(set(graph) | {t for ts in graph.values() for t in ts})
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for start in nodes:
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(graph.get(start, ())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop(0)
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp: list[str] = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                out.append(sorted(comp))
    return out


def _shortest_cycle(graph: dict[str, set[str]], start: str, within: set[str]) -> list[str]:
    prev: dict[str, str] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                return [*reversed(path), start]
            if nxt in within and nxt not in seen:
                seen.add(nxt)
                prev[nxt] = node
                queue.append(nxt)
    return [start, start]


def import_cycles(imports: list[Import]) -> list[str]:
    """One line per cycle (strongly connected component): a shortest cycle, then all its members."""
    graph = import_graph(imports)
    out: list[str] = []
    for comp in _strongly_connected(graph):
        if len(comp) == 1 and comp[0] not in graph.get(comp[0], ()):
            continue
        cycle = " -> ".join(_shortest_cycle(graph, comp[0], set(comp)))
        members = f"; all {len(comp)} modules in this cycle: {', '.join(comp)}" if len(comp) > 2 else ""
        out.append(cycle + members)
    return sorted(out)


def long_modules(modules: dict[str, Module], limit: int = MAX_LINES) -> list[str]:
    out = []
    for mod in modules.values():
        n = len(mod.path.read_text(encoding="utf-8").splitlines())
        if n > limit:
            out.append(f"{mod.rel}: {n} lines")
    return sorted(out)


def _bound_names(tree: ast.Module) -> tuple[set[str], list[str]]:
    """Names bound at module level (ifs, trys and withs included), and star imports."""
    bound: set[str] = set()
    stars: list[str] = []

    def targets(node: ast.expr) -> None:
        if isinstance(node, ast.Name):
            bound.add(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for elt in node.elts:
                targets(elt)
        elif isinstance(node, ast.Starred):
            targets(node.value)

    def walk(body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(stmt.name)
            elif isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    targets(t)
            elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) and (
                    not isinstance(stmt, ast.AnnAssign) or stmt.value is not None):
                targets(stmt.target)
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    bound.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(stmt, ast.ImportFrom):
                for alias in stmt.names:
                    if alias.name == "*":
                        stars.append("." * stmt.level + (stmt.module or ""))
                    else:
                        bound.add(alias.asname or alias.name)
            elif isinstance(stmt, (ast.For, ast.AsyncFor)):
                targets(stmt.target)
                walk(stmt.body)
                walk(stmt.orelse)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                for item in stmt.items:
                    if item.optional_vars is not None:
                        targets(item.optional_vars)
                walk(stmt.body)
            elif isinstance(stmt, (ast.If, ast.While)):
                walk(stmt.body)
                walk(stmt.orelse)
            elif isinstance(stmt, ast.Try):
                walk(stmt.body)
                for handler in stmt.handlers:
                    walk(handler.body)
                walk(stmt.orelse)
                walk(stmt.finalbody)
    walk(tree.body)
    return bound, stars


def _all_literal(tree: ast.Module) -> list[str] | str | None:
    """The names in ``__all__`` (None if not defined, a message if not a literal list of strings)."""
    names: list[str] | None = None
    for stmt in tree.body:
        value: ast.expr | None = None
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in stmt.targets):
            value = stmt.value
            names = []
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == "__all__":
            value = stmt.value
            names = []
        elif (isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name)
              and stmt.target.id == "__all__"):
            value = stmt.value
            if names is None:
                return "__all__ += ... before __all__ is assigned"
        if value is None:
            continue
        if not isinstance(value, (ast.List, ast.Tuple)) or not all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
            return "__all__ is not a literal list of strings"
        assert names is not None
        names += [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return names


def export_problems(modules: dict[str, Module], src: Path = SRC, root: str = ROOT) -> list[str]:
    """Packages whose ``__init__.py`` has no ``__all__``, or lists names it does not bind."""
    out: list[str] = []
    for mod in modules.values():
        if not mod.is_package:
            continue
        tree = _parse(mod)
        names = _all_literal(tree)
        if names is None:
            out.append(f"{mod.rel}: no __all__")
            continue
        if isinstance(names, str):
            out.append(f"{mod.rel}: {names}")
            continue
        bound, stars = _bound_names(tree)
        if stars:
            out.append(f"{mod.rel}: star import from {', '.join(stars)} (list the names instead)")
        unbound = [n for n in names if n not in bound]
        if unbound:
            out.append(f"{mod.rel}: __all__ names not bound there: {', '.join(unbound)}")
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            out.append(f"{mod.rel}: __all__ lists twice: {', '.join(twice)}")
    packages = {m.path.parent for m in modules.values() if m.is_package}
    for folder in sorted({m.path.parent for m in modules.values()} - packages):
        out.append(f"src/{root}/{folder.relative_to(src).as_posix()}: has modules but no __init__.py")
    return sorted(out)


# ----------------------------------------------------------------------------- the tests

def _report(title: str, offenders: list[str]) -> str:
    return f"{len(offenders)} {title}:\n  " + "\n  ".join(offenders)


def test_imports_only_go_down_the_layers() -> None:
    modules = discover()
    offenders = layering_violations(modules, collect_imports(modules))
    assert not offenders, _report(f"upward imports (layers, lowest first: {', '.join(LAYERS)})",
                                  offenders)


def test_every_top_level_module_is_a_layer() -> None:
    offenders = unknown_layers(discover())
    assert not offenders, _report(f"modules in no layer ({', '.join(LAYERS)})", offenders)


def test_no_import_cycles() -> None:
    offenders = import_cycles(collect_imports(discover()))
    assert not offenders, _report("import cycles (module-level imports, TYPE_CHECKING included)", offenders)


def test_no_function_level_or_dynamic_imports_of_behind() -> None:
    modules = discover()
    offenders = hidden_imports(modules, collect_imports(modules))
    assert not offenders, _report("imports of behind.* inside a function or class, or of modules named at run "
                                  "time (import at the top; if that makes a cycle, the code is in the wrong layer)",
                                  offenders)


def test_no_module_over_400_lines() -> None:
    offenders = long_modules(discover())
    assert not offenders, _report(f"modules over {MAX_LINES} lines", offenders)


def test_every_package_declares_what_it_exports() -> None:
    offenders = export_problems(discover())
    assert not offenders, _report("packages without a sound __all__", offenders)


def test_the_tree_is_there() -> None:
    modules = discover()
    assert f"{ROOT}.errors" in modules and f"{ROOT}.config" in modules and len(modules) > 20, sorted(modules)
    assert len(collect_imports(modules)) > 50


# ----------------------------------------------------------------------------- the checkers' own test

def _write(base: Path, rel: str, text: str) -> None:
    path = base / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_checkers_catch_planted_violations(tmp_path: Path) -> None:
    src = tmp_path / "behind"
    _write(src, "__init__.py", '__all__ = ["Error", "__version__"]\nfrom behind.errors import Error\n'
                               '__version__ = "1"\n')
    _write(src, "errors.py", "class Error(Exception):\n    pass\n")
    _write(src, "config.py", "from behind.cli.app import main  # upward\nimport behind.errors\n")
    _write(src, "model/__init__.py", '"""no __all__"""\nfrom behind.model.entity import Entity\n')
    _write(src, "model/entity.py",
           "from typing import TYPE_CHECKING\n\nimport json\n\n"
           "if TYPE_CHECKING:\n    from behind.text import d  # upward, type-only\n\n\n"
           "class Entity:\n    pass\n\n\n"
           "def lazy():\n    import yaml  # third-party: fine\n    from behind.errors import Error  # hidden\n"
           "    return yaml, Error\n")
    _write(src, "text/__init__.py", '__all__ = ["a", "missing"]\nfrom . import a\n')
    _write(src, "text/a.py", "from . import b\nfrom behind.model import Entity\n")
    _write(src, "text/d.py", "from behind.model import Entity  # cycle via TYPE_CHECKING and model/__init__\n")
    _write(src, "text/b.py", "from behind.text.a import x  # cycle a -> b -> a\n")
    _write(src, "text/c.py", "import importlib\n\n\nclass C:\n"
                             "    m = importlib.import_module('behind.matching.score')  # hidden, upward\n\n\n"
                             "def load(name):\n    return importlib.import_module(name)  # unknowable\n")
    _write(src, "text/long.py", "x = 1\n" * (MAX_LINES + 1))
    _write(src, "text/fine.py", "x = 1\n" * MAX_LINES)
    _write(src, "matching/__init__.py", "__all__ = []\n")
    _write(src, "matching/score.py", "from behind import Error\nfrom .. import errors\n")
    _write(src, "cli/__init__.py", "from behind.cli.app import *\n__all__ = ['main']\n")
    _write(src, "cli/app.py", "from behind.matching import score\n\n\ndef main():\n    pass\n")
    _write(src, "util/helpers.py", "import behind.cli.app\n")
    _write(src, "text/e.py", "from behind.devices import match_device  # moved away\n")

    modules = discover(src)
    assert sorted(modules) == [
        "behind", "behind.cli", "behind.cli.app", "behind.config", "behind.errors", "behind.matching",
        "behind.matching.score", "behind.model", "behind.model.entity", "behind.text", "behind.text.a",
        "behind.text.b", "behind.text.c", "behind.text.d", "behind.text.e", "behind.text.fine", "behind.text.long",
        "behind.util.helpers",
    ]
    imports = collect_imports(modules)

    assert unknown_layers(modules) == ["behind.util (src/behind/util/helpers.py)"]
    assert layering_violations(modules, imports) == [
        "behind.config -> behind.cli.app (layer 'cli' above layer 'config')  [src/behind/config.py:1]",
        "behind.model.entity -> behind.text.d (layer 'text' above layer 'model')"
        "  [src/behind/model/entity.py:6 [TYPE_CHECKING]]",
        "behind.text.c -> behind.matching.score (layer 'matching' above layer 'text')"
        "  [src/behind/text/c.py:5 in C()]",
        "behind.text.e -> behind.devices (layer 'devices' is not in the layer list)  [src/behind/text/e.py:1]",
    ]
    assert hidden_imports(modules, imports) == [
        "behind.model.entity imports behind.errors inside lazy()  [src/behind/model/entity.py:15]",
        "behind.text.c imports a module named at run time, import_module(name), inside load()"
        "  [src/behind/text/c.py:9]",
        "behind.text.c imports behind.matching.score inside C()  [src/behind/text/c.py:5]",
    ]
    assert import_cycles(imports) == [
        "behind.model -> behind.model.entity -> behind.text.d -> behind.model;"
        " all 3 modules in this cycle: behind.model, behind.model.entity, behind.text.d",
        "behind.text.a -> behind.text.b -> behind.text.a",
    ]
    assert long_modules(modules) == [f"src/behind/text/long.py: {MAX_LINES + 1} lines"]
    assert export_problems(modules, src) == [
        "src/behind/cli/__init__.py: __all__ names not bound there: main",
        "src/behind/cli/__init__.py: star import from behind.cli.app (list the names instead)",
        "src/behind/model/__init__.py: no __all__",
        "src/behind/text/__init__.py: __all__ names not bound there: missing",
        "src/behind/util: has modules but no __init__.py",
    ]
