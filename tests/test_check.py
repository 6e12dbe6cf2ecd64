"""``cfg-i18n check``: stale, valid, complete and safe catalogs, warnings, and the four formats.

Each case in ``fixtures/check/cases/<name>/`` is laid over a copy of the three-page site in
``fixtures/check/site/`` (whose English catalogs are complete and correct): a catalog with
one defect, or a source page edited without running extract. Failing cases must be reported
with the right file and line, passing ones must not be reported at all. The sample site of
the repository is checked as the issue's acceptance asks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jsonschema
import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cache import count_parses
from typer.testing import CliRunner

from cfg_i18n import catalog as cat
from cfg_i18n.check import (
    CHECKS,
    ERROR,
    WARNING,
    CheckReport,
    Finding,
    LanguageResult,
    check_site,
)
from cfg_i18n.cli import app
from cfg_i18n.config import load_config
from cfg_i18n.parsing import PageCache
from cfg_i18n.report import (
    check_data,
    escape_data,
    escape_property,
    github_lines,
    markdown_summary,
    text_lines,
)
from cfg_i18n.safe_entries import plain_and_trimmed
from cfg_i18n.safety import check_translation
from cfg_i18n.site import extract_site
from cfg_i18n.status import LanguageStatus

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "check"
SITE = FIXTURES / "site"
CASES = FIXTURES / "cases"
SCHEMA = json.loads((ROOT / "docs" / "check-report.schema.json").read_text(encoding="utf-8"))
BROKEN = ".broken"
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1700000000"}


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(SITE, target)
    return target


def overlay(site: Path, case: str) -> Path:
    """Lay a case's files over the site; the changed files get a new modification time.

    A catalog that no PO reader can read is stored as ``*.po.broken`` (so that tests reading
    every fixture catalog leave it alone) and laid over as ``*.po``.
    """
    source = CASES / case
    assert source.is_dir(), case
    for path in source.rglob("*"):
        if not path.is_file():
            continue
        copied = site / path.relative_to(source)
        if copied.suffix == BROKEN:
            copied = copied.with_suffix("")
        copied.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copied)
        stat = copied.stat()
        os.utime(copied, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    return site


def run_check(site: Path, **options: object) -> CheckReport:
    return check_site(load_config(site), **options)  # type: ignore[arg-type]


def located(report: CheckReport) -> list[tuple[str, str | None, str, int | None]]:
    """(check, code, path, line) of every finding."""
    return [(f.check, f.code, f.path, f.line) for f in report.findings]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def line_at(path: Path, line: int) -> str:
    return path.read_bytes().decode("utf-8", "replace").splitlines()[line - 1]


def schema_validator(ref: str | None = None) -> jsonschema.Draft202012Validator:
    schema = SCHEMA if ref is None else {"$defs": SCHEMA["$defs"], "$ref": ref}
    return jsonschema.Draft202012Validator(schema)


# --------------------------------------------------------------------------- the fixture site


def test_fixture_site_passes_every_check(site: Path) -> None:
    report = run_check(site)
    assert report.findings == []
    assert report.ok
    assert (report.pages, report.catalogs) == (3, 3)
    [english] = report.languages
    assert (english.language, english.required, english.passed) == ("en", 0.0, True)
    counts = english.status.counts
    assert (counts.messages, counts.translated, counts.fuzzy, counts.untranslated) == (13, 13, 0, 0)
    assert counts.words == counts.translated_words > 50


def test_check_writes_nothing_but_its_cache(site: Path) -> None:
    overlay(site, "stale-source")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    run_check(site)
    after = {p: p.read_bytes() for p in site.rglob("*")
             if p.is_file() and ".cfg-i18n" not in p.parts}
    assert after == before


# --------------------------------------------------------------------------- stale


def test_stale_source_page_is_named_with_the_catalogs_to_update(site: Path) -> None:
    report = run_check(overlay(site, "stale-source"))
    assert located(report) == [("stale", None, "content/de/blog.md", None)]
    message = report.findings[0].message
    assert "locale/templates/blog.pot" in message and "locale/en/blog.po" in message
    assert message.endswith("run cfg-i18n extract")
    assert not report.ok


def test_extract_makes_a_stale_site_current(site: Path) -> None:
    from cfg_i18n.site import extract_site

    overlay(site, "stale-source")
    extract_site(load_config(site))
    report = run_check(site)
    assert [f.check for f in report.errors] == []
    # The changed sentence has its old translation back as fuzzy: to review, not stale.
    assert report.languages[0].status.counts.fuzzy == 1
    assert located(report) == [("fuzzy", None, "locale/en/blog.po", 20)]
    assert line_at(site / "locale" / "en" / "blog.po", 20) == "#. type: paragraph"


def test_missing_catalog_is_stale(site: Path) -> None:
    (site / "locale" / "en" / "blog.po").unlink()
    report = run_check(site)
    assert located(report) == [("stale", None, "content/de/blog.md", None)]
    assert report.findings[0].message == (
        "catalogs of the page are missing (locale/en/blog.po missing): run cfg-i18n extract")
    page = next(p for p in report.languages[0].status.pages if p.rel == "blog")
    assert (page.exists, page.counts.untranslated) == (False, 2)


def test_new_page_without_any_catalog_is_stale(site: Path) -> None:
    (site / "content" / "de" / "neu.md").write_text("# Neu\n\nEin neuer Absatz.\n", encoding="utf-8")
    report = run_check(site)
    assert located(report) == [("stale", None, "content/de/neu.md", None)]
    assert "has no catalogs yet" in report.findings[0].message


def test_other_line_wrapping_is_only_a_format_warning(site: Path) -> None:
    po_file = site / "locale" / "en" / "_index.po"
    po = polib.pofile(str(po_file), wrapwidth=0)
    po.save(str(po_file))  # the way another tool writes it: no wrapping
    report = run_check(site)
    assert located(report) == [("format", None, "locale/en/_index.po", None)]
    assert report.ok and not run_check(site, strict=True).ok


# --------------------------------------------------------------------------- valid


@pytest.mark.parametrize(("case", "expected", "text"), [
    ("valid-syntax", [("valid", "syntax", "locale/en/_index.po", 58)], 'msgstr "A meeting in the lab'),
    ("valid-language", [("valid", "Language", "locale/en/community.po", 9)], '"Language: fr\\n"'),
    ("valid-charset", [("valid", "Content-Type", "locale/en/blog.po", 11)], '"Content-Type:'),
    ("valid-encoding", [("valid", "encoding", "locale/en/community.po", 8)], '"Language-Team:'),
    # Without Plural-Forms extract would add it: the page is stale too.
    ("valid-plural-forms", [("stale", None, "content/de/blog.md", None),
                            ("valid", "Plural-Forms", "locale/en/blog.po", 3)], 'msgstr ""'),
])
def test_invalid_catalog_is_reported_at_its_line(site: Path, case: str,
                                                 expected: list[tuple[str, str | None, str, int]],
                                                 text: str) -> None:
    report = run_check(overlay(site, case))
    assert located(report) == expected
    _check, _, path, line = expected[-1]
    assert line_at(site / path, line).startswith(text)
    assert not report.ok


def test_broken_catalog_fails_the_check_not_the_run(site: Path) -> None:
    overlay(site, "valid-syntax")
    code, out, err = invoke("check", "--site", str(site))
    assert code == 1, err
    assert "locale/en/_index.po:58: error: valid/syntax: broken PO file" in out


def test_language_header_with_region_spelling_variants_passes(site: Path) -> None:
    po_file = site / "locale" / "en" / "blog.po"
    text = po_file.read_text(encoding="utf-8")
    po_file.write_text(text.replace('"Language: en\\n"', '"Language: EN\\n"'), encoding="utf-8")
    assert [f.check for f in run_check(site).findings] == []


# --------------------------------------------------------------------------- safe


SAFE_FAILURES = [
    # case, code, PO file, line of the msgstr, source reference
    ("safe-shortcode", "shortcode", "locale/en/_index.po", 44, "content/de/_index.md", 10),
    ("safe-link-target", "link-target", "locale/en/_index.po", 44, "content/de/_index.md", 10),
    ("safe-html-tag", "html-tag", "locale/en/community.po", 31, "content/de/community.md", 7),
    ("safe-code-span", "code-span", "locale/en/_index.po", 53, "content/de/_index.md", 12),
    ("safe-emphasis", "emphasis", "locale/en/_index.po", 53, "content/de/_index.md", 12),
    ("safe-whitespace", "whitespace", "locale/en/_index.po", 29, "content/de/_index.md", 6),
    ("safe-hard-break", "hard-break", "locale/en/_index.po", 66, "content/de/_index.md", 16),
]


@pytest.mark.parametrize(("case", "code", "path", "line", "source", "source_line"), SAFE_FAILURES)
def test_unsafe_translation_is_reported_at_po_and_source_line(
    site: Path, case: str, code: str, path: str, line: int, source: str, source_line: int
) -> None:
    report = run_check(overlay(site, case))
    assert located(report) == [("safe", code, path, line)]
    [finding] = report.findings
    assert (finding.source_path, finding.source_line) == (source, source_line)
    assert finding.language == "en" and finding.severity == ERROR
    assert line_at(site / path, line).startswith("msgstr")
    assert "merge keeps the source text" in finding.message


@pytest.mark.parametrize("case", ["safe-localised-link", "safe-reordered"])
def test_safe_variants_of_a_translation_pass(site: Path, case: str) -> None:
    report = run_check(overlay(site, case))
    assert report.findings == [] and report.ok


_PLAIN = st.text(alphabet=st.characters(blacklist_characters="{<[`*_~\n\r",
                                         blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(msgid=_PLAIN, msgstr=_PLAIN, markdown=st.booleans())
def test_plain_texts_skip_the_parser_only_when_it_would_find_nothing(
    msgid: str, msgstr: str, markdown: bool
) -> None:
    """The shortcut that merge and check take for texts without markup characters."""
    if plain_and_trimmed(msgid, msgstr):
        assert check_translation(msgid, msgstr, markdown=markdown) == []


def test_check_reports_exactly_the_entries_merge_falls_back_on(site: Path) -> None:
    from cfg_i18n.merge import merge_site

    overlay(site, "safe-shortcode")
    report = run_check(site)
    merged = merge_site(load_config(site))
    fallbacks = [d for result in merged.languages for d in result.fallbacks]
    assert [(d.path, d.line) for d in fallbacks] == [("locale/en/_index.po", 38)]
    [finding] = report.findings
    # merge names the entry's first line, check the line of its msgstr: the same entry.
    entry = next(e for e in cat.load_po(site / finding.path) if e.linenum == 38)
    assert entry.msgstr.startswith("Visit our [community]")
    assert finding.line == 44


# --------------------------------------------------------------------------- complete


def test_fuzzy_and_empty_entries_count_as_untranslated(site: Path) -> None:
    report = run_check(overlay(site, "complete-partial"))
    counts = report.languages[0].status.counts
    assert (counts.messages, counts.translated, counts.fuzzy, counts.untranslated) == (13, 11, 1, 1)
    assert counts.words == counts.translated_words + counts.fuzzy_words + counts.untranslated_words
    assert report.ok  # min_completeness is 0 by default; the fuzzy entry is a warning
    assert [f.check for f in report.findings] == ["fuzzy"]


def test_min_completeness_flag_fails_below_and_names_the_pages(site: Path) -> None:
    overlay(site, "complete-partial")
    report = run_check(site, min_completeness=100)
    [finding] = report.errors
    assert (finding.check, finding.path, finding.line) == ("complete", "locale/en", None)
    assert "84.6% translated (11/13 messages" in finding.message
    assert "first in _index (75%)" in finding.message
    assert run_check(site, min_completeness=80).ok


def test_min_completeness_from_config_and_per_language(site: Path) -> None:
    overlay(site, "complete-partial")
    config = site / "i18n.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "min_completeness = 90\n", encoding="utf-8")
    assert [f.check for f in run_check(site).errors] == ["complete"]
    config.write_text(text + "min_completeness = 90\n[min_completeness_by_language]\nen = 80\n",
                      encoding="utf-8")
    report = run_check(site)
    assert report.ok and report.languages[0].required == 80
    # The flag overrides both.
    assert not run_check(site, min_completeness=85).ok


def test_complete_site_passes_at_100_percent(site: Path) -> None:
    assert run_check(site, min_completeness=100).ok


# --------------------------------------------------------------------------- warnings


@pytest.mark.parametrize(("case", "expected"), [
    ("warn-identical", [("identical", None, "locale/en/community.po", 24)]),
    ("warn-fuzzy", [("fuzzy", None, "locale/en/_index.po", 25)]),
    ("warn-obsolete", [("obsolete", None, "locale/en/blog.po", 26)]),
    ("warn-orphan", [("orphan", None, "locale/en/alt.po", None),
                     ("orphan", None, "locale/templates/alt.pot", None)]),
])
def test_warnings_fail_only_with_strict(site: Path, case: str,
                                        expected: list[tuple[str, None, str, int | None]]) -> None:
    overlay(site, case)
    report = run_check(site)
    assert located(report) == expected
    assert report.ok and all(f.severity == WARNING for f in report.findings)
    strict = run_check(site, strict=True)
    assert not strict.ok and len(strict.errors) == len(expected)


def test_fuzzy_warning_names_the_older_source(site: Path) -> None:
    [finding] = run_check(overlay(site, "warn-fuzzy")).findings
    assert "translated from an older source text ('Hallo')" in finding.message
    assert line_at(site / finding.path, 25).startswith("#. type: heading")


def test_identical_text_flagged_ignore_same_is_not_reported(site: Path) -> None:
    assert run_check(overlay(site, "warn-identical-ignored")).findings == []


def test_short_identical_text_is_not_reported(site: Path) -> None:
    # "Community" and "Blog" stay the same in English: names are no warning.
    report = run_check(site)
    assert not [f for f in report.findings if f.check == "identical"]


# --------------------------------------------------------------------------- the cache


def test_second_run_sees_a_changed_catalog(site: Path) -> None:
    assert run_check(site).ok
    assert list((site / ".cfg-i18n" / "cache").glob("check-*.pickle"))
    overlay(site, "safe-code-span")
    assert located(run_check(site)) == [("safe", "code-span", "locale/en/_index.po", 53)]
    shutil.copy2(SITE / "locale" / "en" / "_index.po", site / "locale" / "en" / "_index.po")
    os.utime(site / "locale" / "en" / "_index.po")
    assert run_check(site).findings == []


def test_cached_and_fresh_reports_agree(site: Path) -> None:
    overlay(site, "complete-partial")
    overlay(site, "safe-html-tag")
    first = run_check(site)
    cached = run_check(site)
    fresh = run_check(site, use_cache=False)
    assert located(first) == located(cached) == located(fresh)
    assert check_data(first) == check_data(cached) == check_data(fresh)


def test_unchanged_site_is_not_parsed_again(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlay(site, "safe-html-tag")
    first = run_check(site)

    def no_page(*args: object, **kwargs: object) -> None:
        raise AssertionError("a page was loaded although nothing changed")

    monkeypatch.setattr(PageCache, "get", no_page)
    monkeypatch.setattr(PageCache, "load", no_page)
    assert check_data(run_check(site)) == check_data(first)


def test_a_translator_edit_reads_only_that_page(sample: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_check(sample).ok
    for pages in (sample / ".cfg-i18n" / "cache").glob("pages-*"):
        pages.unlink()  # the page must be parsed again, and only that one
    po_file = sample / "locale" / "en" / "spenden.po"
    catalog = cat.catalog_from_po(cat.load_po(po_file))
    catalog.entries[0].msgstr = catalog.entries[0].msgstr + " "
    po_file.write_text(cat.render_catalog(catalog), encoding="utf-8")

    parsed = count_parses(monkeypatch)
    report = run_check(sample)
    assert located(report) == [("safe", "whitespace", "locale/en/spenden.po", 19)]
    assert parsed == ["content/de/spenden.md"]
    monkeypatch.undo()
    assert located(run_check(sample, use_cache=False)) == located(report)


def test_an_edited_and_extracted_page_is_checked_from_its_summary(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_check(site).ok
    page = site / "content" / "de" / "community.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    extract_site(load_config(site))

    def no_page(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was loaded although its summary tells all")

    monkeypatch.setattr(PageCache, "get", no_page)
    monkeypatch.setattr(PageCache, "load", no_page)
    report = run_check(site, min_completeness=0)
    assert report.ok, located(report)
    monkeypatch.undo()
    assert check_data(run_check(site, use_cache=False, min_completeness=0)) == check_data(report)


def test_without_a_cache_every_page_is_parsed_once(site: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    overlay(site, "safe-html-tag")
    parsed = count_parses(monkeypatch)
    run_check(site, use_cache=False)
    assert sorted(parsed) == sorted(set(parsed)) and len(parsed) == 3


def test_a_new_page_makes_a_localised_link_to_it_safe(site: Path) -> None:
    overlay(site, "safe-localised-link")
    po_file = site / "locale" / "en" / "_index.po"
    po_file.write_text(po_file.read_text(encoding="utf-8").replace("/en/community", "/en/neu"),
                       encoding="utf-8")
    assert [(f.check, f.code) for f in run_check(site).errors] == [("safe", "link-target")]
    (site / "content" / "de" / "neu.md").write_text("Ein neuer Absatz.\n", encoding="utf-8")
    # Only the site's page list changed: the outcome of _index must not come from the cache.
    assert [f.check for f in run_check(site).errors] == ["stale"]


# --------------------------------------------------------------------------- formats


def failing_site(site: Path) -> Path:
    for case in ("stale-source", "safe-shortcode", "valid-language", "warn-obsolete"):
        overlay(site, case)
    return site


def test_json_output_validates_against_the_documented_schema(site: Path) -> None:
    validator = schema_validator()
    validator.check_schema(SCHEMA)
    code, out, _ = invoke("check", "--site", str(site), "--format", "json")
    assert code == 0
    validator.validate(json.loads(out))
    code, out, _ = invoke("check", "--site", str(failing_site(site)), "--format", "json",
                          "--min-completeness", "100")
    assert code == 1
    data = json.loads(out)
    validator.validate(data)
    assert data["ok"] is False
    assert {check for check, result in data["checks"].items() if not result["passed"]} == {
        "stale", "valid", "complete", "safe"}
    safe = next(f for f in data["findings"] if f["check"] == "safe")
    assert safe["path"] == "locale/en/_index.po" and safe["line"] == 44
    assert safe["source"] == {"path": "content/de/_index.md", "line": 10}
    assert data["languages"][0]["pages"][0]["catalog"] == "locale/en/_index.po"


def test_schema_rejects_what_it_does_not_document(site: Path) -> None:
    data = check_data(run_check(site))
    data["findings"] = [{"check": "stale", "severity": "fatal", "path": "x", "line": None,
                         "language": None, "code": None, "message": "m", "source": None}]
    with pytest.raises(jsonschema.ValidationError):
        schema_validator().validate(data)


_COMMAND = re.compile(
    r"^::(error|warning|notice)"
    r"(?: (?:file|line|endLine|col|endColumn|title)=[^,:\r\n]*(?:,(?:file|line|endLine|col|"
    r"endColumn|title)=[^,:\r\n]*)*)?::[^\r\n]*$"
)


def test_github_output_is_workflow_commands_at_the_po_line(site: Path) -> None:
    code, out, _ = invoke("check", "--site", str(failing_site(site)), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines and all(_COMMAND.match(line) for line in lines), lines
    assert ("::error file=locale/en/_index.po,line=44,title=cfg-i18n safe/shortcode::"
            "the shortcode {{< ref \"/blog.md\" >}} of the source is missing") in out
    assert "::error file=content/de/blog.md,title=cfg-i18n stale::" in out
    assert "::warning file=locale/en/blog.po,line=26,title=cfg-i18n obsolete::" in out
    assert lines[-1].startswith("::notice title=cfg-i18n check::check failed")


def test_github_escaping_of_data_and_properties() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("C:\\a,b\nc%") == "C%3A\\a%2Cb%0Ac%25"
    finding = Finding("safe", ERROR, "locale/en/a,b:c.po", 3, "line one\nline two: 5%",
                      "en", "shortcode", "content/de/a,b:c.md", 7)
    report = CheckReport(pages=1, catalogs=1, findings=[finding])
    [line, notice] = github_lines(report, "docs/")
    assert line == ("::error file=docs/locale/en/a%2Cb%3Ac.po,line=3,"
                    "title=cfg-i18n safe/shortcode::line one%0Aline two: 5%25 "
                    "(source: docs/content/de/a,b:c.md:7)")
    assert _COMMAND.match(line) and _COMMAND.match(notice)


def test_strict_github_output_turns_warnings_into_errors(site: Path) -> None:
    overlay(site, "warn-fuzzy")
    code, out, _ = invoke("check", "--site", str(site), "--format", "github", "--strict")
    assert code == 1
    assert out.startswith("::error file=locale/en/_index.po,line=25,title=cfg-i18n fuzzy::")


def markdown_tables(text: str) -> list[list[list[str]]]:
    """The tables of a Markdown text as rows of cells (separator rows checked and dropped)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|") and line.endswith("|"):
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line[1:-1])]
            current.append(cells)
            continue
        if current:
            assert len(current) >= 2 and all(re.fullmatch(r":?-+:?", c) for c in current[1])
            assert all(len(row) == len(current[0]) for row in current), current
            tables.append([current[0], *current[2:]])
            current = []
    return tables


