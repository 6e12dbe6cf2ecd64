"""Site strings end to end: the English sample site is English from menu to footer.

The sample site's templates take their words from ``i18n/de.yaml`` (``{{ T "…" }}``), its menus
and title from ``hugo.yaml`` and the featured projects of ``/projekte/`` from
``data/projekte/*.yaml``; all of them are translated in ``locale/en/_site.po``. After extract
and merge, Hugo's English build must show the English text of every one of them and no German
text from them. Further tests let Hugo read what merge writes: an identity translation gives
the source's values in all three table formats and for menus, plural forms come out right for
Polish, Russian and English, and the real codefor.de site extracts and merges its menus and
data files and still builds in both languages.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import polib
import pytest

from .hugo import HugoRun, build_site, copy_sample_site
from .pipeline import CliRun, run_cli, sentences, squashed, visible_text

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sitestrings"
OPEN, CLOSE = "⟦", "⟧"


class Built(NamedTuple):
    site: Path
    public: Path
    extract: CliRun
    merge: CliRun
    hugo: HugoRun


def assert_ok(built: Built) -> None:
    assert built.extract.code == 0, built.extract
    assert built.merge.code == 0, built.merge
    assert built.hugo.returncode == 0, built.hugo.output
    assert built.hugo.errors == [], built.hugo.output


def pipeline(site: Path, hugo_bin: Path, prepare: Callable[[Path], None] | None = None) -> Built:
    """extract, then ``prepare`` (translate), extract again (as after a translator), merge,
    and build."""
    extract = run_cli("extract", "--site", site)
    if prepare is not None:
        assert extract.code == 0, extract
        prepare(site)
        extract = run_cli("extract", "--site", site)
    merge = run_cli("merge", "--site", site)
    public = site.parent / f"{site.name}-public"
    return Built(site, public, extract, merge, build_site(site, public, hugo=hugo_bin))


class _Visible(HTMLParser):
    """All text a reader sees or hears (text, alt, title, aria-label), head and scripts left
    out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label") and value:
                self.parts.append(f" {value} ")
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "script", "style") and self._hidden:
            self._hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(page: str) -> str:
    reader = _Visible()
    reader.feed(re.sub(r"<!--.*?-->", "", page, flags=re.DOTALL))
    reader.close()
    return " ".join(html.unescape("".join(reader.parts)).split())


# --- the sample site ------------------------------------------------------------------------------


def copy_sample(destination: Path) -> Path:
    """The sample site's sources, its i18n table and data files included (not what merge
    generates)."""
    return copy_sample_site(destination)


