"""Segments: the translation units of a page, with the exact spans they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

#: Kinds of segment (the extracted comment in a catalog says ``type: <kind>``).
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list item"
TABLE_CELL = "table cell"
BLOCKQUOTE = "blockquote"
DEFINITION_TERM = "definition term"
DEFINITION = "definition"
FOOTNOTE = "footnote"
ALT = "alt"

MARKDOWN_FLAG = "md-text"


class Span(NamedTuple):
    """A half-open range ``[start, end)`` of character offsets into the page text.

    A named tuple: a parse makes one per segment, and a cached page is pickled and read
    back whole, both several times faster than with a frozen dataclass."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset just past the last character."""


@dataclass(slots=True)
class Segment:
    """One translation unit: a msgid and where it stands in the source text."""

    msgid: str
    """The message as the translator sees it (wrapped lines joined with one space)."""
    kind: str
    """What the text is: ``heading``, ``list item``, ``front matter: title``, ``html <li>`` …"""
    line: int
    """1-based line of the unit's first character in the whole file (front matter included)."""
    span: Span
    """The characters that a translation replaces; everything else is skeleton."""
    markdown: bool = True
    """Whether the text is inline Markdown (catalogs flag it for Weblate's Markdown checks)."""
    prefix: str = ""
    """Container prefix to insert after each newline of a translation (``> ``, list indent)."""
    encoder: str = "text"
    """How a translation is written back: ``text``, ``yaml-plain``, ``yaml-double`` …"""
    context: dict[str, str] = field(default_factory=dict)
    """Extra facts for encoders and checks (e.g. indentation of a YAML block scalar)."""


def normalize_msgid(text: str) -> str:
    """Join hard-wrapped lines: every run of whitespace (line breaks, tabs, NBSP) becomes one
    space, and leading and trailing whitespace goes. Re-wrapping a paragraph or retyping a
    space as NBSP therefore changes no msgid; the source bytes stay as written.

    >>> normalize_msgid("Wir treffen uns\n  in lokalen Labs.\u00a0 ")
    'Wir treffen uns in lokalen Labs.'
    """
    return " ".join(text.split())
