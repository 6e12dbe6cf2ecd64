"""What the commands do once their options are known: call the library, print its report.

The pipeline's commands (``extract``, ``merge``, ``check``) are plain functions here, apart
from the option parser in :mod:`cfg_i18n.cli`, so that :mod:`cfg_i18n.launch` can run them
without loading it (see there). Only this module and :mod:`cfg_i18n.cli` print. Errors the
user can fix (:class:`~cfg_i18n.errors.CfgI18nError`) are one line on stderr and exit code 2,
never a traceback.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from cfg_i18n.config import Config, load_config
from cfg_i18n.errors import CfgI18nError, ConfigError, Diagnostic
from cfg_i18n.output import Output

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from cfg_i18n.memory import PretranslateReport

#: Exit code of a check that failed.
EXIT_CHECK_FAILED = 1
#: Exit code of a usage or input error (bad flag, bad config, unreadable file).
EXIT_USAGE = 2

out = Output()
err = Output(stderr=True)


class CheckFormat(StrEnum):
    """Output formats of ``check``."""

    text = "text"
    json = "json"
    github = "github"
    markdown = "markdown"


def exit_code(done: SystemExit) -> int:
    """The exit code that ``done`` ends the process with."""
    code = done.code
    return code if isinstance(code, int) else (0 if code is None else 1)


# --- shared by every command ---------------------------------------------------------------------


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn a CfgI18nError into one line on stderr and exit code 2."""
    try:
        yield
    except CfgI18nError as error:
        err.print(f"error: {error}", markup=False)
        raise SystemExit(EXIT_USAGE) from None


def load(site: Path, **overrides: object) -> Config:
    """The site's configuration with command-line ``overrides`` (None = not given) on top."""
    return load_config(site, overrides)


def selected_languages(config: Config, languages: Sequence[str] | None) -> list[str]:
    """``--lang`` values checked against the configuration (all languages when none given)."""
    if not languages:
        return list(config.languages)
    unknown = [code for code in languages if code not in config.languages]
    if unknown:
        configured = ", ".join(config.languages) or "none"
        raise ConfigError(
            f"--lang {', '.join(unknown)}: not a configured language (configured: {configured}); "
            "add it with `cfg-i18n init LANG`"
        )
    return list(dict.fromkeys(languages))


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """Warnings go to stderr, one line each, ``path:line: severity: message``."""
    for diagnostic in diagnostics:
        err.print(str(diagnostic), markup=False)


#: Runs shorter than this many steps print no plain progress lines (a CI log stays short).
PLAIN_PROGRESS_MIN = 200