@pytest.fixture(scope="module")
def sample(hugo_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = pipeline(copy_sample(tmp_path_factory.mktemp("strings") / "site"), hugo_bin)
    assert_ok(built)
    return built


def english_pages(built: Built) -> dict[str, str]:
    """The English pages, without the redirect pages Hugo writes for aliases."""
    pages = {page.relative_to(built.public).as_posix(): page.read_text(encoding="utf-8")
             for page in sorted((built.public / "en").rglob("index.html"))}
    return {name: text for name, text in pages.items() if 'http-equiv="refresh"' not in text}


def test_sample_site_strings_merge_cleanly(sample: Built) -> None:
    assert sample.merge.stderr == "", sample.merge.stderr
    assert "merge en site strings: 53/53 translated; 5 files written" in sample.merge.stdout
    assert sample.hugo.warnings == [], sample.hugo.output
    for generated in ("i18n/en.yaml", "config/_default/hugo.en.yaml",
                      "data/en/projekte/01-klimadaten.yaml"):
        assert (sample.site / generated).is_file(), generated


def test_english_menus_and_footer_on_every_page(sample: Built) -> None:
    pages = english_pages(sample)
    assert len(pages) >= 13
    for name, page in pages.items():
        nav = visible(page[page.index("<nav"):page.index("</nav>")])
        assert nav.split() == ["Code", "for", "Germany", "Community", "Projects", "Blog",
                               "Donate", "Language", "Deutsch"], name
        footer = visible(page[page.index("<footer"):page.index("</footer>")])
        assert squashed(footer).startswith(squashed(
            "Legal notice Privacy policy Unless stated otherwise, the content and texts of this "
            "website are licensed under a Creative Commons Attribution 4.0 International "
            "License.")), name
        assert "Code for Germany is coordinated by the Open Knowledge Foundation" in footer
        assert 'href="https://creativecommons.org/licenses/by/4.0/deed.en"' in page
        assert 'aria-label="Language"' in page


def test_english_theme_strings_and_data_texts(sample: Built) -> None:
    lab = visible((sample.public / "en" / "heilbronn" / "index.html").read_text("utf-8"))
    for text in ("Contact", "Links", "Projects", "What is happening here", "Our labs", "2 labs"):
        assert re.search(rf"\b{re.escape(text)}\b", lab), text
    post = visible((sample.public / "en" / "blog" / "lab-profiles-heilbronn" / "index.html")
                   .read_text("utf-8"))
    assert "back to the overview" in post
    projects = squashed(visible((sample.public / "en" / "projekte" / "index.html")
                                .read_text("utf-8")))
    for text in ("Focus areas", "Climate change", "Local politics",
                 "Data – the foundation of our work", "read more",
                 "Climate policy has to be transparent so that we can keep our democracy healthy",
                 "Geodata, from roads and buildings to topographies and boundaries"):
        assert squashed(text) in projects, text


def test_no_german_from_the_site_strings_in_the_english_site(sample: Built) -> None:
    """Every German text of the site catalog whose translation differs is absent from the
    English HTML, unless an English page's own Markdown holds it (page text, not a site
    string: the donation page names its German donation platform)."""
    page_text = squashed(" ".join(path.read_text("utf-8") for path in
                                  (sample.site / "content" / "en").rglob("*.md")))
    english = {name: visible(page) for name, page in english_pages(sample).items()}
    everything = squashed(" ".join(english.values()))
    checked = 0
    leaks: list[tuple[str, str]] = []
    po = polib.pofile(str(sample.site / "locale" / "en" / "_site.po"))
    for entry in po.translated_entries():
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        if not entry.msgid_plural and entry.msgstr == entry.msgid:
            continue  # "Blog", "Links": the same in English
        for source in sources:
            german = visible_text(source, "md-text" in entry.flags)
            long = sentences(german)
            for phrase in long or [german]:
                checked += 1
                if long:
                    if squashed(phrase) in everything and squashed(phrase) not in page_text:
                        leaks.append((entry.msgctxt or "", phrase))
                    continue
                pattern = re.compile(r"(?<!\w)" + re.sub(r"\\\{\\\{\\ \\\.Count\\ \\\}\\\}",
                                                          r"\\d+", re.escape(phrase)) + r"(?!\w)")
                for name, text in english.items():
                    if pattern.search(text) and squashed(phrase) not in page_text:
                        leaks.append((name, phrase))
    assert checked > 70
    assert leaks == []


def test_german_site_keeps_its_strings(sample: Built) -> None:
    home = (sample.public / "index.html").read_text("utf-8")
    nav = visible(home[home.index("<nav"):home.index("</nav>")])
    assert "Projekte" in nav and "Spenden" in nav and "Projects" not in nav
    assert "Impressum" in visible(home) and "Legal notice" not in visible(home)
    projects = visible((sample.public / "projekte" / "index.html").read_text("utf-8"))
    assert "Schwerpunkte" in projects and "Klimawandel" in projects and "mehr lesen" in projects
    assert "Unsere Labs 2 Labs" in visible(
        (sample.public / "community" / "index.html").read_text("utf-8"))


# --- what Hugo reads from merge's files -----------------------------------------------------------

TABLE_KEYS = ("backToBlog", "readMore", "nav.home", "nav.contact")
TABLE_LAYOUT = ("{{ range slice " + " ".join(f'"{k}"' for k in TABLE_KEYS) + " }}"
                "[{{ . }}={{ T . }}]{{ end }}"
                '[count={{ T "labCount" 1 }}|{{ T "labCount" 2 }}|{{ T "labCount" 5 }}|'
                '{{ T "labCount" 22 }}]'
                '[licence={{ T "licence" (dict "url" "https://example.org") | safeHTML }}]'
                "[menu={{ range site.Menus.main }}{{ .Name }}/{{ .Title }}/{{ .URL }};{{ end }}]"
                "[title={{ site.Title }}][description={{ site.Params.description }}]\n")


def tiny_site(root: Path, languages: tuple[str, ...], files: dict[str, str | Path],
              config: str = "") -> Path:
    """A site with German and ``languages``, one home page each, and the test layout."""
    hugo = ["baseURL: /", "defaultContentLanguage: de",
            "disableKinds: [taxonomy, term, rss, sitemap, robotstxt, 404]", "languages:"]
    for weight, language in enumerate(("de", *languages), 1):
        hugo += [f"  {language}:", f"    weight: {weight}", f"    contentDir: content/{language}"]
    for language in ("de", *languages):
        page = root / "content" / language / "_index.md"
        page.parent.mkdir(parents=True)
        page.write_text("---\ntitle: Start\n---\n", encoding="utf-8")
    (root / "layouts").mkdir()
    (root / "layouts" / "index.html").write_text(TABLE_LAYOUT, encoding="utf-8")
    files = {"hugo.yaml": "\n".join(hugo) + "\n", **files}
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy2(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    langs = ", ".join(f'"{language}"' for language in languages)
    (root / "i18n.toml").write_text(f"languages = [{langs}]\n{config}", encoding="utf-8")
    # The page catalogs are complete, so that merge publishes the home pages.
    return root


def fill(language: str, choose: Callable[[polib.POEntry], str | list[str] | None]
         ) -> Callable[[Path], None]:
    def prepare(site: Path) -> None:
        for po_file in (site / "locale" / language).rglob("*.po"):
            po = polib.pofile(str(po_file))
            for entry in po:
                text = choose(entry) if po_file.name == "_site.po" else entry.msgid
                if isinstance(text, list):
                    entry.msgstr_plural = dict(enumerate(text))
                elif text is not None:
                    entry.msgstr = text
            po.save()

    return prepare


def identity(entry: polib.POEntry) -> str | list[str]:
    if entry.msgid_plural:
        return [entry.msgid] + [entry.msgid_plural] * (len(entry.msgstr_plural) - 1)
    return str(entry.msgid)


def home(built: Built, language: str) -> str:
    page = built.public / ("" if language == "de" else language) / "index.html"
    return page.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("fmt", ["yaml", "toml", "json"])
def test_hugo_reads_an_identity_table_as_the_source(tmp_path: Path, hugo_bin: Path,
                                                     fmt: str) -> None:
    site = tiny_site(tmp_path / "site", ("en",),
                     {f"i18n/de.{fmt}": FIXTURES / "tables" / f"de.{fmt}"})
    built = pipeline(site, hugo_bin, fill("en", identity))
    assert_ok(built)
    assert (site / "i18n" / f"en.{fmt}").is_file()
    german = home(built, "de")
    assert "[readMore=mehr lesen]" in german and "[nav.home=Startseite]" in german
    assert "[count=1 Lab|2 Labs|5 Labs|22 Labs]" in german
    assert home(built, "en") == german


@pytest.mark.parametrize(("config_file", "config"), [
    ("hugo.yaml", FIXTURES / "menus" / "hugo.yaml"),
    ("hugo.toml", FIXTURES / "menus" / "hugo.toml"),
])
def test_hugo_reads_merged_menus_and_params(tmp_path: Path, hugo_bin: Path, config_file: str,
                                            config: Path) -> None:
    translations = {"Projekte": "Projects", "Spenden": "Donate", "Unterstütze uns": "Support us",
                    "Offene Daten für Heilbronn": "Open data for Heilbronn"}
    site = tiny_site(tmp_path / "site", ("en",), {})
    (site / "hugo.yaml").unlink()
    shutil.copy2(config, site / config_file)
    built = pipeline(site, hugo_bin, fill("en", lambda e: translations.get(e.msgid)))
    assert_ok(built)
    german, english = home(built, "de"), home(built, "en")
    assert "[menu=Projekte///projekte/;Spenden/Unterstütze uns//spenden/;]" in german
    assert "[menu=Projects///projekte/;Donate/Support us//spenden/;]" in english
    assert "[description=Offene Daten für Heilbronn]" in german
    assert "[description=Open data for Heilbronn]" in english
    # Identity: English reads what German reads.
    identical = pipeline(site, hugo_bin, fill("en", identity))
    assert_ok(identical)
    assert home(identical, "en").split("[menu=")[1] == home(identical, "de").split("[menu=")[1]


def test_hugo_shows_plural_forms_of_polish_russian_and_english(tmp_path: Path,
                                                                hugo_bin: Path) -> None:
    forms = {
        "pl": ["{{ .Count }} laboratorium", "{{ .Count }} laboratoria",
               "{{ .Count }} laboratoriów"],
        "ru": ["{{ .Count }} лаборатория", "{{ .Count }} лаборатории",
               "{{ .Count }} лабораторий"],
        "en": ["{{ .Count }} lab", "{{ .Count }} labs"],
    }
    site = tiny_site(tmp_path / "site", ("pl", "ru", "en"),
                     {"i18n/de.yaml": FIXTURES / "tables" / "de.yaml"})

    def prepare(path: Path) -> None:
        for language, texts in forms.items():
            fill(language, lambda e, t=texts: t if e.msgid_plural else None)(path)

    built = pipeline(site, hugo_bin, prepare)
    assert_ok(built)
    assert "[count=1 laboratorium|2 laboratoria|5 laboratoriów|22 laboratoria]" in home(built, "pl")
    assert "[count=1 лаборатория|2 лаборатории|5 лабораторий|22 лаборатории]" in home(built, "ru")
    assert "[count=1 lab|2 labs|5 labs|22 labs]" in home(built, "en")
    assert "[count=1 Lab|2 Labs|5 Labs|22 Labs]" in home(built, "de")


# --- the real site --------------------------------------------------------------------------------

CORPUS_CONFIG = """languages = ["en"]
content_dir = "content/de"
data_files = [{ glob = "data/projekte/*.yaml", keys = ["title"], markdown_keys = ["txt"] }]
"""
#: The two lines that make the theme's featured projects read the page language's data.
DATA_CHANGE = ("{{ range $index, $element := $.Site.Data.projekte }}",
               "{{ $data := index site.Data site.Language.Lang }}"
               "{{ if not $data }}{{ $data = site.Data }}{{ end }}"
               "{{ range $index, $element := $data.projekte }}")


def pseudo(entry: polib.POEntry) -> str | list[str]:
    if entry.msgid_plural:
        return [f"{OPEN}{entry.msgid}{CLOSE}", f"{OPEN}{entry.msgid_plural}{CLOSE}"]
    return f"{OPEN}{entry.msgid}{CLOSE}"


@pytest.mark.corpus
def test_corpus_menus_and_data_files(prepared_corpus_site: Path, hugo_bin: Path,
                                     tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(prepared_corpus_site, site, symlinks=True)
    (site / "i18n.toml").write_text(CORPUS_CONFIG, encoding="utf-8")
    shortcode = site / "themes" / "codefor-theme" / "layouts" / "shortcodes" / "projekte" / \
        "featured-projects.html"
    text = shortcode.read_text(encoding="utf-8")
    assert DATA_CHANGE[0] in text
    shortcode.write_text(text.replace(*DATA_CHANGE), encoding="utf-8")

    def prepare(path: Path) -> None:
        po_file = path / "locale" / "en" / "_site.po"
        po = polib.pofile(str(po_file))
        for entry in po:
            translation = pseudo(entry)
            if isinstance(translation, list):
                entry.msgstr_plural = dict(enumerate(translation))
            else:
                entry.msgstr = translation
        po.save()

    built = pipeline(site, hugo_bin, prepare)
    assert_ok(built)
    pot = polib.pofile(str(site / "locale" / "templates" / "_site.pot"))
    where = {entry.msgid: entry.occurrences[0][0] for entry in pot}
    assert where["Projekte"] == where["Spenden"] == "config.yaml"
    assert where["Klimawandel"] == "data/projekte/01-klimadaten.yaml"
    assert sum(path.startswith("data/projekte/") for path in where.values()) > 25
    assert "merge en site strings:" in built.merge.stdout
    nav = (built.public / "en" / "index.html").read_text(encoding="utf-8")
    assert f"{OPEN}Projekte{CLOSE}" in nav and f"{OPEN}Spenden{CLOSE}" in nav
    projects = visible((built.public / "en" / "projekte" / "index.html").read_text("utf-8"))
    assert f"{OPEN}Klimawandel{CLOSE}" in projects
    assert f"{OPEN}Kommunalpolitik{CLOSE}" in projects
    assert f"{OPEN}Daten sind ein Grundbaustein all unserer Projekte." in projects
    german = visible((built.public / "projekte" / "index.html").read_text("utf-8"))
    assert "Klimawandel" in german and OPEN not in german
    assert len(list((built.public / "en").rglob("index.html"))) > 400
