"""Where each language stands: messages and words per page, translated / fuzzy / untranslated.

The count is taken the way ``merge`` sees a page: every distinct msgid of the page as parsed
now, looked up in the page's catalog on disk. A fuzzy or empty entry is untranslated work
(unlike sphinx-intl's ``stat``, which counts fuzzy as done), and a msgid the catalog does not
hold yet is untranslated too. Pages whose front matter says they are already in another
language (``lang: en``) are not translated by ``merge`` and are left out of the counts.
``check`` builds its completeness figures from the same functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cfg_i18n.catalog import FUZZY, has_translation, is_translated
from cfg_i18n.config import Config
from cfg_i18n.poread import Message, read_messages
from cfg_i18n.safe_entries import foreign_lang
from cfg_i18n.sources import Progress, SourcePage, catalog_path, page_summaries, source_pages

#: Entry states, in the order they are reported.
TRANSLATED = "translated"
FUZZY_STATE = "fuzzy"
UNTRANSLATED = "untranslated"

#: Markup that is no prose: shortcodes, HTML tags and autolinks, link and image targets.
NOT_WORDS = re.compile(
    r"\{\{[<%].*?[%>]\}\}"  # shortcodes
    r"|</?[A-Za-z][^<>]*>"  # HTML tags and autolinks
    r"|\]\(\s*<?[^)\s>]*>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)",  # link and image targets
    re.DOTALL,
)
if TYPE_CHECKING:
    import polib

_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")


@lru_cache(maxsize=65536)
def count_words(text: str) -> int:
    """Words of a message as a translator reads them: markup, link targets and URLs of
    shortcodes do not count; ``z.B.``, ``Open-Data-Portal`` and ``300`` count as one each.

    >>> count_words('Schaut auf [codefor.de]({{< ref "/" >}}) vorbei.')
    4
    """
    return len(_WORD.findall(NOT_WORDS.sub(" ", text)))


def percent_text(value: float) -> str:
    """A percentage with one decimal that never rounds unfinished work up to 100."""
    shown = f"{value:.1f}"
    if shown == "100.0" and value < 100:
        shown = "99.9"
    return f"{shown}%"


def entry_state(entry: polib.POEntry | None) -> str:
    """``translated`` (merge applies it), ``fuzzy`` (text to review) or ``untranslated``."""
    if entry is None or not has_translation(entry):
        return UNTRANSLATED
    if FUZZY in entry.flags:
        return FUZZY_STATE
    return TRANSLATED if is_translated(entry) else UNTRANSLATED


@dataclass(slots=True)
class Counts:
    """Messages and words by state."""

    messages: int = 0
    """Distinct msgids."""
    translated: int = 0
    """Messages with a finished (non-fuzzy, non-empty) translation."""
    fuzzy: int = 0
    """Messages whose translation is marked fuzzy."""
    untranslated: int = 0
    """Messages without translation."""
    words: int = 0
    """Words of all msgids."""
    translated_words: int = 0
    """Words of the translated msgids."""
    fuzzy_words: int = 0
    """Words of the fuzzy msgids."""
    untranslated_words: int = 0
    """Words of the untranslated msgids."""

    def count(self, state: str, words: int) -> None:
        """Add one message in ``state`` with ``words`` words."""
        self.messages += 1
        self.words += words
        if state == TRANSLATED:
            self.translated += 1
            self.translated_words += words
        elif state == FUZZY_STATE:
            self.fuzzy += 1
            self.fuzzy_words += words
        else:
            self.untranslated += 1
            self.untranslated_words += words

    def add(self, other: Counts) -> None:
        """Add ``other``'s counts to these."""
        self.messages += other.messages
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated
        self.words += other.words
        self.translated_words += other.translated_words
        self.fuzzy_words += other.fuzzy_words
        self.untranslated_words += other.untranslated_words

    @property
    def percent(self) -> float:
        """Translated share of the messages in percent (100 when there are none)."""
        return 100.0 * self.translated / self.messages if self.messages else 100.0

    @property
    def word_percent(self) -> float:
        """Translated share of the words in percent (100 when there are none)."""
        return 100.0 * self.translated_words / self.words if self.words else 100.0

    @property
    def missing(self) -> int:
        """Messages still to translate or review."""
        return self.fuzzy + self.untranslated

    @property
    def missing_words(self) -> int:
        """Words still to translate or review."""
        return self.fuzzy_words + self.untranslated_words


