"""Authorships from a bibliography: BibTeX files and OpenAlex works exports.

``behind screen --kind collaborators`` screens the *affiliations* of co-authors (the
institutions, sponsors and funders a research partner works for). Each authorship becomes
one :class:`Authorship`: the person's name is carried so a reviewer can read the report,
but it is never screened: Behind does not profile people.

BibTeX: one authorship per author of an entry with an ``affiliation`` or ``affiliations``
field. Authors are split on `` and `` (outside braces, as BibTeX does). The affiliation
is given whole to every author, because a plain string such as ``Department of Physics
and Astronomy, Tsinghua University`` cannot be cut per author without guessing; only the
unambiguous braced form ``{{Tsinghua University} and {MIT}}``, with one group per author,
is paired author by author. Common LaTeX accents (``{\\"u}``, ``\\'{e}``, ``\\ss``) become
Unicode. The number of an authorship is the line where its entry starts.

OpenAlex: a list of works, or an API page ``{"results": [...]}``. One authorship per
``authorships[]`` item: the author's ``display_name``, the institutions' display names
joined with ``"; "`` (or the raw affiliation strings when OpenAlex matched no institution),
and the work's ``id``. The number of an authorship is the 1-based index of its work.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from behind.errors import InputError


@dataclass(frozen=True)
class Authorship:
    number: int
    person: str
    affiliation: str
    id: str


@dataclass(frozen=True)
class BibEntry:
    line: int
    type: str
    key: str
    fields: dict[str, str]  # lower-case field name -> raw value (braces kept)


_ENTRY = re.compile(r"@\s*([A-Za-z][\w-]*)\s*([{(])")
_FIELD = re.compile(r"\s*([^\s=,{}()\"#]+)\s*=\s*")
_WORD = re.compile(r"[^\s,#{}()\"]+")
_MONTHS = {m: m.capitalize() for m in
           ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")}


def parse_bibtex(text: str, *, file: str) -> Iterator[BibEntry]:
    """The entries of a BibTeX file (``@comment`` and ``@preamble`` skipped, ``@string``
    macros expanded). A malformed entry raises :class:`InputError` naming its line."""
    macros: dict[str, str] = dict(_MONTHS)
    pos, line, counted = 0, 1, 0
    while (at := text.find("@", pos)) >= 0:
        m = _ENTRY.match(text, at)
        if not m:
            pos = at + 1
            continue
        line += text.count("\n", counted, at)
        counted = at
        kind, close = m.group(1).lower(), "}" if m.group(2) == "{" else ")"
        if kind in ("comment", "preamble"):
            pos = _balanced_end(text, m.end() - 1, close, file, line)
            continue
        i = m.end()
        key = ""
        if kind != "string":
            j = i
            while j < len(text) and text[j] not in ",}) \t\r\n":
                j += 1
            key, i = text[i:j], j
        fields: dict[str, str] = {}
        while True:
            while i < len(text) and (text[i].isspace() or text[i] == ","):
                i += 1
            if i >= len(text):
                raise InputError(f"BibTeX entry @{kind}{{{key} is not closed", file=file, row=line)
            if text[i] == close:
                i += 1
                break
            fm = _FIELD.match(text, i)
            if not fm:
                raise InputError(f"BibTeX entry @{kind}{{{key}: expected 'field = value' "
                                 f"but found {text[i:i + 30]!r}", file=file, row=line)
            value, i = _value(text, fm.end(), macros, file, line)
            fields[fm.group(1).lower()] = value
        if kind == "string":
            macros.update(fields)
        else:
            yield BibEntry(line, kind, key, fields)
        pos = i


def _balanced_end(text: str, start: int, close: str, file: str, line: int) -> int:
    """The position after the bracket that closes the one at ``start`` (braces nest)."""
    depth, i, opening = 0, start, text[start]
    while i < len(text):
        c = text[i]
        if c == opening or (c == "{" and opening != "{"):
            depth += 1
        elif c == close or (c == "}" and close != "}"):
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise InputError("BibTeX entry has unbalanced braces (it never closes)", file=file, row=line)


def _value(text: str, i: int, macros: dict[str, str], file: str, line: int) -> tuple[str, int]:
    """A field value: braced, quoted, a number or a macro, joined with ``#``."""
    parts: list[str] = []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        c = text[i] if i < len(text) else ""
        if c == "{":
            end = _balanced_end(text, i, "}", file, line)
            parts.append(text[i + 1:end - 1])
        elif c == '"':
            depth, end = 0, i + 1
            while end < len(text) and (text[end] != '"' or depth > 0):
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            if end >= len(text):
                raise InputError("BibTeX value has an unclosed quote", file=file, row=line)
            parts.append(text[i + 1:end])
            end += 1
        else:
            m = _WORD.match(text, i)
            if not m:
                raise InputError(f"BibTeX field has no value near {text[i:i + 30]!r}",
                                 file=file, row=line)
            word = m.group(0)
            parts.append(word if word.isdigit() else macros.get(word.lower(), word))
            end = m.end()
        i = end
        while i < len(text) and text[i].isspace():
            i += 1
        if i < len(text) and text[i] == "#":
            i += 1
            continue
        return "".join(parts), i


