"""One page: parse once, get its segments (front matter, Markdown, HTML, shortcode params)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cfg_i18n.document import Document, parse_document, read_document
from cfg_i18n.errors import Diagnostic
from cfg_i18n.options import (
    DEFAULT_FRONT_MATTER_KEYS,
    DEFAULT_SHORTCODE_TEXT_PARAMS,
    ExtractOptions,
)
from cfg_i18n.segments import Segment, Span, normalize_msgid

if TYPE_CHECKING:
    from cfg_i18n.shortcodes import Shortcode

# The parser stack (markdown-it, PyYAML, the HTML and shortcode scanners) loads when a page
# is segmented, not with this module: a run that only takes pages from the cache (which
# unpickles Page objects) starts without it.

__all__ = [  # the segmentation defaults are re-exported: page is where callers look for them
    "DEFAULT_FRONT_MATTER_KEYS", "DEFAULT_SHORTCODE_TEXT_PARAMS", "ExtractOptions", "Page",
    "parse_page", "read_page", "segment_document",
]

#: Front matter keys of Hugo's redirects to a page: no messages, but merge moves them under the
#: target language, so their spans are found with the messages' (one front matter parse).
ALIAS_KEYS = ("aliases", "aliases.*")

#: Shortcode parameters that Hugo renders as Markdown (``figure``'s ``attr`` and ``caption``).
_MARKDOWN_PARAMS = frozenset({"attr", "caption", "text", "description"})


@dataclass(slots=True)
class Page:
    """A parsed page: its text, its segments in document order, and what looked odd."""

    path: str
    """Path used in messages (site-relative where known)."""
    document: Document
    """The decoded text and its offset mapping."""
    segments: list[Segment] = field(default_factory=list)
    """Translation units in document order; their spans never overlap."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """Quirks that did not stop extraction (unclosed shortcodes, duplicate keys …)."""
    front_matter: dict[str, Any] = field(default_factory=dict)
    """Parsed front matter values (e.g. to see ``lang: en``)."""
    aliases: list[Segment] = field(default_factory=list)
    """The front matter ``aliases`` that are no messages (:data:`ALIAS_KEYS`), in order."""

    @property
    def source(self) -> str:
        """The page text exactly as in the file."""
        return self.document.source


def read_page(file: Path, path: str, options: ExtractOptions | None = None) -> Page:
    """Read, decode and segment a page file; :class:`InputError` when it cannot be read."""
    return segment_document(read_document(file, path), path, options or ExtractOptions())


def parse_page(text: str, path: str = "", options: ExtractOptions | None = None) -> Page:
    """Segment a page given as text."""
    return segment_document(parse_document(text, path), path, options or ExtractOptions())


def segment_document(doc: Document, path: str, options: ExtractOptions) -> Page:
    """Find the segments of a decoded document."""
    from cfg_i18n.frontmatter import extract_front_matter
    from cfg_i18n.markdown import MarkdownSegmenter, parser
    from cfg_i18n.shortcodes import find_shortcodes, mask, unclosed

    extra = tuple(key for key in ALIAS_KEYS if key not in options.front_matter_keys)
    front = extract_front_matter(doc, (*options.front_matter_keys, *extra), path)
    alias_kinds = {f"front matter: {key}" for key in extra}
    page = Page(path=path, document=doc, warnings=list(front.warnings), front_matter=front.values,
                aliases=[s for s in front.segments if s.kind in alias_kinds])
    text = doc.text
    head_lines = text[: doc.body_start].split("\n")
    head = "\n".join(" " * len(line) for line in head_lines)
    blanked = head + text[doc.body_start :]  # the front matter is no shortcode territory
    shortcodes = find_shortcodes(blanked)
    masked = mask(blanked, shortcodes)
    for sc in unclosed(shortcodes, options.takes_inner):
        page.warnings.append(Diagnostic(path, doc.line_of(sc.start),
                                        f"shortcode {sc.name!r} is opened but never closed; "
                                        f"add {{{{< /{sc.name} >}}}} where its content ends"))
    line_starts = doc._line_starts
    segmenter = MarkdownSegmenter(text, masked, doc.line_of, line_starts)
    # markdown-it sees the front matter as empty lines: only line numbers matter to the
    # segmenter, and a line of spaces costs the block parser a step per character.
    body = "\n" * (len(head_lines) - 1) + masked[doc.body_start :]
    body_segments = segmenter.run(parser().parse(body))
    for line, message in segmenter.problems:
        page.warnings.append(Diagnostic(path, line, message))
    found = [s for s in front.segments if s.kind not in alias_kinds] + body_segments
    found.extend(_shortcode_params(doc, text, shortcodes, found, options.shortcode_text_params))
    found.sort(key=lambda s: s.span.start)
    page.segments = found
    return page


def _shortcode_params(doc: Document, text: str, shortcodes: Sequence[Shortcode],
                      taken: Sequence[Segment], names: Sequence[str]) -> list[Segment]:
    """Text parameters of the shortcodes that no other message contains."""
    from cfg_i18n.shortcodes import MASK

    spans = sorted((s.span.start, s.span.end) for s in taken)
    starts = [a for a, _ in spans]
    out: list[Segment] = []
    wanted = set(names)
    for sc in shortcodes:
        if sc.closing or not sc.params:
            continue
        k = bisect.bisect_right(starts, sc.start) - 1
        if k >= 0 and spans[k][1] > sc.start:
            continue  # inside a message: the translator sees it there
        for param in sc.params:
            if param.name not in wanted or not param.value.replace(MASK, "").strip():
                continue
            if "{{" in param.value:
                continue
            out.append(Segment(
                msgid=normalize_msgid(param.value), kind=f"shortcode {sc.name}: {param.name}",
                line=doc.line_of(param.start), span=Span(param.start, param.end),
                markdown=param.name in _MARKDOWN_PARAMS, encoder="shortcode-param",
                context={"quote": param.quote}))
    return out