@dataclass(slots=True)
class PageStatus:
    """One page in one language."""

    rel: str
    """Page path below ``content_dir`` without ``.md``."""
    source: str
    """Site-relative path of the source page."""
    catalog: str
    """Site-relative path of the page's catalog in this language."""
    counts: Counts
    """Its messages and words."""
    exists: bool = True
    """Whether the catalog is on disk (``cfg-i18n extract`` creates it)."""


@dataclass(slots=True)
class LanguageStatus:
    """One language: totals and the pages that make them up."""

    language: str
    """Language code."""
    counts: Counts = field(default_factory=Counts)
    """Totals over the pages."""
    pages: list[PageStatus] = field(default_factory=list)
    """Pages in path order."""
    foreign: list[str] = field(default_factory=list)
    """Pages already in another language (``lang:`` in the front matter), not counted."""

    @property
    def complete_pages(self) -> int:
        """Pages with every message translated."""
        return sum(1 for page in self.pages if page.counts.translated == page.counts.messages)

    def add(self, page: PageStatus) -> None:
        """Count ``page`` into the totals."""
        self.pages.append(page)
        self.counts.add(page.counts)

    def by_missing(self) -> list[PageStatus]:
        """The pages, most missing work first (messages, then words, then path)."""
        return sorted(self.pages, key=lambda p: (-p.counts.missing, -p.counts.missing_words,
                                                 -p.counts.messages, p.rel))


@dataclass(slots=True)
class StatusReport:
    """Where every language stands."""

    languages: list[LanguageStatus] = field(default_factory=list)
    """One entry per language, in configuration order."""
    pages: int = 0
    """Source pages."""


def catalog_states(entries: Iterable[polib.POEntry]) -> dict[str, str]:
    """The state of each active entry without context, by msgid (what ``merge`` looks a
    segment up in)."""
    states: dict[str, str] = {}
    for entry in entries:
        if entry.msgid and not entry.obsolete and entry.msgctxt is None:
            states.setdefault(entry.msgid, entry_state(entry))
    return states


def message_states(messages: Iterable[Message]) -> dict[str, str]:
    """:func:`catalog_states` from the fast reader's messages (a page's catalog has no
    plural forms: a translation is its msgstr)."""
    states: dict[str, str] = {}
    for message in messages:
        if message.msgctxt is None:
            state = FUZZY_STATE if message.fuzzy else TRANSLATED
            states.setdefault(message.msgid, state if message.msgstr else UNTRANSLATED)
    return states


def page_counts(msgids: Iterable[str], states: Mapping[str, str]) -> Counts:
    """Counts of a page's distinct ``msgids`` against its catalog's ``states``."""
    counts = Counts()
    for msgid in msgids:
        if msgid:
            counts.count(states.get(msgid, UNTRANSLATED), count_words(msgid))
    return counts


def relative(config: Config, path: Path) -> str:
    """``path`` relative to the site root, with forward slashes."""
    try:
        return path.relative_to(config.site).as_posix()
    except ValueError:
        return path.as_posix()


def page_status(config: Config, language: str, source: SourcePage, msgids: Iterable[str],
                messages: list[Message] | None) -> PageStatus:
    """The status of a page with ``msgids`` in ``language`` given its catalog's messages
    (None: not on disk)."""
    return PageStatus(
        rel=source.rel,
        source=source.ref_path,
        catalog=relative(config, catalog_path(config, language, source.rel)),
        counts=page_counts(msgids, message_states(messages) if messages is not None else {}),
        exists=messages is not None,
    )


def site_status(config: Config, languages: Sequence[str] | None = None,
                progress: Progress | None = None) -> StatusReport:
    """Count every page of every (or the given) language. Reads catalogs, writes nothing;
    a catalog that cannot be read raises :class:`~cfg_i18n.errors.InputError`.

    From the page summaries extract keeps and the fast catalog reader: no page is loaded and
    no catalog goes through polib unless it holds something unusual.
    """
    wanted = list(languages) if languages is not None else list(config.languages)
    sources = source_pages(config)
    summaries = page_summaries(config, sources, progress)
    report = StatusReport(pages=len(sources))
    for language in wanted:
        status = LanguageStatus(language)
        for source in sources:
            summary = summaries[source.rel]
            if foreign_lang(summary.lang, config):
                status.foreign.append(source.rel)
                continue
            path = catalog_path(config, language, source.rel)
            messages = read_messages(path) if path.exists() else None
            status.add(page_status(config, language, source, summary.msgids, messages))
        report.languages.append(status)
    from cfg_i18n.sitestrings import add_site_strings_status  # the site catalog, as one page
    add_site_strings_status(config, report)
    return report
