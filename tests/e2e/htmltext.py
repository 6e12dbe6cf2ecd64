"""Read what a reader sees in a page that Hugo built: headings, visible text, links.

Comments are removed the way browsers do it (an unclosed ``<!--`` hides the rest of the
document), so that text inside them never counts as visible, whatever Python version parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_SPACE = re.compile(r"\s+")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HIDDEN = frozenset({"script", "style", "template", "noscript"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass(slots=True)
class PageText:
    """The reader-visible parts of one HTML page."""

    headings: list[str] = field(default_factory=list)
    """Text of every h1-h6 inside <main>, whitespace collapsed, in document order."""
    main_text: str = ""
    """All visible text inside <main>, whitespace collapsed."""
    links: list[str] = field(default_factory=list)
    """Every ``href`` of an <a> anywhere in the page, as written."""
    alts: list[str] = field(default_factory=list)
    """Every ``alt`` of an <img> inside <main>."""


class _Reader(HTMLParser):
    """Collect headings, visible text, links and image alt texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageText()
        self._main_depth = 0
        self._hidden_depth = 0
        self._heading: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") is not None:
            self.page.links.append(values["href"] or "")
        if tag in _VOID:
            if tag == "img" and self._main_depth and values.get("alt"):
                self.page.alts.append(values["alt"] or "")
            return
        if tag == "main":
            self._main_depth += 1
        elif tag in _HIDDEN:
            self._hidden_depth += 1
        elif tag in _HEADINGS and self._main_depth:
            self._heading = []
        self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self._main_depth:
            self._main_depth -= 1
        elif tag in _HIDDEN and self._hidden_depth:
            self._hidden_depth -= 1
        elif tag in _HEADINGS and self._heading is not None:
            self.page.headings.append(_collapse("".join(self._heading)))
            self._heading = None
        self._text.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._main_depth or self._hidden_depth:
            return
        self._text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def close(self) -> None:
        super().close()
        self.page.main_text = _collapse("".join(self._text))


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_page(html: str) -> PageText:
    """Return the headings, visible <main> text, links and image alt texts of ``html``."""
    reader = _Reader()
    reader.feed(_COMMENT.sub("", html))
    reader.close()
    return reader.page
