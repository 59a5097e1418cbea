"""What the fuzz tests share: the seed corpus, the mutations, and the property they check.

The property (:func:`parses_or_refuses`): a parser given any input either returns or raises one
of Behind's own errors (:class:`~behind.errors.BehindError`), whose message names the file it
read; any other exception (``KeyError``, ``UnicodeError``, ``RecursionError``, lxml's or
openpyxl's errors...) fails the test. Time is bounded by Hypothesis' ``deadline`` (see
``conftest.py``), memory by the inputs' size: every generated input is a few hundred kilobytes
at most.

Inputs come three ways: random bytes or text; structure-aware mutations of the real samples in
``corpus/`` (:func:`mutated`: truncations, byte flips, inserted quotes, delimiters, NULs and
control characters, format tokens such as XML entities or YAML tags, huge fields, deep nesting,
duplicated lines, other line endings, wrong encodings, field values replaced by hostile ones);
and well-formed files of the wrong content: tables of random cells (:func:`csv_bytes`), JSON,
YAML or XML whose keys are the ones the reader looks for and whose values have any type and
nesting (:func:`records`).

Run for long (``HYPOTHESIS_PROFILE=fuzz``, see ``conftest.py``); rebuild the seeds with
``make_corpus.py``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from hypothesis import settings, strategies as st

from behind.errors import BehindError

CORPUS = Path(__file__).resolve().parent / "corpus"


def seed(*parts: str) -> bytes:
    return CORPUS.joinpath(*parts).read_bytes()


def seeds(folder: str, *suffixes: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted((CORPUS / folder).iterdir()) if p.suffix in suffixes]


@contextmanager
def files(named: dict[str, bytes]) -> Iterator[dict[str, Path]]:
    """The given files written into a fresh folder: name -> path."""
    with tempfile.TemporaryDirectory(prefix="behind-fuzz-") as folder:
        paths = {}
        for name, data in named.items():
            path = Path(folder) / name
            path.write_bytes(data)
            paths[name] = path
        yield paths


def parses_or_refuses(parse: Callable[[], object], *names: Path) -> BehindError | None:
    """Run ``parse``; a :class:`BehindError` is a refusal, and must name one of ``names``.
    Anything else raised propagates and fails the test."""
    try:
        parse()
    except BehindError as exc:
        message = str(exc)
        assert message.strip(), f"{type(exc).__name__} with an empty message"
        assert any(str(n) in message or n.name in message for n in names), (
            f"{type(exc).__name__} does not name the file: {message[:300]}")
        return exc
    return None


def share_of_examples(fraction: float) -> int:
    """A fraction of the loaded profile's ``max_examples``, for a parser that is slow per example
    (the pure-Python YAML parser): the suite's time stays bounded, a ``fuzz`` run still runs many."""
    return max(10, int(settings.default.max_examples * fraction))


# ----------------------------------------------------------------------------- mutations

#: bytes that break parsers: quotes, delimiters, line ends, NUL and other controls, BOMs,
#: invalid or overlong UTF-8, a lone surrogate, a code point past U+10FFFF
GENERIC = [b'"', b"'", b",", b";", b"\t", b"|", b"\x00", b"\x01", b"\x08", b"\x1a", b"\x1b", b"\x7f",
           b"\xc2\x85", b"\xe2\x80\xa8", b"\r", b"\n", b"\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
           b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b" ", b"\\", b"%s", b"{", b"}",
           b"[", b"]", b"<", b">", b"&", b"=", b"@", b"#", b"-", b"0", b"\xe6\xb5\xb7", b"\xd9\x85"]
XML = [b"<!DOCTYPE x [<!ENTITY e 'v'>]>", b"<!ENTITY e SYSTEM 'file:///etc/passwd'>", b"&e;", b"&amp;",
       b"&#0;", b"&#x110000;", b"&#xD800;", b"&#12;", b"<![CDATA[x]]>", b"<?xml version='1.0' encoding='utf-16'?>",
       b'<?xml version="1.0" encoding="latin-1"?>', b'<?xml version="1.0" encoding="nope"?>', b"<INDIVIDUAL>",
       b"</INDIVIDUAL>", b"<ENTITY>", b"</ENTITY>", b"<DATAID>1</DATAID>", b"<DATAID></DATAID>",
       b"<FIRST_NAME>X</FIRST_NAME>", b"<FIRST_NAME/>", b"<FROM_YEAR>1</FROM_YEAR><TO_YEAR>999999999</TO_YEAR>",
       b"<FROM_YEAR>-5</FROM_YEAR>", b"<xi:include href='/etc/passwd' xmlns:xi='http://www.w3.org/2001/XInclude'/>",
       b"<?pi x?>", b"<!-- c -->", b"</CONSOLIDATED_LIST>", b"<a:b xmlns:a='u'>", b"<x/>", b'a="1"', b"/>"]