def test_markdown_output_is_a_summary_table_with_progress(site: Path) -> None:
    code, out, _ = invoke("check", "--site", str(site), "--format", "markdown")
    assert code == 0
    assert out.startswith("## ✅ cfg-i18n check passed")
    checks, languages = markdown_tables(out)
    assert [row[0] for row in checks[1:]] == [*CHECKS, "warnings"]
    assert languages[0][:3] == ["Language", "Progress", "Messages"]
    assert languages[1][0] == "en" and "100.0%" in languages[1][1] and languages[1][2] == "13/13"


def test_markdown_lists_findings_and_escapes_cells(site: Path) -> None:
    text = markdown_summary(run_check(failing_site(site), min_completeness=100))
    assert text.startswith("## ❌ cfg-i18n check failed")
    checks, languages, findings = markdown_tables(text)
    assert ["stale", "❌ failed", "1"] in checks
    assert languages[1][-1] == "100% ❌"
    assert findings[0] == ["Severity", "Check", "Where", "Message"]
    assert ["error", "safe/shortcode"] in [row[:2] for row in findings]
    report = CheckReport(findings=[Finding("safe", ERROR, "a.po", 1, "a | b", "en")])
    [_, _, table] = markdown_tables(markdown_summary(report))
    assert table[1][3] == "a \\| b"


