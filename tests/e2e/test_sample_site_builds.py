"""The German sample site in this repository builds with the real Hugo and shows its pages.

This is the baseline of the end-to-end story: before any translation, the German site that
newcomers extract from must build cleanly, every shortcode must render, and every `ref` must
resolve inside the sample site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .htmltext import read_page
from .hugo import SAMPLE_SITE, HugoRun, build_site, copy_sample_site

pytestmark = pytest.mark.e2e

SOURCE = SAMPLE_SITE / "content" / "de"

# source page (relative to content/de) -> (built page, headings it must show)
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "_index.md": (
        "index.html",
        ("Wer wir sind", "Unsere Vision", "So erreichen wir unsere Ziele", "Verwaltungen"),
    ),
    "community/_index.md": (
        "community/index.html",
        ("Unsere Community", "Wie du mitmachen kannst", "Komm in unsere Online-Community"),
    ),
    "spenden.md": ("spenden/index.html", ("Unterstütze uns!", "Spenden via Überweisung")),
    "blog/_index.md": ("blog/index.html", ("Blog",)),
    "blog/2014-07-03-lab-profiles-heilbronn.md": (
        "blog/lab-profiles-heilbronn/index.html",
        ("Das OK Lab Heilbronn",),
    ),
    "blog/2017-02-02-open-data-heilbronn.md": (
        "blog/open-data-heilbronn/index.html",
        ("Open Data in Heilbronn - es tut sich was!", "Open Data Day"),
    ),
    "blog/2017-02-08-forum-offene-stadt-hamburg.md": (
        "blog/forum-offene-stadt-hamburg/index.html",
        ("Forum Offene Stadt Hamburg",),
    ),
    "blog/2023-10-09-Das-war-der-Community-Summit-2023.md": (
        "blog/das-war-der-community-summit-2023/index.html",
        ("Das war der Code for Germany Summit 2023",),
    ),
    "labs/hamburg.md": ("hamburg/index.html", ("OK Lab Hamburg", "Forum Offene Stadt Hamburg")),
    "labs/heilbronn.md": (
        "heilbronn/index.html",
        ("Code for Heilbronn", "Was steckt in meinem Leitungswasser?", "Das OK Lab Heilbronn"),
    ),
    "projekte/2014-03-22-hn-trinkwasser.md": (
        "projekte/hn-trinkwasser/index.html",
        ("Was steckt in meinem Leitungswasser?",),
    ),
    "projekte/2015-02-21-hn-osm-editor.md": (
        "projekte/hn-osm-editor/index.html",
        ("OpenStreetMap QA Editor",),
    ),
    "projekte/2015-07-20-be-trinkwasser.md": (
        "projekte/be-trinkwasser/index.html",
        ("Trinkwasser Berlin",),
    ),
}


@pytest.fixture(scope="module")
def german_build(hugo_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[HugoRun, Path]:
    """Build a copy of the sample site without any generated language tree."""
    root = tmp_path_factory.mktemp("sample")
    site = copy_sample_site(root / "site")
    public = root / "public"
    return build_site(site, public, hugo=hugo_bin), public


def test_builds_without_errors_or_warnings(german_build: tuple[HugoRun, Path]) -> None:
    run, _ = german_build
    assert run.returncode == 0, run.output
    assert run.errors == [], run.output
    assert run.warnings == [], run.output


def test_every_source_page_is_listed_here() -> None:
    """Adding or removing a sample page must come with its expectations in PAGES."""
    sources = {path.relative_to(SOURCE).as_posix() for path in SOURCE.rglob("*.md")}
    assert sources == set(PAGES)


@pytest.mark.parametrize("source", sorted(PAGES))
def test_german_page_shows_its_headings(source: str, german_build: tuple[HugoRun, Path]) -> None:
    _, public = german_build
    built, headings = PAGES[source]
    page = public / built
    assert page.is_file(), f"{source} was not built as {built}"
    shown = read_page(page.read_text(encoding="utf-8")).headings
    missing = [heading for heading in headings if heading not in shown]
    assert missing == [], f"{built} lacks headings {missing}; it shows {shown}"


def test_no_shortcode_is_left_unrendered(german_build: tuple[HugoRun, Path]) -> None:
    _, public = german_build
    leftovers = {
        page.relative_to(public).as_posix(): marker
        for page in public.rglob("*.html")
        for marker in ("{{<", "{{%", ">}}", "%}}")
        if marker in page.read_text(encoding="utf-8")
    }
    assert leftovers == {}


@pytest.mark.parametrize(
    ("built", "target"),
    [
        # [OK Lab Heilbronn]: {{< ref "/labs/heilbronn" >}} (a reference definition)
        ("blog/lab-profiles-heilbronn/index.html", "/heilbronn/"),
        # <a href="{{< ref "/labs/hamburg" >}}"> inside a raw HTML <p>
        ("blog/forum-offene-stadt-hamburg/index.html", "/hamburg/"),
        # [Heilbronner Projekt]({{<ref "/projekte/2014-03-22-hn-trinkwasser.md">}})
        ("projekte/be-trinkwasser/index.html", "/projekte/hn-trinkwasser/"),
    ],
)
def test_ref_links_resolve_inside_the_sample_site(
    built: str, target: str, german_build: tuple[HugoRun, Path]
) -> None:
    _, public = german_build
    page = read_page((public / built).read_text(encoding="utf-8"))
    assert target in page.links
    assert (public / target.strip("/") / "index.html").is_file()


def test_figure_alt_and_attribution_are_rendered(german_build: tuple[HugoRun, Path]) -> None:
    _, public = german_build
    html = (public / "blog/das-war-der-community-summit-2023/index.html").read_text("utf-8")
    page = read_page(html)
    assert page.alts == [
        "Wir teilen die zweite Tageshälfte in thematische Gruppen.",
        "Wir starten mit verschiedenen Inputs von Haupt- und Ehrenamtlichen.",
    ]
    assert "Foto von Sonja Fischbauer, Lizenz CC BY-SA 4.0 DEED" in page.main_text


def test_root_relative_links_are_left_as_written(german_build: tuple[HugoRun, Path]) -> None:
    """Hugo does not touch `[Community](/community)`: localising it is cfg-i18n's job."""
    _, public = german_build
    page = read_page((public / "index.html").read_text(encoding="utf-8"))
    assert "/community" in page.links
    assert (public / "community" / "index.html").is_file()
