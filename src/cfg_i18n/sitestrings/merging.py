"""``merge`` for the site strings: the target language's i18n table, config file and data tree.

Written per language, from the site catalog's finished, safe translations:

- ``i18n/<lang>.<ext>``: the translated messages, in the source table's format;
- ``config/_default/hugo.<lang>.<ext>``: title and parameters, and every menu of the source
  language with its names translated (see :mod:`cfg_i18n.sitestrings.hugoconfig`);
- ``data/<lang>/…``: each configured data file with its translated values replaced.

As for pages, a manifest (``.cfg-i18n/site-strings.json``, see :mod:`.files`) records what
was written: a file the tool did not write is never overwritten, and a file it no longer
produces is removed unless it was edited by hand. :func:`merge_languages` does the work
when the memo of :func:`~cfg_i18n.sitestrings.commands.merge_site_strings` does not hold the
result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from cfg_i18n import catalog as cat
from cfg_i18n.config import Config
from cfg_i18n.errors import Diagnostic
from cfg_i18n.fsutil import write_atomic
from cfg_i18n.hashing import sha256_hex
from cfg_i18n.sitestrings.datafiles import target_path, translate_data_file
from cfg_i18n.sitestrings.files import site_catalog_path, write_manifest
from cfg_i18n.sitestrings.formats import GENERATED_NOTE
from cfg_i18n.sitestrings.hugoconfig import (
    competing_settings,
    generated_name,
    render_target,
    target_config,
)
from cfg_i18n.sitestrings.model import MessageKey, SiteMessage, Translation
from cfg_i18n.sitestrings.results import SiteMergeResult
from cfg_i18n.sitestrings.rules import translation_problems
from cfg_i18n.sitestrings.sources import SiteSources, collect
from cfg_i18n.sitestrings.tables import target_table


@dataclass(slots=True)
class Found:
    """A language's usable translations and what kept the others out."""

    translations: dict[MessageKey, Translation] = field(default_factory=dict)
    fallbacks: list[Diagnostic] = field(default_factory=list)
    plural_forms: str | None = None
    """The catalog's ``Plural-Forms`` header."""
    problems: dict[MessageKey, str] = field(default_factory=dict)
    """Why a translation was kept out, by message."""


def usable_translations(config: Config, language: str, messages: Sequence[SiteMessage],
                        po: polib.POFile | None, where: str) -> Found:
    """The finished (non-fuzzy, complete) and safe translations of the catalog ``po``."""
    found = Found()
    if po is None:
        return found
    found.plural_forms = po.metadata.get("Plural-Forms")
    by_key = {message.key: message for message in messages}
    for entry in po:
        if entry.obsolete or not entry.msgid or cat.FUZZY in entry.flags:
            continue
        message = by_key.get((entry.msgctxt, entry.msgid))
        if message is None or not cat.has_translation(entry):
            continue
        if message.msgid_plural:
            plural = {int(k): v for k, v in entry.msgstr_plural.items()}
            forms = [plural.get(index, "") for index in range(max(plural, default=-1) + 1)]
            if not forms or not all(forms):
                _reject(found, message, where, entry, "a plural form (msgstr[n]) is empty or "
                        "missing; fill in every form")
                continue
        else:
            forms = [entry.msgstr]
        problems = translation_problems(message, config, language, forms)
        if problems:
            _reject(found, message, where, entry, "; ".join(problems))
            continue
        found.translations[message.key] = Translation(
            forms[0], dict(enumerate(forms)) if message.msgid_plural else {})
    return found


def _reject(found: Found, message: SiteMessage, where: str, entry: polib.POEntry,
            problem: str) -> None:
    found.problems[message.key] = problem
    found.fallbacks.append(Diagnostic(where, entry.linenum, "translation not applied, the "
                                      f"source text is used: {problem}"))


def _lookup(translations: dict[MessageKey, Translation]) -> Callable[[str], str | None]:
    def lookup(msgid: str) -> str | None:
        found = translations.get((None, msgid))
        return found.msgstr if found is not None else None

    return lookup


