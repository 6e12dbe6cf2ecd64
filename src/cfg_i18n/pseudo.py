"""Pseudo-localisation: a language whose every message is the source, visibly transformed.

``Wer wir sind`` becomes ``⟦Ŵééŕ ŵîîŕ šîñð⟧``: still readable, about 30 % longer, in brackets.
Merged and built with Hugo, the pseudo-language shows at a glance which text of the site does
not come from the catalogs (it stays plain German) and where longer translations break the
layout. Only text is transformed: every shortcode, HTML tag and entity, link and image target,
reference label, inline code span, escape, URL and line break is kept as written
(:func:`cfg_i18n.memory.pieces` finds them), so the safety check finds no problem in any
pseudo-translation and ``merge`` applies them all.

Hugo needs a language code for the pseudo-language. ``qps`` (from ``qps-ploc``, the
pseudo-locale of Windows; ISO 639 keeps ``qaa``-``qtz`` for local use) is the default: Hugo
accepts it as a language key, and no real language has it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from cfg_i18n import catalog as cat
from cfg_i18n.config import Config
from cfg_i18n.errors import ConfigError, Diagnostic
from cfg_i18n.fsutil import write_atomic
from cfg_i18n.memory import pieces
from cfg_i18n.safe_entries import is_foreign, reference_labels
from cfg_i18n.segments import MARKDOWN_FLAG
from cfg_i18n.sources import catalog_path, existing_catalogs, parsed_pages, source_pages

if TYPE_CHECKING:
    from cfg_i18n.merge import MergeReport

Progress = Callable[[str, int, int], None]

#: The default code of the pseudo-language.
PSEUDO_LANGUAGE = "qps"
OPEN = "\u27e6"
"""``⟦``: starts every pseudo-translation (not Markdown syntax, unlike ``[``)."""
CLOSE = "\u27e7"
"""``⟧``: ends every pseudo-translation."""
#: How much longer than the source the text of a pseudo-translation gets.
EXPANSION = 0.3
#: Fills up a text too short in vowels to be lengthened by doubling them.
PAD = "\u00b7"

_ACCENTED = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "ÅƁÇÐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽåƀçðéƒĝĥîĵķĺṁñöþǫŕšţûṽŵẋýž",
)
_VOWELS = frozenset("aeiouäöü")
_TASK = re.compile(r"\[[ xX]\][ \t]")
_CODE = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$")


def pseudo_translate(text: str, markdown: bool = True, references: Collection[str] = ()
                     ) -> str:
    """The pseudo-translation of a message: letters accented, vowels doubled until the text is
    about 30 % longer, the whole in ``⟦…⟧``; markup and outer whitespace as in ``text``.

    ``references`` holds the page's reference labels, so that a ``[label]`` link keeps its
    label.

    >>> pseudo_translate("Schau auf [codefor.de](/) vorbei.")
    '⟦Šçĥåûû åûûƒ [çööðéƒööŕ.ðéé](/) ṽöŕƀééîî.⟧'
    """
    body = text.strip()
    if not body:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    prefix = ""
    if markdown and _TASK.match(body):  # a task list item's box stays at its start
        prefix, body = body[:4], body[4:]
    parts = pieces(body, markdown, references)
    letters = sum(len(part.text) for part in parts if not part.group)
    extra = max(0, round(EXPANSION * letters) - len(OPEN) - len(CLOSE))
    vowels = sum(1 for part in parts if not part.group
                 for char in part.text if char.lower() in _VOWELS)
    doubled = min(extra, vowels)
    out: list[str] = []
    seen = 0
    for part in parts:
        if part.group:
            out.append(part.text)
            continue
        for char in part.text:
            mapped = char.translate(_ACCENTED)
            out.append(mapped)
            if char.lower() in _VOWELS:
                # Spread the doubled vowels evenly over the text.
                if vowels and (seen + 1) * doubled // vowels > seen * doubled // vowels:
                    out.append(mapped.lower() if char.islower() else mapped)
                seen += 1
    # Hugo links a bare URL only after a space, and up to the next one.
    if parts and parts[0].group in ("url", "email"):
        out.insert(0, " ")
    padding = PAD * (extra - doubled)
    if parts and parts[-1].group in ("url", "email"):
        padding = " " + padding
    return f"{lead}{prefix}{OPEN}{''.join(out)}{padding}{CLOSE}{trail}"


# --- the pseudo-language's catalogs and pages --------------------------------------------------


@dataclass(slots=True)
class PseudoReport:
    """What ``pseudo`` wrote."""

    language: str
    """The pseudo-language's code."""
    catalogs: int = 0
    """Catalogs of the pseudo-language (one per page, and the site strings' one)."""
    messages: int = 0
    """Messages pseudo-translated."""
    written: list[Path] = field(default_factory=list)
    """Catalogs whose bytes changed."""
    removed: list[Path] = field(default_factory=list)
    """Catalogs of pages that are gone."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Page warnings."""


def check_pseudo_language(config: Config, language: str) -> str:
    """``language`` if it can name the pseudo-language of this site; else a ConfigError."""
    if not _CODE.match(language):
        raise ConfigError(f"--lang: {language!r} is not a language code Hugo accepts (letters, "
                          f"then -subtags); the usual pseudo-language is {PSEUDO_LANGUAGE}")
    if language == config.source_language or language in config.languages:
        raise ConfigError(
            f"--lang: {language!r} is a language of this site; its catalogs hold real "
            f"translations that pseudo would overwrite: use a code of its own, such as "
            f"{PSEUDO_LANGUAGE}")
    return language


def pseudo_site(config: Config, language: str = PSEUDO_LANGUAGE,
                progress: Progress | None = None) -> PseudoReport:
    """Write ``locale/<language>/<page>.po`` for every source page, each message
    pseudo-translated (and the site strings' catalog when its template exists).

    The catalogs are generated: they are rewritten whole (only when their bytes change), and
    those of vanished pages are removed.
    """
    check_pseudo_language(config, language)
    report = PseudoReport(language)
    pages = parsed_pages(config, report.diagnostics, progress)
    refs = {page.rel: page.ref_path for page in source_pages(config)}
    project = config.project_name()
    for done, (rel, page) in enumerate(pages.items(), 1):
        if is_foreign(page, config):
            continue
        labels = reference_labels(page)
        entries = cat.template_entries(page.segments, refs[rel], config.references)
        for entry in entries:
            entry.msgstr = pseudo_translate(entry.msgid, MARKDOWN_FLAG in entry.flags, labels)
        _write(config, language, rel, refs[rel], project, entries, report)
        if progress:
            progress(f"pseudo {language}", done, len(pages))
    site_catalog: str | None = getattr(config, "site_catalog", None)
    if site_catalog:
        template = catalog_path(config, None, site_catalog)
        if template.is_file():
            entries = [_pseudo_entry(entry) for entry in cat.load_po(template) if entry.msgid]
            _write(config, language, site_catalog, "the site strings", project, entries, report)
    live = set(pages) | ({site_catalog} if site_catalog else set())
    for rel, path in existing_catalogs(config, language).items():
        if rel not in live:
            path.unlink()
            report.removed.append(path)
    return report


def check_pseudo_target(config: Config, language: str) -> None:
    """Raise a ConfigError unless the pseudo-language's pages have a place of their own:
    pages among the sources would be read as source pages by the next ``extract``."""
    check_pseudo_language(config, language)
    if config.output != "dir":
        raise ConfigError("pseudo pages need output = \"dir\": beside the sources "
                          f"(page.{language}.md) they would be read as source pages; write "
                          "the catalogs only (pseudo --no-merge)")
    target = (config.site / config.target_dir.format(lang=language)).resolve()
    if target.is_relative_to(config.content_path().resolve()):
        raise ConfigError(f"target_dir: {target} lies inside content_dir, where the pseudo "
                          "pages would be read as source pages; write the catalogs only "
                          "(pseudo --no-merge)")


def merge_pseudo(config: Config, language: str = PSEUDO_LANGUAGE,
                 progress: Progress | None = None) -> MergeReport:
    """Write the pseudo-language's pages and site strings from its catalogs, as ``merge``.

    A code babel does not know (``qps``) takes English plural categories for the i18n tables.
    """
    from cfg_i18n.merge import merge_site

    check_pseudo_target(config, language)
    return merge_site(config, [language], progress=progress)


def _pseudo_entry(template: polib.POEntry) -> polib.POEntry:
    """A site-strings template entry, pseudo-translated (plural forms too)."""
    entry = polib.POEntry(msgid=template.msgid, msgctxt=template.msgctxt,
                          msgid_plural=template.msgid_plural, comment=template.comment,
                          occurrences=list(template.occurrences), flags=list(template.flags))
    markdown = MARKDOWN_FLAG in template.flags
    if template.msgid_plural:
        entry.msgstr_plural = {0: pseudo_translate(template.msgid, markdown),
                               1: pseudo_translate(template.msgid_plural, markdown)}
    else:
        entry.msgstr = pseudo_translate(template.msgid, markdown)
    return entry


def _write(config: Config, language: str, rel: str, ref_path: str, project: str,
           entries: Sequence[polib.POEntry], report: PseudoReport) -> None:
    """Render one catalog, keeping its creation date while its text stays the same."""
    path = catalog_path(config, language, rel)
    report.catalogs += 1
    report.messages += len(entries)

    def build(date: str) -> str:
        catalog = cat.po_catalog(None, project, language, ref_path, list(entries), date)
        catalog.header_comment = (f"Pseudo-translation of {ref_path}, written by cfg-i18n "
                                  "pseudo: do not translate or edit.")
        catalog.set("Language-Team", "pseudo-localisation")
        return cat.render_catalog(catalog, config.wrap_width)

    try:
        old: str | None = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = None
    old_date = cat.existing_creation_date(old) if old else None
    text = build(old_date) if old_date else None
    if text is None or text != old:
        text = build(cat.creation_date())
    if write_atomic(path, text.encode("utf-8")):
        report.written.append(path)
