"""The whole real site builds with the pinned Hugo, and the sample pages are real pages of it.

The corpus copy comes from the corpus's own prepare-site.sh (German in content/de, an empty
content/en); these tests are the baseline that the merge's end-to-end tests build upon.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .hugo import SAMPLE_SITE, HugoRun, build_site

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus_build(
    hugo_bin: Path, prepared_corpus_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[HugoRun, Path]:
    public = tmp_path_factory.mktemp("corpus-build") / "public"
    return build_site(prepared_corpus_site, public, hugo=hugo_bin), public


def test_sample_pages_are_corpus_pages(prepared_corpus_site: Path) -> None:
    """Each sample page is byte-identical to the corpus page with the corpus's Hugo fixes."""
    source = SAMPLE_SITE / "content" / "de"
    differing = [
        path.relative_to(source).as_posix()
        for path in sorted(source.rglob("*.md"))
        if path.read_bytes()
        != (prepared_corpus_site / "content" / "de" / path.relative_to(source)).read_bytes()
    ]
    assert differing == []


@pytest.mark.e2e
def test_corpus_builds_in_german(corpus_build: tuple[HugoRun, Path]) -> None:
    run, public = corpus_build
    assert run.returncode == 0, run.output
    assert run.errors == [], run.output
    assert not [line for line in run.warnings if "layout" in line], run.output
    built = [
        page for page in public.rglob("index.html") if page.relative_to(public).parts[0] != "en"
    ]
    assert len(built) > 500
    for page in (
        "community",
        "heilbronn",
        "blog/lab-profiles-heilbronn",
        "projekte/hn-trinkwasser",
    ):
        assert (public / page / "index.html").is_file(), page


@pytest.mark.e2e
def test_lang_en_front_matter_publishes_a_german_file_in_english(
    corpus_build: tuple[HugoRun, Path], prepared_corpus_site: Path
) -> None:
    """Hugo 0.147 still honours the deprecated `lang:` key: such pages leave the German site.

    Six corpus pages in content/de say `lang: en`; Hugo builds them only under /en/, so a
    merge that also writes them to content/en would give English two pages for one URL.
    """
    run, public = corpus_build
    assert any("lang in front matter was deprecated" in line for line in run.warnings)
    english_sources = [
        page
        for page in (prepared_corpus_site / "content" / "de").rglob("*.md")
        if "\nlang: en\n" in page.read_text(encoding="utf-8")
    ]
    assert len(english_sources) == 6
    assert (public / "en/blog/story-parkendd-dresden/index.html").is_file()
    assert not (public / "blog/story-parkendd-dresden/index.html").exists()
