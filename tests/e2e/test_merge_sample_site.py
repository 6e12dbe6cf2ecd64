"""The main job on the sample site: extract -> merge -> Hugo, and an English site that reads
as English.

A copy of the repository's sample site (German in content/de, complete English catalogs in
locale/en) goes through `cfg-i18n extract` and `cfg-i18n merge` as a maintainer runs them,
then through the pinned Hugo. The English pages must exist, show the translations, keep every
shortcode working, send readers to English pages, and show no German sentence of a page that
is fully translated. Further tests break things on purpose: an unsafe translation, pages left
out by `publish_threshold`, a hand-written file in the way, and filename-suffix mode.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import NamedTuple

import polib
import pytest

from .htmltext import read_page
from .hugo import HugoRun, build_site, copy_sample_site
from .pipeline import (
    CliRun,
    hugo_pages,
    main_html,
    normalise,
    run_cli,
    sentences,
    squashed,
    visible_text,
)
from .test_sample_site_builds import PAGES

pytestmark = pytest.mark.e2e

#: English headings the home page must show (the first thing a newcomer sees).
HOME_HEADINGS = ("Who we are", "Our vision", "How we reach our goals", "Public administration")

REF_PO = "locale/en/projekte/2015-07-20-be-trinkwasser.po"
REF_MSGID = ('So der Originaltext aus dem [Heilbronner Projekt]'
             '({{<ref "/projekte/2014-03-22-hn-trinkwasser.md">}}).')


class Pipeline(NamedTuple):
    """A site that went through extract, merge and a Hugo build."""

    site: Path
    public: Path
    extract: CliRun
    merge: CliRun
    hugo: HugoRun


def run_pipeline(site: Path, hugo_bin: Path) -> Pipeline:
    extract = run_cli("extract", "--site", site)
    merge = run_cli("merge", "--site", site)
    public = site.parent / f"{site.name}-public"
    return Pipeline(site, public, extract, merge, build_site(site, public, hugo=hugo_bin))


def english_catalog(site: Path, source: str) -> polib.POFile:
    return polib.pofile(str(site / "locale" / "en" / (source[: -len(".md")] + ".po")))


def english_html(built: Pipeline, source: str) -> str:
    return (built.public / "en" / PAGES[source][0]).read_text(encoding="utf-8")


def assert_builds(built: Pipeline) -> None:
    assert built.extract.code == 0, built.extract
    assert built.merge.code == 0, built.merge
    assert built.hugo.returncode == 0, built.hugo.output
    assert built.hugo.errors == [], built.hugo.output


@pytest.fixture(scope="module")
def built(hugo_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    site = copy_sample_site(tmp_path_factory.mktemp("merge-sample") / "site")
    return run_pipeline(site, hugo_bin)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A fresh copy of the sample site for a test that changes it."""
    return copy_sample_site(tmp_path / "site")


# --- the English site ----------------------------------------------------------------------------


def test_pipeline_runs_clean(built: Pipeline) -> None:
    assert_builds(built)
    assert built.hugo.warnings == [], built.hugo.output
    assert built.merge.stderr == ""
    assert f"merge en: {len(PAGES)} written, 0 unchanged, 0 removed, 0 left out" in built.merge.stdout
    # The sample's catalogs are complete: every German sentence has its English one.
    match = re.search(r"^en: (\d+)/(\d+) translated", built.extract.stdout, re.MULTILINE)
    assert match is not None and match.group(1) == match.group(2), built.extract.stdout


@pytest.mark.parametrize("source", sorted(PAGES))
def test_every_english_page_shows_its_english_headings(built: Pipeline, source: str) -> None:
    page = built.public / "en" / PAGES[source][0]
    assert page.is_file(), f"{source}: no English page {page}"
    # A heading is the page's own or the title of a page it lists (a lab's projects and posts).
    catalogs = [english_catalog(built.site, source)] + [
        english_catalog(built.site, other) for other in sorted(PAGES) if other != source]
    shown = [normalise(heading) for heading in read_page(page.read_text("utf-8")).headings]
    for german in PAGES[source][1]:
        entry = next((e for c in catalogs if (e := c.find(german)) is not None), None)
        assert entry is not None and entry.msgstr, f"{source}: no translation of {german!r}"
        assert normalise(visible_text(entry.msgstr)) in shown, (german, shown)


