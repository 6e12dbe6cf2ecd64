"""``cfg-i18n merge`` on a small site of real codefor.de text: what it writes, what it leaves.

The site has two target languages, a ``ref`` between two project pages, root-relative links
and a page whose front matter says ``lang: en``. Catalogs come from the real ``extract``; the
tests fill in translations with polib as a translator's editor would.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from cfg_i18n.cli import app, run
from cfg_i18n.config import load_config
from cfg_i18n.merge import MANIFEST, MergeReport, merge_site, output_key, output_path
from cfg_i18n.site import extract_site
from cfg_i18n.sources import catalog_path

PAGES = {
    "_index.md": """---
title: Startseite
---

{{< headline-brackets-h2 color="red" >}}
Wer wir sind
{{</ headline-brackets-h2>}}

Wir sind ein Netzwerk von rund 300 Community-Mitgliedern in ganz Deutschland.
Besuche doch mal unsere [Community](/community)!

- [Anwendungen](/projekte) aus Offenen Daten einbinden
- Mit uns [spenden](/spenden)
""",
    "community/_index.md": """---
title: Community
---

### Komm in unsere Online-Community

In unserem Slack diskutieren wir, teilen Ressourcen und finden neue Projekte.
""",
    "spenden.md": """---
title: Spenden
---

## Spenden via Überweisung

Deine Spenden gehen an den Trägerverein von Code for Germany.
""",
    "projekte/2014-03-22-hn-trinkwasser.md": """---
title: Was steckt in meinem Leitungswasser?
---

Die Anwendung zeigt die Wasserqualität für jede Gemeinde.
""",
    "projekte/2015-07-20-be-trinkwasser.md": """---
title: Trinkwasser Berlin
---

So der Originaltext aus dem [Heilbronner Projekt]({{<ref "/projekte/2014-03-22-hn-trinkwasser.md">}}).

Hierbei handelt es sich um die Berliner Version.
""",
    "blog/2015-08-31-story-parkenDD-dresden.md": """---
title: ParkenDD - Efficient Parking in Dresden
lang: en
---

ParkenDD is an app that shows free parking spaces in Dresden.
""",
}

REF_MSGID = ('So der Originaltext aus dem [Heilbronner Projekt]'
             '({{<ref "/projekte/2014-03-22-hn-trinkwasser.md">}}).')

ENGLISH = {
    "Startseite": "Home",
    "Wer wir sind": "Who we are",
    "Wir sind ein Netzwerk von rund 300 Community-Mitgliedern in ganz Deutschland. "
    "Besuche doch mal unsere [Community](/community)!":
        "We are a network of around 300 community members all over Germany. "
        "Come and visit our [community](/community)!",
    "[Anwendungen](/projekte) aus Offenen Daten einbinden":
        "Use [applications](/projekte) built on open data",
    "Mit uns [spenden](/spenden)": "[Donate](/spenden) with us",
    "Community": "Community",
    "Komm in unsere Online-Community": "Join our online community",
    "In unserem Slack diskutieren wir, teilen Ressourcen und finden neue Projekte.":
        "In our Slack we discuss, share resources and find new projects.",
    "Spenden": "Donate",
    "Spenden via Überweisung": "Donate by bank transfer",
    "Deine Spenden gehen an den Trägerverein von Code for Germany.":
        "Your donations go to the association behind Code for Germany.",
    "Was steckt in meinem Leitungswasser?": "What is in my tap water?",
    "Die Anwendung zeigt die Wasserqualität für jede Gemeinde.":
        "The app shows the water quality of every municipality.",
    "Trinkwasser Berlin": "Drinking water Berlin",
    REF_MSGID: 'Thus the original text of the [Heilbronn project]'
               '({{<ref "/projekte/2014-03-22-hn-trinkwasser.md">}}).',
    "Hierbei handelt es sich um die Berliner Version.": "This is the Berlin version.",
}

FRENCH = {
    "Startseite": "Accueil",
    "Spenden": "Faire un don",
    "Spenden via Überweisung": "Don par virement",
    "Deine Spenden gehen an den Trägerverein von Code for Germany.":
        "Vos dons vont à l'association qui porte Code for Germany.",
}


def make_site(root: Path, settings: str = 'languages = ["en", "fr"]\n',
              pages: dict[str, str] = PAGES, content: str = "content/de") -> Path:
    """Write the site and extract its catalogs."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "i18n.toml").write_text(f'content_dir = "{content}"\n' + settings, encoding="utf-8")
    for rel, text in pages.items():
        path = root / content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    extract_site(load_config(root))
    return root


def translate(site: Path, language: str, translations: dict[str, str],
              pages: list[str] | None = None, fuzzy: frozenset[str] = frozenset()) -> None:
    """Fill the msgstr of every entry that ``translations`` knows (in ``pages`` only, if given)."""
    config = load_config(site)
    for rel in pages or [p[: -len(".md")] for p in PAGES]:
        po = polib.pofile(str(catalog_path(config, language, rel)))
        for entry in po:
            if entry.msgid in translations:
                entry.msgstr = translations[entry.msgid]
                if entry.msgid in fuzzy:
                    entry.flags.append("fuzzy")
        po.save()


def merge(site: Path, *languages: str) -> MergeReport:
    return merge_site(load_config(site), list(languages) or None)


def files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``root`` with its bytes and modification time (the tool's own cache
    aside: it may note that it saw the files again)."""
    return {path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(root.rglob("*"))
            if path.is_file() and ".cfg-i18n/cache" not in path.as_posix()}


def age(root: Path) -> None:
    """Date every file back, so that any rewrite shows in its modification time."""
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = make_site(tmp_path / "site")
    translate(site, "en", ENGLISH)
    translate(site, "fr", FRENCH)
    return site


def test_translated_pages_are_written(site: Path) -> None:
    report = merge(site)
    english, french = report.languages
    assert (english.language, french.language) == ("en", "fr")
    assert sorted(english.written) == [
        "content/en/_index.md", "content/en/community/_index.md",
        "content/en/projekte/2014-03-22-hn-trinkwasser.md",
        "content/en/projekte/2015-07-20-be-trinkwasser.md", "content/en/spenden.md"]
    assert (site / "content/en/spenden.md").read_text(encoding="utf-8") == """---
title: Donate
---

## Donate by bank transfer

Your donations go to the association behind Code for Germany.
"""
    # Wrapped German lines take the translation's (one) line; links to pages English has
    # are localised, the skeleton (shortcodes, front matter keys) stays.
    assert (site / "content/en/_index.md").read_text(encoding="utf-8") == """---
title: Home
---

{{< headline-brackets-h2 color="red" >}}
Who we are
{{</ headline-brackets-h2>}}

We are a network of around 300 community members all over Germany. Come and visit our [community](/en/community)!

- Use [applications](/en/projekte) built on open data
- [Donate](/en/spenden) with us
"""
    assert english.fallbacks == [] and english.conflicts == [] and english.left_out == []
    assert report.warnings == []


def test_untranslated_entries_keep_the_source_text(site: Path) -> None:
    merge(site, "fr")
    text = (site / "content/fr/_index.md").read_text(encoding="utf-8")
    assert text == PAGES["_index.md"].replace("title: Startseite", "title: Accueil").replace(
        "(/community)", "(/fr/community)").replace("(/projekte)", "(/fr/projekte)").replace(
        "(/spenden)", "(/fr/spenden)")
    # A page without any translation is written as the source with localised links.
    project = site / "content/fr/projekte/2014-03-22-hn-trinkwasser.md"
    assert project.read_text(encoding="utf-8") == PAGES["projekte/2014-03-22-hn-trinkwasser.md"]


def test_fuzzy_and_obsolete_entries_are_not_applied(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    translate(site, "en", ENGLISH, fuzzy=frozenset({"Spenden via Überweisung"}))
    po_path = catalog_path(load_config(site), "en", "spenden")
    po = polib.pofile(str(po_path))
    stale = polib.POEntry(msgid="Unterstütze uns!", msgstr="Support us!", obsolete=True)
    po.append(stale)
    po.save()
    merge(site, "en")
    text = (site / "content/en/spenden.md").read_text(encoding="utf-8")
    assert "## Spenden via Überweisung\n" in text
    assert "title: Donate\n" in text
    assert "Support us" not in text


def test_foreign_pages_are_not_translated(site: Path) -> None:
    """`lang: en` in a German file: Hugo publishes that file in English itself, so a
    generated copy would give English two pages for one URL."""
    report = merge(site)
    for result in report.languages:
        assert result.foreign == ["blog/2015-08-31-story-parkenDD-dresden"]
    assert not (site / "content/en/blog").exists()
    assert not (site / "content/fr/blog").exists()


def test_manifest_records_what_was_written(site: Path) -> None:
    merge(site)
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["version"] == 1
    assert sorted(manifest["files"]) == ["en", "fr"]
    assert sorted(manifest["files"]["en"]) == sorted(
        path.relative_to(site).as_posix() for path in (site / "content/en").rglob("*.md"))
    assert len(manifest["files"]["fr"]) == 5


def test_merging_twice_writes_nothing(site: Path) -> None:
    merge(site)
    age(site)
    before = files(site)
    report = merge(site)
    for result in report.languages:
        assert result.written == [] and result.removed == [] and result.unchanged == 5
    assert files(site) == before


def test_merging_twice_on_the_command_line(site: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["merge", "--site", str(site)])
    assert first.exit_code == 0, first.output
    age(site)
    before = files(site)
    second = runner.invoke(app, ["merge", "--site", str(site)])
    assert second.exit_code == 0, second.output
    assert "merge en: 0 written, 5 unchanged, 0 removed, 0 left out" in second.stdout
    assert "merge fr: 0 written, 5 unchanged, 0 removed, 0 left out" in second.stdout
    assert "1 pages already in another language" in second.stdout
    assert files(site) == before


def test_deleting_a_source_page_removes_exactly_its_outputs(site: Path) -> None:
    merge(site)
    handmade = site / "content/en/projekte/impressum.md"
    handmade.write_text("---\ntitle: Imprint\n---\nWritten by hand.\n", encoding="utf-8")
    age(site)
    before = files(site)
    (site / "content/de/projekte/2015-07-20-be-trinkwasser.md").unlink()
    report = merge(site)
    assert [result.removed for result in report.languages] == [
        ["content/en/projekte/2015-07-20-be-trinkwasser.md"],
        ["content/fr/projekte/2015-07-20-be-trinkwasser.md"]]
    after = files(site)
    assert set(before) - set(after) == {
        f"content/{lang}/projekte/2015-07-20-be-trinkwasser.md" for lang in ("de", "en", "fr")}
    changed = {name for name in after if after[name] != before[name]}
    assert changed <= {MANIFEST.as_posix()} | {n for n in after if n.startswith(".cfg-i18n/cache")}
    assert handmade.read_text(encoding="utf-8").endswith("Written by hand.\n")
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    assert "content/en/projekte/2015-07-20-be-trinkwasser.md" not in manifest["files"]["en"]


def test_links_to_a_deleted_page_are_no_longer_localised(site: Path) -> None:
    merge(site, "en")
    (site / "content/de/spenden.md").unlink()
    english = merge(site, "en").languages[0]
    assert english.removed == ["content/en/spenden.md"]
    assert english.written == ["content/en/_index.md"]
    assert "- [Donate](/spenden) with us\n" in (site / "content/en/_index.md").read_text("utf-8")


def test_removing_the_last_page_of_a_directory_removes_the_directory(site: Path) -> None:
    merge(site)
    (site / "content/de/community/_index.md").unlink()
    merge(site)
    assert not (site / "content/en/community").exists()
    assert (site / "content/en/projekte").is_dir()


def test_hand_written_files_in_the_target_tree_survive(site: Path) -> None:
    extra = site / "content/en/impressum.md"
    extra.parent.mkdir(parents=True)
    extra.write_text("---\ntitle: Imprint\n---\n", encoding="utf-8")
    merge(site)
    (site / "content/de/spenden.md").unlink()
    merge(site)
    assert extra.read_text(encoding="utf-8") == "---\ntitle: Imprint\n---\n"


def test_a_hand_written_file_in_the_way_is_left_alone_with_a_warning(site: Path) -> None:
    in_the_way = site / "content/en/spenden.md"
    in_the_way.parent.mkdir(parents=True)
    in_the_way.write_text("---\ntitle: Donate (by hand)\n---\n", encoding="utf-8")
    report = merge(site, "en")
    english = report.languages[0]
    assert "content/en/spenden.md" not in english.written
    assert [(c.path, c.line) for c in english.conflicts] == [("content/en/spenden.md", None)]
    assert "not written by cfg-i18n" in english.conflicts[0].message
    assert in_the_way.read_text(encoding="utf-8") == "---\ntitle: Donate (by hand)\n---\n"
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    assert "content/en/spenden.md" not in manifest["files"]["en"]
    # Still in the way next time; and gone with its source, it is still not removed.
    assert len(merge(site, "en").languages[0].conflicts) == 1
    (site / "content/de/spenden.md").unlink()
    assert merge(site, "en").languages[0].removed == []
    assert in_the_way.is_file()


def test_a_file_in_the_way_with_the_same_bytes_is_adopted(site: Path) -> None:
    merge(site, "en")
    (site / MANIFEST).unlink()
    report = merge(site, "en")
    assert report.languages[0].conflicts == []
    assert report.languages[0].unchanged == 5
    (site / "content/de/spenden.md").unlink()
    assert merge(site, "en").languages[0].removed == ["content/en/spenden.md"]


def test_a_generated_page_edited_by_hand_is_not_removed(site: Path) -> None:
    merge(site, "en")
    edited = site / "content/en/spenden.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    (site / "content/de/spenden.md").unlink()
    english = merge(site, "en").languages[0]
    assert english.removed == []
    assert [c.path for c in english.conflicts] == ["content/en/spenden.md"]
    assert "changed by hand" in english.conflicts[0].message
    assert edited.read_text(encoding="utf-8").endswith("Edited.\n")


def _entry_at(po_file: Path, line: int) -> str:
    """The PO entry that starts at (or contains) ``line``, up to the next blank line."""
    lines = po_file.read_text(encoding="utf-8").splitlines()
    start = line - 1
    while start > 0 and lines[start - 1].strip():
        start -= 1
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return "\n".join(lines[start:end])


def test_a_translation_that_deletes_a_ref_is_not_applied(site: Path) -> None:
    config = load_config(site)
    po_file = catalog_path(config, "en", "projekte/2015-07-20-be-trinkwasser")
    translate(site, "en", {REF_MSGID: "Thus the original text of the Heilbronn project."},
              pages=["projekte/2015-07-20-be-trinkwasser"])
    english = merge(site, "en").languages[0]
    text = (site / "content/en/projekte/2015-07-20-be-trinkwasser.md").read_text(encoding="utf-8")
    assert REF_MSGID in text
    assert "This is the Berlin version." in text  # the page's other entries still apply
    assert "Drinking water Berlin" in text
    [warning] = english.fallbacks
    assert warning.path == "locale/en/projekte/2015-07-20-be-trinkwasser.po"
    assert warning.line is not None
    assert 'msgid "So der Originaltext' in _entry_at(po_file, warning.line).replace('""\n', "")
    assert "not applied" in warning.message and "ref" in warning.message
    assert str(warning).startswith("locale/en/projekte/2015-07-20-be-trinkwasser.po:")


@pytest.mark.parametrize(
    "unsafe",
    [
        # the ref points somewhere else
        'Thus the original text of the [Heilbronn project]({{<ref "/projekte/gibt-es-nicht.md">}}).',
        # the shortcode is broken
        'Thus the original text of the [Heilbronn project]({{<ref "/projekte/2014-03-22-hn-trinkwasser.md">).',
        # a tag the source does not have
        ('Thus the original text of the <b>[Heilbronn project]'
         '({{<ref "/projekte/2014-03-22-hn-trinkwasser.md">}})</b>.'),
        # an external target instead of the ref
        "Thus the original text of the [Heilbronn project](https://codefor.de/projekte/).",
    ],
)
def test_unsafe_translations_fall_back_to_the_source(site: Path, unsafe: str) -> None:
    translate(site, "en", {REF_MSGID: unsafe}, pages=["projekte/2015-07-20-be-trinkwasser"])
    english = merge(site, "en").languages[0]
    assert len(english.fallbacks) == 1
    text = (site / "content/en/projekte/2015-07-20-be-trinkwasser.md").read_text(encoding="utf-8")
    assert REF_MSGID in text and unsafe not in text


def test_translators_may_localise_link_targets(site: Path) -> None:
    """To the same page in the language, or to another page the language has."""
    translate(site, "en", {"Mit uns [spenden](/spenden)": "[Donate](/en/spenden) with us"},
              pages=["_index"])
    translate(site, "en", {REF_MSGID: 'See also our [donation page]({{<ref "/spenden.md">}}).'},
              pages=["projekte/2015-07-20-be-trinkwasser"])
    english = merge(site, "en").languages[0]
    assert english.fallbacks == []
    assert "- [Donate](/en/spenden) with us\n" in (site / "content/en/_index.md").read_text("utf-8")
    text = (site / "content/en/projekte/2015-07-20-be-trinkwasser.md").read_text("utf-8")
    assert 'See also our [donation page]({{<ref "/spenden.md">}}).' in text


def test_publish_threshold_leaves_pages_out_and_keeps_refs_working(site: Path) -> None:
    config_file = site / "i18n.toml"
    merge(site, "en")
    config_file.write_text(config_file.read_text(encoding="utf-8") + "publish_threshold = 60\n",
                           encoding="utf-8")
    po_path = catalog_path(load_config(site), "en", "projekte/2014-03-22-hn-trinkwasser")
    po = polib.pofile(str(po_path))
    po.find("Die Anwendung zeigt die Wasserqualität für jede Gemeinde.").msgstr = ""
    po.save()  # 1 of 2 entries translated: 50 %
    english = merge(site, "en").languages[0]
    assert english.left_out == [("projekte/2014-03-22-hn-trinkwasser", 50.0)]
    assert english.removed == ["content/en/projekte/2014-03-22-hn-trinkwasser.md"]
    assert not output_path(load_config(site), "en", "projekte/2014-03-22-hn-trinkwasser").exists()
    text = (site / "content/en/projekte/2015-07-20-be-trinkwasser.md").read_text(encoding="utf-8")
    assert ('[Heilbronn project]({{< ref path="/projekte/2014-03-22-hn-trinkwasser.md" '
            'lang="de" >}})') in text
    # The section still has a page in English: the /projekte link stays localised.
    assert "(/en/projekte)" in (site / "content/en/_index.md").read_text(encoding="utf-8")


def test_links_to_left_out_pages_are_not_localised(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 'languages = ["en"]\npublish_threshold = 100\n')
    translate(site, "en", {k: v for k, v in ENGLISH.items() if k != "Spenden via Überweisung"})
    english = merge(site, "en").languages[0]
    assert [rel for rel, _ in english.left_out] == ["spenden"]
    text = (site / "content/en/_index.md").read_text(encoding="utf-8")
    assert "[Donate](/spenden) with us" in text
    assert "[community](/en/community)" in text


def test_link_localisation_can_be_switched_off(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 'languages = ["en"]\nlocalize_links = false\n')
    translate(site, "en", ENGLISH)
    merge(site)
    text = (site / "content/en/_index.md").read_text(encoding="utf-8")
    assert "[community](/community)" in text and "[Donate](/spenden)" in text


def test_command_line_reports_unsafe_translations_with_file_and_line(site: Path) -> None:
    translate(site, "en", {REF_MSGID: "Thus the original text of the Heilbronn project."},
              pages=["projekte/2015-07-20-be-trinkwasser"])
    result = CliRunner().invoke(app, ["merge", "--site", str(site), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "1 unsafe translations not applied" in result.stdout
    assert "locale/en/projekte/2015-07-20-be-trinkwasser.po:" in result.stderr
    assert "warning: translation not applied" in result.stderr


# --- output = "suffix" ------------------------------------------------------------------------


@pytest.fixture
def suffix_site(tmp_path: Path) -> Path:
    site = make_site(tmp_path / "site", 'languages = ["en"]\noutput = "suffix"\n',
                     content="content")
    translate(site, "en", ENGLISH)
    return site


def test_suffix_mode_writes_beside_the_source(suffix_site: Path) -> None:
    english = merge(suffix_site).languages[0]
    assert sorted(english.written) == [
        "content/_index.en.md", "content/community/_index.en.md",
        "content/projekte/2014-03-22-hn-trinkwasser.en.md",
        "content/projekte/2015-07-20-be-trinkwasser.en.md", "content/spenden.en.md"]
    assert "Donate by bank transfer" in (suffix_site / "content/spenden.en.md").read_text("utf-8")
    assert (suffix_site / "content/spenden.md").read_text("utf-8") == PAGES["spenden.md"]


def test_suffix_mode_outputs_are_not_sources(suffix_site: Path) -> None:
    merge(suffix_site)
    report = extract_site(load_config(suffix_site))
    assert report.pages == len(PAGES)
    assert not (suffix_site / "locale/templates/spenden.en.pot").exists()
    age(suffix_site)
    before = files(suffix_site)
    english = merge(suffix_site).languages[0]
    assert english.written == [] and english.unchanged == 5
    assert files(suffix_site) == before


def test_suffix_mode_removes_the_output_of_a_deleted_page(suffix_site: Path) -> None:
    merge(suffix_site)
    (suffix_site / "content/spenden.md").unlink()
    english = merge(suffix_site).languages[0]
    assert english.removed == ["content/spenden.en.md"]
    assert not (suffix_site / "content/spenden.en.md").exists()
    assert (suffix_site / "content/_index.en.md").is_file()


def test_merging_one_language_keeps_the_others_record(site: Path) -> None:
    merge(site)
    (site / "content/de/spenden.md").unlink()
    assert merge(site, "en").languages[0].removed == ["content/en/spenden.md"]
    assert (site / "content/fr/spenden.md").is_file()
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    assert "content/fr/spenden.md" in manifest["files"]["fr"]
    # The French page goes when French is merged.
    assert merge(site, "fr").languages[0].removed == ["content/fr/spenden.md"]


def test_a_source_name_with_the_source_language_suffix(tmp_path: Path) -> None:
    """codefor.de has blog/2019-11-02-Launch-Verfassungsschutzberichte.de.md: Hugo reads `.de`
    as the page's language, so its English page is `….en.md` (a `….de.md` in content/en would
    be a second German page)."""
    name = "blog/2019-11-02-Launch-Verfassungsschutzberichte.de.md"
    pages = {name: "---\ntitle: Pressemitteilung\n---\n\nHeute starten wir.\n"}
    site = make_site(tmp_path / "dir", 'languages = ["en"]\n', pages=pages)
    assert merge(site).languages[0].written == [
        "content/en/blog/2019-11-02-Launch-Verfassungsschutzberichte.en.md"]
    site = make_site(tmp_path / "suffix", 'languages = ["en"]\noutput = "suffix"\n', pages=pages,
                     content="content")
    assert merge(site).languages[0].written == [
        "content/blog/2019-11-02-Launch-Verfassungsschutzberichte.en.md"]
    assert extract_site(load_config(site)).pages == 1


@pytest.mark.parametrize(("settings", "rel", "key"), [
    ('content_dir = "content/de"\n', "blog/x", "content/en/blog/x.md"),
    ('content_dir = "./content//de/"\ntarget_dir = "./{lang}/"\n', "blog/x", "en/blog/x.md"),
    ('content_dir = "content"\noutput = "suffix"\n', "blog/x", "content/blog/x.en.md"),
    ('content_dir = "."\noutput = "suffix"\n', "_index", "_index.en.md"),
    ('content_dir = "content/de"\n', "blog/y.de", "content/en/blog/y.en.md"),
])
def test_output_key_is_the_output_path_relative_to_the_site(tmp_path: Path, settings: str,
                                                             rel: str, key: str) -> None:
    """The manifest's key of a page's output, worked out as a string in the workers, is the
    site-relative form of :func:`output_path` for every way of writing the directories."""
    (tmp_path / "i18n.toml").write_text('languages = ["en"]\n' + settings, encoding="utf-8")
    config = load_config(tmp_path)
    assert output_key(config, "en", rel) == key
    assert output_path(config, "en", rel).relative_to(config.site).as_posix() == key


def test_aliases_of_translations_live_under_the_language(tmp_path: Path) -> None:
    """Hugo writes a redirect page for every alias; the English page's must not replace the
    German page at the same path (codefor.de's labs have `aliases: [/heilbronn]`)."""
    site = tmp_path / "aliases"
    (site / "content" / "de" / "labs").mkdir(parents=True)
    (site / "i18n.toml").write_text('languages = ["en"]\n', encoding="utf-8")
    page = site / "content" / "de" / "labs" / "heilbronn.md"
    page.write_text("---\ntitle: OK Lab Heilbronn\naliases: [/heilbronn, /hn]\nlinks:\n"
                    "- url: /x\n---\nWir treffen uns.\n", encoding="utf-8")
    block = site / "content" / "de" / "labs" / "ulm.md"
    block.write_text("---\ntitle: Ulm\naliases:\n  - /ulm\n  - /en/ulm-alt\n---\nText\n",
                     encoding="utf-8")
    assert run(["extract", "--site", str(site)]) == 0
    assert run(["merge", "--site", str(site)]) == 0
    english = (site / "content" / "en" / "labs" / "heilbronn.md").read_text(encoding="utf-8")
    assert "aliases: [/en/heilbronn, /en/hn]\n" in english
    assert "- url: /x\n" in english  # other front matter stays as it is
    ulm = (site / "content" / "en" / "labs" / "ulm.md").read_text(encoding="utf-8")
    assert "  - /en/ulm\n  - /en/ulm-alt\n" in ulm
    assert page.read_text(encoding="utf-8").count("/heilbronn") == 1  # the source is untouched


def test_a_broken_catalog_of_one_language_writes_nothing_in_any(site: Path) -> None:
    """Languages are merged together: a catalog that cannot be read stops the run before any
    page of any language is put in place, and leaves no staged file behind."""
    from cfg_i18n.errors import InputError

    po = catalog_path(load_config(site), "fr", "spenden")
    po.write_text('msgid "Spenden"\nmsgstr "Faire un don\n', encoding="utf-8")
    with pytest.raises(InputError):
        merge(site)
    left = [p for lang in ("en", "fr") for p in (site / "content" / lang).rglob("*")
            if p.is_file()]
    assert left == []
    assert not (site / MANIFEST).exists()


def test_a_second_run_merges_only_the_language_whose_catalog_changed(site: Path) -> None:
    first = merge(site)
    translate(site, "fr", {"Spenden": "Dons"}, pages=["spenden"])
    report = merge(site)
    written = {item.language: item.written for item in report.languages}
    assert written == {"en": [], "fr": ["content/fr/spenden.md"]}
    assert "Dons" in (site / "content/fr/spenden.md").read_text(encoding="utf-8")
    pages = [len(item.written) for item in first.languages]
    assert [item.unchanged for item in report.languages] == [pages[0], pages[1] - 1]
