"""Markdown body -> segments with exact character spans.

markdown-it-py gives block tokens with line maps only; this module finds, for each inline
token, the exact characters of each of its lines in the page, then cuts the unit at lines
that hold only shortcode tags, trims shortcodes and whitespace at its edges, and keeps what
is left as one message (or, when only markup is left, the image ``alt`` texts inside it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from cfg_i18n import segments as kinds
from cfg_i18n.html import _attribute_segments, html_segments
from cfg_i18n.segments import Segment, Span, normalize_msgid
from cfg_i18n.shortcodes import MASK

_SKELETON_CHARS = " \t" + MASK
_HEADING_ATTRIBUTES = re.compile(r"[ \t]*\{[ \t]*[#.][^{}\n]*\}[ \t]*$")
_TASK_MARKER = re.compile(r"\[[ xX]\][ \t]+")
# Container markers at a line's start: blockquote ``>``, list bullets and numbers, a
# definition's ``:``, a footnote's ``[^label]:``.
_LIST_LEAD = re.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)]|:|\[\^[^\]\s]+\]:)[ \t]+[ \t>]*)*")
_ATX = re.compile(r"[ \t]{0,3}#{1,6}(?=[ \t]|$)")
_IMAGE_ALT = re.compile(r"!\[((?:[^\[\]\\\n]|\\.|\[(?:[^\[\]\\\n]|\\.)*\])*)\]")
_INLINE_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_WORD = re.compile(r"\w")

_CONTAINER_KINDS = {
    "blockquote_open": kinds.BLOCKQUOTE,
    "list_item_open": kinds.LIST_ITEM,
    "footnote_reference_open": kinds.FOOTNOTE,
    "dd_open": kinds.DEFINITION,
}


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The Markdown dialect of Hugo's Goldmark, as far as segmentation needs it.

    Only block structure matters for segmentation (inline Markdown stays in the msgid as
    written), so the inline pass, two thirds of markdown-it's time, is switched off.
    """
    md = (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(deflist_plugin)
    )
    # Footnote bodies stay where they are written (footnote_tail would move them to the end
    # and keep only the ones an inline pass saw referenced).
    md.disable(["inline", "text_join", "footnote_tail"])
    md.core.ruler.at("normalize", _normalize)
    return md