def test_home_page_headings_are_english(built: Pipeline) -> None:
    headings = read_page(english_html(built, "_index.md")).headings
    assert [h for h in HOME_HEADINGS if h not in headings] == []
    assert "Wer wir sind" not in headings


def test_no_shortcode_is_left_unrendered(built: Pipeline) -> None:
    english = sorted((built.public / "en").rglob("*.html"))
    assert len(english) >= len(PAGES)
    leftovers = {
        page.relative_to(built.public).as_posix(): marker
        for page in english
        for marker in ("{{<", "{{%", ">}}", "%}}")
        if marker in page.read_text(encoding="utf-8")
    }
    assert leftovers == {}


def _german_sentences(site: Path, source: str) -> list[tuple[str, str]]:
    """(sentence, translation) for each German sentence that its translation does not repeat."""
    found = []
    for entry in english_catalog(site, source):
        if not entry.msgstr or entry.msgstr == entry.msgid or "fuzzy" in entry.flags:
            continue
        markdown = "md-text" in entry.flags
        translation = visible_text(entry.msgstr, markdown)
        found.extend((sentence, translation)
                     for sentence in sentences(visible_text(entry.msgid, markdown))
                     if squashed(sentence) not in squashed(translation))
    return found


def test_no_german_sentence_on_fully_translated_pages(built: Pipeline) -> None:
    checked = 0
    leaks = []
    seen_in_german = 0
    for source, (page, _) in sorted(PAGES.items()):
        catalog = english_catalog(built.site, source)
        assert catalog.percent_translated() == 100, source
        english = squashed(read_page(english_html(built, source)).main_text)
        german = squashed(read_page((built.public / page).read_text("utf-8")).main_text)
        for sentence, _ in _german_sentences(built.site, source):
            checked += 1
            seen_in_german += squashed(sentence) in german
            if squashed(sentence) in english:
                leaks.append((source, sentence))
    assert leaks == []
    # The comparison itself works: the German pages show (nearly) all of these sentences;
    # the rest are front matter (excerpts, descriptions) shown elsewhere, and image alt texts.
    assert checked > 150
    assert seen_in_german >= 0.85 * checked, (seen_in_german, checked)


def test_english_text_is_shown(built: Pipeline) -> None:
    """The body text of every translation reaches the English page."""
    missing = []
    total = 0
    for source in sorted(PAGES):
        main = squashed(read_page(english_html(built, source)).main_text)
        for entry in english_catalog(built.site, source):
            kind = " ".join(entry.comment.split())
            if kind.startswith("type: front matter") or kind.endswith(": alt") or not entry.msgstr:
                continue
            for sentence in sentences(visible_text(entry.msgstr, "md-text" in entry.flags)):
                total += 1
                if squashed(sentence) not in main:
                    missing.append((source, kind, sentence))
    assert total > 150
    assert missing == []


def test_figure_alt_and_attribution_are_english(built: Pipeline) -> None:
    page = read_page(english_html(built, "blog/2023-10-09-Das-war-der-Community-Summit-2023.md"))
    assert page.alts == [
        "We split the second half of the day into thematic groups.",
        "We start with various inputs from staff and volunteers.",
    ]
    assert "Photo by Sonja Fischbauer, license CC BY-SA 4.0 DEED" in page.main_text
    assert "Foto von" not in page.main_text


def test_links_written_to_german_pages_lead_to_english_pages(built: Pipeline) -> None:
    home = read_page(main_html(english_html(built, "_index.md")))
    assert "/en/community" in home.links or "/en/community/" in home.links
    assert "/en/projekte" in home.links  # a section without _index.md
    assert "/community" not in home.links
    for page in sorted((built.public / "en").rglob("index.html")):
        links = read_page(main_html(page.read_text(encoding="utf-8"))).links
        # A German link is wrong where the English page exists (the theme's data files also
        # link to project pages that the sample site does not have, in neither language).
        german = [link for link in links if link.startswith("/") and not link.startswith("/en/")
                  and "." not in link.rsplit("/", 1)[-1]
                  and (built.public / "en" / link.strip("/") / "index.html").is_file()]
        assert german == [], page


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("blog/2014-07-03-lab-profiles-heilbronn.md", "/en/heilbronn/"),
        ("blog/2017-02-08-forum-offene-stadt-hamburg.md", "/en/hamburg/"),
        ("projekte/2015-07-20-be-trinkwasser.md", "/en/projekte/hn-trinkwasser/"),
    ],
)
def test_refs_resolve_to_english_pages(built: Pipeline, source: str, target: str) -> None:
    assert target in read_page(main_html(english_html(built, source))).links


