"""The pseudo-language merged and built with Hugo: the sample site shows no word of its own
content untransformed, and the whole real site builds.

``cfg-i18n pseudo`` writes ``locale/qps`` and ``content/qps``; the Hugo configuration gets a
``qps`` language (Hugo accepts the code) with that content directory.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from cfg_i18n.config import load_config
from cfg_i18n.pseudo import pseudo_translate
from cfg_i18n.sources import parsed_pages

from .htmltext import read_page
from .hugo import REPO_ROOT, HugoRun, build_site, copy_sample_site
from .pipeline import CliRun, hugo_pages, run_cli, visible_text

pytestmark = pytest.mark.e2e

OPEN, CLOSE = "⟦", "⟧"
_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_WORD = re.compile(r"[^\W\d_]{2,}")
_ASCII = re.compile("[A-Za-z]")
QPS = "  qps:\n    languageName: Pseudo\n    weight: 3\n    contentDir: content/qps\n"


class Built(NamedTuple):
    site: Path
    public: Path
    pseudo: CliRun
    hugo: HugoRun


def add_pseudo_language(config_file: Path, after: str) -> None:
    """Add the ``qps`` language to a Hugo configuration right after the text ``after``."""
    text = config_file.read_text(encoding="utf-8")
    assert after in text, f"{config_file}: languages block not as expected"
    config_file.write_text(text.replace(after, after + QPS, 1), encoding="utf-8")


def build_pseudo(site: Path, hugo_bin: Path) -> Built:
    pseudo = run_cli("pseudo", "--site", site)
    public = site.parent / "public"
    return Built(site, public, pseudo, build_site(site, public, hugo=hugo_bin))


def assert_builds(built: Built) -> None:
    assert built.pseudo.code == 0, built.pseudo
    assert "translation not applied" not in built.pseudo.stderr, built.pseudo.stderr
    assert built.hugo.returncode == 0, built.hugo.output
    assert built.hugo.errors == [], built.hugo.output


# --- the sample site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(hugo_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    site = copy_sample_site(tmp_path_factory.mktemp("pseudo-sample") / "site")
    add_pseudo_language(site / "hugo.yaml", "    contentDir: content/en\n")
    extract = run_cli("extract", "--site", site)  # the site strings' template, if any
    assert extract.code == 0, extract
    return build_pseudo(site, hugo_bin)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text))


def _not_content_words(site: Path) -> set[str]:
    """Words a page shows that are not its messages: the skeleton of the source pages (front
    matter values that are not text, shortcode parameters), and the templates, i18n tables,
    data files and Hugo configuration."""
    words: set[str] = set()
    for page in parsed_pages(load_config(site), use_cache=False).values():
        text = page.document.text
        skeleton, position = [], 0
        for segment in page.segments:
            skeleton.append(text[position:segment.span.start])
            position = segment.span.end
        skeleton.append(text[position:])
        words |= _words(" ".join(skeleton))
    for part in ("layouts", "i18n", "data", "config", "hugo.yaml"):
        path = site / part
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            words |= _words(file.read_text(encoding="utf-8", errors="replace"))
    return words


def _message_words(site: Path) -> set[str]:
    words: set[str] = set()
    for page in parsed_pages(load_config(site), use_cache=False).values():
        for segment in page.segments:
            words |= _words(visible_text(segment.msgid, segment.markdown))
    return words


def test_sample_pseudo_site_builds(sample: Built) -> None:
    assert_builds(sample)
    assert sample.hugo.warnings == [], sample.hugo.output
    assert "pseudo qps: " in sample.pseudo.stdout
    assert "merge qps: 13 pages written" in sample.pseudo.stdout


def test_no_word_of_the_sample_content_is_left_untransformed(sample: Built,
                                                             hugo_bin: Path) -> None:
    """Visible words of every pseudo page's <main> outside the brackets that come from the
    pages' messages: none. Template text and front matter values that are no messages aside."""
    pages = [page for page in hugo_pages(sample.site, hugo_bin)
             if page.path.startswith("content/qps/")]
    assert len(pages) >= 13
    messages = _message_words(sample.site)
    elsewhere = _not_content_words(sample.site)
    transformed = 0
    left: list[tuple[str, str]] = []
    for page in pages:
        html = sample.public / page.url.strip("/") / "index.html"
        main = read_page(html.read_text(encoding="utf-8")).main_text
        transformed += sum(len(_WORD.findall(marked)) for marked in _MARKED.findall(main))
        for word in _WORD.findall(_MARKED.sub(" ", main)):
            if _ASCII.search(word) and word in messages and word not in elsewhere:
                left.append((page.url, word))
    assert transformed > 2000
    assert left == []


def test_headings_show_pseudo_translated(sample: Built) -> None:
    for built, german in (("index.html", "Wer wir sind"), ("spenden/index.html",
                                                             "Spenden via Überweisung")):
        headings = read_page((sample.public / "qps" / built).read_text("utf-8")).headings
        assert pseudo_translate(german) in headings, headings


# --- the whole real site -------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.xdist_group("pseudo-corpus")
def test_pseudo_corpus_site_builds(prepared_corpus_site: Path, hugo_bin: Path,
                                   tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(prepared_corpus_site, site, symlinks=True)
    shutil.copy2(REPO_ROOT / "i18n.toml", site / "i18n.toml")
    add_pseudo_language(site / "config.yaml", "    weight: 2\n    contentDir: content/en\n")
    built = build_pseudo(site, hugo_bin)
    assert_builds(built)
    match = re.search(r"merge qps: (\d+) pages written", built.pseudo.stdout)
    assert match is not None and int(match.group(1)) > 500, built.pseudo.stdout
    pages = list((built.public / "qps").rglob("index.html"))
    assert len(pages) > 500
