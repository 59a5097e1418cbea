"""The curated ecosystem file (``ecosystem.yaml``): entities, relations, listings, sources.

Each curated entity becomes an :class:`Entity` of source ``curated`` whose
``source_id`` is the entity's slug. Its listings (Entity List, 1260H, NS-CMIC,
UFLPA, FCC Covered List, NDAA 889...) become ``programs`` (the list keys) and
``extra["listings"]`` (date, end, citation, sources); its relations become
:class:`Link` objects on the subject with the object's slug as ``target_id``.
The file must have the sections ``entities``, ``relations`` and ``listings`` (each a list,
``[]`` when empty), so a file cut short is refused rather than loaded with fewer facts; and a
relation or listing naming an entity that is not in the file is an error naming its line and
field, so the graph never points at nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from behind.errors import HostileInputError, InputError
from behind.model.entity import Alias, Entity, Identifier, Link
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.files import read_bytes
from behind.sources.spec import SourceSpec, single_file
from behind.text import has_han

SCHEMAS = {"Company", "Organization", "Person", "PublicBody", "LegalEntity"}
RELATIONS = {"subsidiary_of", "owned_by", "brand_of", "oem_relabel_of", "sister_company_of",
             "supplier_to", "successor_of"}
MAX_BYTES = 20 * 1024 * 1024
#: the sections a curated file must have (``meta`` and ``unverified`` are optional)
SECTIONS = ("entities", "relations", "listings")
#: the most values the YAML document may hold once its aliases are expanded (the bundled file has 4,282)
MAX_NODES = 1_000_000


def _line_of(text: str, section: str, index: int) -> int | None:
    """1-based line of item ``index`` of a top-level section, for error messages."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value == section and isinstance(value, yaml.SequenceNode) and index < len(value.value):
            return int(value.value[index].start_mark.line) + 1
    return None


