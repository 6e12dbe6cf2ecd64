"""Hugo shortcode lexer: find ``{{< >}}`` / ``{{% %}}`` tags, their parameters, and mask them.

Hugo swaps every shortcode for a placeholder before its Markdown renderer runs. We do the
same with :func:`mask`, keeping every offset and line break, so markdown-it sees the page as
Hugo's renderer does (a multi-line tag whose ``>}}`` starts a line is not a blockquote).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

#: An inert placeholder character (Unicode private use: neither space nor punctuation).
MASK = "\ue000"
#: Stands for ``<`` and ``>`` inside escaped shortcodes (neither a tag nor a mask).
ANGLE = "\ue001"

_OPEN = re.compile(r"\{\{([<%])")
_NAME = re.compile(r"[^\s/>%*\"'`=][^\s>%\"'`=]*")
_SPACE = re.compile(r"\s*")
_BARE = re.compile(r"[^\s\"'`=]+?(?=\s|/?[>%]\}\}|$)|[^\s\"'`=]+", re.DOTALL)


class Param(NamedTuple):
    """One shortcode parameter, named (``alt="…"``) or positional."""

    name: str | None
    """Parameter name, or None for a positional parameter."""
    value: str
    """Decoded value (quotes removed, ``\\"`` unescaped)."""
    start: int
    """Offset of the first character of the value inside the quotes."""
    end: int
    """Offset just past the value's last character (before the closing quote)."""
    quote: str
    """``"``, ``'``, the backtick, or ``""`` for a bare value."""


@dataclass(slots=True)
class Shortcode:
    """One shortcode tag as written: ``{{< figure src="x" >}}``, ``{{< /quote >}}`` …"""

    start: int
    """Offset of the first ``{``."""
    end: int
    """Offset just past the final ``}}``."""
    name: str
    """Shortcode name (``figure``, ``home/teaser-blog``)."""
    delimiter: str
    """``<`` or ``%``."""
    closing: bool = False
    """A closing tag: ``{{< /x >}}`` or ``{{</ x >}}``."""
    self_closing: bool = False
    """``{{< x />}}``."""
    params: list[Param] = field(default_factory=list)
    """Parameters in source order."""
    line: int = 0
    """1-based line of the tag's start, filled in by callers that know line numbers."""


class ShortcodeSyntaxError(ValueError):
    """A ``{{<`` that never closes; carries the offset for a file:line message."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def find_shortcodes(text: str) -> list[Shortcode]:
    """Return every shortcode tag in ``text`` in source order (escaped ``{{</* */>}}`` excluded).

    >>> [(s.name, s.closing) for s in find_shortcodes('a {{< ref "x" >}} b {{</ quote >}}')]
    [('ref', False), ('quote', True)]
    """
    found: list[Shortcode] = []
    pos = 0
    while True:
        match = _OPEN.search(text, pos)
        if match is None:
            return found
        start = match.start()
        delim = match.group(1)
        close = ">}}" if delim == "<" else "%}}"
        i = _SPACE.match(text, match.end()).end()  # type: ignore[union-attr]
        if text.startswith("/*", i):  # escaped: {{</* x */>}} is literal text
            end = text.find("*/" + close, i)
            pos = end + 2 + len(close) if end >= 0 else match.end()
            continue
        shortcode = _parse_tag(text, start, i, delim, close)
        if shortcode is None:
            pos = match.end()
            continue
        found.append(shortcode)
        pos = shortcode.end


def escaped_shortcodes(text: str) -> list[tuple[int, int]]:
    """Spans of escaped shortcodes (``{{</* x */>}}``): text that Hugo shows as written."""
    spans: list[tuple[int, int]] = []
    for match in _OPEN.finditer(text):
        close = ">}}" if match.group(1) == "<" else "%}}"
        i = _SPACE.match(text, match.end()).end()  # type: ignore[union-attr]
        if text.startswith("/*", i):
            end = text.find("*/" + close, i)
            if end >= 0:
                spans.append((match.start(), end + 2 + len(close)))
    return spans


def _parse_tag(text: str, start: int, i: int, delim: str, close: str) -> Shortcode | None:
    closing = False
    if text.startswith("/", i):
        closing = True
        i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
    name_match = _NAME.match(text, i)
    if name_match is None:
        return None
    shortcode = Shortcode(start=start, end=start, name=name_match.group(0), delimiter=delim,
                          closing=closing)
    i = name_match.end()
    while True:
        i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
        if text.startswith(close, i):
            shortcode.end = i + len(close)
            return shortcode
        if text.startswith("/" + close, i):
            shortcode.self_closing = True
            shortcode.end = i + 1 + len(close)
            return shortcode
        if i >= len(text) or text.startswith("{{", i):
            return None
        param, i = _parse_param(text, i)
        if param is None:
            return None
        shortcode.params.append(param)


def _parse_param(text: str, i: int) -> tuple[Param | None, int]:
    name: str | None = None
    named = re.compile(r"([A-Za-z_][\w-]*)\s*=\s*").match(text, i)
    if named:
        name = named.group(1)
        i = named.end()
    if i < len(text) and text[i] in "\"'`":
        quote = text[i]
        j = i + 1
        while j < len(text):
            ch = text[j]
            if ch == "\\" and quote == '"':
                j += 2
                continue
            if ch == quote:
                raw = text[i + 1 : j]
                value = raw.replace('\\"', '"') if quote == '"' else raw
                return Param(name, value, i + 1, j, quote), j + 1
            j += 1
        return None, i
    bare = _BARE.match(text, i)
    if bare is None:
        return None, i
    return Param(name, bare.group(0), bare.start(), bare.end(), ""), bare.end()


def mask(text: str, shortcodes: list[Shortcode]) -> str:
    """Replace every shortcode character except line breaks with :data:`MASK`.

    The angle brackets of escaped shortcodes become :data:`ANGLE`: they are text, which an
    HTML tokenizer must not read as a tag.
    """
    escaped = escaped_shortcodes(text) if "/*" in text else []
    if not shortcodes and not escaped:
        return text
    parts: list[str] = []
    pos = 0
    pieces = [(sc.start, sc.end, True) for sc in shortcodes] + [(a, b, False) for a, b in escaped]
    for start, end, real in sorted(pieces):
        if start < pos:
            continue
        parts.append(text[pos:start])
        chunk = text[start:end]
        parts.append(re.sub(r"[^\n]", MASK, chunk) if real else re.sub(r"[<>]", ANGLE, chunk))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def unclosed(shortcodes: list[Shortcode], takes_inner: Collection[str] = ()) -> list[Shortcode]:
    """Opening tags that are never closed.

    Only the shortcode's template knows whether it takes inner content, so a tag counts as
    unclosed when its name is in ``takes_inner`` (templates that use ``.Inner``) or is
    closed elsewhere on the same page.
    """
    closed_names = {sc.name for sc in shortcodes if sc.closing} | set(takes_inner)
    stack: list[Shortcode] = []
    for sc in shortcodes:
        if sc.self_closing:
            continue
        if sc.closing:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k].name == sc.name:
                    del stack[k]
                    break
        elif sc.name in closed_names:
            stack.append(sc)
    return stack
