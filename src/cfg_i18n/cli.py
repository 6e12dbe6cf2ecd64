"""The ``cfg-i18n`` command line: the options of each command, parsed by Typer.

What a command does once its options are known lives in :mod:`cfg_i18n.commands`; the
commands that only this module runs (``init``, ``status``, ``pretranslate``, ``import``,
``pseudo``) are short enough to stay here. The program's entry point is
:mod:`cfg_i18n.launch`.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from cfg_i18n import __version__, commands
from cfg_i18n.commands import (
    CheckFormat,
    err,
    handle_errors,
    load,
    out,
    print_diagnostics,
    print_pretranslate,
    reporting_progress,
    selected_languages,
)
from cfg_i18n.config import add_language
from cfg_i18n.errors import ConfigError
from cfg_i18n.languages import check_language, language_name

__all__ = ["app", "run"]

app = typer.Typer(
    name="cfg-i18n",
    help="Translate a Hugo site through gettext catalogs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

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
    commands.extract(site, lang, wrap_width, content_dir, locale_dir, prune, pretranslate,
                      min_score)


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
    commands.merge(site, lang, content_dir, locale_dir)


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
    commands.check(site, lang, min_completeness, output_format, strict, summary, content_dir,
                   locale_dir)


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
        return commands.exit_code(done)
    return 0
