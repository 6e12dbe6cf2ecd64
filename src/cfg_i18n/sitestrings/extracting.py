"""``extract`` for the site strings: ``locale/templates/_site.pot`` and ``locale/<lang>/_site.po``.

Everything is read and rendered before anything is written (:func:`plan_extract`), and the
files are put in place after the pages' catalogs (:meth:`ExtractPlan.commit`), so that a
broken data file or i18n table stops the run with nothing written, like a broken page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cfg_i18n import catalog as cat
from cfg_i18n.config import Config
from cfg_i18n.errors import Diagnostic
from cfg_i18n.fsutil import write_atomic
from cfg_i18n.sitestrings.memo import Memo, file_stamps, settings_key
from cfg_i18n.sitestrings.sitecatalog import (
    render_template,
    template_entries,
    update_catalog,
)
from cfg_i18n.sitestrings.sources import check_name, collect, input_files
from cfg_i18n.update_result import UpdateResult

if TYPE_CHECKING:
    from cfg_i18n.site import ExtractReport


def site_catalog_path(config: Config, language: str | None) -> Path:
    """The site catalog's POT (``language`` None) or PO file."""
    from cfg_i18n.site import catalog_path

    return catalog_path(config, language, config.site_catalog)


@dataclass(slots=True)
class _Counts:
    """What an extract run did, without the entries (what the memo keeps)."""

    messages: int
    updates: list[tuple[str, UpdateResult, bool]]
    warnings: list[Diagnostic]


@dataclass(slots=True)
class ExtractPlan:
    """The site catalogs ``extract`` writes, rendered and not yet written."""

    config: Config
    counts: _Counts
    files: dict[Path, str] = field(default_factory=dict)
    """Catalog path -> text, for the files whose text changes."""
    stamp_key: str = ""
    memo: Memo | None = None

    def commit(self, report: ExtractReport) -> None:
        """Write the catalogs and add their counts to the pages' ``report``."""
        for path, text in self.files.items():
            if write_atomic(path, text.encode("utf-8")):
                report.written.append(path)
        report.messages += self.counts.messages
        report.diagnostics.extend(self.counts.warnings)
        for language_report in report.languages:
            for language, update, created in self.counts.updates:
                if language == language_report.language:
                    language_report.add(update, created)
        if self.memo is not None:
            stamps = file_stamps(_stamped(self.config, self.counts.updates))
            self.memo.put(self.stamp_key, stamps, self.counts)


def _stamped(config: Config, updates: Sequence[tuple[str, UpdateResult, bool]]) -> list[Path]:
    files = input_files(config) + [site_catalog_path(config, None)]
    files += [site_catalog_path(config, language) for language, _, _ in updates]
    return files


def plan_extract(config: Config, languages: Sequence[str], use_cache: bool = True
                 ) -> ExtractPlan | None:
    """Read the site strings and render their catalogs; None when the site has none (no
    messages and no site catalog on disk), so that such a site gets no ``_site`` files."""
    wanted = list(languages)
    memo = Memo(config.site, "extract", use_cache)
    key = settings_key(config.source_language, wanted, config.i18n_dirs, config.menu_keys,
                       config.site_params, config.data_files, config.references,
                       config.wrap_width, config.project_name(), config.locale_dir,
                       config.site_catalog, config.shortcode_text_params, config.content_dir)
    pot_path = site_catalog_path(config, None)
    po_paths = {language: site_catalog_path(config, language) for language in wanted}
    stamps = file_stamps(_stamped(config, [(language, UpdateResult([]), False)
                                           for language in wanted]))
    held = memo.get(key, stamps)
    if isinstance(held, _Counts):
        check_name(config)
        quiet = _Counts(held.messages, [(language, update.quiet(), False)
                                        for language, update, _ in held.updates], held.warnings)
        return ExtractPlan(config, quiet) if held.updates or held.messages else None
    sources = collect(config)
    messages = sources.messages()
    if not messages and not pot_path.exists() and not any(p.exists() for p in po_paths.values()):
        memo.put(key, stamps, _Counts(0, [], []))
        return None
    template = template_entries(messages, config.references)
    project = config.project_name()
    width = config.wrap_width
    date = cat.creation_date()
    old_pot = _read(pot_path)

    def build(stamp: str) -> str:
        return render_template(project, template, stamp, width)

    pot_text, pot_date = cat.render_keeping_date(old_pot, build, date)
    plan = ExtractPlan(config, _Counts(len(template), [], sources.warnings), stamp_key=key,
                       memo=memo)
    if pot_text != old_pot:
        plan.files[pot_path] = pot_text
    for language, path in po_paths.items():
        existing = cat.read_catalog(path)
        updated = update_catalog(existing, template, project, language, pot_date)
        text = cat.render_catalog(updated.catalog, width)
        if text != _read(path):
            plan.files[path] = text
        updated.result.entries = []
        plan.counts.updates.append((language, updated.result, updated.created))
    return plan


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
