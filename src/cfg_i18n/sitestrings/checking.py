"""``check`` and ``status`` for the site catalog, by the rules the page catalogs follow.

The site catalog is one more catalog of the site: stale when ``extract`` would change it,
valid when its header is right, complete and safe by the same measures, and counted like a
page (named after ``site_catalog``) in the completeness figures of ``check`` and ``status``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from cfg_i18n import catalog as cat
from cfg_i18n.config import Config
from cfg_i18n.sitestrings.extracting import site_catalog_path
from cfg_i18n.sitestrings.memo import Memo, file_stamps, settings_key
from cfg_i18n.sitestrings.merging import usable_translations
from cfg_i18n.sitestrings.model import MessageKey, SiteMessage
from cfg_i18n.sitestrings.sitecatalog import render_template, template_entries, update_catalog
from cfg_i18n.sitestrings.sources import collect, input_files

if TYPE_CHECKING:
    from cfg_i18n.check import CheckReport, Finding, LanguageResult, _PageCheck
    from cfg_i18n.status import PageStatus, StatusReport


@dataclass(slots=True)
class _Outcome:
    """What the checks of the site catalog found (what the memo keeps)."""

    findings: list[Finding] = field(default_factory=list)
    statuses: dict[str, PageStatus] = field(default_factory=dict)
    catalogs: int = 0


def _relative(config: Config, path: Path) -> str:
    return path.relative_to(config.site).as_posix()


def _key(config: Config, languages: Sequence[str], operation: str) -> str:
    return settings_key(operation, config.source_language, list(languages), config.i18n_dirs,
                        config.menu_keys, config.site_params, config.data_files,
                        config.references, config.wrap_width, config.project_name(),
                        config.locale_dir, config.site_catalog, config.shortcode_text_params,
                        config.content_dir)


def _stamps(config: Config, languages: Sequence[str]) -> tuple[tuple[str, str], ...]:
    files = input_files(config) + [site_catalog_path(config, None)]
    files += [site_catalog_path(config, language) for language in languages]
    return file_stamps(files)


def check_site_strings(config: Config, languages: Sequence[str], report: CheckReport,
                       results: Sequence[LanguageResult], use_cache: bool = True) -> None:
    """Add the site catalog's findings to ``report`` and its counts to ``results``."""
    memo = Memo(config.site, "check", use_cache)
    key = _key(config, languages, "check")
    stamps = _stamps(config, languages)
    outcome = memo.get(key, stamps)
    if not isinstance(outcome, _Outcome):
        outcome = _check(config, languages)
        memo.put(key, stamps, outcome)
    report.findings += outcome.findings
    report.catalogs += outcome.catalogs
    for result in results:
        status = outcome.statuses.get(result.language)
        if status is not None:
            result.status.add(status)


def _check(config: Config, languages: Sequence[str]) -> _Outcome:
    from cfg_i18n.check import STALE, _PageCheck

    outcome = _Outcome()
    messages = collect(config).messages()
    pot_path = site_catalog_path(config, None)
    po_paths = {language: site_catalog_path(config, language) for language in languages}
    if not messages and not pot_path.exists() and not any(p.exists() for p in po_paths.values()):
        return outcome
    checker = _PageCheck(config, outcome.findings)
    project = config.project_name()
    template = template_entries(messages, config.references)
    pot = _relative(config, pot_path)
    differing: list[str] = []
    absent: list[str] = []
    old = _read_text(pot_path)
    date = cat.existing_creation_date(old) if old is not None else None
    if old is None:
        absent.append(pot)
    elif render_template(project, template, date or "", config.wrap_width) != old:
        differing.append(pot)
    for language, path in po_paths.items():
        where = _relative(config, path)
        po: polib.POFile | None = None
        if not path.exists():
            absent.append(where)
        else:
            outcome.catalogs += 1
            loaded = checker._load(path, where, language)
            if loaded is not None:
                text, po = loaded
                checker._check_header(po, text, where, language)
                if _stale(config, checker, po, text, where, language, template, date):
                    differing.append(where)
                _check_entries(config, checker, po, text, where, language, messages)
        outcome.statuses[language] = _status(config, language, messages, po, path.exists())
    if differing or absent:
        parts = []
        if differing:
            parts.append(f"{', '.join(differing)} {'differs' if len(differing) == 1 else 'differ'}")
        if absent:
            parts.append(f"{', '.join(absent)} missing")
        checker.add(STALE, pot, None,
                    "the site strings (i18n tables, menus, site parameters, data files) changed "
                    f"since their catalog was extracted ({'; '.join(parts)}): run cfg-i18n "
                    "extract")
    return outcome


