"""Check and status reports as people and machines read them: text, JSON, GitHub, Markdown.

Nothing here prints: each function returns text (or rich renderables) for the CLI.

- **text**: one line per finding (``path:line: severity: check: message``), a line per
  language, a verdict; rich styles colour it on a terminal.
- **json**: the stable schema in ``docs/check-report.schema.json`` (``version`` 1).
- **github**: workflow commands (``::error file=…,line=…,title=…::message``) that GitHub
  Actions turns into annotations on the PO line.
- **markdown**: a summary for ``$GITHUB_STEP_SUMMARY`` or a pull-request comment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cfg_i18n.check import CHECKS, ERROR, CheckReport, Finding, LanguageResult
from cfg_i18n.status import Counts, LanguageStatus, PageStatus, StatusReport, percent_text

# rich (tables, styles) loads only for a terminal or a table: a check in CI prints plain lines.
if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

#: Version of the JSON documents; bumped only when a field changes meaning or goes away.
SCHEMA_VERSION = 1
#: Where the JSON schema is documented, relative to the repository.
SCHEMA_PATH = "docs/check-report.schema.json"
#: Findings listed in a Markdown summary (the rest are counted).
MARKDOWN_FINDINGS = 50

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


# --- shared pieces ------------------------------------------------------------------------------


def _where(finding: Finding, prefix: str = "") -> str:
    path = prefix + finding.path
    return f"{path}:{finding.line}" if finding.line is not None else path


def _label(finding: Finding) -> str:
    return f"{finding.check}/{finding.code}" if finding.code else finding.check


def _severity(finding: Finding, report: CheckReport) -> str:
    """``error`` for findings that fail this run (warnings too with ``--strict``)."""
    return ERROR if finding.severity == ERROR or report.strict else finding.severity


def progress_bar(percent: float, width: int = 20) -> str:
    """A bar of block characters that reads without colour: ``██████░░░░``."""
    filled = int(width * percent / 100 + 1e-9)
    if percent < 100 and filled == width:
        filled -= 1
    return "█" * filled + "░" * (width - filled)


def verdict(report: CheckReport) -> str:
    """One line: passed or failed, and why."""
    failed = report.failed_checks()
    warnings = len(report.warnings)
    noted = f"; {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    if not failed:
        return f"check passed: {report.pages} pages, {report.catalogs} catalogs{noted}"
    parts = ", ".join(f"{check} {count}" for check, count in failed.items())
    total = sum(failed.values())
    strict = " (--strict)" if report.strict and warnings else ""
    return f"check failed: {total} problem{'s' if total != 1 else ''} ({parts}){strict}"


# --- text ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    """A line of the text report: pieces of text, each with a rich style ("" for none)."""

    pieces: list[tuple[str, str]] = field(default_factory=list)

    def append(self, text: str, style: str = "") -> None:
        self.pieces.append((text, style))

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def styled(self) -> Text:
        """The line for a terminal."""
        from rich.text import Text

        line = Text()
        for text, style in self.pieces:
            line.append(text, style=style)
        return line


def text_lines(report: CheckReport) -> list[Line]:
    """The report as styled lines (plain with ``Line.plain``)."""
    lines: list[Line] = []
    for finding in report.findings:
        severity = _severity(finding, report)
        line = Line()
        line.append(_where(finding), style="bold")
        line.append(": ")
        line.append(severity, style=_SEVERITY_STYLE.get(severity, ""))
        line.append(f": {_label(finding)}: ", style="cyan")
        line.append(finding.message)
        source = _source(finding)
        if source:
            line.append(f" (source: {source})", style="dim")
        lines.append(line)
    for result in report.languages:
        lines.append(_language_line(result))
    lines.append(Line([(verdict(report), "bold green" if report.ok else "bold red")]))
    return lines


def _source(finding: Finding) -> str | None:
    """The source text a finding is about, as ``path:line`` (or the path alone)."""
    if not finding.source_path:
        return None
    if finding.source_line is None:
        return finding.source_path
    return f"{finding.source_path}:{finding.source_line}"


def _language_line(result: LanguageResult) -> Line:
    counts = result.status.counts
    line = Line([(f"{result.language}: ", "")])
    line.append(f"{progress_bar(counts.percent)} {percent_text(counts.percent)}",
                style="green" if result.passed else "red")
    line.append(f"  {counts.translated}/{counts.messages} messages, "
                f"{counts.translated_words}/{counts.words} words, {counts.fuzzy} fuzzy, "
                f"{counts.untranslated} untranslated; ")
    line.append(f"required {result.required:g}%" if result.required else "no minimum required")
    return line


# --- json ---------------------------------------------------------------------------------------


def _counts(counts: Counts) -> dict[str, Any]:
    return {
        "messages": {"total": counts.messages, "translated": counts.translated,
                     "fuzzy": counts.fuzzy, "untranslated": counts.untranslated},
        "words": {"total": counts.words, "translated": counts.translated_words,
                  "fuzzy": counts.fuzzy_words, "untranslated": counts.untranslated_words},
        "percent": round(counts.percent, 2),
        "word_percent": round(counts.word_percent, 2),
    }


def _page(page: PageStatus) -> dict[str, Any]:
    return {"page": page.source, "catalog": page.catalog, "exists": page.exists,
            **_counts(page.counts)}


def language_data(status: LanguageStatus, pages: Sequence[PageStatus] | None = None
                  ) -> dict[str, Any]:
    """One language as JSON data (``pages`` in the given order; default path order)."""
    return {
        "language": status.language,
        **_counts(status.counts),
        "page_count": len(status.pages),
        "complete_pages": status.complete_pages,
        "foreign_pages": list(status.foreign),
        "pages": [_page(page) for page in (status.pages if pages is None else pages)],
    }


def _finding(finding: Finding, report: CheckReport) -> dict[str, Any]:
    source = None
    if finding.source_path is not None:
        source = {"path": finding.source_path, "line": finding.source_line}
    return {
        "check": finding.check,
        "severity": _severity(finding, report),
        "path": finding.path,
        "line": finding.line,
        "language": finding.language,
        "code": finding.code,
        "message": finding.message,
        "source": source,
    }


def check_data(report: CheckReport) -> dict[str, Any]:
    """The check report as JSON data (schema: ``docs/check-report.schema.json``)."""
    failed = report.failed_checks()
    return {
        "version": SCHEMA_VERSION,
        "ok": report.ok,
        "strict": report.strict,
        "pages": report.pages,
        "catalogs": report.catalogs,
        "checks": {check: {"passed": check not in failed, "errors": failed.get(check, 0)}
                   for check in CHECKS},
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "languages": [
            {**language_data(result.status), "required": result.required,
             "passed": result.passed}
            for result in report.languages
        ],
        "findings": [_finding(finding, report) for finding in report.findings],
    }


def status_data(report: StatusReport, by_page: bool = False) -> dict[str, Any]:
    """The status report as JSON data (``statusReport`` in the same schema)."""
    return {
        "version": SCHEMA_VERSION,
        "source_pages": report.pages,
        "languages": [
            language_data(status, status.by_missing() if by_page else None)
            for status in report.languages
        ],
    }


# --- github -------------------------------------------------------------------------------------


def escape_data(text: str) -> str:
    """Escape a workflow command's message as the runner expects (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(report: CheckReport, path_prefix: str = "") -> list[str]:
    """One ``::error``/``::warning`` command per finding, then a ``::notice`` with the verdict.

    ``path_prefix`` turns site-relative paths into repository-relative ones when the site is
    a subdirectory of the repository (``docs/``).
    """
    lines: list[str] = []
    for finding in report.findings:
        properties = [f"file={escape_property(path_prefix + finding.path)}"]
        if finding.line is not None:
            properties.append(f"line={finding.line}")
        title = f"cfg-i18n {_label(finding)}"
        properties.append(f"title={escape_property(title)}")
        message = finding.message
        source = _source(finding)
        if source:
            message += f" (source: {path_prefix}{source})"
        lines.append(f"::{_severity(finding, report)} {','.join(properties)}::"
                     f"{escape_data(message)}")
    lines.append(f"::notice title=cfg-i18n check::{escape_data(verdict(report))}")
    return lines