JSON = [b"null", b"true", b"1e999", b"NaN", b"-Infinity", b'"\\ud800"', b'"\\u0000"', b"{}", b"[]",
        b'{"results": 1}', b'"results":', b":", b"123456789012345678901234567890", b'"authorships": {}',
        b'"id": []', b'"name": 5', b'"schema": "Ship"', b'"properties": []', b'"properties": {"name": "x"}',
        b'{"id": "x", "schema": "Company"}', b'"target": true', b"\\", b'"', b","]
YAML = [b"&a ", b"*a", b"*b", b"!!python/object/apply:os.system ['x']", b"!!binary ", b"!custom ", b": ",
        b"- ", b"? ", b"%YAML 1.1\n", b"%TAG ! x\n", b"---\n", b"...\n", b"\t", b"{", b"[", b"'", b"<<: *a",
        b"~", b"null", b"id: ", b"schema: ", b"entities:", b"relations:", b"listings:", b"0x1F", b"2024-13-45",
        b"1e400", b".nan", b"- id: hikvision\n", b"subject: nobody", b"names: 5", b"share: 250", b"|\n", b">-\n"]
BIBTEX = [b"@", b"@article{", b"@string{x = ", b"@comment{", b"@preamble{", b"@misc(", b"}", b"{", b")", b"#",
          b'"', b'\\"u', b"\\'{e}", b"\\v{\\i}", b"\\ss", b" and ", b"affiliation = ", b"author = ", b"= ", b",",
          b"x # y", b"{{MIT} and {ETH}}", b"\\", b"%"]
CSV = [b'"', b'""', b",", b";", b"\t", b"|", b"sep=;\n", b"sep=", b"\r", b"=cmd|' /C calc'!A0", b"-0- ",
       b'","', b"] [", b"\x1a"]
REMARKS = [b"; ", b"a.k.a. '", b"f.k.a., '", b"'.", b"Linked To: ", b"DOB ", b"POB ", b" to ", b"Gender ",
           b"Listing Date (CMIC) ", b"IMO ", b"Passport ", b"(", b")", b" issued ", b"nationality ", b"alt. "]

#: values put in place of a field's content: empty, numbers too big or not numbers, impossible
#: dates, digits ``int()`` refuses (superscript two), other scripts, controls, huge values
VALUES = [b"", b" ", b"0", b"-1", b"\xc2\xb2", b"\xc2\xb2\xc2\xb3\xc2\xb9\xc2\xb2", b"\xd9\xa1\xd9\xa2",
          b"99999999999999999999", b"1e999", b"NaN", b"2020-02-30", b"02/30/2020", b"13/45/2020", b"00/00/0000",
          b"9999-99-99", b"-0-", b"null", b"\x00", b"\x1b[31m", b"\t\r\n", b"\xe2\x80\x8b", b"\xef\xbf\xbf",
          b"=1+1", b"Hik\x01vision", b"x" * 70_000, b"\xe6\xb5\xb7" * 20_000, b"a; " * 3_000, b"(" * 2_000]
#: where a format keeps its field values (the first group is the value)
FIELDS = {
    "xml": rb">([^<>]*)<",
    "csv": rb'"([^"]*)"',
    "json": rb'"((?:[^"\\]|\\.)*)"',
    "yaml": rb": ([^\n]*)",
    "bibtex": rb"= *\{([^{}]*)\}",
}

ENCODINGS = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "mac_roman", "utf-8-sig",
             "shift_jis", "gb18030", "cp437")
HUGE = (1_000, 70_000, 200_000)


def _line_starts(data: bytes) -> list[int]:
    return [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]


