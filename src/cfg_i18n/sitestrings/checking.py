"""``check`` and ``status`` for the site catalog, by the rules the page catalogs follow.

The site catalog is one more catalog of the site: stale when ``extract`` would change it,
valid when its header is right, complete and safe by the same measures, and counted like a
page (named after ``site_catalog``) in the completeness figures of ``check`` and ``status``.
:func:`check_catalogs` and :func:`site_statuses` do the work when the memos of
:mod:`.commands` do not hold the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from cfg_i18n import catalog as cat
from cfg_i18n.config import Config
from cfg_i18n.sitestrings.files import site_catalog_path
from cfg_i18n.sitestrings.merging import usable_translations
from cfg_i18n.sitestrings.model import MessageKey, SiteMessage
from cfg_i18n.sitestrings.results import CheckOutcome
from cfg_i18n.sitestrings.sitecatalog import render_template, template_entries, update_catalog
from cfg_i18n.sitestrings.sources import collect

if TYPE_CHECKING:
    from cfg_i18n.check import _PageCheck
    from cfg_i18n.status import PageStatus


def _relative(config: Config, path: Path) -> str:
    return path.relative_to(config.site).as_posix()


def check_catalogs(config: Config, languages: Sequence[str]) -> CheckOutcome:
    """Check the site catalogs of ``languages`` against the site strings."""
    from cfg_i18n.check import STALE, _PageCheck

    outcome = CheckOutcome()
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


def site_statuses(config: Config, languages: Sequence[str]) -> dict[str, PageStatus]:
    """Language -> the site catalog's counts (none when there is nothing to translate: no
    row; check reports a catalog left over)."""
    statuses: dict[str, PageStatus] = {}
    messages = collect(config).messages()
    if not messages:
        return statuses
    for language in languages:
        path = site_catalog_path(config, language)
        po = cat.load_po(path) if path.exists() else None
        statuses[language] = _status(config, language, messages, po, path.exists())
    return statuses


def _read_text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