def _normalize(state: StateCore) -> None:
    """markdown-it's ``normalize`` rule (CR LF and CR to LF, NUL to U+FFFD) without its two
    regex passes over a page that has neither: they replaced every line break by itself."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_TAG_OR_AUTOLINK = re.compile(r"<[^<>\n]*>")
_BRACKETED = r"(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*"  # one level of [nesting]
_IMAGE = re.compile(r"!\[" + _BRACKETED + r"\]\((?:[^()\\]|\\.)*\)")
_IMAGE_REF = re.compile(r"!\[" + _BRACKETED + r"\]\[[^\]]*\]")
_LINK_TARGET = re.compile(r"\]\((?:[^()\\]|\\.)*\)|\]\[[^\]]*\]")


def has_text(masked: str) -> bool:
    """Whether inline Markdown holds words a reader sees: not only code spans, HTML tags,
    shortcodes, images and link targets.

    >>> has_text("![Logo](/img/logo.png)"), has_text("`hugo server`"), has_text("[OK Lab](/x)")
    (False, False, True)
    """
    # Each pattern runs only when its opening character is there: most paragraphs are plain.
    text = masked.replace(MASK, "") if MASK in masked else masked
    if "`" in text:
        text = _CODE_SPAN.sub("", text)
    if "<" in text:
        text = _TAG_OR_AUTOLINK.sub("", text)
    if "![" in text:
        text = _IMAGE_REF.sub("", _IMAGE.sub("", text))
    if "]" in text:
        text = _LINK_TARGET.sub("", text)
    return bool(_WORD.search(text))


@dataclass(slots=True)
class _Lines:
    """Offsets of the text of each line of a unit: ``[(start, end), …]`` in the page text."""

    spans: list[tuple[int, int]]


class MarkdownSegmenter:
    """Turn one masked body into segments; one instance per page."""

    def __init__(self, source: str, masked: str, line_of: Callable[[int], int],
                 line_starts: list[int]) -> None:
        self.source = source
        self.masked = masked
        self.line_of = line_of
        self.line_starts = line_starts
        self.segments: list[Segment] = []
        self.containers: list[str] = []
        """Kinds of the containers (blockquote, list item …) around the current token."""
        self.problems: list[tuple[int, str]] = []

    # -- lines -------------------------------------------------------------------------

    def _line_bounds(self, line: int) -> tuple[int, int]:
        start = self.line_starts[line]
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.masked)
        return start, end

    def _content_lines(self, first_line: int, content: str) -> list[tuple[int, int]] | None:
        """Locate each line of an inline token's content in the page."""
        result: list[tuple[int, int]] = []
        lines = content.split("\n")
        for k, wanted in enumerate(lines):
            start, end = self._line_bounds(first_line + k)
            line = self.masked[start:end]
            if k == len(lines) - 1:
                line = line.rstrip()
            if line.endswith(wanted):
                result.append((start + len(line) - len(wanted), start + len(line)))
                continue
            wanted = wanted.strip()
            at = line.rfind(wanted)
            if at < 0:
                return None
            result.append((start + at, start + at + len(wanted)))
        return result

    # -- walking -------------------------------------------------------------------------

    def run(self, tokens: list[Token]) -> list[Segment]:
        containers = self.containers
        row_cells: list[tuple[int, int]] = []
        cell_index = 0
        for index, token in enumerate(tokens):
            kind = token.type
            if kind in _CONTAINER_KINDS:
                containers.append(_CONTAINER_KINDS[kind])
            elif kind in ("blockquote_close", "list_item_close", "footnote_reference_close",
                          "dd_close"):
                containers.pop()
            elif kind == "tr_open" and token.map:
                row_cells = self._table_cells(token.map[0])
                cell_index = 0
            elif kind == "html_block" and token.map:
                self._html_block(token)
            elif kind == "inline" and token.map:
                parent = tokens[index - 1].type
                if parent in ("th_open", "td_open"):
                    if cell_index < len(row_cells):
                        self._unit([row_cells[cell_index]], token, kinds.TABLE_CELL, "table-cell")
                    cell_index += 1
                elif parent == "heading_open":
                    self._heading(token, tokens[index - 1])
                elif parent == "dt_open":
                    self._inline(token, kinds.DEFINITION_TERM, "line")
                else:
                    self._inline(token, containers[-1] if containers else kinds.PARAGRAPH, "text")
        return self.segments

    def _inline(self, token: Token, kind: str, encoder: str) -> None:
        assert token.map is not None
        lines = self._content_lines(token.map[0], token.content)
        if lines is None:
            self.problems.append((token.map[0] + 1, ("could not locate this block's text; "
                                  "it is left untranslated")))
            return
        self._unit(lines, token, kind, encoder)

    def _heading(self, token: Token, opener: Token) -> None:
        assert token.map is not None
        if opener.markup.startswith("#"):
            start, end = self._line_bounds(token.map[0])
            line = self.masked[start:end]
            lead = _ATX.match(line)
            at = line.find(token.content, lead.end() if lead else 0) if token.content else -1
            if at < 0:
                return
            lines = [(start + at, start + at + len(token.content))]
        else:
            found = self._content_lines(token.map[0], token.content)
            if found is None:
                return
            lines = found
        last_start, last_end = lines[-1]
        attrs = _HEADING_ATTRIBUTES.search(self.masked, last_start, last_end)
        if attrs is not None and attrs.end() == last_end:
            lines[-1] = (last_start, attrs.start())
        # An ATX heading is one line by definition; a setext heading may hold a hard break.
        self._unit(lines, token, kinds.HEADING, "line" if opener.markup.startswith("#") else "text")

    def _table_cells(self, line: int) -> list[tuple[int, int]]:
        start, end = self._line_bounds(line)
        text = self.masked
        i = start
        while i < end and text[i] in " \t":
            i += 1
        if i < end and text[i] == "|":
            i += 1
        cells: list[tuple[int, int]] = []
        cell_start = i
        while i <= end:
            if i < end and text[i] == "\\":
                i += 2
                continue
            if i == end or text[i] == "|":
                cells.append(_strip(text, cell_start, min(i, end)))
                cell_start = i + 1
            i += 1
        if cells and cells[-1][0] >= cells[-1][1] and text[start:end].rstrip().endswith("|"):
            cells.pop()
        return cells

    def _html_block(self, token: Token) -> None:
        assert token.map is not None
        start, _ = self._line_bounds(token.map[0])
        _, end = self._line_bounds(token.map[1] - 1)
        first = self.masked[start : self._line_bounds(token.map[0])[1]]
        lead = _LIST_LEAD.match(first)
        offset = lead.end() if lead else 0
        prefix = _prefix(first[:offset])
        self.segments.extend(
            html_segments(self.source, self.masked, start + offset, end, self.line_of, prefix))

    # -- units ---------------------------------------------------------------------------

    def _unit(self, lines: list[tuple[int, int]], token: Token, kind: str, encoder: str) -> None:
        """Cut a unit at shortcode-only lines, trim its edges, and emit what is text."""
        pieces: list[list[tuple[int, int]]] = [[]]
        for start, end in lines:
            if self.masked[start:end].strip(_SKELETON_CHARS):
                pieces[-1].append((start, end))
            elif pieces[-1]:
                pieces.append([])
        for piece in pieces:
            if piece:
                self._piece(piece, kind, encoder)

    def _piece(self, piece: list[tuple[int, int]], kind: str, encoder: str) -> None:
        text = self.masked
        start, end = piece[0][0], piece[-1][1]
        while start < end and text[start] in _SKELETON_CHARS:
            start += 1
        if kind == kinds.LIST_ITEM:
            task = _TASK_MARKER.match(text, start, end)
            if task is not None:
                start = task.end()
        while end > start and text[end - 1] in _SKELETON_CHARS:
            end -= 1
        if start >= end:
            return
        piece = list(piece)
        piece[0] = (start, piece[0][1])
        piece[-1] = (piece[-1][0], end)
        if not self._has_text(start, end):
            self._markup_only(start, end)
            return
        line_start = self.line_starts[self.line_of(start) - 1]
        self.segments.append(Segment(
            msgid=_join(self.source, self.masked, piece), kind=kind, line=self.line_of(start),
            span=Span(start, end), markdown=True,
            prefix=self._continuation(self.masked[line_start:start]), encoder=encoder))

    def _continuation(self, lead: str) -> str:
        """The prefix of a new line inside the unit: its first line's lead, with markers as
        spaces, and a ``> `` for each enclosing blockquote that the lead (a lazy line) lacks."""
        prefix = _prefix(lead)
        missing = self.containers.count(kinds.BLOCKQUOTE) - prefix.count(">")
        return "> " * missing + prefix if missing > 0 else prefix

    def _has_text(self, start: int, end: int) -> bool:
        """Whether the unit has words of its own, beyond code, tags, images and link targets."""
        return has_text(self.masked[start:end])

    def _markup_only(self, start: int, end: int) -> None:
        """A unit with no text of its own: its image alts and tag attributes are messages."""
        for match in _IMAGE_ALT.finditer(self.masked, start, end):
            a, b = match.span(1)
            a, b = _strip(self.masked, a, b)
            if _WORD.search(self.masked[a:b].replace(MASK, "")):
                self.segments.append(Segment(
                    msgid=normalize_msgid(self.source[a:b]), kind=kinds.ALT, line=self.line_of(a),
                    span=Span(a, b), markdown=True, encoder="line"))
        for match in _INLINE_TAG.finditer(self.masked, start, end):
            self.segments.extend(_attribute_segments(
                self.source, self.masked, match.start(), match.end(), match.group(1).lower(),
                self.line_of))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    return start, end