@st.composite
def mutated(draw: st.DrawFn, pool: list[bytes], tokens: Sequence[bytes] = (), fields: str | None = None) -> bytes:
    """A real sample from ``pool`` with one to four mutations; ``fields`` (a key of :data:`FIELDS`)
    also replaces field values, which keeps the file well-formed and reaches the code past the
    syntax."""
    data = draw(st.sampled_from(pool))
    alphabet = GENERIC + list(tokens)
    ops = ("truncate", "truncate_line", "flip", "insert", "insert", "insert", "delete", "duplicate_line", "huge",
           "nest", "encoding", "line_ends", "splice") + (("field",) * 6 if fields else ())
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(ops))
        at = draw(st.integers(0, len(data)))
        if op == "field":
            spans = [m.span(1) for m in re.finditer(FIELDS[fields], data)]
            if spans:
                a, b = draw(st.sampled_from(spans))
                data = data[:a] + draw(st.sampled_from(VALUES + list(tokens))) + data[b:]
        elif op == "truncate":
            data = data[:at]
        elif op == "truncate_line":  # a download cut on a line boundary
            starts = _line_starts(data)
            data = data[:draw(st.sampled_from(starts))]
        elif op == "flip" and data:
            i = min(at, len(data) - 1)
            data = data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1:]
        elif op == "insert":
            data = data[:at] + draw(st.sampled_from(alphabet)) + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 64)):]
        elif op == "duplicate_line":  # a repeated record: duplicate ids, repeated keys
            starts = _line_starts(data) + [len(data)]
            i = draw(st.integers(0, len(starts) - 2)) if len(starts) > 1 else 0
            line = data[starts[i]:starts[i + 1]] if len(starts) > 1 else data
            data = data[:at] + line + data[at:]
        elif op == "huge":  # a huge field
            data = data[:at] + draw(st.sampled_from((b"A", b"\xe6\xb5\xb7", b"x ", b" ", b"'"))) * draw(
                st.sampled_from(HUGE)) + data[at:]
        elif op == "nest":  # deep nesting
            opening = draw(st.sampled_from((b"[", b"{", b'{"a":', b"<a>", b"- ", b"{{", b"(", b"[[")))
            data = data[:at] + opening * draw(st.sampled_from((50, 300, 5_000, 50_000))) + data[at:]
        elif op == "encoding":  # the right text in the wrong encoding
            text = data.decode("utf-8", "replace")
            data = text.encode(draw(st.sampled_from(ENCODINGS)), "replace")
        elif op == "line_ends":
            data = data.replace(b"\r\n", b"\n").replace(b"\n", draw(st.sampled_from((b"\r", b"\r\n", b"\n\r"))))
        elif op == "splice":  # a piece of another sample
            other = draw(st.sampled_from(pool))
            a = draw(st.integers(0, len(other)))
            data = data[:at] + other[a:a + draw(st.integers(1, 400))] + data[at:]
    return data


def random_bytes(max_size: int = 4096) -> st.SearchStrategy[bytes]:
    """Random bytes, and random text (any code point) as UTF-8."""
    return st.one_of(st.binary(max_size=max_size),
                     st.text(max_size=max_size // 4).map(lambda s: s.encode("utf-8", "surrogatepass")))


def csv_bytes(*, delimiters: str = ",;\t|", min_columns: int = 1) -> st.SearchStrategy[bytes]:
    """Well-formed delimited text of random cells (quotes, line breaks and controls included)."""
    cell = st.text(st.characters(codec="utf-8"), max_size=30)

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        width = draw(st.integers(min_columns, max(min_columns, 6)))
        rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=12))
        buf = io.StringIO()
        csv.writer(buf, delimiter=draw(st.sampled_from(delimiters)),
                   lineterminator=draw(st.sampled_from(("\r\n", "\n", "\r")))).writerows(rows)
        return buf.getvalue().encode("utf-8")

    return build()


#: any JSON value, a few levels deep
JSON_VALUES: st.SearchStrategy[object] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


def records(keys: list[str], values: st.SearchStrategy[object] | None = None) -> st.SearchStrategy[object]:
    """Objects whose keys are the ones a reader looks for, holding any value: the wrong types, nesting
    and emptiness a well-formed file can still carry (the keys recur in the nested objects)."""
    leaf = values if values is not None else JSON_VALUES
    return st.recursive(
        leaf, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(keys), inner, max_size=8),
        max_leaves=25)


def json_bytes(value: st.SearchStrategy[object]) -> st.SearchStrategy[bytes]:
    return value.map(lambda v: json.dumps(v, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass"))


@st.composite
def mutated_zip(draw: st.DrawFn, sample: bytes) -> bytes:
    """An XLSX (or any ZIP) sample with its members mutated, dropped or added, then zipped again."""
    with zipfile.ZipFile(io.BytesIO(sample)) as z:
        members = {info.filename: z.read(info) for info in z.infolist()}
    names = sorted(members)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(("mutate", "mutate", "mutate", "drop", "add", "empty")))
        name = draw(st.sampled_from(sorted(members) or names))
        if name not in members:
            members[name] = b""
        if op == "mutate":
            members[name] = draw(mutated([members[name]], XML, fields="xml"))
        elif op == "drop":
            members.pop(name, None)
        elif op == "add":
            members[draw(st.sampled_from(names + ["xl/worksheets/sheet9.xml", "../evil.xml"]))] = draw(
                random_bytes(256))
        else:
            members[name] = b""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


__all__ = ["BIBTEX", "CORPUS", "CSV", "FIELDS", "GENERIC", "JSON", "JSON_VALUES", "REMARKS", "VALUES", "XML", "YAML",
           "csv_bytes", "files", "json_bytes", "mutated", "mutated_zip", "parses_or_refuses", "random_bytes", "records",
           "seed", "seeds", "share_of_examples"]
