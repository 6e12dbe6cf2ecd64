"""Which catalog entries of a page may be applied: the one rule that ``merge`` and ``check`` share.

``merge`` falls back to the source text for an entry that fails :func:`entry_problems`, and
``check`` reports the same entries, so what CI calls safe is exactly what merge applies
(DESIGN invariant 6). A changed link target passes when it points to the same URL with the
language prefix or to a page the target language has (:func:`link_allower`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from cfg_i18n.config import Config
from cfg_i18n.links import SiteMap, normalize_url, resolve_ref, url_of

if TYPE_CHECKING:  # the Markdown parser stack loads only when a translation is checked
    from cfg_i18n.page import Page
    from cfg_i18n.safety import AllowLink, Problem

_REFERENCE_LABEL = re.compile(r"^[ \t>]{0,3}\[([^\]\n]+)\]:", re.MULTILINE)


def reference_labels(page: Page) -> list[str]:
    """Labels of the page's reference definitions (``[label]: /url``), so ``[label]`` is a link."""
    return _REFERENCE_LABEL.findall(page.document.text)


def is_foreign(page: Page, config: Config) -> bool:
    """The front matter says the page is already in another language (``lang: en``)."""
    return foreign_lang(page.front_matter.get("lang") if page.front_matter else None, config)


def foreign_lang(lang: object, config: Config) -> bool:
    """Whether a front matter ``lang`` value names a language other than the source's."""
    return isinstance(lang, str) and lang.lower() != config.source_language.lower()


def site_map(pages: Mapping[str, Page], published: Collection[str]) -> SiteMap:
    """The pages a language has: ``published`` rels among all source ``pages``."""
    return site_of({rel: url_of(rel, pages[rel].front_matter) for rel in published}, pages)


def site_of(urls: Mapping[str, str], pages: Collection[str]) -> SiteMap:
    """The same from the URLs of the published pages (``rel -> URL path``) and all rels."""
    return SiteMap(frozenset(urls.values()), frozenset(pages), frozenset(urls))


def link_allower(language: str, site: SiteMap) -> AllowLink:
    """Accept a changed link target that is the same URL with the language prefix, or a page
    (URL or ``ref`` path) that ``language`` has."""
    prefix = f"/{language}"

    def allow_link(source: str, translated: str) -> bool:
        if translated == prefix + source:
            return True
        if translated.startswith(prefix + "/"):
            return normalize_url(translated[len(prefix):]) in site.urls
        target = resolve_ref(translated, "", site.pages)
        return target is not None and target in site.published

    return allow_link


#: Characters without which a text holds no markup that the safety check compares: shortcodes
#: and HTML start with ``{`` and ``<``, links, images and reference links need ``[``, code
#: spans a backtick, emphasis ``*``, ``_`` or ``~``, line breaks a newline.
_MARKUP = re.compile(r"[{<\[`*_~\n\r]")


def plain_and_trimmed(msgid: str, msgstr: str) -> bool:
    """Neither text has markup and the translation has no outer whitespace: nothing the safety
    check looks at can differ, so it need not parse them (half the messages of a real site)."""
    return msgstr == msgstr.strip() and _plain(msgid) and _MARKUP.search(msgstr) is None


@lru_cache(maxsize=16384)
def _plain(msgid: str) -> bool:
    """Whether a msgid has no markup character: asked once for all languages that translate
    it (the scan of a long plain message costs more than the lookup)."""
    return _MARKUP.search(msgid) is None


# Everything inline Markdown, HTML and shortcodes are made of, as the safety check reads them:
# shortcode and HTML tags, link and image targets, code spans, escapes, brackets, emphasis
# delimiter runs and line breaks.
# A code span runs from a backtick string to the next one of the same length (maximal runs
# both, as CommonMark reads them); a string with no such partner is a token of its own.
# A bracketed text not followed by ``(`` or ``[`` (``[label]``, ``[label][]``) may be a
# reference to a link definition: its text is the label, so it counts as a whole token.
# A shortcode inside an HTML tag is taken whole, up to its first ``}}``, and never undone:
# trying every way of splitting ``<{{a}} {{b}} …`` without a closing ``>`` takes exponential
# time. For speed, every alternative starts with a literal character (the regex engine skips
# plain text with a scan for those), and runs of plain characters inside a token are taken
# in one step, possessively (``++``), where giving some back could never lead to a match:
# three times faster on a real site than one character per step.
_MARKUP_TOKEN = re.compile(
    r"<(?:(?>\{\{.*?\}\})|[^<>{]++|\{)*+>|\{\{(?:[^}]++|\}(?!\}))*+\}\}"
    r"|\]\((?:[^()\\]++|\\.|\((?:[^()\\]++|\\.)*+\))*+\)"
    r"|\]\[[^\]]*\](?!\()|`(`*+)(?:.*?(?<!`)`\1(?!`))?|\\."
    r"|!\[(?:[^\[\]\\]++|\\.)*+\](?:\[\])?(?![(\[])|\[(?:[^\[\]\\]++|\\.)*+\](?:\[\])?(?![(\[])"
    r"|!\[|\[|\]|\*[*_~]*|_[*_~]*|~[*_~]*|\n",
    re.DOTALL)


def _flank(char: str) -> str:
    return "s" if not char or char.isspace() else ("p" if not char.isalnum() else "w")


def markup_sequence(text: str) -> list[object]:
    """The markup tokens of ``text`` in order; emphasis delimiters with what flanks them."""
    tokens: list[object] = []
    for match in _MARKUP_TOKEN.finditer(text):
        token = match.group(0)
        if token[0] in "*_~":
            start, end = match.span()
            tokens.append((token, _flank(text[start - 1 : start]), _flank(text[end : end + 1])))
        else:
            tokens.append(token)
    return tokens


def same_markup(msgid: str, msgstr: str) -> bool:
    """The translation holds the msgid's markup token for token, in the same order, with no
    outer whitespace of its own: what the safety check compares cannot differ, so the common
    case (a translation that only changes words) needs no Markdown parse."""
    if msgstr != msgstr.strip() and msgid == msgid.strip():
        return False
    return _source_sequence(msgid) == tuple(markup_sequence(msgstr))


@lru_cache(maxsize=4096)
def _source_sequence(msgid: str) -> tuple[object, ...]:
    """A msgid's markup tokens, computed once for all languages that translate it."""
    return tuple(markup_sequence(msgid))


class Translated(Protocol):
    """An entry with its translation: a polib entry, or a message of the fast PO reader."""

    @property
    def msgid(self) -> str: ...

    @property
    def msgstr(self) -> str: ...


def entry_problems(entry: Translated, markdown: bool, config: Config,
                   allow_link: AllowLink, labels: Collection[str]) -> list[Problem]:
    """The safety problems of ``entry``'s translation (empty: merge may apply it)."""
    if plain_and_trimmed(entry.msgid, entry.msgstr) or same_markup(entry.msgid, entry.msgstr):
        return []
    from cfg_i18n.safety import check_translation

    return check_translation(entry.msgid, entry.msgstr, markdown=markdown,
                             text_params=config.shortcode_text_params,
                             allow_link=allow_link, references=labels)