_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
            "c": "\u0327", "k": "\u0328", "r": "\u030a"}
_SPECIAL = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
            "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}
_ACCENT_RE = re.compile(r"\\(?:([\'`^\"~=.])|([uvHckr])(?=[\s{]))\s*(\{\s*)?(\\[ij]\b|[A-Za-z])\s*(?(3)\})")
_SPECIAL_RE = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s*")


def latex_to_text(value: str) -> str:
    """A BibTeX value as plain Unicode text: accents resolved, braces and commands dropped."""
    def accent(m: re.Match[str]) -> str:
        base = m.group(4).lstrip("\\")
        base = {"i": "i", "j": "j"}.get(base, base) if m.group(4).startswith("\\") else base
        return unicodedata.normalize("NFC", base + _ACCENTS[m.group(1) or m.group(2)])

    s = _ACCENT_RE.sub(accent, value)
    s = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(1)], s)
    s = re.sub(r"\\([&%$#_{}])", lambda m: {"{": "\x01", "}": "\x02"}.get(m.group(1), m.group(1)), s)
    s = re.sub(r"\\[A-Za-z]+\*?\s*", "", s)
    s = s.replace("{", "").replace("}", "").replace("~", " ")
    s = s.replace("\x01", "{").replace("\x02", "}")
    return unicodedata.normalize("NFC", " ".join(s.split()))


def split_and(value: str) -> list[str]:
    """Split a BibTeX name list on `` and `` outside braces (case-insensitive)."""
    depth, masked = 0, []
    for c in value:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        masked.append(c if depth == 0 and c != "}" else "x")
    parts, start = [], 0
    # (?<!\s): a match starts where a run of spaces starts, so a long run is scanned once, not
    # once per space (found by fuzzing: 30,000 spaces in an author field took 6 s)
    for m in re.finditer(r"(?<!\s)\s+and\s+", "".join(masked), flags=re.IGNORECASE):
        parts.append(value[start:m.start()])
        start = m.end()
    parts.append(value[start:])
    return [p.strip() for p in parts if p.strip()]


def _braced_group(part: str) -> bool:
    """True for ``{...}`` where the first brace closes at the very end."""
    if not part.startswith("{"):
        return False
    depth = 0
    for n, c in enumerate(part):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth == 0:
            return n == len(part) - 1
    return False


def affiliation_field(fields: dict[str, str]) -> str | None:
    return fields.get("affiliation", fields.get("affiliations"))


