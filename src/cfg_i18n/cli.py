"""The ``cfg-i18n`` command line: parse options, call the library, print what it reports.

Only this module prints. Errors the user can fix (:class:`~cfg_i18n.errors.CfgI18nError`) are
one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import copy
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cfg_i18n import __version__
from cfg_i18n.config import Config, add_language, load_config
from cfg_i18n.errors import CfgI18nError, ConfigError, Diagnostic
from cfg_i18n.languages import check_language, language_name
from cfg_i18n.output import Output

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from cfg_i18n.memory import PretranslateReport

#: Exit code of a usage or input error (bad flag, bad config, unreadable file).
EXIT_USAGE = 2

app = typer.Typer(
    name="cfg-i18n",
    help="Translate a Hugo site through gettext catalogs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

out = Output()
err = Output(stderr=True)

# --- options, declared once --------------------------------------------------------------------

SiteOption = Annotated[
    Path,
    typer.Option("--site", help="Site root, holding content/ and locale/.", file_okay=False),
]
LangOption = Annotated[
    Optional[list[str]],  # noqa: UP045 - Typer needs Optional on Python 3.10
    typer.Option("--lang", "-l", help="Only this target language (repeat for several)."),
]
WrapWidthOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option("--wrap-width", min=0, help="Catalog line width (0: no wrapping)."),
]
ContentDirOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--content-dir", help="Source tree relative to the site root."),
]
LocaleDirOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--locale-dir", help="Catalog tree relative to the site root."),
]
PruneOption = Annotated[
    bool,
    typer.Option("--prune", help="Remove catalogs whose source page is gone."),
]
PretranslateOption = Annotated[
    bool,
    typer.Option("--pretranslate", help="Then fill empty entries from the translation memory "
                                        "(as `cfg-i18n pretranslate`)."),
]
MinScoreOption = Annotated[
    Optional[float],  # noqa: UP045
    typer.Option("--min-score", min=0, max=100,
                 help="Least similarity in percent of a fuzzy suggestion (overrides "
                      "tm_min_score)."),
]


class CheckFormat(StrEnum):
    """Output formats of ``check``."""

    text = "text"
    json = "json"
    github = "github"
    markdown = "markdown"


class StatusFormat(StrEnum):
    """Output formats of ``status``."""

    text = "text"
    json = "json"


class StatusBy(StrEnum):
    """What ``status`` lists: one row per language, or the pages of each language."""

    language = "language"
    page = "page"


MinCompletenessOption = Annotated[
    Optional[float],  # noqa: UP045
    typer.Option("--min-completeness", min=0, max=100,
                 help="Fail below this translated share in percent, for every language "
                      "(overrides min_completeness and min_completeness_by_language)."),
]
StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="Warnings (fuzzy, copied or obsolete entries …) fail too."),
]
CheckFormatOption = Annotated[
    CheckFormat,
    typer.Option("--format", "-f", help="text, json (docs/check-report.schema.json), github "
                                        "(workflow annotations) or markdown (a summary)."),
]
SummaryOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--summary", dir_okay=False,
                 help="Also append the Markdown summary to this file, e.g. "
                      "$GITHUB_STEP_SUMMARY."),
]
StatusFormatOption = Annotated[
    StatusFormat,
    typer.Option("--format", "-f", help="text (tables) or json."),
]
StatusByOption = Annotated[
    StatusBy,
    typer.Option("--by", help="language: one row per language; page: every page, most "
                              "missing first."),
]


# --- shared helpers for every command -----------------------------------------------------------


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn a CfgI18nError into one line on stderr and exit code 2."""
    try:
        yield
    except CfgI18nError as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(code=EXIT_USAGE) from None


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


# --- commands -----------------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        out.print(f"cfg-i18n {__version__}", markup=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Translate a Hugo site through gettext catalogs."""