def _stale(config: Config, checker: _PageCheck, po: polib.POFile, text: str, where: str,
           language: str, template: list[polib.POEntry], date: str | None) -> bool:
    """Whether ``extract`` would change the catalog's content (a catalog that differs only in
    its line wrapping is a ``format`` warning, as for pages)."""
    from cfg_i18n.check import FORMAT, _catalog_key

    existing = cat.catalog_from_po(po)
    stamp = date or existing.get(cat.POT_DATE_KEY) or cat.creation_date()
    updated = update_catalog(existing, template, config.project_name(), language, stamp)
    if _catalog_key(updated.catalog) != _catalog_key(existing):
        return True
    if cat.render_catalog(updated.catalog, config.wrap_width) != text:
        checker.add(FORMAT, where, None, "formatted differently from what cfg-i18n extract "
                    "writes (line wrapping or header layout); run cfg-i18n extract to rewrite "
                    "it and keep diffs small", language=language)
    return False


def _check_entries(config: Config, checker: _PageCheck, po: polib.POFile, text: str, where: str,
                   language: str, messages: Sequence[SiteMessage]) -> None:
    """Unsafe translations (errors); fuzzy entries, copies of the source and obsolete
    entries piling up (warnings): the page catalogs' rules, at the msgstr's line."""
    from cfg_i18n.check import (
        FUZZY,
        SAFE,
        _msgstr_line,
    )

    lines = text.split("\n")
    found = usable_translations(config, language, messages, po, where)
    by_key: dict[MessageKey, SiteMessage] = {message.key: message for message in messages}
    obsolete = [entry for entry in po if entry.obsolete]
    active = 0
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        active += 1
        message = by_key.get((entry.msgctxt, entry.msgid))
        if message is None:
            continue
        source = (message.path, message.line)
        if cat.FUZZY in entry.flags and cat.has_translation(entry):
            checker.add(FUZZY, where, entry.linenum, "it is marked fuzzy; merge does not use "
                        "it: review it against the current msgid and remove the fuzzy flag",
                        language=language, source=source)
        elif message.key in found.problems:
            checker.add(SAFE, where, _msgstr_line(lines, entry),
                        f"{found.problems[message.key]} (merge keeps the source text until this "
                        "is fixed)", language=language, source=source)
        elif entry.msgstr == entry.msgid:
            checker.check_identical(entry, lines, where, language, source)
    checker.check_obsolete(obsolete, active, where, language)


def _status(config: Config, language: str, messages: Sequence[SiteMessage],
            po: polib.POFile | None, exists: bool) -> PageStatus:
    from cfg_i18n.status import Counts, PageStatus, count_words, entry_state

    index: dict[MessageKey, polib.POEntry] = {}
    if po is not None:
        for entry in po:
            if entry.msgid and not entry.obsolete:
                index.setdefault((entry.msgctxt, entry.msgid), entry)
    counts = Counts()
    seen: set[MessageKey] = set()
    for message in messages:
        if message.key in seen:
            continue
        seen.add(message.key)
        counts.count(entry_state(index.get(message.key)), count_words(message.msgid))
    return PageStatus(config.site_catalog, _relative(config, site_catalog_path(config, None)),
                      _relative(config, site_catalog_path(config, language)), counts, exists)


def add_site_strings_status(config: Config, report: StatusReport, use_cache: bool = True
                            ) -> None:
    """Count the site catalog into every language of a ``status`` report (as one page)."""
    languages = [status.language for status in report.languages]
    memo = Memo(config.site, "status", use_cache)
    key = _key(config, languages, "status")
    stamps = _stamps(config, languages)
    statuses = memo.get(key, stamps)
    if not isinstance(statuses, dict):
        statuses = {}
        messages = collect(config).messages()
        for language in languages:
            path = site_catalog_path(config, language)
            if not messages:
                continue  # nothing to translate: no row (check reports a catalog left over)
            po = cat.load_po(path) if path.exists() else None
            statuses[language] = _status(config, language, messages, po, path.exists())
        memo.put(key, stamps, statuses)
    for status in report.languages:
        found = statuses.get(status.language)
        if found is not None:
            status.add(found)


def _read_text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
