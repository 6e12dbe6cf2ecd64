"""The ``site`` catalog: site strings -> POT entries, and a language's PO updated from them.

Entries follow the page catalogs' rules (one entry per distinct text, ``#. type:``, ``#:``
references, ``md-text``) with two additions: an i18n table's ID is the entry's ``msgctxt``,
and a message with plural forms is a gettext plural entry with as many ``msgstr[n]`` as the
language's ``Plural-Forms`` asks for. The update is the pages' msgmerge-style update; what it
does not know about plurals (a message that gained or lost its plural forms) is settled
here, keeping the old translation as fuzzy so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polib

from cfg_i18n import catalog as cat
from cfg_i18n.segments import MARKDOWN_FLAG
from cfg_i18n.sitestrings.model import MessageKey, SiteMessage
from cfg_i18n.update import update_entries
from cfg_i18n.update_result import UpdateResult

#: What the catalogs' headers call the source of the site catalog.
SITE_LABEL = "the site's i18n tables, menus, parameters and data files"


def template_entries(messages: Iterable[SiteMessage], references: str = "line"
                     ) -> list[polib.POEntry]:
    """The POT entries: one per ``(msgctxt, msgid)``, in the order the messages come."""
    entries: dict[MessageKey, polib.POEntry] = {}
    notes: dict[MessageKey, list[str]] = {}
    for message in messages:
        if not message.msgid:
            continue
        entry = entries.get(message.key)
        if entry is None:
            entry = polib.POEntry(msgctxt=message.msgctxt, msgid=message.msgid, msgstr="")
            if message.msgid_plural:
                entry.msgid_plural = message.msgid_plural
                entry.msgstr_plural = {0: "", 1: ""}
            entries[message.key] = entry
            notes[message.key] = []
        kind = cat.TYPE_PREFIX + message.kind
        for note in (kind, *message.comments):
            if note not in notes[message.key]:
                notes[message.key].append(note)
        if references != "never":
            occurrence = (cat.encode_reference(message.path),
                          str(message.line) if references == "line" and message.line else "")
            if occurrence not in entry.occurrences:
                entry.occurrences.append(occurrence)
        if message.markdown and MARKDOWN_FLAG not in entry.flags:
            entry.flags.append(MARKDOWN_FLAG)
    for key, entry in entries.items():
        entry.comment = "\n".join(notes[key])
    return list(entries.values())


def plural_count(catalog: cat.Catalog | None, language: str) -> int:
    """``nplurals`` of a catalog's ``Plural-Forms`` (babel's rule for a new catalog)."""
    from cfg_i18n.languages import plural_forms
    from cfg_i18n.sitestrings.plurals import parse_plural_forms

    header = catalog.get("Plural-Forms") if catalog is not None else None
    parsed = parse_plural_forms(header or "") or parse_plural_forms(plural_forms(language))
    return parsed[0] if parsed is not None else 2


@dataclass(slots=True)
class Updated:
    """A language's site catalog as ``extract`` writes it, and what the update did."""

    catalog: cat.Catalog
    result: UpdateResult
    created: bool


def update_catalog(existing: cat.Catalog | None, template: Sequence[polib.POEntry],
                   project: str, language: str, date: str) -> Updated:
    """Merge the template into the language's catalog (``existing``: None when new)."""
    result = update_entries(template, existing.entries if existing is not None else [])
    settle_plurals(result, template, plural_count(existing, language))
    catalog = cat.po_catalog(existing, project, language, SITE_LABEL, result.entries, date)
    return Updated(catalog, result, existing is None)


def settle_plurals(result: UpdateResult, template: Sequence[polib.POEntry], nplurals: int
                   ) -> None:
    """Give plural entries their ``msgid_plural`` and ``nplurals`` forms; a message whose
    plural forms came or went keeps its old translation, fuzzy."""
    by_key = {(entry.msgctxt, entry.msgid): entry for entry in template}
    for entry in result.entries:
        if entry.obsolete:
            continue
        source = by_key.get((entry.msgctxt, entry.msgid))
        if source is None:
            continue
        if source.msgid_plural:
            entry.msgid_plural = source.msgid_plural
            forms = {int(k): v for k, v in (entry.msgstr_plural or {}).items()}
            if not forms and entry.msgstr:
                forms = dict.fromkeys(range(nplurals), entry.msgstr)
                _make_fuzzy(entry)
            entry.msgstr = ""
            entry.msgstr_plural = {index: forms.get(index, "") for index in range(nplurals)}
        elif entry.msgstr_plural:
            forms = {int(k): v for k, v in entry.msgstr_plural.items()}
            entry.msgstr = forms[max(forms)] if not entry.msgstr else entry.msgstr
            entry.msgstr_plural = {}
            entry.msgid_plural = ""
            if entry.msgstr:
                _make_fuzzy(entry)
    _recount(result)


def _make_fuzzy(entry: polib.POEntry) -> None:
    if cat.FUZZY not in entry.flags:
        entry.flags.insert(0, cat.FUZZY)


def _recount(result: UpdateResult) -> None:
    result.translated = result.fuzzy = result.untranslated = result.obsolete = 0
    for entry in result.entries:
        if entry.obsolete:
            result.obsolete += 1
        elif cat.FUZZY in entry.flags:
            result.fuzzy += 1
        elif cat.is_translated(entry):
            result.translated += 1
        else:
            result.untranslated += 1


def render_template(project: str, entries: list[polib.POEntry], date: str, width: int) -> str:
    """The POT text."""
    return cat.render_catalog(cat.template_catalog(project, SITE_LABEL, entries, date), width)