@app.command()
def extract(
    site: SiteOption = Path("."),
    lang: LangOption = None,
    wrap_width: WrapWidthOption = None,
    content_dir: ContentDirOption = None,
    locale_dir: LocaleDirOption = None,
    prune: PruneOption = False,
    pretranslate: PretranslateOption = False,
    min_score: MinScoreOption = None,
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


@app.command()
def init(
    language: Annotated[str, typer.Argument(help="Language code babel knows, e.g. fr or pt-BR.")],
    site: SiteOption = Path("."),
) -> None:
    """Add a target language: record it in the config and create its catalogs."""
    from cfg_i18n.site import extract_site

    with handle_errors():
        code = check_language(language, key="LANG")
        config = load(site)
        if code == config.source_language:
            raise ConfigError(f"LANG: {code!r} is the source language of this site")
        already = code in config.languages
        # Catalogs first: when a page cannot be read, the config is left as it was too.
        with reporting_progress() as progress:
            report = extract_site(config, [code], progress=progress)
        written = add_language(config, code)
    print_diagnostics(report.diagnostics)
    where = written.relative_to(config.site).as_posix()
    state = "already in" if already else "added to"
    created = report.languages[0].created if report.languages else 0
    out.print(
        f"init: {code} ({language_name(code)}) {state} {where}; "
        f"{created} catalogs created for {report.pages} pages",
        markup=False,
    )


@app.command()
def merge(
    site: SiteOption = Path("."),
    lang: LangOption = None,
    content_dir: ContentDirOption = None,
    locale_dir: LocaleDirOption = None,
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


@app.command()
def check(
    site: SiteOption = Path("."),
    lang: LangOption = None,
    min_completeness: MinCompletenessOption = None,
    output_format: CheckFormatOption = CheckFormat.text,
    strict: StrictOption = False,
    summary: SummaryOption = None,
    content_dir: ContentDirOption = None,
    locale_dir: LocaleDirOption = None,
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
        typer.echo(json.dumps(check_data(report), indent=2, ensure_ascii=False))
    elif output_format is CheckFormat.github:
        typer.echo("\n".join(github_lines(report, _path_prefix(config))))
    elif output_format is CheckFormat.markdown:
        typer.echo(markdown_summary(report), nl=False)
    else:
        for line in text_lines(report):
            if out.is_terminal:
                out.print(line.styled(), soft_wrap=True)
            else:
                out.print(line.plain, markup=False)
    if not report.ok:
        raise typer.Exit(code=1)


@app.command()
def status(
    site: SiteOption = Path("."),
    lang: LangOption = None,
    by: StatusByOption = StatusBy.language,
    output_format: StatusFormatOption = StatusFormat.text,
    content_dir: ContentDirOption = None,
    locale_dir: LocaleDirOption = None,
) -> None:
    """Show where each language stands: pages, messages, words, translated / fuzzy /
    untranslated."""
    from cfg_i18n.report import foreign_notes, page_tables, status_data, status_table
    from cfg_i18n.status import site_status

    with handle_errors():
        config = load(site, content_dir=content_dir, locale_dir=locale_dir)
        languages = selected_languages(config, lang)
        with reporting_progress() as progress:
            report = site_status(config, languages, progress=progress)
    by_page = by is StatusBy.page
    if output_format is StatusFormat.json:
        typer.echo(json.dumps(status_data(report, by_page), indent=2, ensure_ascii=False))
        return
    for note in foreign_notes(report):
        err.print(note, markup=False)
    for table in [status_table(report), *(page_tables(report) if by_page else [])]:
        if out.is_terminal:
            out.print(table)
            continue
        # Off a terminal (CI logs, pipes) a table gets the width it needs, not 80 columns.
        from rich.console import Console

        console = out.rich
        natural = console.measure(table, options=console.options.update_width(1000)).maximum
        Console(highlight=False, width=max(console.width, natural)).print(table)


# --- translation memory, import, pseudo-localisation --------------------------------------------


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


@app.command()
def pretranslate(
    site: SiteOption = Path("."),
    lang: LangOption = None,
    min_score: MinScoreOption = None,
) -> None:
    """Fill empty entries from the translation memory: the site's own translations (and the
    compendia in the config). Exact matches are translated, similar ones fuzzy."""
    from cfg_i18n.memory import pretranslate_site

    with handle_errors():
        config = load(site)
        languages = selected_languages(config, lang)
        with reporting_progress() as progress:
            reports = pretranslate_site(config, languages, min_score, progress)
    print_pretranslate(reports)


@app.command("import")
def import_translations(
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language of the translated pages.")],
    from_dir: Annotated[Path, typer.Option(
        "--from", file_okay=False,
        help="Folder of the translated pages: <page>.md or <page>.<lang>.md for each source page "
             "(relative to the current directory or the site).")],
    site: SiteOption = Path("."),
) -> None:
    """Align each source page with its hand-translated counterpart and put the pairs into the
    language's catalogs as fuzzy translations. Runs extract for the language first."""
    from cfg_i18n.importer import import_site
    from cfg_i18n.site import extract_site

    with handle_errors():
        config = load(site)
        language = selected_languages(config, [lang])[0]
        folder = from_dir if from_dir.is_dir() else config.site / from_dir
        with reporting_progress() as progress:
            extracted = extract_site(config, [language], progress=progress)
            report = import_site(config, language, folder, progress)
    print_diagnostics(extracted.diagnostics + report.diagnostics)
    out.print(
        f"import {language}: {report.pages} pages aligned, {len(report.missing)} without a "
        f"translated page; {report.imported} translations imported (fuzzy), {report.kept} "
        f"entries already translated, {report.unaligned} segments not aligned (listed above); "
        f"{len(report.written)} catalogs written",
        markup=False,
    )


@app.command()
def pseudo(
    site: SiteOption = Path("."),
    lang: Annotated[str, typer.Option(
        "--lang", "-l", help="Code of the pseudo-language; Hugo must list it (default qps).")
    ] = "qps",
    merge_pages: Annotated[bool, typer.Option(
        "--merge/--no-merge", help="Also write its pages (content/<lang>/) for Hugo.")] = True,
) -> None:
    """Pseudo-translate every message into a language of its own (⟦Ŵéŕ ŵîîŕ šîñð⟧) and merge
    it, to see which text of the built site does not come from the catalogs."""
    from cfg_i18n.pseudo import (
        check_pseudo_language,
        check_pseudo_target,
        merge_pseudo,
        pseudo_site,
    )

    with handle_errors():
        config = load(site)
        language = check_pseudo_language(config, lang)
        if merge_pages:
            check_pseudo_target(config, language)  # before anything is written
        with reporting_progress() as progress:
            report = pseudo_site(config, language, progress)
            merged = merge_pseudo(config, language, progress) if merge_pages else None
    print_diagnostics(report.diagnostics)
    out.print(f"pseudo {language}: {report.messages} messages in {report.catalogs} catalogs, "
              f"{len(report.written)} written, {len(report.removed)} removed", markup=False)
    if merged is None:
        return
    for item in merged.languages:
        print_diagnostics(item.fallbacks + item.conflicts)
        target = config.target_dir.format(lang=language)
        out.print(f"merge {language}: {len(item.written)} pages written, {item.unchanged} "
                  f"unchanged, {len(item.removed)} removed; let Hugo build it with "
                  f"languages: {{{language}: {{contentDir: {target}}}}} in its configuration",
                  markup=False)


def _app_for(args: Sequence[str]) -> typer.Typer:
    """The application with only the command that ``args`` names.

    Typer builds the parser of every registered command on each run, from the functions'
    signatures: about 5 ms, a twentieth of a warm ``merge``. A run needs one. Without a
    command name, or with an unknown one, it is the whole application (the list of commands,
    "No such command" with its suggestions).
    """
    name = next((arg for arg in args if not arg.startswith("-")), None)
    chosen = [info for info in app.registered_commands
              if info.callback is not None
              and name == (info.name or typer.main.get_command_name(info.callback.__name__))]
    if len(chosen) != 1:
        return app
    single = copy.copy(app)  # the same settings (help format, exceptions) and root options
    single.registered_commands = chosen
    return single


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` and return the exit code (for embedding and tests)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        _app_for(args)(args=args, prog_name="cfg-i18n")
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def main() -> None:
    """Console-script entry point of ``cfg-i18n``.

    Leaves without the interpreter's teardown: a run holds tens of thousands of objects (page
    summaries, catalog entries, the command line's own), and freeing them one by one costs
    15–30 ms, more than a warm run's own work. Every file is written and closed by then (no
    exit handler of ours is pending); only the standard streams need flushing.
    """
    code = run()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (``cfg-i18n status | head``)
            stream.flush()
    os._exit(code)