class ProgressReporter:
    """A rich progress bar on a terminal; a few plain lines (every 25 %) anywhere else.

    Call it as ``progress(stage, done, total)``; :func:`reporting_progress` closes it.
    """

    def __init__(self, console: Output = err) -> None:
        self._console = console
        self._bar: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._reported: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._console.is_terminal:
            if self._bar is None:
                from rich.progress import (  # only a terminal shows a bar
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    TextColumn,
                    TimeElapsedColumn,
                )

                self._bar = Progress(
                    TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=self._console.rich, transient=True,
                )
                self._bar.start()
            if stage not in self._tasks:
                self._tasks[stage] = self._bar.add_task(stage, total=total)
            self._bar.update(self._tasks[stage], completed=done)
            return
        if total < PLAIN_PROGRESS_MIN or self._reported.get(stage) == 4:
            return
        step = 4 if done >= total else 4 * done // total
        if step > self._reported.get(stage, 0):
            self._reported[stage] = step
            self._console.print(f"{stage}: {done}/{total}", markup=False)

    def close(self) -> None:
        """Remove the progress bar from the terminal."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


@contextmanager
def reporting_progress(console: Output = err) -> Iterator[ProgressReporter]:
    """A :class:`ProgressReporter` that is closed however the block ends."""
    reporter = ProgressReporter(console)
    try:
        yield reporter
    finally:
        reporter.close()


# --- the pipeline's commands ------------------------------------------------------------------


def extract(
    site: Path = Path("."),
    lang: Sequence[str] | None = None,
    wrap_width: int | None = None,
    content_dir: str | None = None,
    locale_dir: str | None = None,
    prune: bool = False,
    pretranslate: bool = False,
    min_score: float | None = None,
) -> None:
    """Write locale/templates/*.pot and update locale/<lang>/*.po from the source pages."""
    from cfg_i18n.site import extract_site

    filled = None
    with handle_errors():
        config = load(site, wrap_width=wrap_width, content_dir=content_dir, locale_dir=locale_dir)
        languages = selected_languages(config, lang)
        with reporting_progress() as progress:
            report = extract_site(config, languages, progress=progress, prune=prune)
            if pretranslate:
                from cfg_i18n.memory import pretranslate_site

                filled = pretranslate_site(config, languages, min_score, progress)
    print_diagnostics(report.diagnostics)
    out.print(
        f"extract: {report.pages} pages, {report.messages} messages, "
        f"{len(report.written)} files written"
        + (f", {len(report.orphans)} orphaned catalogs" if report.orphans else "")
        + (f", {len(report.pruned)} pruned" if report.pruned else ""),
        markup=False,
    )
    for item in report.languages:
        percent = 100.0 * item.translated / item.messages if item.messages else 100.0
        out.print(
            f"{item.language}: {item.translated}/{item.messages} translated ({percent:.0f}%), "
            f"{item.fuzzy} fuzzy, {item.untranslated} untranslated, {item.obsolete} obsolete; "
            f"this run: {item.new} new, {item.fuzzy_new} fuzzy, {item.obsoleted} obsolete"
            + (f", {item.borrowed} from moved pages" if item.borrowed else ""),
            markup=False,
        )
    if filled is not None:
        print_pretranslate(filled)


def merge(
    site: Path = Path("."),
    lang: Sequence[str] | None = None,
    content_dir: str | None = None,
    locale_dir: str | None = None,
) -> None:
    """Write the localised pages (content/<lang>/ or page.<lang>.md) from the catalogs."""
    from cfg_i18n.merge import merge_site

    with handle_errors():
        config = load(site, content_dir=content_dir, locale_dir=locale_dir)
        languages = selected_languages(config, lang)
        with reporting_progress() as progress:
            report = merge_site(config, languages, progress=progress)
    print_diagnostics(report.warnings)
    for item in report.languages:
        print_diagnostics(item.fallbacks)
        print_diagnostics(item.conflicts)
        for rel, completeness in item.left_out:
            err.print(f"{item.language}: left out {rel} ({completeness:.0f}% translated, "
                      f"publish_threshold is {config.publish_threshold:g}%)", markup=False)
        out.print(
            f"merge {item.language}: {len(item.written)} written, {item.unchanged} unchanged, "
            f"{len(item.removed)} removed, {len(item.left_out)} left out"
            + (f", {len(item.fallbacks)} unsafe translations not applied" if item.fallbacks else "")
            + (f", {len(item.foreign)} pages already in another language" if item.foreign else ""),
            markup=False,
        )
    for strings in report.site_strings:
        print_diagnostics(strings.fallbacks + strings.conflicts + strings.warnings)
        if not (strings.messages or strings.removed or strings.written):
            continue
        out.print(
            f"merge {strings.language} site strings: {strings.applied}/{strings.messages} "
            f"translated; {len(strings.written)} files written, {strings.unchanged} unchanged, "
            f"{len(strings.removed)} removed"
            + (f", {len(strings.fallbacks)} unsafe translations not applied"
               if strings.fallbacks else ""),
            markup=False,
        )


def _path_prefix(config: Config) -> str:
    """The site's path in the repository, for GitHub annotations (empty at the root)."""
    base = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    try:
        inside = config.site.relative_to(base).as_posix()
    except ValueError:
        return ""
    return "" if inside == "." else inside + "/"


def check(
    site: Path = Path("."),
    lang: Sequence[str] | None = None,
    min_completeness: float | None = None,
    output_format: CheckFormat = CheckFormat.text,
    strict: bool = False,
    summary: Path | None = None,
    content_dir: str | None = None,
    locale_dir: str | None = None,
) -> None:
    """Check that the catalogs are current, valid, complete enough and safe to publish.

    Exit code 0: all checks hold; 1: a check failed; 2: usage or input error.
    """
    from cfg_i18n.check import check_site
    from cfg_i18n.report import check_data, github_lines, markdown_summary, text_lines

    with handle_errors():
        config = load(site, content_dir=content_dir, locale_dir=locale_dir)
        languages = selected_languages(config, lang)
        with reporting_progress() as progress:
            report = check_site(config, languages, min_completeness=min_completeness,
                                strict=strict, progress=progress)
        if summary is not None:
            try:
                with summary.open("a", encoding="utf-8") as handle:
                    handle.write(markdown_summary(report))
            except OSError as error:
                raise ConfigError(f"--summary: cannot write the file: {error.strerror}",
                                  str(summary)) from None
    if output_format is CheckFormat.json:
        out.print(json.dumps(check_data(report), indent=2, ensure_ascii=False), markup=False)
    elif output_format is CheckFormat.github:
        out.print("\n".join(github_lines(report, _path_prefix(config))), markup=False)
    elif output_format is CheckFormat.markdown:
        out.write(markdown_summary(report))
    else:
        for line in text_lines(report):
            if out.is_terminal:
                out.print(line.styled(), soft_wrap=True)
            else:
                out.print(line.plain, markup=False)
    if not report.ok:
        raise SystemExit(EXIT_CHECK_FAILED)


def print_pretranslate(reports: Sequence[PretranslateReport]) -> None:
    """One line per language: what the translation memory filled."""
    for item in reports:
        print_diagnostics(item.diagnostics)
        out.print(
            f"pretranslate {item.language}: {item.exact} exact"
            + (f" ({item.equivalent} with the whitespace or markup of the new text)"
               if item.equivalent else "")
            + f", {item.fuzzy} fuzzy, {item.empty} still empty; memory of {item.memory} "
            f"translations, {len(item.written)} catalogs written",
            markup=False,
        )
