"""Data files (``data/**.yaml|toml|json``): configured values out, ``data/<lang>/…`` back in.

Which values are text is configured per glob with dotted key paths (``*`` for any list item or
key), the syntax of ``front_matter_keys``. A plain value is one message; a Markdown value (its
key in ``markdown_keys``) is segmented like a page body, one message per paragraph, list item
or heading. ``merge`` writes each file to ``data/<lang>/<same path>`` by replacing only the
characters of the translated values, so every other byte (comments, key order, formatting)
stays; with nothing translated the copy is byte-identical. A template picks the language's
tree with ``index site.Data site.Language.Lang`` (see the README).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cfg_i18n.errors import Diagnostic
from cfg_i18n.segments import Segment, Span, normalize_msgid
from cfg_i18n.sitestrings.formats import KeyPath, Scan, StringValue, read_scan
from cfg_i18n.sitestrings.model import DATA, SiteMessage, keep_outer_whitespace

if TYPE_CHECKING:
    from cfg_i18n.config import DataFileRule
    from cfg_i18n.options import ExtractOptions
    from cfg_i18n.page import Page

#: ``lookup(msgid) -> translation`` (None: keep the source text).
Lookup = Callable[[str], "str | None"]

# Characters YAML allows in a block scalar (its ``printable`` set, tab and line feed).
_NOT_PRINTABLE = "[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


@dataclass(slots=True)
class DataSlot:
    """One configured string value of a data file."""

    path: KeyPath
    """Where it stands in the file."""
    string: StringValue
    """Its value and characters."""
    pattern: str
    """The configured key it matches."""
    page: Page | None = None
    """The value parsed as Markdown (a ``markdown_keys`` value), else None."""


@dataclass(slots=True)
class DataFile:
    """A data file with its configured values."""

    rel: str
    """Site-relative path (``data/projekte/01-klimadaten.yaml``)."""
    scan: Scan
    """Its text and values."""
    slots: list[DataSlot] = field(default_factory=list)
    """The configured values in file order."""


def target_path(rel: str, language: str) -> str:
    """``data/projekte/x.yaml`` -> ``data/<lang>/projekte/x.yaml``."""
    head, _, rest = rel.partition("/")
    return f"{head}/{language}/{rest}" if rest else f"{language}/{head}"


def read_data_file(file: Path, rel: str, rule: DataFileRule, options: ExtractOptions
                   ) -> tuple[DataFile, list[Diagnostic]]:
    """Read a data file and find its configured values (Markdown ones parsed)."""
    from cfg_i18n.frontmatter import compile_patterns, matches
    from cfg_i18n.page import parse_page

    scan = read_scan(file, rel)
    plain = compile_patterns(rule.keys)
    markdown = compile_patterns(rule.markdown_keys)
    result = DataFile(rel, scan)
    warnings: list[Diagnostic] = []
    for path, _ in _string_leaves(scan.data, ()):
        as_markdown = matches(path, markdown)
        pattern = as_markdown or matches(path, plain)
        if pattern is None:
            continue
        string = scan.strings.get(path)
        if string is None:
            warnings.append(Diagnostic(rel, scan.line(path), (
                f"{'.'.join(map(str, path))}: the value is written in a way cfg-i18n cannot "
                "replace (inside an inline table or array); it stays in the source language")))
            continue
        slot = DataSlot(path, string, pattern)
        if as_markdown:
            slot.page = parse_page("\n" + string.value, rel, options)
            warnings.extend(slot.page.warnings)
        result.slots.append(slot)
    return result, warnings


def _string_leaves(node: object, path: KeyPath) -> list[tuple[KeyPath, str]]:
    if isinstance(node, dict):
        out: list[tuple[KeyPath, str]] = []
        for key, value in node.items():
            out += _string_leaves(value, path + (str(key),))
        return out
    if isinstance(node, list):
        out = []
        for index, value in enumerate(node):
            out += _string_leaves(value, path + (index,))
        return out
    return [(path, node)] if isinstance(node, str) and node.strip() else []


def data_messages(data: DataFile) -> list[SiteMessage]:
    """The messages of a data file: one per plain value, one per Markdown block."""
    messages: list[SiteMessage] = []
    for slot in data.slots:
        string = slot.string
        first = data.scan.line_of(string.start)
        if slot.page is None:
            msgid = normalize_msgid(string.value)
            if msgid:
                messages.append(SiteMessage(msgid, f"{DATA}: {slot.pattern}", data.rel, first))
            continue
        raw = data.scan.text[string.start:string.end]
        position = 0
        for segment in slot.page.segments:
            line, position = _locate(raw, segment.msgid, position)
            messages.append(SiteMessage(
                segment.msgid, f"{DATA} {slot.pattern}: {segment.kind}", data.rel,
                first + line if line is not None else first, markdown=segment.markdown))
    return messages


def _locate(raw: str, msgid: str, position: int) -> tuple[int | None, int]:
    """Line offset of a message's first words in the value as written (block scalars fold
    lines, so the value's own line numbers do not tell)."""
    words = msgid.split()[:2]
    if not words:
        return None, position
    found = re.compile(r"\s+".join(re.escape(word) for word in words)).search(raw, position)
    if found is None:
        return None, position
    return raw.count("\n", 0, found.start()), found.end()


def translate_data_file(data: DataFile, lookup: Lookup) -> str:
    """The file with each translated value replaced; everything else as in the source."""
    from cfg_i18n.splice import splice

    text = data.scan.text
    newline = data.scan.newline
    parts: list[str] = []
    position = 0
    for slot in data.slots:
        string = slot.string
        if slot.page is None:
            msgid = normalize_msgid(string.value)
            translation = lookup(msgid)
            value = string.value if translation in (None, msgid) else keep_outer_whitespace(
                string.value, str(translation))
        else:
            value = splice(slot.page, lambda segment: lookup(segment.msgid))[1:]
        if value == string.value:
            continue
        parts.append(text[position:string.start])
        parts.append(encode_value(string, value, newline,
                                  at_end=string.end >= len(text.rstrip(" \t"))))
        position = string.end
    if not parts:
        return data.scan.source
    parts.append(text[position:])
    return ("\ufeff" if data.scan.bom else "") + "".join(parts)


def encode_value(string: StringValue, value: str, newline: str = "\n", at_end: bool = False
                 ) -> str:
    """``value`` written where ``string`` stands, so that the file reads back as ``value``."""
    from cfg_i18n.splice import encode

    if string.style in ("yaml-literal", "yaml-folded"):
        block = _literal_block(value, string.column, newline, at_end)
        if block is not None:
            return block
        style = "yaml-double"
    else:
        style = string.style
    written = encode(Segment(msgid="", kind="", line=0, span=Span(0, 0), encoder=style), value)
    return written.replace("\n", newline) if style.startswith("toml-") and "multi" in style \
        else written


def _literal_block(value: str, column: int, newline: str, at_end: bool) -> str | None:
    """A YAML literal block scalar holding ``value`` (None when it cannot hold it exactly)."""
    body, chomp = (value[:-1], "") if value.endswith("\n") else (value, "-")
    lines = body.split("\n")
    if (not body.strip() or body.endswith("\n") or body[0] in " \t" or (chomp == "" and at_end)
            or re.search(_NOT_PRINTABLE, body) or any(line and not line.strip() for line in lines)):
        return None
    indent = " " * (column + 2)
    return f"|{chomp}" + newline + newline.join(indent + line if line else "" for line in lines)