# --- markdown -----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


_LANGUAGE_HEADER = ("| Language | Progress | Messages | Words | Fuzzy | Untranslated "
                    "| Pages complete | Required |")


def markdown_summary(report: CheckReport, limit: int = MARKDOWN_FINDINGS) -> str:
    """A Markdown summary: verdict, checks, per-language progress, the first findings."""
    failed = report.failed_checks()
    mark = "✅" if report.ok else "❌"
    lines = [f"## {mark} cfg-i18n {verdict(report)}", ""]
    lines += ["| Check | Result | Problems |", "|---|---|---:|"]
    for check in CHECKS:
        count = failed.get(check, 0)
        lines.append(f"| {check} | {'❌ failed' if count else '✅ passed'} | {count} |")
    warnings = len(report.warnings)
    result = "❌ failed (--strict)" if report.strict and warnings else "⚠️ warnings" if warnings \
        else "✅ none"
    lines.append(f"| warnings | {result} | {warnings} |")
    lines += ["", _LANGUAGE_HEADER, "|---|---|---:|---:|---:|---:|---:|---:|"]
    for language in report.languages:
        counts = language.status.counts
        status = "✅" if language.passed else "❌"
        lines.append(
            f"| {language.language} | `{progress_bar(counts.percent, 10)}` "
            f"{percent_text(counts.percent)} | {counts.translated}/{counts.messages} | "
            f"{counts.translated_words}/{counts.words} | {counts.fuzzy} | {counts.untranslated} | "
            f"{language.status.complete_pages}/{len(language.status.pages)} | "
            f"{language.required:g}% {status} |")
    if report.findings:
        shown = report.findings[:limit]
        count = len(report.findings)
        summary = f"<details><summary>{count} finding{'s' if count != 1 else ''}</summary>"
        lines += ["", summary, "", "| Severity | Check | Where | Message |", "|---|---|---|---|"]
        for finding in shown:
            where = _where(finding)
            source = _source(finding)
            if source:
                where += f" (source {source})"
            lines.append(f"| {_severity(finding, report)} | {_label(finding)} | `{_cell(where)}` "
                         f"| {_cell(finding.message)} |")
        if len(report.findings) > limit:
            rest = len(report.findings) - limit
            lines += ["", f"… and {rest} more (run `cfg-i18n check` locally for all)."]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