def test_german_site_is_unchanged(built: Pipeline) -> None:
    page = read_page((built.public / "index.html").read_text(encoding="utf-8"))
    assert "Wer wir sind" in page.headings and "Who we are" not in page.headings
    assert "/community" in page.links


def test_merging_again_writes_nothing(built: Pipeline) -> None:
    target = built.site / "content" / "en"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in target.rglob("*.md")}
    again = run_cli("merge", "--site", built.site)
    assert again.code == 0
    assert f"merge en: 0 written, {len(PAGES)} unchanged, 0 removed" in again.stdout
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in target.rglob("*.md")} == before


# --- things going wrong on purpose ---------------------------------------------------------------


def test_a_translation_that_deletes_a_ref_is_not_applied(sample: Path, hugo_bin: Path) -> None:
    po_file = sample / REF_PO
    catalog = polib.pofile(str(po_file))
    entry = catalog.find(REF_MSGID)
    assert entry is not None
    entry.msgstr = "That is the original text of the Heilbronn project."
    catalog.save()
    line = entry.linenum
    built = run_pipeline(sample, hugo_bin)
    assert_builds(built)
    assert "1 unsafe translations not applied" in built.merge.stdout
    warning = f"{REF_PO}:{line}: warning: translation not applied"
    assert warning in built.merge.stderr
    assert "ref" in built.merge.stderr
    page = english_html(built, "projekte/2015-07-20-be-trinkwasser.md")
    text = read_page(page)
    assert squashed("So der Originaltext aus dem Heilbronner Projekt.") in squashed(text.main_text)
    assert "/en/projekte/hn-trinkwasser/" in read_page(main_html(page)).links
    assert "This is the Berlin version" in text.main_text  # the other entries still apply


def test_pages_left_out_keep_links_to_them_working(sample: Path, hugo_bin: Path) -> None:
    """Three ref targets lose their translations: with publish_threshold they are left out,
    and the refs to them (a reference definition, an HTML href, a Markdown link) lead to the
    German pages instead of failing the build with REF_NOT_FOUND."""
    left_out = ["labs/heilbronn", "labs/hamburg", "projekte/2014-03-22-hn-trinkwasser"]
    for rel in left_out:
        po_file = sample / "locale" / "en" / f"{rel}.po"
        catalog = polib.pofile(str(po_file))
        for entry in catalog:
            entry.msgstr = ""
        catalog.save()
    with (sample / "i18n.toml").open("a", encoding="utf-8") as config:
        config.write("publish_threshold = 50\n")
    built = run_pipeline(sample, hugo_bin)
    assert_builds(built)
    assert "REF_NOT_FOUND" not in built.hugo.output
    for rel in left_out:
        assert f"en: left out {rel} (0% translated" in built.merge.stderr
        assert not (sample / "content" / "en" / f"{rel}.md").exists()
    for source, target in [
        ("blog/2014-07-03-lab-profiles-heilbronn.md", "/heilbronn/"),
        ("blog/2017-02-08-forum-offene-stadt-hamburg.md", "/hamburg/"),
        ("projekte/2015-07-20-be-trinkwasser.md", "/projekte/hn-trinkwasser/"),
    ]:
        links = read_page(main_html(english_html(built, source))).links
        assert target in links, (source, links)
        assert (built.public / target.strip("/") / "index.html").is_file()
        assert not (built.public / "en" / target.strip("/") / "index.html").exists()


