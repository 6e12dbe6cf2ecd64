"""What cannot be read is a clear error naming file and line (DESIGN invariant 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS_CONTENT

from cfg_i18n import InputError, extract_text, merge_text
from cfg_i18n.page import read_page


def test_non_utf8_file_names_file_and_line(tmp_path: Path) -> None:
    page = tmp_path / "alt.md"
    page.write_bytes("---\ntitle: Grüße\n---\n\nZeile zwei\n".encode() + "Müll\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_page(page, "content/de/alt.md")
    assert info.value.path == "content/de/alt.md"
    assert info.value.line == 6
    assert "UTF-8" in str(info.value) and str(info.value).startswith("content/de/alt.md:6: ")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: Home\nlinks: [a, b\n---\nText\n", 4),
        ("---\ntitle: \"Home\n---\nText\n", 3),
        ("+++\ntitle = Home\n+++\nText\n", 2),
        ('{\n  "title": "Home",\n  "x": \n}\nText\n', 4),
        ("---\ntitle: Home\nText without closing fence\n", 1),
    ],
    ids=["yaml-flow", "yaml-quote", "toml", "json", "unclosed"],
)
def test_unparseable_front_matter_names_the_line(text: str, line: int) -> None:
    with pytest.raises(InputError) as info:
        extract_text(text, "content/de/x.md")
    assert info.value.path == "content/de/x.md"
    assert info.value.line == line
    assert "front matter" in info.value.message


def test_hugo_quirks_are_warnings_not_errors() -> None:
    text = "---\ntitle: Open Source\tin der Verwaltung\ntags: [a]\ntags: [b]\n---\nText\n"
    page = read_page_text(text)
    assert [s.msgid for s in page.segments] == ["Open Source in der Verwaltung", "Text"]
    messages = [w.message for w in page.warnings]
    assert any("duplicate" in m and w.line == 4 for m, w in zip(messages, page.warnings))
    assert merge_text(text, {"Text": "Text"}) == text


def read_page_text(text: str):  # type: ignore[no-untyped-def]
    from cfg_i18n.page import parse_page

    return parse_page(text, "content/de/quirks.md")


def test_file_names_with_spaces_round_trip() -> None:
    spaced = [p for p in CORPUS_CONTENT.rglob("*.md") if " " in p.name]
    assert spaced
    for file in spaced:
        page = read_page(file, str(file.relative_to(CORPUS_CONTENT)))
        assert page.segments and page.path.endswith(file.name)


def test_cli_reports_unreadable_pages_without_traceback(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cfg_i18n.cli import app

    site = tmp_path / "site"
    (site / "content" / "de").mkdir(parents=True)
    (site / "i18n.toml").write_text('languages = ["en"]\n', encoding="utf-8")
    (site / "content" / "de" / "gut.md").write_text("---\ntitle: Gut\n---\nText\n", encoding="utf-8")
    (site / "content" / "de" / "kaputt.md").write_bytes(b"---\ntitle: Gr\xfc\xdfe\n---\n")
    result = CliRunner().invoke(app, ["extract", "--site", str(site)])
    assert result.exit_code == 2
    assert "content/de/kaputt.md:2" in result.output and "UTF-8" in result.output
    assert "Traceback" not in result.output
    assert not [p for p in (site / "locale").rglob("*") if p.is_file()]  # nothing written half-way
    (site / "content" / "de" / "kaputt.md").write_text("---\ntitle: [a\n---\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--site", str(site)])
    assert result.exit_code == 2 and "content/de/kaputt.md:" in result.output
    assert "front matter" in result.output and "Traceback" not in result.output
    for command in ("merge", "check", "status"):
        result = CliRunner().invoke(app, [command, "--site", str(site)])
        assert result.exit_code == 2, (command, result.output)
        assert "kaputt.md" in result.output and "Traceback" not in result.output
