"""``cfg-i18n status``: where each language stands, per language and per page.

Runs on the three-page site of ``fixtures/check/site`` (complete English catalogs) with the
cases of ``fixtures/check/cases`` laid over it, and on the repository's sample site.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from cfg_i18n.cli import app
from cfg_i18n.config import load_config
from cfg_i18n.status import Counts, count_words, entry_state, site_status

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(__file__).parent / "fixtures" / "check" / "site"
CASES = Path(__file__).parent / "fixtures" / "check" / "cases"
SCHEMA = json.loads((ROOT / "docs" / "check-report.schema.json").read_text(encoding="utf-8"))
ENV = {"COLUMNS": "120", "NO_COLOR": "1"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(SITE, target)
    return target


def overlay(site: Path, case: str) -> None:
    """Lay a case's files over the site (``x.po.broken`` becomes ``x.po``)."""
    for path in (CASES / case).rglob("*"):
        if path.is_file():
            copied = site / path.relative_to(CASES / case)
            copied = copied.with_suffix("") if copied.suffix == ".broken" else copied
            copied.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copied)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- counting


@pytest.mark.parametrize(("text", "words"), [
    ("Wir sind ein Netzwerk.", 4),
    ('Schaut auf [codefor.de]({{< ref "/" >}}) vorbei.', 4),
    ('Die Termine stehen im <a href="https://example.org/kalender">Kalender</a>.', 5),
    ("![Ein Bild](/img/lab.png \"Titel\") z.B. 300 Open-Data-Portale", 5),
    ("{{< figure src=\"/a.png\" >}}", 0),
])
def test_words_leave_markup_out(text: str, words: int) -> None:
    assert count_words(text) == words


def test_counts_add_up_and_never_round_unfinished_work_to_100() -> None:
    counts = Counts()
    for _ in range(999):
        counts.count("translated", 2)
    counts.count("fuzzy", 3)
    counts.count("untranslated", 5)
    assert (counts.messages, counts.missing, counts.missing_words) == (1001, 2, 8)
    assert counts.words == 2006 and round(counts.percent, 1) == 99.8
    assert Counts().percent == 100.0


def test_entry_state_fuzzy_and_empty() -> None:
    import polib

    assert entry_state(None) == "untranslated"
    assert entry_state(polib.POEntry(msgid="a", msgstr="")) == "untranslated"
    assert entry_state(polib.POEntry(msgid="a", msgstr="b", flags=["fuzzy"])) == "fuzzy"
    assert entry_state(polib.POEntry(msgid="a", msgstr="b", flags=["md-text"])) == "translated"


# --------------------------------------------------------------------------- the report


def test_complete_site_status(site: Path) -> None:
    report = site_status(load_config(site))
    assert report.pages == 3
    [english] = report.languages
    assert [p.rel for p in english.pages] == ["_index", "blog", "community"]
    assert english.complete_pages == 3
    counts = english.counts
    assert (counts.messages, counts.translated, counts.fuzzy, counts.untranslated) == (13, 13, 0, 0)
    assert counts.words == sum(p.counts.words for p in english.pages) == 64


def test_partial_page_is_counted_and_sorted_first(site: Path) -> None:
    overlay(site, "complete-partial")
    [english] = site_status(load_config(site)).languages
    index = english.by_missing()[0]
    assert index.rel == "_index" and index.catalog == "locale/en/_index.po"
    assert (index.counts.translated, index.counts.fuzzy, index.counts.untranslated) == (6, 1, 1)
    assert english.complete_pages == 2


def test_page_without_catalog_is_all_untranslated(site: Path) -> None:
    (site / "locale" / "en" / "community.po").unlink()
    [english] = site_status(load_config(site)).languages
    page = english.by_missing()[0]
    assert (page.rel, page.exists, page.counts.untranslated) == ("community", False, 3)


def test_page_already_in_another_language_is_left_out(site: Path) -> None:
    (site / "content" / "de" / "english.md").write_text(
        "---\ntitle: Hello\nlang: en\n---\n\nAlready English.\n", encoding="utf-8")
    [english] = site_status(load_config(site)).languages
    assert english.foreign == ["english"]
    assert [p.rel for p in english.pages] == ["_index", "blog", "community"]


# --------------------------------------------------------------------------- the command


def test_status_table(site: Path) -> None:
    overlay(site, "complete-partial")
    code, out, err = invoke("status", "--site", str(site))
    assert code == 0, err
    assert out.startswith("Translation status")
    row = next(line for line in out.splitlines() if re.match(r"^\W*en\b", line))
    cells = [cell.strip() for cell in re.split(r"[│┃]", row) if cell.strip()]
    assert cells == ["en", "2/3", "13", "11", "1", "1", "62/64", "████████░░", "84.6%"]


def test_status_by_page_sorts_by_missing_work(site: Path) -> None:
    overlay(site, "complete-partial")
    code, out, _ = invoke("status", "--site", str(site), "--by", "page")
    assert code == 0
    assert "en: pages by missing work" in out
    pages = [m.group(1) for m in re.finditer(r"^│ (\S+)\s+│", out, re.MULTILINE)]
    assert pages[-3:] == ["_index", "community", "blog"]


def test_status_json_validates_and_sorts_by_page(site: Path) -> None:
    overlay(site, "complete-partial")
    validator = jsonschema.Draft202012Validator(
        {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/statusReport"})
    code, out, _ = invoke("status", "--site", str(site), "--format", "json")
    assert code == 0
    data = json.loads(out)
    validator.validate(data)
    english = data["languages"][0]
    assert english["messages"] == {"total": 13, "translated": 11, "fuzzy": 1, "untranslated": 1}
    assert [p["page"] for p in english["pages"]] == [
        "content/de/_index.md", "content/de/blog.md", "content/de/community.md"]
    code, out, _ = invoke("status", "--site", str(site), "--format", "json", "--by", "page")
    by_page = json.loads(out)
    validator.validate(by_page)
    assert by_page["languages"][0]["pages"][0]["page"] == "content/de/_index.md"
    assert by_page["languages"][0]["pages"][0]["percent"] == 75.0


def test_status_on_the_sample_site(tmp_path: Path) -> None:
    sample = tmp_path / "sample"
    sample.mkdir()
    shutil.copy2(ROOT / "i18n.toml", sample / "i18n.toml")
    for name in ("content/de", "locale", "layouts"):
        shutil.copytree(ROOT / name, sample / name)
    code, out, err = invoke("status", "--site", str(sample), "--format", "json")
    assert code == 0, err
    [english] = json.loads(out)["languages"]
    assert english["page_count"] == english["complete_pages"] == 13
    assert english["percent"] == 100.0


def test_status_usage_and_input_errors_exit_2(site: Path) -> None:
    assert invoke("status", "--site", str(site), "--lang", "fr")[0] == 2
    assert invoke("status", "--site", str(site), "--by", "chapter")[0] == 2
    overlay(site, "valid-syntax")
    code, _, err = invoke("status", "--site", str(site))
    assert code == 2
    assert "locale/en/_index.po:58" in err
