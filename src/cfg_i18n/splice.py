"""Merge: replace each segment's span with its translation; every other byte stays.

A translation equal to its msgid keeps the source bytes, so the identity translation gives
back the file byte for byte by construction. Each segment's ``encoder`` says how text is
written where it stands: with the container prefix after a line break, on one line, as a
table cell, or quoted for YAML, TOML, JSON, an HTML attribute or a shortcode parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from cfg_i18n.segments import Segment

if TYPE_CHECKING:
    from cfg_i18n.page import Page

Translate = Callable[[Segment], "str | None"]

_YAML_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: |\s#|:$|\s$|\n")
_FLOW_INDICATOR = re.compile(r"[,\[\]{}]")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")


def splice(page: Page, translate: Translate, spans: SourceSpans | None = None) -> str:
    """The page's text with every translated segment replaced (None keeps the source).

    ``spans`` are the page's :func:`source_spans`, for a caller that splices one page into
    several languages and works them out once.
    """
    doc = page.document
    source = doc.source
    crlf = doc.newline != "\n"
    parts: list[str] = []
    pos = 0
    for segment, start, end in source_spans(page) if spans is None else spans:
        translation = translate(segment)
        if translation is None or translation == segment.msgid:
            continue
        encoded = encode(segment, translation)
        if crlf:
            encoded = encoded.replace("\n", doc.newline)
        parts.append(source[pos:start])
        parts.append(encoded)
        pos = end
    if not parts:
        return source
    parts.append(source[pos:])
    return "".join(parts)


#: Each segment of a page with its start and end offsets in the file's text.
SourceSpans = list[tuple[Segment, int, int]]


def source_spans(page: Page) -> SourceSpans:
    """Each segment of ``page`` with where it starts and ends in the text as in the file."""
    to_source = page.document.to_source
    return [(segment, to_source(segment.span.start), to_source(segment.span.end))
            for segment in page.segments]


def encode(segment: Segment, text: str) -> str:
    """Write ``text`` so that it reads back as itself where ``segment`` stands."""
    return _ENCODERS[segment.encoder](segment, text)


def _text(segment: Segment, text: str) -> str:
    return text.replace("\n", "\n" + segment.prefix)


def _line(segment: Segment, text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def _table_cell(segment: Segment, text: str) -> str:
    return _UNESCAPED_PIPE.sub(lambda m: m.group(1) + "\\|", _line(segment, text))


def _html_attribute(segment: Segment, text: str) -> str:
    quote = segment.context.get("quote", '"')
    if quote == "'":
        return text.replace("'", "&#39;")
    escaped = text.replace('"', "&quot;")
    if quote == "" and re.search(r"[\s'=<>`]", text):
        return f'"{escaped}"'
    return escaped


def _shortcode_param(segment: Segment, text: str) -> str:
    quote = segment.context.get("quote", '"')
    text = _line(segment, text)
    if quote == "`":
        return text.replace("`", "'")
    if quote == "'":
        return text.replace("'", "’")
    escaped = text.replace("\\", "\\\\").replace('"', '\\"') if quote == '"' else text
    if quote == "" and re.search(r"[\s\"'`]", text):
        return '"' + text.replace('"', '\\"') + '"'
    return escaped


def _json_string(segment: Segment, text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _yaml_plain(segment: Segment, text: str) -> str:
    in_flow = segment.context.get("flow") == "1"  # inside [...] or {...}: , [ ] { } end a value
    if text and not _YAML_PLAIN_UNSAFE.search(text) and not (in_flow and _FLOW_INDICATOR.search(text)):
        import yaml  # only when a plain YAML value is translated

        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return _json_string(segment, text)


def _yaml_single(segment: Segment, text: str) -> str:
    if "\n" in text:
        return _json_string(segment, text)
    return "'" + text.replace("'", "''") + "'"


def _yaml_block(segment: Segment, text: str) -> str:
    indent = segment.context.get("indent", "  ")
    return indent + ("\n" + indent).join(text.split("\n"))


def _toml_literal(segment: Segment, text: str) -> str:
    if "'" in text or "\n" in text:
        return _json_string(segment, text)
    return f"'{text}'"


def _toml_multi(segment: Segment, text: str) -> str:
    """Text inside a TOML multi-line basic string (the span excludes its quotes)."""
    return text.replace("\\", "\\\\").replace('"""', '""\\"')


def _toml_literal_multi(segment: Segment, text: str) -> str:
    """Text inside a TOML multi-line literal string, which has no escapes: a run of three
    quotes is broken up."""
    return text.replace("'''", "''’")


_ENCODERS: dict[str, Callable[[Segment, str], str]] = {
    "text": _text,
    "line": _line,
    "table-cell": _table_cell,
    "html-attribute": _html_attribute,
    "shortcode-param": _shortcode_param,
    "yaml-plain": _yaml_plain,
    "yaml-single": _yaml_single,
    "yaml-double": _json_string,
    "yaml-block": _yaml_block,
    "toml-basic": _json_string,
    "toml-literal": _toml_literal,
    "toml-multi": _toml_multi,
    "toml-literal-multi": _toml_literal_multi,
    "json-string": _json_string,
}