def outputs_for(config: Config, sources: SiteSources, language: str, found: Found,
                result: SiteMergeResult) -> dict[str, str]:
    """Site-relative path -> text of every file the language gets."""
    from cfg_i18n.sitestrings.plurals import plural_scheme

    catalog = site_catalog_path(config, language).relative_to(config.site).as_posix()
    outputs: dict[str, str] = {}
    lookup = _lookup(found.translations)
    if sources.tables:
        scheme = plural_scheme(language, found.plural_forms)
        note = GENERATED_NOTE.format(catalog=catalog)
        text = target_table(sources.tables, found.translations, scheme, note)
        if text is not None:
            first = sources.tables[0].rel
            suffix = first[first.rfind("."):]
            outputs[f"{_table_dir(config)}/{language}{suffix}"] = text
    if (sources.menus.menus or sources.params) and not sources.hugo.defines(language):
        result.warnings.append(Diagnostic(sources.hugo.files[0].rel, None, (
            f"no languages.{language} in the Hugo configuration, so its menus and parameters "
            f"are not written (a file for them would make Hugo build a {language} site without "
            "its contentDir): add the language to the configuration")))
    elif sources.menus.menus or sources.params:
        data = target_config(sources.menus, config.menu_keys, sources.params, lookup)
        if data:
            rel = generated_name(language, sources.hugo.main_format)
            outputs[rel] = render_target(data, sources.hugo.main_format, catalog)
            result.warnings += competing_settings(sources.hugo, language, data, rel)
    for data_file in sources.data:
        outputs[target_path(data_file.rel, language)] = translate_data_file(data_file, lookup)
    return outputs


def _table_dir(config: Config) -> str:
    """The project's i18n directory (the first configured one without a wildcard)."""
    for directory in config.i18n_dirs:
        if not any(char in directory for char in "*?["):
            return directory
    return "i18n"


def merge_languages(config: Config, wanted: Sequence[str], manifest: dict[str, dict[str, str]]
                    ) -> list[SiteMergeResult]:
    """Write the ``wanted`` languages' site strings and record them in ``manifest`` (updated
    in place, and written)."""
    sources = collect(config)
    messages = sources.messages()
    results: list[SiteMergeResult] = []
    for language in wanted:
        result = SiteMergeResult(language, messages=len({m.key for m in messages}))
        po_path = site_catalog_path(config, language)
        where = po_path.relative_to(config.site).as_posix()
        po = cat.load_po(po_path) if po_path.exists() else None
        found = usable_translations(config, language, messages, po, where)
        result.applied = len(found.translations)
        result.fallbacks = found.fallbacks
        outputs = outputs_for(config, sources, language, found, result) if messages else {}
        manifest[language] = _write(config, outputs, manifest.get(language, {}), result)
        results.append(result)
    write_manifest(config, manifest)
    return results


def _write(config: Config, outputs: dict[str, str], previous: dict[str, str],
           result: SiteMergeResult) -> dict[str, str]:
    current: dict[str, str] = {}
    for rel, text in outputs.items():
        target = config.site / rel
        data = text.encode("utf-8")
        if target.exists() and rel not in previous and target.read_bytes() != data:
            result.conflicts.append(Diagnostic(rel, None, (
                "exists and was not written by cfg-i18n; left alone (move it away to let "
                "merge write it, or take its translations into the site catalog first)")))
            continue
        if write_atomic(target, data):
            result.written.append(rel)
        else:
            result.unchanged += 1
        current[rel] = sha256_hex(data)
    for rel, digest in previous.items():
        if rel in current:
            continue
        path = config.site / rel
        if not path.exists():
            continue
        if sha256_hex(path.read_bytes()) != digest:
            result.conflicts.append(Diagnostic(rel, None, (
                "was changed by hand after cfg-i18n wrote it; not removed although nothing "
                "produces it any more")))
            current[rel] = digest
            continue
        path.unlink()
        _remove_empty_dirs(path.parent, config.site)
        result.removed.append(rel)
    return dict(sorted(current.items()))


def _remove_empty_dirs(directory: Path, stop: Path) -> None:
    while directory != stop and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent
