"""Import: a source page and its hand-translated counterpart, aligned by structure, fill the
catalogs with fuzzy translations; where the structures differ, what is safe is aligned and the
rest is reported with file and line.

The round trip on the sample site is the acceptance: merge its English catalogs into pages,
forget the translations, import the pages, and every translation comes back byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from e2e.hugo import copy_sample_site
from typer.testing import CliRunner

import cfg_i18n
from cfg_i18n.cli import app
from cfg_i18n.config import load_config
from cfg_i18n.importer import align_pages, counterpart, import_site, restore_links
from cfg_i18n.options import ExtractOptions
from cfg_i18n.page import Page, parse_page
from cfg_i18n.sources import SourcePage

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"
ENV = {"COLUMNS": "200", "SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1"}
OPTIONS = ExtractOptions(front_matter_keys=("title", "links.*.name"))
GERMAN = (FIXTURES / "de" / "seite.md").read_text(encoding="utf-8")
ENGLISH = (FIXTURES / "en" / "seite.md").read_text(encoding="utf-8")


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(arg) for arg in args], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def page(text: str, path: str) -> Page:
    return parse_page(text, path, OPTIONS)


def align(german: str, english: str) -> tuple[dict[str, str], list[str]]:
    """msgid -> aligned translation, and the diagnostics as text."""
    result = align_pages(page(german, "de/seite.md"), page(english, "en/seite.md"), "en",
                         OPTIONS.shortcode_text_params)
    pairs = {mine.msgid: restore_links(theirs.msgid, mine.msgid, "en", mine.markdown)
             for mine, theirs in result.pairs}
    return pairs, [str(d) for d in result.diagnostics]


def expected_pairs() -> dict[str, str]:
    german = cfg_i18n.extract_text(GERMAN, options=OPTIONS)
    english = cfg_i18n.extract_text(ENGLISH, options=OPTIONS)
    return {g.msgid: restore_links(e.msgid, g.msgid, "en") for g, e in zip(german, english)}


def without(text: str, line: str) -> str:
    """``text`` without the paragraph (or line) ``line`` and the blank line after it."""
    assert line in text
    return text.replace(line + "\n\n", "", 1) if line + "\n\n" in text else text.replace(
        line + "\n", "", 1)


# --- aligning two pages ----------------------------------------------------------------------


def test_same_structure_pairs_every_segment() -> None:
    pairs, diagnostics = align(GERMAN, ENGLISH)
    assert diagnostics == []
    assert pairs == expected_pairs()
    assert len(pairs) == 14
    # Links the translation points at the language's pages are written as the source has them.
    assert pairs["Mehr dazu im [Blog](/blog)."] == "More on the [blog](/blog)."
    assert pairs["Offene Daten in Heilbronn"] == "Open data in Heilbronn"
    assert pairs["Das Portal"] == "The portal"


def test_removed_paragraph_is_reported_and_the_rest_aligned() -> None:
    english = without(ENGLISH, "Every Tuesday we meet at the town hall.")
    pairs, diagnostics = align(GERMAN, english)
    expected = expected_pairs()
    del expected["Jeden Dienstag treffen wir uns im Rathaus."]
    assert pairs == expected
    assert diagnostics == ["de/seite.md:18: warning: paragraph not imported: no counterpart in "
                           "en/seite.md"]


def test_added_paragraph_is_reported_and_the_rest_aligned() -> None:
    english = ENGLISH.replace("## What we did\n", "## What we did\n\nA paragraph only the "
                              "English page has, written by its translator.\n")
    pairs, diagnostics = align(GERMAN, english)
    assert pairs == expected_pairs()
    assert diagnostics == ["en/seite.md:16: warning: paragraph not imported: no counterpart in "
                           "de/seite.md"]


def test_figure_parameters_pair_by_shortcode_and_source() -> None:
    english = without(ENGLISH, '{{< figure src="/img/karte.png" alt="The map" >}}')
    pairs, diagnostics = align(GERMAN, english)
    expected = expected_pairs()
    del expected["Die Karte"]
    assert pairs == expected  # the portal's alt and attr still pair with the portal's
    assert diagnostics == ["de/seite.md:20: warning: shortcode figure: alt not imported: no "
                           "shortcode like its own in en/seite.md"]


def test_front_matter_values_pair_by_key() -> None:
    english = ENGLISH.replace(
        "  - name: Source code\n    url: https://github.com/codeforheilbronn\n", "")
    pairs, diagnostics = align(GERMAN, english)
    expected = expected_pairs()
    del expected["Webseite"], expected["Quellcode"]
    assert pairs == expected  # the title still pairs with the title
    counts = "(2 in de/seite.md, 1 in en/seite.md), so none is paired"
    assert diagnostics == [
        f"de/seite.md:4: warning: front matter: links.*.name not imported: the number of values "
        f"of this key differs {counts}",
        f"de/seite.md:6: warning: front matter: links.*.name not imported: the number of values "
        f"of this key differs {counts}",
        f"en/seite.md:4: warning: front matter: links.*.name not imported: the number of values "
        f"of this key differs {counts}",
    ]


def test_ambiguous_stretch_is_reported_not_guessed() -> None:
    """Three short German paragraphs and two English ones alike in length, words and markup:
    which one the translation left out cannot be told, so none of them is paired."""
    german = "# Titel\n\nEins ist eins.\n\nZwei ist zwei.\n\nDrei ist drei.\n\n[Ende](/ende)\n"
    english = "# Title\n\nOne is one.\n\nTwo is two.\n\n[End](/ende)\n"
    pairs, diagnostics = align(german, english)
    assert pairs == {"Titel": "Title", "[Ende](/ende)": "[End](/ende)"}
    assert diagnostics == [
        "de/seite.md:3: warning: paragraph not imported: en/seite.md differs in structure here "
        "(lines 3-5) and its blocks cannot be paired with certainty",
        "de/seite.md:5: warning: paragraph not imported: en/seite.md differs in structure here "
        "(lines 3-5) and its blocks cannot be paired with certainty",
        "de/seite.md:7: warning: paragraph not imported: en/seite.md differs in structure here "
        "(lines 3-5) and its blocks cannot be paired with certainty",
        "en/seite.md:3: warning: paragraph not imported: it cannot be paired with a block of "
        "de/seite.md with certainty",
        "en/seite.md:5: warning: paragraph not imported: it cannot be paired with a block of "
        "de/seite.md with certainty",
    ]


def test_a_block_of_another_kind_is_not_paired() -> None:
    english = ENGLISH.replace("Every Tuesday we meet at the town hall.",
                              "> Every Tuesday we meet at the town hall.")
    pairs, diagnostics = align(GERMAN, english)
    assert "Jeden Dienstag treffen wir uns im Rathaus." not in pairs
    assert len(pairs) == 13
    assert [d.split(": warning: ")[0] for d in diagnostics] == ["de/seite.md:18",
                                                                 "en/seite.md:18"]


def test_counterpart_names(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    for name in ("seite.md", "seite.en.md", "blog/x.de.md", "blog/x.en.md", "solo.md"):
        (content / name).write_text("# x\n", encoding="utf-8")
    translated = tmp_path / "en"
    translated.mkdir()
    (translated / "solo.md").write_text("# x\n", encoding="utf-8")

    def source(rel: str) -> SourcePage:
        return SourcePage(str(content / f"{rel}.md"), rel, f"content/{rel}.md")

    # page.<lang>.md beside the source, x.de.md -> x.en.md; never the source page itself.
    assert counterpart(source("seite"), content, "en", "de") == content / "seite.en.md"
    assert counterpart(source("blog/x.de"), content, "en", "de") == content / "blog/x.en.md"
    assert counterpart(source("solo"), content, "en", "de") is None
    assert counterpart(source("solo"), translated, "en", "de") == translated / "solo.md"


# --- the sample site ---------------------------------------------------------------------------


def copy_site(target: Path) -> Path:
    """The sample site's sources (not its generated trees)."""
    return copy_sample_site(target)


def page_catalogs(site: Path) -> dict[str, dict[str, polib.POEntry]]:
    root = site / "locale" / "en"
    return {po.relative_to(root).as_posix(): {e.msgid: e for e in polib.pofile(str(po))
                                              if not e.obsolete and e.msgid}
            for po in sorted(root.rglob("*.po")) if po.name != "_site.po"}


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample site merged into English pages, which are then moved aside: the site and the
    folder of translated pages."""
    site = copy_site(tmp_path_factory.mktemp("import") / "site")
    assert invoke("extract", "--site", site)[0] == 0
    code, _, err = invoke("merge", "--site", site)
    assert code == 0, err
    translated = site.parent / "translated"
    shutil.move(site / "content" / "en", translated)
    return site, translated


@pytest.fixture
def forgotten(merged: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the merged site whose page catalogs have lost every translation."""
    site = tmp_path / "site"
    shutil.copytree(merged[0], site)
    for po_file in (site / "locale" / "en").rglob("*.po"):
        if po_file.name == "_site.po":
            continue
        po = polib.pofile(str(po_file))
        for entry in po:
            entry.msgstr = ""
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        po.save()
    return site, merged[1]


def test_round_trip_brings_every_translation_back(forgotten: tuple[Path, Path]) -> None:
    site, translated = forgotten
    code, out, err = invoke("import", "--site", site, "--lang", "en", "--from", translated)
    assert code == 0, err
    original = page_catalogs(ROOT)
    total = sum(len(entries) for entries in original.values())
    assert (f"import en: 13 pages aligned, 0 without a translated page; {total} translations "
            "imported (fuzzy), 0 entries already translated, 0 segments not aligned") in out
    imported = page_catalogs(site)
    for name, entries in original.items():
        for msgid, entry in entries.items():
            mine = imported[name][msgid]
            assert mine.msgstr == entry.msgstr, (name, msgid)  # byte for byte
            assert mine.flags[0] == "fuzzy"
            notes = [line for line in mine.comment.split("\n") if line.startswith("imported from")]
            assert len(notes) == 1 and notes[0].startswith(f"imported from {translated}/"), notes
    # Reviewed and unfuzzied, the catalogs are what they were: extract and check agree.
    code, out, _ = invoke("check", "--site", site, "--format", "json")
    assert '"check": "stale"' not in out


def test_added_and_removed_paragraphs_are_reported_with_their_lines(
        forgotten: tuple[Path, Path]) -> None:
    site, translated = forgotten
    home = translated / "_index.md"
    removed = ("Public administrations need to build up the necessary IT expertise within their "
               "own departments")
    text = home.read_text(encoding="utf-8")
    start = text.index(removed)
    home.write_text(text[:start] + text[text.index("\n\n", start) + 2:], encoding="utf-8")
    community = translated / "community" / "_index.md"
    text = community.read_text(encoding="utf-8")
    anchor = text.index("In our community, we create projects")
    added = "This paragraph was written by the translator and has no German original.\n\n"
    community.write_text(text[:anchor] + added + text[anchor:], encoding="utf-8")
    added_line = text[:anchor].count("\n") + 1

    german = cfg_i18n.extract_text((site / "content/de/_index.md").read_text(encoding="utf-8"))
    missing = next(s for s in german if s.msgid.startswith("Verwaltungen müssen"))
    code, out, err = invoke("import", "--site", site, "--lang", "en", "--from", translated)
    assert code == 0, err
    assert "1 segments not aligned" in out
    assert err.splitlines() == [
        f"content/de/_index.md:{missing.line}: warning: paragraph not imported: no counterpart "
        f"in {home}",
        f"{community}:{added_line}: warning: paragraph not imported: no counterpart in "
        "content/de/community/_index.md",
    ]
    # Everything else came back.
    original = page_catalogs(ROOT)
    imported = page_catalogs(site)
    for name, entries in original.items():
        for msgid, entry in entries.items():
            expected = "" if msgid == missing.msgid else entry.msgstr
            assert imported[name][msgid].msgstr == expected, (name, msgid)


def test_translations_in_the_catalogs_are_kept(forgotten: tuple[Path, Path]) -> None:
    site, translated = forgotten
    po_file = site / "locale" / "en" / "spenden.po"
    po = polib.pofile(str(po_file))
    po.find("Spenden via Überweisung").msgstr = "Bank transfer"
    fuzzy = po.find("Verwendungszweck:")
    fuzzy.msgstr, fuzzy.flags = "Reference:", ["fuzzy"]
    po.save()
    code, out, _ = invoke("import", "--site", site, "--lang", "en", "--from", translated)
    assert code == 0
    assert "2 entries already translated" in out
    after = polib.pofile(str(po_file))
    assert after.find("Spenden via Überweisung").msgstr == "Bank transfer"
    assert "imported from" not in after.find("Spenden via Überweisung").comment
    assert after.find("Verwendungszweck:").msgstr == "Reference:"


def test_import_in_suffix_mode_reads_pages_beside_the_sources(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "i18n.toml").write_text('content_dir = "content"\noutput = "suffix"\n'
                                    'front_matter_keys = ["title", "links.*.name"]\n',
                                    encoding="utf-8")
    (site / "content" / "seite.md").write_text(GERMAN, encoding="utf-8")
    (site / "content" / "seite.en.md").write_text(ENGLISH, encoding="utf-8")
    code, out, err = invoke("import", "--site", site, "--lang", "en", "--from", site / "content")
    assert code == 0, err
    assert "import en: 1 pages aligned" in out and "14 translations imported" in out
    po = polib.pofile(str(site / "locale" / "en" / "seite.po"))
    assert po.find("Mehr dazu im [Blog](/blog).").msgstr == "More on the [blog](/blog)."
    assert "imported from content/seite.en.md:4" in po.find("Webseite").comment.split("\n")


def test_import_errors_exit_2(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    code, _, err = invoke("import", "--site", site, "--lang", "en", "--from", tmp_path / "nope")
    assert code == 2 and "not a directory" in err
    code, _, err = invoke("import", "--site", site, "--lang", "fr", "--from", site)
    assert code == 2 and "not a configured language" in err


def test_import_site_api_reports_pages_without_counterpart(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    assert invoke("extract", "--site", site)[0] == 0
    translated = tmp_path / "translated"
    translated.mkdir()
    (translated / "spenden.md").write_text(
        (site / "content/de/spenden.md").read_text(encoding="utf-8"), encoding="utf-8")
    report = import_site(load_config(site), "en", translated)
    assert report.pages == 1 and len(report.missing) == 12
    assert report.imported == 0 and report.kept > 0  # the sample's catalogs are translated