def _prefix(lead: str) -> str:
    """What a new line inside this unit must start with: ``> `` kept, list markers as spaces,
    a footnote's text indented by four."""
    match = _LIST_LEAD.match(lead) if lead else None  # most units start their line
    if match is None:
        return ""
    kept = _FOOTNOTE_MARKER.sub("    ", match.group(0))
    return _NOT_QUOTE_OR_SPACE.sub(" ", kept)


_NOT_QUOTE_OR_SPACE = re.compile(r"[^\s>]")


_FOOTNOTE_MARKER = re.compile(r"\[\^[^\]\s]+\]:[ \t]+")


def _join(source: str, masked: str, piece: list[tuple[int, int]]) -> str:
    """The msgid of a unit: wrapped lines joined with one space, hard breaks kept."""
    groups: list[str] = []
    current: list[str] = []
    for k, (start, end) in enumerate(piece):
        current.append(source[start:end])
        if k == len(piece) - 1:
            break
        line = masked[start:end]
        if line.endswith("\\") and not line.endswith("\\\\"):
            groups.append(normalize_msgid("\n".join(current)) + "\n")
            current = []
        elif line.endswith("  "):
            groups.append(normalize_msgid("\n".join(current)) + "  \n")
            current = []
    groups.append(normalize_msgid("\n".join(current)))
    return "".join(groups)
