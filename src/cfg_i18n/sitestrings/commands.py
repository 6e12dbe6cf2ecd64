"""The commands' way into the site strings: the memo of the last run first, the readers only on
a miss.

A warm ``extract``, ``merge``, ``check`` or ``status`` (no file of the site strings changed, nor
a setting) stamps the input and output files and hands back what the last run found, without
loading the readers, the YAML and TOML parsers or polib: :mod:`.extracting`, :mod:`.merging`
and :mod:`.checking` are imported only when the work must be done again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cfg_i18n.fsutil import write_atomic
from cfg_i18n.sitestrings.files import (
    MANIFEST,
    check_name,
    input_files,
    read_manifest,
    site_catalog_path,
)
from cfg_i18n.sitestrings.memo import FileStamp, Memo, file_stamps, settings_key
from cfg_i18n.sitestrings.results import CheckOutcome, ExtractCounts, SiteMergeResult

if TYPE_CHECKING:
    from cfg_i18n.check import CheckReport, LanguageResult
    from cfg_i18n.config import Config
    from cfg_i18n.site import ExtractReport
    from cfg_i18n.status import PageStatus, StatusReport

T = TypeVar("T")


@dataclass(slots=True)
class ExtractPlan:
    """The site catalogs ``extract`` writes, rendered and not yet written.

    Written after the pages' catalogs (:meth:`commit`), so that a broken data file or i18n
    table stops the run with nothing written, like a broken page.
    """

    config: Config
    counts: ExtractCounts
    files: dict[Path, str] = field(default_factory=dict)
    """Catalog path -> text, for the files whose text changes."""
    stamp_key: str = ""
    memo: Memo | None = None
    """Where to remember the counts once written (None: remembered already)."""

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
            languages = [language for language, _, _ in self.counts.updates]
            self.memo.put(self.stamp_key, _catalog_stamps(self.config, languages), self.counts)


def _key(config: Config, operation: str, languages: Sequence[str]) -> str:
    """The settings a command's result depends on besides the files. ``merge`` reads the
    catalogs as they are, so their layout (references, wrapping, project) does not matter."""
    layout = () if operation == "merge" else (config.references, config.wrap_width,
                                              config.project_name())
    return settings_key(operation, config.source_language, list(languages), config.i18n_dirs,
                        config.menu_keys, config.site_params, config.data_files,
                        config.locale_dir, config.site_catalog, config.shortcode_text_params,
                        config.content_dir, layout)


def _catalog_stamps(config: Config, languages: Sequence[str]) -> tuple[FileStamp, ...]:
    """The inputs and the site catalogs: what ``extract``, ``check`` and ``status`` read."""
    files = input_files(config) + [site_catalog_path(config, None)]
    files += [site_catalog_path(config, language) for language in languages]
    return file_stamps(files)


def _merge_stamps(config: Config, languages: Sequence[str],
                  manifest: dict[str, dict[str, str]]) -> tuple[FileStamp, ...]:
    """The inputs, the PO files and every file ``merge`` wrote (a deleted one is redone)."""
    files = input_files(config) + [config.site / MANIFEST]
    for language in languages:
        files.append(site_catalog_path(config, language))
        files += [config.site / rel for rel in sorted(manifest.get(language, {}))]
    return file_stamps(files)


def plan_extract(config: Config, languages: Sequence[str], use_cache: bool = True
                 ) -> ExtractPlan | None:
    """Read the site strings and render their catalogs; None when the site has none (no
    messages and no site catalog on disk), so that such a site gets no ``_site`` files."""
    wanted = list(languages)
    memo = Memo(config.site, "extract", use_cache)
    key = _key(config, "extract", wanted)
    stamps = _catalog_stamps(config, wanted)
    held = memo.get(key, stamps)
    if isinstance(held, ExtractCounts):
        check_name(config)
        quiet = ExtractCounts(held.messages, [(language, update.quiet(), False)
                                              for language, update, _ in held.updates],
                              held.warnings)
        return ExtractPlan(config, quiet) if held.updates or held.messages else None
    if not any(digest for _, digest in stamps):  # no source of site strings, no site catalog
        memo.put(key, stamps, ExtractCounts(0, [], []))
        return None
    from cfg_i18n.sitestrings.extracting import render_plan

    plan = render_plan(config, wanted)
    if plan is None:
        memo.put(key, stamps, ExtractCounts(0, [], []))
        return None
    plan.stamp_key, plan.memo = key, memo
    return plan


def merge_site_strings(config: Config, languages: Sequence[str] | None = None,
                       use_cache: bool = True) -> list[SiteMergeResult]:
    """Write every (or the given) target language's site strings."""
    wanted = list(languages) if languages is not None else list(config.languages)
    manifest = read_manifest(config)
    memo = Memo(config.site, "merge", use_cache)
    key = _key(config, "merge", wanted)
    held = memo.get(key, _merge_stamps(config, wanted, manifest))
    if isinstance(held, list):
        for item in held:
            item.unchanged += len(item.written)
            item.written = []
            item.removed = []
        return held
    from cfg_i18n.sitestrings.merging import merge_languages

    results = merge_languages(config, wanted, manifest)
    memo.put(key, _merge_stamps(config, wanted, manifest), results)
    return results


def _recall(config: Config, operation: str, languages: Sequence[str], use_cache: bool,
            kind: type[T], work: Callable[[], T]) -> T:
    """What ``operation`` found last time while its settings, the inputs and the site catalogs
    are unchanged; else what ``work()`` finds, remembered."""
    memo = Memo(config.site, operation, use_cache)
    key = _key(config, operation, languages)
    stamps = _catalog_stamps(config, languages)
    held = memo.get(key, stamps)
    if isinstance(held, kind):
        return held
    found = work()
    memo.put(key, stamps, found)
    return found


def check_site_strings(config: Config, languages: Sequence[str], report: CheckReport,
                       results: Sequence[LanguageResult], use_cache: bool = True) -> None:
    """Add the site catalog's findings to ``report`` and its counts to ``results``."""

    def work() -> CheckOutcome:
        from cfg_i18n.sitestrings.checking import check_catalogs

        return check_catalogs(config, languages)

    outcome = _recall(config, "check", languages, use_cache, CheckOutcome, work)
    report.findings += outcome.findings
    report.catalogs += outcome.catalogs
    for result in results:
        status = outcome.statuses.get(result.language)
        if status is not None:
            result.status.add(status)


def add_site_strings_status(config: Config, report: StatusReport, use_cache: bool = True
                            ) -> None:
    """Count the site catalog into every language of a ``status`` report (as one page)."""
    languages = [status.language for status in report.languages]

    def work() -> dict[str, PageStatus]:
        from cfg_i18n.sitestrings.checking import site_statuses

        return site_statuses(config, languages)

    statuses = _recall(config, "status", languages, use_cache, dict, work)
    for status in report.languages:
        found = statuses.get(status.language)
        if found is not None:
            status.add(found)
