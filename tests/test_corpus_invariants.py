"""DESIGN invariants 1-3 and 7 over every page of the real codefor.de site (core acceptance 2-3)."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CORPUS, CORPUS_CONTENT, corpus_pages

from cfg_i18n import merge_text
from cfg_i18n.html import TEXT_ATTRIBUTES
from cfg_i18n.markdown import parser
from cfg_i18n.options import DEFAULT_SHORTCODE_TEXT_PARAMS, ExtractOptions
from cfg_i18n.page import Page, parse_page, read_page
from cfg_i18n.shortcodes import MASK, find_shortcodes, mask
from cfg_i18n.splice import splice
from cfg_i18n.theme import shortcode_dirs, shortcodes_taking_inner

PAGES = corpus_pages()
IDS = [str(p.relative_to(CORPUS_CONTENT)) for p in PAGES]
OPTIONS = ExtractOptions(takes_inner=shortcodes_taking_inner(shortcode_dirs(CORPUS)))


def pseudo(msgid: str) -> str:
    return "⟦" + msgid + "⟧"


@cache
def page_of(file: Path) -> Page:
    return read_page(file, str(file.relative_to(CORPUS_CONTENT)), OPTIONS)


@cache
def pseudo_of(file: Path) -> str:
    page = page_of(file)
    return splice(page, lambda segment: pseudo(segment.msgid))


def test_whole_corpus_is_there() -> None:
    assert len(PAGES) == 524


def test_corpus_totals_and_quirks() -> None:
    pages = {str(p.relative_to(CORPUS_CONTENT)): page_of(p) for p in PAGES}
    assert sum(len(p.segments) for p in pages.values()) > 9000
    community = pages["community/_index.md"]
    assert any("paragraph-center" in w.message and w.line == 28 for w in community.warnings)
    duplicates = [path for path, p in pages.items() if any("duplicate" in w.message for w in p.warnings)]
    assert len(duplicates) >= 3
    tab_page = pages["blog/2022-12-21-open-soure-in-der-berliner-verwaltung.md"]
    title = next(s for s in tab_page.segments if s.kind == "front matter: title")
    assert title.msgid == "Open Source in der Berliner Verwaltung: Eine ernüchternde Zwischenbilanz"
    assert any(" " in path for path in pages)
    crlf = [path for path, p in pages.items() if p.document.newline == "\r\n"]
    assert len(crlf) == 3


SHORTCODE_TAG = re.compile(r"\{\{[<%]")
HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


@pytest.mark.parametrize("file", PAGES, ids=IDS)
def test_messages_are_clean(file: Path) -> None:
    for segment in page_of(file).segments:
        msgid = segment.msgid
        where = f"line {segment.line}: {msgid[:80]!r}"
        assert msgid.strip() == msgid and msgid, where
        tags = find_shortcodes(msgid)
        assert not any(t.start == 0 or t.end == len(msgid) for t in tags), where
        text = mask(msgid, tags).replace(MASK, "")
        text = HTML_TAG.sub("", text)
        assert re.search(r"\w", text), f"only markup: {where}"


@pytest.mark.parametrize("file", PAGES, ids=IDS)
def test_identity_merge_is_byte_identical(file: Path) -> None:
    page = page_of(file)
    source = file.read_bytes().decode("utf-8")
    assert splice(page, lambda segment: segment.msgid) == source
    identity = {segment.msgid: segment.msgid for segment in page.segments}
    assert merge_text(source, identity, str(file)) == source


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, str, tuple[tuple[str, str | None], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = tuple((k, v) for k, v in attrs if k not in TEXT_ATTRIBUTES)
        self.tags.append(("start", tag, kept))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("end", tag, ()))


def html_tags(text: str) -> list[tuple[str, str, tuple[tuple[str, str | None], ...]]]:
    collector = _Tags()
    collector.feed(text)
    collector.close()
    return collector.tags


def shortcode_tags(text: str) -> list[tuple[str, bool, bool, tuple[tuple[str | None, str], ...]]]:
    text_params = set(DEFAULT_SHORTCODE_TEXT_PARAMS)
    return [(t.name, t.closing, t.self_closing,
             tuple((p.name, p.value) for p in t.params if p.name not in text_params))
            for t in find_shortcodes(text)]


def block_types(page: Page) -> list[str]:
    text = page.document.text
    masked = mask(text, find_shortcodes(text))
    return [t.type for t in parser().parse(masked[page.document.body_start:]) if t.type != "inline"]


@pytest.mark.parametrize("file", PAGES, ids=IDS)
def test_pseudo_translation_keeps_the_skeleton(file: Path) -> None:
    page = page_of(file)
    source = page.source
    out = pseudo_of(file)
    again = parse_page(out, page.path, OPTIONS)
    # every translation made it into the page, where a re-extraction finds it again
    assert [s.msgid for s in again.segments] == [pseudo(s.msgid) for s in page.segments]
    assert shortcode_tags(out) == shortcode_tags(source)
    assert html_tags(again.document.text[again.document.body_start:]) == \
        html_tags(page.document.text[page.document.body_start:])
    assert block_types(again) == block_types(page)
    assert out.startswith("\ufeff") == source.startswith("\ufeff")
    assert out.count("\r\n") == source.count("\r\n")
    assert out.count("\n") - out.count("\r\n") == source.count("\n") - source.count("\r\n") or \
        "\r\n" not in source
    assert out.endswith("\n") == source.endswith("\n")


@pytest.mark.parametrize("file", PAGES, ids=IDS)
def test_front_matter_lines_without_messages_are_unchanged(file: Path) -> None:
    page = page_of(file)
    doc = page.document
    if doc.front_matter_format is None or not doc.front_matter:
        return
    first = doc.line_of(doc.front_matter_start)
    last = doc.line_of(max(doc.front_matter_end - 1, doc.front_matter_start))
    touched: set[int] = set()
    for s in page.segments:
        if s.span.start < doc.front_matter_end:
            touched.update(range(doc.line_of(s.span.start), doc.line_of(max(s.span.end - 1, s.span.start)) + 1))
    lines = doc.text.split("\n")
    kept = [lines[n - 1] for n in range(first, last + 1) if n not in touched]
    again = parse_page(pseudo_of(file)).document
    out_lines = again.front_matter.split("\n")
    if again.front_matter.endswith("\n"):
        out_lines = out_lines[:-1]
    assert [ln for ln in out_lines if "⟦" not in ln] == kept