def bibtex_authorships(text: str, *, file: str) -> Iterator[Authorship]:
    """One :class:`Authorship` per author of every entry (see the module's docstring)."""
    for entry in parse_bibtex(text, file=file):
        raw_aff = affiliation_field(entry.fields)
        authors = [a for a in split_and(entry.fields.get("author", ""))
                   if latex_to_text(a).lower() != "others"]
        affs = [latex_to_text(raw_aff)] * max(len(authors), 1) if raw_aff is not None else []
        if raw_aff is not None and len(authors) > 1:
            groups = split_and(raw_aff)
            if len(groups) == len(authors) and all(_braced_group(g) for g in groups):
                affs = [latex_to_text(g) for g in groups]
        people = [latex_to_text(a) for a in authors] or [""]
        for n, person in enumerate(people):
            yield Authorship(entry.line, person, affs[n] if affs else "", entry.key)


def openalex_works(data: Any, *, file: str) -> list[Any]:
    """The works of an OpenAlex export: a list, ``{"results": [...]}`` or one work."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return list(data["results"])
    if isinstance(data, dict) and "authorships" in data:
        return [data]
    if isinstance(data, list):
        return data
    raise InputError('is not an OpenAlex works export: expected a list of works or '
                     '{"results": [...]} as the OpenAlex API and web export give', file=file)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def openalex_authorships(works: list[Any], *, file: str) -> Iterator[Authorship]:
    """One :class:`Authorship` per ``authorships[]`` item of every work."""
    for number, work in enumerate(works, start=1):
        if not isinstance(work, dict):
            raise InputError("is not an OpenAlex work (expected a JSON object)", file=file, row=number)
        items = work.get("authorships") or []
        if not isinstance(items, list):
            raise InputError("'authorships' is not a list", file=file, row=number)
        for a in items:
            if not isinstance(a, dict):
                continue
            author: dict[str, Any] = a["author"] if isinstance(a.get("author"), dict) else {}
            insts: list[Any] = a["institutions"] if isinstance(a.get("institutions"), list) else []
            names = [_text(i.get("display_name")) for i in insts if isinstance(i, dict)]
            raw = a.get("raw_affiliation_strings")
            raws = [_text(r) for r in raw] if isinstance(raw, list) else []
            aff = ("; ".join(n for n in names if n) or "; ".join(r for r in raws if r)
                   or _text(a.get("raw_affiliation_string")))
            yield Authorship(number, _text(author.get("display_name")), aff, _text(work.get("id")))


def authorships(fmt: str, text: str, *, file: str) -> Iterator[Authorship]:
    """The authorships of a ``"bibtex"`` or ``"openalex"`` file's text."""
    if fmt == "bibtex":
        return bibtex_authorships(text, file=file)
    return openalex_authorships(openalex_works(_json(text, file), file=file), file=file)


def check_bibliography(fmt: str, text: str, *, file: str) -> None:
    """Refuse a bibliography that has nothing to screen, saying why."""
    if fmt == "bibtex":
        entries = list(parse_bibtex(text, file=file))
        if not entries:
            raise InputError("has no BibTeX entries: no rows to screen", file=file)
        if not any(affiliation_field(e.fields) is not None for e in entries):
            raise InputError("no BibTeX entry has an 'affiliation' or 'affiliations' field, and "
                             "Behind screens affiliations, not people: export the bibliography "
                             "with affiliations (Scopus and Web of Science do) or use an OpenAlex "
                             "works export (.json)", file=file, field="affiliation")
    elif next(authorships(fmt, text, file=file), None) is None:
        raise InputError("has no works with authorships: no rows to screen", file=file)


def _json(text: str, file: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError("JSON is nested too deeply", file=file) from None
    except ValueError as e:
        raise InputError(f"is not valid JSON: {e}", file=file, row=getattr(e, "lineno", None)) from None


__all__ = ["authorships", "check_bibliography", "Authorship", "BibEntry", "affiliation_field", "bibtex_authorships", "latex_to_text",
           "openalex_authorships", "openalex_works", "parse_bibtex", "split_and"]
