"""Raw HTML blocks -> segments: one message per block-level element's text.

The stdlib's HTML tokenizer reports where each tag and text run starts; a run of text and
inline tags between two block-level boundaries is one unit. Inline tags that wrap the whole
unit (``<i>…</i>``) and shortcodes at its edges are skeleton. ``alt``, ``title``,
``aria-label`` and ``placeholder`` values of tags outside any unit are messages of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from cfg_i18n.segments import Segment, Span, normalize_msgid
from cfg_i18n.shortcodes import MASK

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li "
    "main menu nav ol optgroup option p search section summary table tbody td tfoot th thead "
    "tr ul".split()
)
#: Elements whose content is never a message.
OPAQUE_TAGS = frozenset(
    ["script", "style", "pre", "textarea", "iframe", "svg", "math", "template", "noscript"]
)
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_EDGE = " \t\n" + MASK
_WORD = re.compile(r"\w")
_TAG = re.compile(r"<[^<>]*>")
_CODE = re.compile(r"<code\b[^>]*>.*?</code\s*>", re.S | re.I)  # inline code: no words of a message
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
#: offset -> 1-based line (a Document's ``line_of``).
LineOf = Callable[[int], int]
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


@dataclass(slots=True)
class _Event:
    kind: str  # start, end, startend, text, comment, other
    start: int
    tag: str = ""


class TolerantHTMLParser(HTMLParser):
    """The stdlib tokenizer, minus its one crash: a malformed ``<![`` is text, as in browsers
    (Python before 3.13 raises AssertionError on it)."""

    def parse_html_declaration(self, i: int) -> int:
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            return -1  # "incomplete": at the end of input the tokenizer emits it as text


class _Tokenizer(TolerantHTMLParser):
    """Collect tag and text events with their offsets in the parsed string."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[_Event] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.events.append(_Event("start", self._offset(), tag))

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self.events.append(_Event("startend", self._offset(), tag))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(_Event("end", self._offset(), tag))

    def handle_data(self, data: str) -> None:
        self.events.append(_Event("text", self._offset()))

    def handle_entityref(self, name: str) -> None:
        self.events.append(_Event("text", self._offset()))

    def handle_charref(self, name: str) -> None:
        self.events.append(_Event("text", self._offset()))

    def handle_comment(self, data: str) -> None:
        self.events.append(_Event("comment", self._offset()))

    def handle_decl(self, decl: str) -> None:
        self.events.append(_Event("other", self._offset()))

    def handle_pi(self, data: str) -> None:
        self.events.append(_Event("other", self._offset()))

    def unknown_decl(self, data: str) -> None:
        self.events.append(_Event("other", self._offset()))


def html_segments(source: str, masked: str, start: int, end: int, line_of: LineOf,
                  prefix: str = "") -> list[Segment]:
    """Segments of the HTML block ``source[start:end]``; ``masked`` is ``source`` with its
    shortcodes masked, so that quotes inside ``{{< ref "x" >}}`` cannot confuse the tokenizer."""
    block = masked[start:end]
    tokenizer = _Tokenizer(block)
    tokenizer.feed(block)
    tokenizer.close()
    events = tokenizer.events
    bounds = [e.start for e in events] + [len(block)]
    segments: list[Segment] = []
    run: list[tuple[_Event, int]] = []  # events of the current unit, with their end offsets
    stack: list[str] = []
    opaque = 0

    def flush() -> None:
        if run:
            segments.extend(_unit(source, masked, block, start, run, _container(stack), line_of,
                                  prefix))
            run.clear()

    for index, event in enumerate(events):
        event_end = bounds[index + 1]
        tag = event.tag
        if opaque:
            if event.kind == "start" and tag in OPAQUE_TAGS:
                opaque += 1
            elif event.kind == "end" and tag in OPAQUE_TAGS:
                opaque -= 1
            continue
        if event.kind == "comment" or event.kind == "other":
            flush()
        elif event.kind in ("start", "startend", "end") and (tag in BLOCK_TAGS or tag in OPAQUE_TAGS):
            flush()
            if event.kind != "end":
                segments.extend(_attribute_segments(source, masked, start + event.start, start + event_end,
                                                    tag, line_of))
            if event.kind == "start" and tag in OPAQUE_TAGS:
                opaque = 1
            elif event.kind == "start" and tag not in _VOID:
                stack.append(tag)
            elif event.kind == "end" and tag in stack:
                while stack and stack.pop() != tag:
                    pass
        else:
            run.append((event, event_end))
    flush()
    return segments


def _container(stack: list[str]) -> str:
    return f"html <{stack[-1]}>" if stack else "html"


def _unit(source: str, masked: str, block: str, base: int, run: list[tuple[_Event, int]], kind: str,
          line_of: LineOf, prefix: str) -> list[Segment]:
    """One unit from a run of text and inline tags, or its attributes if it has no text."""
    # Trim whitespace-only text and wrapping inline tags pairs at the edges.
    items = list(run)
    edge_tags: list[tuple[_Event, int]] = []
    changed = True
    while items and changed:
        changed = False
        while items and _is_void(items[0][0]):
            edge_tags.append(items.pop(0))
            changed = True
        while items and _is_void(items[-1][0]):
            edge_tags.append(items.pop())
            changed = True
        while items and items[0][0].kind == "text" and not _visible(block[items[0][0].start:items[0][1]]):
            items.pop(0)
            changed = True
        while items and items[-1][0].kind == "text" and not _visible(block[items[-1][0].start:items[-1][1]]):
            items.pop()
            changed = True
        if len(items) >= 2 and items[0][0].kind == "start" and items[-1][0].kind == "end" \
                and items[0][0].tag == items[-1][0].tag and _wraps(items):
            items = items[1:-1]
            changed = True
    out: list[Segment] = []
    for event, end in edge_tags:
        out.extend(_attribute_segments(source, masked, base + event.start, base + end, event.tag,
                                       line_of))
    if not items:
        return out
    span_start = base + items[0][0].start
    span_end = base + items[-1][1]
    for a, b in _pieces(masked, span_start, span_end):
        if _WORD.search(_TAG.sub("", _CODE.sub("", masked[a:b])).replace(MASK, "")):
            out.append(Segment(msgid=normalize_msgid(source[a:b]), kind=kind, line=line_of(a),
                               span=Span(a, b), markdown=False, prefix=prefix, encoder="text"))
        else:
            for tag in _TAG_NAME.finditer(masked, a, b):
                out.extend(_attribute_segments(source, masked, tag.start(), tag.end(),
                                               tag.group(1).lower(), line_of))
    return out


def _pieces(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``[start, end)`` at lines that hold only shortcode tags; trim each piece's edges."""
    pieces: list[tuple[int, int]] = []
    piece_start: int | None = None
    piece_end = start
    pos = start
    while pos < end:
        line_end = masked.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        if masked[pos:line_end].strip(_EDGE):
            if piece_start is None:
                piece_start = pos
            piece_end = line_end
        elif piece_start is not None:
            pieces.append((piece_start, piece_end))
            piece_start = None
        pos = line_end + 1
    if piece_start is not None:
        pieces.append((piece_start, piece_end))
    trimmed = []
    for a, b in pieces:
        while a < b and masked[a] in _EDGE:
            a += 1
        while b > a and masked[b - 1] in _EDGE:
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _is_void(event: _Event) -> bool:
    """A tag that holds no text (``<br>``, ``<img>``): at a unit's edge it is skeleton."""
    return event.kind == "startend" or (event.kind == "start" and event.tag in _VOID)


def _wraps(items: list[tuple[_Event, int]]) -> bool:
    """True when items[0] opens a tag that items[-1] closes with nothing else closing it before."""
    tag = items[0][0].tag
    depth = 0
    for event, _ in items[:-1]:
        if event.tag == tag and event.kind == "start":
            depth += 1
        elif event.tag == tag and event.kind == "end":
            depth -= 1
            if depth == 0:
                return False
    return depth == 1


def _visible(text: str) -> bool:
    return bool(text.replace(MASK, "").strip())


def _attribute_segments(source: str, masked: str, start: int, end: int, tag: str, line_of: LineOf
                        ) -> list[Segment]:
    """Messages for the text attributes (``alt``, ``title`` …) of one start tag."""
    out: list[Segment] = []
    head = masked[start:end]
    name_end = re.match(r"<\s*[^\s/>]+", head)
    pos = name_end.end() if name_end else 1
    for match in _ATTR.finditer(head, pos):
        name = match.group(1).lower()
        if name not in TEXT_ATTRIBUTES:
            continue
        group = next((g for g in (2, 3, 4) if match.group(g) is not None), None)
        if group is None:
            continue
        value = match.group(group)
        if not _visible(value):
            continue
        quote = {2: '"', 3: "'", 4: ""}[group]
        v_start = start + match.start(group)
        v_end = start + match.end(group)
        out.append(Segment(msgid=normalize_msgid(source[v_start:v_end]), kind=f"html <{tag}>: {name}",
                           line=line_of(v_start), span=Span(v_start, v_end), markdown=False,
                           encoder="html-attribute", context={"quote": quote}))
    return out