def test_summary_file_gets_the_markdown_appended(site: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    code, out, _ = invoke("check", "--site", str(site), "--format", "github", "--summary",
                          str(summary))
    assert code == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n## ✅ cfg-i18n check passed")
    assert out.startswith("::notice title=cfg-i18n check::check passed")


def test_text_output_names_file_line_and_verdict(site: Path) -> None:
    overlay(site, "safe-emphasis")
    code, out, _ = invoke("check", "--site", str(site))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("locale/en/_index.po:53: error: safe/emphasis: the source has 1 "
                               "bold span")
    assert lines[0].endswith("(source: content/de/_index.md:12)")
    assert lines[-2].startswith("en: ")
    assert lines[-1] == "check failed: 1 problem (safe 1)"
    plain = [line.plain for line in text_lines(run_check(site))]
    assert plain == lines


def test_text_report_of_a_hand_made_result() -> None:
    status = LanguageStatus("fr")
    report = CheckReport(pages=0, languages=[LanguageResult(status, 50.0)])
    assert [line.plain for line in text_lines(report)] == [
        ("fr: ████████████████████ 100.0%  0/0 messages, 0/0 words, 0 fuzzy, 0 untranslated; "
        "required 50%"),
        "check passed: 0 pages, 0 catalogs",
    ]


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize("args", [
    ["--lang", "fr"],
    ["--min-completeness", "150"],
    ["--format", "xml"],
])
def test_usage_errors_exit_2(site: Path, args: list[str]) -> None:
    code, _, err = invoke("check", "--site", str(site), *args)
    assert code == 2, err


def test_unreadable_source_page_exits_2_naming_it(site: Path) -> None:
    (site / "content" / "de" / "blog.md").write_bytes(b"---\ntitle: [kaputt\n---\nText\n")
    code, _, err = invoke("check", "--site", str(site))
    assert code == 2
    assert "content/de/blog.md" in err


# --------------------------------------------------------------------------- the sample site


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    target = tmp_path / "sample"
    target.mkdir()
    for name in ("i18n.toml", "hugo.yaml"):
        shutil.copy2(ROOT / name, target / name)
    for name in ("content/de", "locale", "layouts", "i18n", "data"):
        shutil.copytree(ROOT / name, target / name)
    return target


def test_sample_site_passes(sample: Path) -> None:
    code, out, err = invoke("check", "--site", str(sample))
    assert code == 0, out + err
    assert out.splitlines()[-1].startswith("check passed: 13 pages, 14 catalogs")


def test_sample_site_edited_without_extract_is_stale(sample: Path) -> None:
    page = sample / "content" / "de" / "spenden.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    code, out, _ = invoke("check", "--site", str(sample))
    assert code == 1
    assert ("content/de/spenden.md: error: stale: the page changed since its catalogs were "
            "extracted") in out
    assert "run cfg-i18n extract" in out


def test_sample_site_shortcode_deleted_from_a_msgstr(sample: Path) -> None:
    po_file = sample / "locale" / "en" / "projekte" / "2015-07-20-be-trinkwasser.po"
    catalog = cat.catalog_from_po(cat.load_po(po_file))
    [entry] = [e for e in catalog.entries if "{{<ref" in e.msgstr]
    entry.msgstr = re.sub(r"\(\{\{<ref [^}]*\}\}\)", "", entry.msgstr)
    po_file.write_text(cat.render_catalog(catalog), encoding="utf-8")
    line = next(e.linenum for e in cat.load_po(po_file) if e.msgid == entry.msgid)
    msgstr_line = next(n for n in range(line, line + 20)
                       if line_at(po_file, n).startswith("msgstr"))
    code, out, _ = invoke("check", "--site", str(sample))
    assert code == 1
    where = f"locale/en/projekte/2015-07-20-be-trinkwasser.po:{msgstr_line}: error: safe/shortcode"
    assert where in out


def test_sample_site_partly_translated_fails_min_completeness_100(sample: Path) -> None:
    assert invoke("check", "--site", str(sample), "--min-completeness", "100")[0] == 0
    po_file = sample / "locale" / "en" / "spenden.po"
    catalog = cat.catalog_from_po(cat.load_po(po_file))
    catalog.entries[0].msgstr = ""
    po_file.write_text(cat.render_catalog(catalog), encoding="utf-8")
    assert invoke("check", "--site", str(sample))[0] == 0
    code, out, _ = invoke("check", "--site", str(sample), "--min-completeness", "100")
    assert code == 1
    assert "locale/en: error: complete: en is 99.5% translated" in out
    assert "first in spenden (93%)" in out