def _strings(value: Any, what: str, err: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise err(f"{what} must be a list of strings", what)
    return [v.strip() for v in value if v.strip()]


def _load_yaml(text: str, path: Path) -> Any:
    """``yaml.safe_load``, refusing a document whose aliases expand to more than :data:`MAX_NODES`
    nodes: a few lines of nested aliases (a "billion laughs") would expand to billions of values
    when the records are checked or stored."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        stack, count = [root], 0
        while stack:
            node = stack.pop()
            count += 1
            if count > MAX_NODES:
                raise HostileInputError(f"YAML aliases expand to more than {MAX_NODES:,} values; refusing the file",
                                        file=str(path))
            if isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(item for pair in node.value for item in pair)
        return loader.construct_document(root)
    finally:
        loader.dispose()


def _check_sections(doc: Any, path: Path) -> None:
    """The file is a mapping with every section of :data:`SECTIONS`, each a list (maybe empty).
    A file cut short loses its last sections: it is refused, never loaded as a smaller set."""
    if not isinstance(doc, dict):
        raise InputError(f"expected a mapping with the sections {', '.join(SECTIONS)}", file=str(path))
    missing = [name for name in SECTIONS if name not in doc]
    if missing:
        raise InputError(f"section(s) {', '.join(repr(m) for m in missing)} missing: the file may be truncated "
                         f"(a curated file has the sections {', '.join(SECTIONS)}; an empty one is written [])",
                         file=str(path), field=missing[0])
    for name in SECTIONS:
        if not isinstance(doc[name], list):
            raise InputError(f"section {name!r} must be a list, got {type(doc[name]).__name__}",
                             file=str(path), field=name)


def read_curated(path: Path, source: str = "curated") -> ParsedList:
    """Read ``ecosystem.yaml``. Raises :class:`InputError` naming the line and field of a bad item."""
    raw = read_bytes(path)
    if len(raw) > MAX_BYTES:
        raise InputError(f"file is larger than {MAX_BYTES} bytes", file=str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be decoded; "
                         "save the file as UTF-8", file=str(path), row=raw.count(b"\n", 0, exc.start) + 1) from None
    try:
        doc = _load_yaml(text, path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"invalid YAML: {getattr(exc, 'problem', exc)}", file=str(path),
                         row=mark.line + 1 if mark else None) from exc
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply", file=str(path)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an unquoted date that does not exist: 2024-13-45
        raise InputError(f"invalid YAML value: {exc}", file=str(path)) from None
    _check_sections(doc, path)

    def error_at(section: str, index: int) -> Any:
        def make(message: str, field: str) -> InputError:
            return InputError(message, file=str(path), row=_line_of(text, section, index), field=field)
        return make

    entities: dict[str, Entity] = {}
    for i, item in enumerate(doc["entities"]):
        err = error_at("entities", i)
        if not isinstance(item, dict):
            raise err("entity must be a mapping", "entities")
        eid = item.get("id")
        if not isinstance(eid, str) or not eid:
            raise err("missing id", "id")
        if eid in entities:
            raise err(f"duplicate id {eid!r}", "id")
        schema = item.get("schema")
        if not isinstance(schema, str) or schema not in SCHEMAS:
            raise err(f"schema must be one of {sorted(SCHEMAS)}, got {schema!r}", "schema")
        names = _strings(item.get("names"), "names", err)
        if not names:
            raise err("at least one name is required", "names")
        aliases = [Alias(name=n, kind="aka", lang="zh" if has_han(n) else None)
                   for n in names[1:] + _strings(item.get("aliases"), "aliases", err)]
        idents = item.get("identifiers") or {}
        if not isinstance(idents, dict):
            raise err("identifiers must be a mapping", "identifiers")
        identifiers = []
        for scheme, value in idents.items():
            exchange, _, code = str(value).rpartition(":")
            identifiers.append(Identifier(scheme=str(scheme), value=str(value), note=exchange or None)
                               if scheme != "ticker" else
                               Identifier(scheme="ticker", value=code, note=exchange or None))
        country = item.get("country")
        sources = _sources(item, err)
        entities[eid] = Entity(
            source=source, source_id=eid, schema=schema, name=names[0], aliases=aliases,
            identifiers=identifiers, countries=[country] if isinstance(country, str) else [],
            source_url=sources[0].get("url") if sources else None,
            extra={"sources": sources, "listings": []},
        )

    for i, rel in enumerate(doc["relations"]):
        err = error_at("relations", i)
        if not isinstance(rel, dict):
            raise err("relation must be a mapping", "relations")
        kind = rel.get("relation")
        if not isinstance(kind, str) or kind not in RELATIONS:
            raise err(f"relation must be one of {sorted(RELATIONS)}, got {kind!r}", "relation")
        subject, obj = (_end(rel, role, entities, err) for role in ("subject", "object"))
        share = rel.get("share")
        if share is not None and not isinstance(share, (int, float)):
            raise err(f"share must be a number, got {share!r}", "share")
        entities[subject].links.append(Link(
            relation=kind, target=entities[obj].name, target_id=obj,
            share=float(share) if share is not None else None,
            start=_date(rel.get("start")), end=_date(rel.get("end")),
            sources=tuple(_sources(rel, err))))

    for i, listing in enumerate(doc["listings"]):
        err = error_at("listings", i)
        if not isinstance(listing, dict) or not isinstance(listing.get("list"), str):
            raise err("listing must be a mapping with a 'list'", "list")
        ent = entities[_end(listing, "entity", entities, err)]
        _sources(listing, err)
        if listing["list"] not in ent.programs:
            ent.programs.append(listing["list"])
        ent.extra["listings"].append({k: _date(v) if k in ("date", "end") else v
                                      for k, v in listing.items() if k != "entity"})
        date = _date(listing.get("date"))
        if date and (ent.listed_on is None or date < ent.listed_on):
            ent.listed_on = date
    meta = doc.get("meta") or {}
    if not isinstance(meta, dict):
        raise InputError("section 'meta' must be a mapping", file=str(path), field="meta")
    return ParsedList(source=source, entities=list(entities.values()),
                      published=str(meta.get("compiled")) if meta.get("compiled") else None)


def _sources(item: dict[str, Any], err: Any) -> list[dict[str, Any]]:
    """An item's ``sources``: a list of mappings (``url``, ``title``, ``quote``), maybe absent."""
    value = item.get("sources") or []
    if not isinstance(value, list) or not all(isinstance(s, dict) for s in value):
        raise err("sources must be a list of mappings with a url, title and quote", "sources")
    return value


def _end(item: dict[str, Any], role: str, entities: dict[str, Entity], err: Any) -> str:
    """The id an item names as its ``role`` (a relation's subject or object, a listing's entity);
    an :class:`InputError` where it is missing or names no entity of the file."""
    eid = item.get(role)
    if not isinstance(eid, str) or not eid:
        raise err(f"{role} is missing: it must be the id of an entity in the file", role)
    if eid not in entities:
        raise err(f"{role} {eid!r} is not the id of an entity in the file", role)
    return eid


def _date(value: Any) -> str | None:
    """Dates stay strings at the source's precision; YAML may hand us a ``date`` object."""
    return None if value is None else str(value)


def curated_listings(entity: Entity) -> list[Listing]:
    """The record's dated, cited listings, each with the link of its first source (else the record's)."""
    out = []
    for item in entity.extra.get("listings", []):
        srcs = item.get("sources") or []
        url = srcs[0].get("url") if srcs and isinstance(srcs[0], dict) else entity.source_url
        out.append(Listing(list=item["list"], program=None, date=item.get("date"), end=item.get("end"),
                           citation=item.get("citation"), source_url=url, record=entity.key))
    return out


def _read(files: dict[str, Path], name: str) -> ParsedList:
    return read_curated(single_file(files), name)


#: The curated file restates listings on other lists (and on lists Behind has no reader for:
#: 1260H, UFLPA, the FCC Covered List) with their citations; it publishes no list of its own.
#: It carries identifiers and relations, so its records come first among equal matches.
SPEC = SourceSpec(
    name="curated", title="Behind curated Xinjiang surveillance and forced-labour ecosystem",
    publisher="Behind contributors (every fact sourced)",
    urls={}, bundled={"ecosystem.yaml": "curated/ecosystem.yaml"}, required=("ecosystem.yaml",),
    bundled_vintage="2026-11-22", read=_read, listings=curated_listings, lead=True,
    home_url="", format="YAML",
    terms="Apache-2.0 with the project; each fact quotes its primary source, whose own terms apply to the quote.")

__all__ = ["RELATIONS", "SPEC", "curated_listings", "read_curated"]