# --- status tables ------------------------------------------------------------------------------


def _bar_cell(counts: Counts, width: int = 10) -> Text:
    from rich.text import Text

    done = counts.translated == counts.messages
    style = "green" if done else "yellow" if counts.percent >= 50 else "red"
    return Text(progress_bar(counts.percent, width), style=style)


def _percent_cell(counts: Counts) -> Text:
    from rich.text import Text

    return Text(percent_text(counts.percent), style="bold" if counts.missing else "")


def _count_cell(value: int, style: str) -> Text:
    from rich.text import Text

    return Text(str(value), style=style if value else "")


def _table(title: str, columns: Sequence[str], left: Iterable[str]) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold")
    for name in columns:
        table.add_column(name, justify="left" if name in left else "right", no_wrap=True)
    return table


def status_table(report: StatusReport) -> Table:
    """One row per language: pages, messages, words, states and a progress bar."""
    table = _table("Translation status", ("Language", "Pages done", "Messages", "Translated", "Fuzzy",
                                          "Untranslated", "Words", "Progress", "%"),
                   ("Language", "Progress"))
    for status in report.languages:
        counts = status.counts
        table.add_row(
            status.language,
            f"{status.complete_pages}/{len(status.pages)}",
            str(counts.messages),
            str(counts.translated),
            _count_cell(counts.fuzzy, "yellow"),
            _count_cell(counts.untranslated, "red"),
            f"{counts.translated_words}/{counts.words}",
            _bar_cell(counts),
            _percent_cell(counts),
        )
    return table


def page_tables(report: StatusReport) -> list[Table]:
    """Per language, the pages sorted by what is missing (most first)."""
    tables: list[Table] = []
    for status in report.languages:
        table = _table(f"{status.language}: pages by missing work",
                       ("Page", "Messages", "Translated", "Fuzzy", "Untranslated",
                        "Words missing", "Progress", "%"), ("Page", "Progress"))
        for page in status.by_missing():
            counts = page.counts
            table.add_row(
                page.rel + ("" if page.exists else " (no catalog)"),
                str(counts.messages),
                str(counts.translated),
                _count_cell(counts.fuzzy, "yellow"),
                _count_cell(counts.untranslated, "red"),
                str(counts.missing_words),
                _bar_cell(counts),
                _percent_cell(counts),
            )
        tables.append(table)
    return tables


def foreign_notes(report: StatusReport) -> Iterable[str]:
    """Notes on pages left out of the counts."""
    for status in report.languages:
        if status.foreign:
            yield (f"{status.language}: {len(status.foreign)} pages already in another language "
                   f"(lang: in the front matter) are not counted: {', '.join(status.foreign)}")
