"""Hugo i18n tables (``i18n/<lang>.yaml|toml|json``): messages out, a target table back in.

The tables are read the way Hugo's go-i18n reads them: a string value or a map holding a
reserved key (``other``, ``one`` …, ``description``) is a message; any other map nests its
keys into dotted IDs (``nav.home``); a top-level list is the old format of items with ``id``
and ``translation``. Each message becomes a catalog entry with its ID as ``msgctxt`` and its
``description`` and the comment lines above it as extracted comments; two or more plural
categories become a gettext plural entry (``one`` as ``msgid``, ``other`` as
``msgid_plural``). ``merge`` writes ``i18n/<lang>.<ext>`` in the format of the source table
with the translated messages only, so that Hugo falls back to a theme's own translation or
the default language for the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfg_i18n.errors import Diagnostic
from cfg_i18n.sitestrings.formats import KeyPath, Scan, dump, read_scan
from cfg_i18n.sitestrings.model import (
    I18N,
    MessageKey,
    SiteMessage,
    Translation,
    keep_outer_whitespace,
)
from cfg_i18n.sitestrings.plurals import CATEGORIES, PluralScheme

#: Keys that make a map a message (go-i18n's reserved keys).
RESERVED = frozenset({"id", "description", "hash", "leftdelim", "rightdelim", "translation",
                      *CATEGORIES})
_CATEGORY_SET = frozenset(CATEGORIES)


@dataclass(slots=True)
class TableEntry:
    """One message of an i18n table."""

    id: str
    """Its ID as templates name it (``T "nav.home"``)."""
    shape: str
    """How it is written: ``string`` (``key: text``), ``map`` (``key: {other: …}``) or
    ``item`` (a list item with ``id`` and ``translation``)."""
    path: KeyPath
    """Where it stands in the file."""
    forms: dict[str, str]
    """CLDR category -> text (a plain string is ``other``)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """The map's other keys (``description``, ``hash`` …), kept in the target table."""
    line: int | None = None
    """1-based line in the file."""
    comments: list[str] = field(default_factory=list)
    """The description and the comment lines above the entry."""

    @property
    def plural(self) -> bool:
        """Whether the entry has plural forms (two or more categories)."""
        return len(self.forms) > 1

    def msgid(self) -> str:
        """The catalog's msgid: the ``one`` form of a plural entry, else the only form
        (without outer whitespace, which the target table gets back from the source)."""
        if self.plural:
            return (self.forms.get("one") or next(iter(self.forms.values()))).strip()
        return next(iter(self.forms.values())).strip()

    def msgid_plural(self) -> str | None:
        """The catalog's msgid_plural: the ``other`` form of a plural entry."""
        if not self.plural:
            return None
        return (self.forms.get("other") or list(self.forms.values())[-1]).strip()

    def target_forms(self, translated: dict[str, str]) -> dict[str, str]:
        """Translated forms with the outer whitespace of the source's forms."""
        fallback = self.forms.get("other") or list(self.forms.values())[-1]
        return {category: keep_outer_whitespace(self.forms.get(category, fallback), text)
                for category, text in translated.items()}


@dataclass(slots=True)
class Table:
    """One i18n table file of the source language."""

    rel: str
    """Site-relative path."""
    format: str
    """``yaml``, ``toml`` or ``json``."""
    entries: list[TableEntry]
    """Its messages in file order."""
    root_is_list: bool = False
    """Written in the old list format."""


def read_table(file: Path, rel: str) -> tuple[Table, list[Diagnostic]]:
    """Read one table; values go-i18n would reject are skipped with a warning."""
    scan = read_scan(file, rel)
    table = Table(rel, scan.format, [], root_is_list=isinstance(scan.data, list))
    warnings: list[Diagnostic] = []
    if isinstance(scan.data, list):
        for index, item in enumerate(scan.data):
            entry = _entry(item, "", (index,), scan, "item")
            if entry is None or not entry.id:
                warnings.append(Diagnostic(rel, scan.line((index,)),
                                           "list item without id or text; skipped"))
                continue
            table.entries.append(entry)
    elif isinstance(scan.data, dict):
        _collect(scan.data, (), "", scan, table.entries, warnings)
    elif scan.data is not None:
        warnings.append(Diagnostic(rel, 1, "an i18n table must be a map of IDs; nothing read"))
    return table, warnings


def _is_message(value: object) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, dict) and any(
        str(key).lower() in RESERVED and isinstance(item, (str, dict))
        for key, item in value.items())