def test_a_hand_written_page_in_the_way_is_kept(sample: Path, hugo_bin: Path) -> None:
    handmade = sample / "content" / "en" / "spenden.md"
    handmade.parent.mkdir(parents=True)
    handmade.write_text("---\ntitle: Donate\n---\n\nHand-written donation page.\n", "utf-8")
    extra = sample / "content" / "en" / "imprint.md"
    extra.write_text("---\ntitle: Imprint\n---\n\nHand-written imprint.\n", "utf-8")
    built = run_pipeline(sample, hugo_bin)
    assert_builds(built)
    assert "content/en/spenden.md: warning: exists and was not written by cfg-i18n" in (
        built.merge.stderr)
    assert handmade.read_text("utf-8").endswith("Hand-written donation page.\n")
    assert "Hand-written donation page." in read_page(english_html(built, "spenden.md")).main_text
    assert "Hand-written imprint." in (built.public / "en/imprint/index.html").read_text("utf-8")
    # Deleting every source page removes what merge wrote, and only that.
    shutil.rmtree(sample / "content" / "de")
    (sample / "content" / "de").mkdir()
    again = run_cli("merge", "--site", sample)
    assert again.code == 0
    assert f"0 written, 0 unchanged, {len(PAGES) - 1} removed" in again.stdout
    remaining = sorted(p.relative_to(sample / "content" / "en").as_posix()
                       for p in (sample / "content" / "en").rglob("*") if p.is_file())
    assert remaining == ["imprint.md", "spenden.md"]


# --- filename-suffix mode ------------------------------------------------------------------------


def to_suffix_mode(site: Path) -> None:
    """German pages in content/ and `page.en.md` beside them, as Hugo's filename mode wants."""
    content = site / "content"
    for page in sorted((content / "de").rglob("*.md")):
        target = content / page.relative_to(content / "de")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.rename(target)
    shutil.rmtree(content / "de")
    hugo_config = site / "hugo.yaml"
    text = hugo_config.read_text("utf-8")
    hugo_config.write_text(re.sub(r"^\s+contentDir: .*\n", "", text, flags=re.MULTILINE), "utf-8")
    i18n = site / "i18n.toml"
    text = i18n.read_text("utf-8")
    text = re.sub(r'^content_dir = .*$', 'content_dir = "content"', text, flags=re.MULTILINE)
    text = re.sub(r'^output = .*$', 'output = "suffix"', text, flags=re.MULTILINE)
    text = re.sub(r'^target_dir = .*\n', "", text, flags=re.MULTILINE)
    i18n.write_text(text, "utf-8")


def test_suffix_mode_builds(sample: Path, hugo_bin: Path) -> None:
    to_suffix_mode(sample)
    built = run_pipeline(sample, hugo_bin)
    assert_builds(built)
    assert built.hugo.warnings == [], built.hugo.output
    assert f"merge en: {len(PAGES)} written" in built.merge.stdout
    assert (sample / "content" / "spenden.en.md").is_file()
    assert not (sample / "content" / "en").exists()
    home = read_page((built.public / "en" / "index.html").read_text("utf-8"))
    assert [h for h in HOME_HEADINGS if h not in home.headings] == []
    german_home = read_page((built.public / "index.html").read_text("utf-8"))
    assert "Wer wir sind" in german_home.headings and "Who we are" not in german_home.headings
    for source, (page, _) in PAGES.items():
        assert (built.public / "en" / page).is_file(), source
        assert (built.public / page).is_file(), source
    # One page per file and language: no English file is also a German page.
    pages = hugo_pages(sample, hugo_bin)
    urls = [page.url for page in pages]
    assert len(urls) == len(set(urls))
    english_files = {page.path for page in pages if page.url.startswith("/en/")}
    assert "content/spenden.en.md" in english_files
    assert not any(page.path.endswith(".en.md") for page in pages
                   if not page.url.startswith("/en/"))
    # A second extract does not take the English pages for sources; a second merge writes nothing.
    again = run_cli("extract", "--site", sample)
    assert f"extract: {len(PAGES)} pages" in again.stdout
    assert not list((sample / "locale").rglob("*.en.po*"))
    assert f"merge en: 0 written, {len(PAGES)} unchanged" in run_cli("merge", "--site", sample).stdout