def _collect(data: dict[str, Any], path: KeyPath, prefix: str, scan: Scan,
             out: list[TableEntry], warnings: list[Diagnostic]) -> None:
    for key, value in data.items():
        child = path + (str(key),)
        ident = f"{prefix}.{key}" if prefix else str(key)
        if _is_message(value):
            entry = _entry(value, ident, child, scan, "string" if isinstance(value, str)
                           else "map")
            if entry is not None:
                out.append(entry)
        elif isinstance(value, dict):
            _collect(value, child, ident, scan, out, warnings)
        else:
            warnings.append(Diagnostic(scan.path, scan.line(child),
                                       f"{ident}: not a text or a map of plural forms; skipped"))


def _entry(value: object, ident: str, path: KeyPath, scan: Scan, shape: str
           ) -> TableEntry | None:
    forms: dict[str, str] = {}
    extra: dict[str, Any] = {}
    if isinstance(value, str):
        forms["other"] = value
    elif isinstance(value, dict):
        for key, item in value.items():
            name = str(key).lower()
            if name in _CATEGORY_SET and isinstance(item, str):
                forms[name] = item
            elif name == "translation" and isinstance(item, str):
                forms["other"] = item
            elif name == "translation" and isinstance(item, dict):
                forms.update({str(k).lower(): v for k, v in item.items()
                              if str(k).lower() in _CATEGORY_SET and isinstance(v, str)})
            elif name == "id" and isinstance(item, str):
                ident = item
            else:
                extra[str(key)] = item
    forms = {category: forms[category] for category in CATEGORIES
             if category in forms and forms[category].strip()}
    if not forms:
        return None
    line = scan.line(path)
    comments: list[str] = []
    description = next((v for k, v in extra.items() if k.lower() == "description"), None)
    if isinstance(description, str) and description.strip():
        comments.append(" ".join(description.split()))
    if line is not None:
        comments = scan.comments_above(line) + comments
    return TableEntry(ident, shape, path, forms, extra, line, comments)


def table_messages(tables: Sequence[Table]) -> list[SiteMessage]:
    """One message per ID over all tables (the first table that has an ID wins)."""
    seen: set[str] = set()
    messages: list[SiteMessage] = []
    for table in tables:
        for entry in table.entries:
            if entry.id in seen:
                continue
            seen.add(entry.id)
            texts = list(entry.forms.values())
            messages.append(SiteMessage(
                msgid=entry.msgid(), kind=I18N, path=table.rel, line=entry.line,
                msgctxt=entry.id, msgid_plural=entry.msgid_plural(),
                comments=tuple(entry.comments),
                template=any("{{" in text for text in texts)))
    return messages


def target_table(tables: Sequence[Table], translations: Mapping[MessageKey, Translation],
                 scheme: PluralScheme, note: str) -> str | None:
    """The target language's table text (None when no message is translated): the first
    table's format and layout, the translated messages of all tables."""
    if not tables:
        return None
    first = tables[0]
    as_list = first.root_is_list and first.format != "toml"
    root: Any = [] if as_list else {}
    seen: set[str] = set()
    written = 0
    for table in tables:
        for entry in table.entries:
            if entry.id in seen:
                continue
            seen.add(entry.id)
            found = translations.get((entry.id, entry.msgid()))
            if found is None:
                continue
            forms = entry.target_forms(scheme.forms(found.plural) if entry.plural else {
                next(iter(entry.forms)): found.msgstr})
            if as_list:
                root.append(_as_item(entry, forms))
                written += 1
            elif _place(root, entry, forms):
                written += 1
    if not written:
        return None
    return dump(root, first.format, note)


def _as_item(entry: TableEntry, forms: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.id}
    item.update({k: v for k, v in entry.extra.items() if k.lower() != "translation"})
    simple = list(forms) == ["other"] and entry.shape != "map"
    item["translation"] = forms["other"] if simple else forms
    return item


def _place(root: dict[str, Any], entry: TableEntry, forms: dict[str, str]) -> bool:
    """Put a message where the source table has it (``item`` entries under their ID)."""
    path = [str(part) for part in entry.path] if entry.shape != "item" else [entry.id]
    node = root
    for part in path[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict) or _is_message(child):
            return False  # a message and a nested table under one name: the first one stays
        node = child
    if path[-1] in node:
        return False
    if entry.shape == "string" and list(forms) == ["other"]:
        node[path[-1]] = forms["other"]
    else:
        node[path[-1]] = {**{k: v for k, v in entry.extra.items()
                             if k.lower() not in ("id", "translation")}, **forms}
    return True
