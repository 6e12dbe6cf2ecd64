"""The translation memory: exact, equivalent (whitespace, markup) and fuzzy matches fill empty
entries; translations people wrote are never touched.

The main scenario runs on a copy of the sample site where only the home page is translated: a
new page repeats three of its messages (one written with different whitespace, one with another
link target), has one similar to another, and two that a translator already handled.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import polib
import pytest
from conftest import corpus_pages
from e2e.hugo import copy_sample_site
from rapidfuzz import fuzz
from typer.testing import CliRunner

from cfg_i18n.cli import app
from cfg_i18n.config import load_config
from cfg_i18n.errors import ConfigError, InputError
from cfg_i18n.memory import (
    Match,
    Memory,
    MemoryIndex,
    Unit,
    adapt,
    markup_key,
    pieces,
    read_tmx,
)
from cfg_i18n.safety import check_translation
from cfg_i18n.update import FuzzyIndex

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "memory"
ENV = {"COLUMNS": "200", "SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1"}
HOME = "locale/en/_index.po"
NEW = "locale/en/neu.po"

# The three messages of the new page that the home page has translated.
SAME = ('Wir wünschen uns eine offene Gesellschaft, in der Wissen frei zugänglich ist und geteilt'
        ' wird. Wir engagieren uns für Offene Daten, Offenes Regierungshandeln, Open Source und '
        'Informationsfreiheit. Wir fordern eine gemeinwohlorientierte Digitalpolitik und '
        'ökologische Nachhaltigkeit von Soft- und Hardware.')
REWRAPPED = ("Wir haben rund 20 regionale Gruppen, die sich regelmäßig in lokalen OK Labs, kurz für "
             "Open Knowledge Labs, treffen. In unserer Online-Community auf der Plattform Slack "
             "tauschen wir uns bundesweit aus. Schau vorbei in unserer [Community](/community)!")
RELINKED = "Eigene Expertise in unserer [Community](/labs) teilen"
HOME_LINKED = "Eigene Expertise in unserer [Community](/community) teilen"
SIMILAR = ("Code for Germany ist ein Netzwerk von ehrenamtlich engagierten Menschen, die sich für "
           "eine offene digitale Zukunft einsetzen. Wir treffen uns in lokalen Labs und online.")
HOME_SIMILAR = ("Code for Germany ist ein Netzwerk von ehrenamtlich engagierten Menschen, die sich "
                "für eine gemeinwohlorientierte digitale Zukunft einsetzen. Wir treffen uns in "
                "lokalen Labs und online.")


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(arg) for arg in args], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def copy_site(target: Path) -> Path:
    """The sample site's sources (not its generated trees)."""
    return copy_sample_site(target)


def blank(po_file: Path) -> None:
    """Remove every translation of a catalog, as if nobody had translated the page."""
    po = polib.pofile(str(po_file))
    for entry in po:
        entry.msgstr = ""
        entry.tcomment = ""
        entry.previous_msgid = None
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    po.save()


def entries(po_file: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(po_file)) if not entry.obsolete}


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*.po"))}


@pytest.fixture
def home_only(tmp_path: Path) -> Path:
    """The sample site with only the home page translated."""
    site = copy_site(tmp_path / "site")
    for po_file in (site / "locale" / "en").rglob("*.po"):
        if po_file.relative_to(site).as_posix() != HOME:
            blank(po_file)
    assert invoke("extract", "--site", site)[0] == 0
    return site


@pytest.fixture
def with_new_page(home_only: Path) -> Path:
    """The new page extracted, and two of its entries handled by a translator."""
    shutil.copy2(FIXTURES / "neu.md", home_only / "content" / "de" / "neu.md")
    assert invoke("extract", "--site", home_only)[0] == 0
    po = polib.pofile(str(home_only / NEW))
    human = po.find("Unsere Vision")
    human.msgstr = "What we want"
    reviewing = po.find("So erreichen wir unsere Ziele")
    reviewing.msgstr = "Our way"
    reviewing.flags.insert(0, "fuzzy")
    po.save()
    return home_only


# --- the sample site ---------------------------------------------------------------------------


def test_new_page_is_prefilled_from_the_translated_page(with_new_page: Path) -> None:
    site = with_new_page
    home = entries(site / HOME)
    code, out, err = invoke("pretranslate", "--site", site)
    assert code == 0, err
    assert ("pretranslate en: 3 exact (1 with the whitespace or markup of the new text), "
            "1 fuzzy") in out
    new = entries(site / NEW)
    # Same text, and the same text written with other line breaks and spaces: copied.
    for msgid in (SAME, REWRAPPED):
        assert new[msgid].msgstr == home[msgid].msgstr
        assert "fuzzy" not in new[msgid].flags
    # Another link target: the home page's translation with the new page's target.
    relinked = new[RELINKED]
    assert relinked.msgstr == home[HOME_LINKED].msgstr.replace("](/community)", "](/labs)")
    assert "fuzzy" not in relinked.flags and "translation memory" not in relinked.comment
    assert check_translation(RELINKED, relinked.msgstr) == []
    # A similar text: a suggestion, marked, with what it translated and where it comes from.
    similar = new[SIMILAR]
    assert similar.msgstr == home[HOME_SIMILAR].msgstr
    assert similar.flags[0] == "fuzzy"
    assert similar.previous_msgid == HOME_SIMILAR
    score = round(fuzz.ratio(SIMILAR, HOME_SIMILAR))
    assert f"translation memory: {score}% match, from {HOME}" in similar.comment.split("\n")
    assert similar.comment.startswith("type: ")  # the note follows what the text is
    # Nothing like it anywhere: left empty.
    assert new["Dieser Satz steht auf keiner anderen Seite."].msgstr == ""


def test_translations_people_wrote_are_never_overwritten(with_new_page: Path) -> None:
    site = with_new_page
    before = entries(site / NEW)
    assert invoke("pretranslate", "--site", site, "--min-score", "0")[0] == 0
    after = entries(site / NEW)
    # "Unsere Vision" and "So erreichen wir unsere Ziele" are on the home page, translated
    # otherwise: the translator's own texts stay, the fuzzy one fuzzy.
    assert after["Unsere Vision"].msgstr == "What we want"
    assert after["Unsere Vision"].flags == before["Unsere Vision"].flags
    reviewing = after["So erreichen wir unsere Ziele"]
    assert (reviewing.msgstr, reviewing.flags[0]) == ("Our way", "fuzzy")
    assert reviewing.previous_msgid is None and "translation memory" not in reviewing.comment
    # Nor is any entry of the home page's catalog.
    home = entries(site / HOME)
    assert {k: (e.msgstr, e.flags) for k, e in home.items()} == {
        k: (e.msgstr, e.flags) for k, e in entries(ROOT / HOME).items()}


def test_extract_pretranslate_then_extract_and_check_change_nothing(with_new_page: Path) -> None:
    site = with_new_page
    code, out, _ = invoke("extract", "--site", site, "--pretranslate")
    assert code == 0
    assert "pretranslate en: 3 exact" in out
    before = digest(site / "locale")
    code, out, _ = invoke("extract", "--site", site, "--pretranslate")
    assert code == 0
    assert "pretranslate en: 0 exact, 0 fuzzy" in out
    assert digest(site / "locale") == before
    # What pretranslate writes is what extract would write: check finds nothing stale.
    code, out, err = invoke("check", "--site", site, "--format", "json")
    assert '"check": "stale"' not in out, out
    assert '"check": "format"' not in out, out


def test_min_score_of_100_makes_no_suggestions(with_new_page: Path) -> None:
    code, out, _ = invoke("pretranslate", "--site", with_new_page, "--min-score", "100")
    assert code == 0
    assert "3 exact (1 with the whitespace or markup of the new text), 0 fuzzy" in out
    assert entries(with_new_page / NEW)[SIMILAR].msgstr == ""


def test_config_threshold_is_used(with_new_page: Path) -> None:
    with (with_new_page / "i18n.toml").open("a", encoding="utf-8") as config:
        config.write("tm_min_score = 99\n")
    assert load_config(with_new_page).tm_min_score == 99
    code, out, _ = invoke("pretranslate", "--site", with_new_page)
    assert code == 0 and ", 0 fuzzy" in out
    # The flag overrides the configuration.
    code, out, _ = invoke("pretranslate", "--site", with_new_page, "--min-score", "80")
    assert code == 0 and "0 exact, 1 fuzzy" in out


def test_compendia_po_and_tmx(home_only: Path) -> None:
    site = home_only
    (site / "tm").mkdir()
    shutil.copy2(FIXTURES / "glossar.tmx", site / "tm" / "glossar.tmx")
    shutil.copy2(FIXTURES / "en.po", site / "tm" / "en.po")
    with (site / "i18n.toml").open("a", encoding="utf-8") as config:
        config.write('compendia = ["tm/glossar.tmx", "tm/{lang}.po", "tm/missing.po"]\n')
    page = site / "content" / "de" / "glossar.md"
    page.write_text("# Ein ganz neuer Satz, den nur das Glossar kennt.\n\nSpenden via PayPal\n\n"
                    "Kontoinhaberin\n", encoding="utf-8")
    code, out, err = invoke("extract", "--site", site, "--pretranslate")
    assert code == 0, err
    assert "tm/missing.po: warning: compendium not found" in err
    po = entries(site / "locale" / "en" / "glossar.po")
    assert po["Ein ganz neuer Satz, den nur das Glossar kennt."].msgstr == (
        "A brand new sentence that only the glossary knows.")
    assert po["Spenden via PayPal"].msgstr == "Donate via PayPal"
    assert po["Kontoinhaberin"].msgstr == ""  # fuzzy in the compendium: not reviewed


def test_compendium_in_another_language_is_not_used(tmp_path: Path) -> None:
    from cfg_i18n.memory import read_po_compendium

    assert [u.target for u in read_po_compendium(FIXTURES / "en.po", "en", "en.po")] == [
        "Donate via PayPal"]
    assert read_po_compendium(FIXTURES / "en.po", "fr", "en.po") == []
    french = read_tmx(FIXTURES / "glossar.tmx", "de", "fr", "glossar.tmx")
    assert [u.target for u in french] == [
        "Une phrase toute nouvelle que seul le glossaire connaît.", "Participe !"]


def test_broken_tmx_names_file_and_line() -> None:
    with pytest.raises(InputError) as raised:
        read_tmx(FIXTURES / "broken.tmx", "de", "en", "tm/broken.tmx")
    assert str(raised.value).startswith("tm/broken.tmx:6: not a readable TMX file")


def test_config_keys_are_validated(tmp_path: Path) -> None:
    (tmp_path / "i18n.toml").write_text("compendia = \"tm.po\"\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="compendia"):
        load_config(tmp_path)
    (tmp_path / "i18n.toml").write_text("tm_min_score = 120\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="tm_min_score"):
        load_config(tmp_path)


# --- matching --------------------------------------------------------------------------------


def test_pieces_join_back_and_find_markup() -> None:
    text = ('Siehe [Blog]({{< ref "/blog/x.md" >}}), <a href="/y">hier</a> &amp; `code` \\* '
            "[Text][lbl] [^1] https://codefor.de und mail@codefor.de  \nweiter {#anker}")
    parts = pieces(text)
    assert "".join(p.text for p in parts) == text
    assert [p.group for p in parts if p.group] == [
        "dest", "tag a", "tag /a", "entity", "code", "escape", "label", "footnote", "url",
        "email", "break", "attrs"]
    plain = pieces("Titel mit <b>Tag</b> und *Stern*", markdown=False)
    assert [p.group for p in plain if p.group] == ["tag b", "tag /b"]


@pytest.mark.parametrize(("old", "translation", "new", "expected"), [
    # another link target, kept by the translation wherever it put the link
    ("Im [Blog](/blog) steht mehr.", "More in the [blog](/blog).",
     "Im [Blog](/blog/2024) steht mehr.", "More in the [blog](/blog/2024)."),
    # another ref path
    ('So der [Text]({{< ref "/a.md" >}}).', 'So says the [text]({{< ref "/a.md" >}}).',
     'So der [Text]({{< ref "/b.md" >}}).', 'So says the [text]({{< ref "/b.md" >}}).'),
    # another href in inline HTML, and another inline code span
    ('Lies <a href="/a">das</a> mit `pip`.', 'Read <a href="/a">this</a> with `pip`.',
     'Lies <a href="/b">das</a> mit `uv`.', 'Read <a href="/b">this</a> with `uv`.'),
    # the style of a hard line break
    ("Erste Zeile  \nzweite Zeile", "First line  \nsecond line",
     "Erste Zeile\\\nzweite Zeile", "First line\\\nsecond line"),
    # a line break the new text does not have
    ("Erste Zeile  \nzweite Zeile", "First line  \nsecond line",
     "Erste Zeile zweite Zeile", "First line second line"),
    # whitespace only
    ("Wer  wir sind", "Who we are", "Wer wir sind", "Who we are"),
])
def test_adapt_uses_the_markup_of_the_new_text(old: str, translation: str, new: str,
                                               expected: str) -> None:
    assert markup_key(pieces(old), loose=True) == markup_key(pieces(new), loose=True)
    adapted = adapt(old, translation, new)
    assert adapted == expected
    assert check_translation(new, adapted) == []


@pytest.mark.parametrize(("old", "new"), [
    # one old target would have to become two different ones
    ("[a](/x) und [b](/x)", "[a](/x) und [b](/y)"),
    # different words
    ("Im [Blog](/blog).", "Im [Archiv](/blog)."),
    # a translated text parameter differs: content, not markup
    ('{{< figure src="a.jpg" alt="Bild" >}} Text', '{{< figure src="a.jpg" alt="Foto" >}} Text'),
    # different entities are different text
    ("Preis &lt; 5", "Preis &gt; 5"),
    # a new line break: where it goes in the translation is a translator's call
    ("Erste Zeile zweite Zeile", "Erste Zeile  \nzweite Zeile"),
])
def test_adapt_refuses_what_is_not_only_markup(old: str, new: str) -> None:
    assert adapt(old, "Translation of " + old, new) is None


def test_lookup_prefers_exact_then_equivalent_then_fuzzy() -> None:
    memory = Memory([
        Unit("Mehr im [Blog](/blog).", "More on the [blog](/blog).", "a.po"),
        Unit("Wir treffen uns jeden Dienstag im Rathaus.", "We meet every Tuesday at the town "
             "hall.", "b.po"),
    ])
    exact = memory.lookup("Mehr im [Blog](/blog).", 0.75)
    assert exact == Match("exact", "More on the [blog](/blog).", memory.units[
        "Mehr im [Blog](/blog)."])
    equivalent = memory.lookup("Mehr im [Blog](/blog/neu).", 0.75)
    assert equivalent is not None and equivalent.kind == "equivalent"
    assert equivalent.text == "More on the [blog](/blog/neu)."
    fuzzy = memory.lookup("Wir treffen uns jeden Mittwoch im Rathaus.", 0.75)
    assert fuzzy is not None and fuzzy.kind == "fuzzy" and 0.75 <= fuzzy.score < 1
    assert memory.lookup("Etwas ganz anderes.", 0.75) is None
    # An adaptation the safety check refuses is offered as a suggestion at most.
    unsafe = Memory([Unit("Im [Blog](/blog).", "In the blog.", "c.po")])
    found = unsafe.lookup("Im [Blog](/x).", 0.5)
    assert found is None or found.kind == "fuzzy"


def test_memory_index_finds_what_the_page_index_finds() -> None:
    """The memory's index probes only rare trigrams; on real text it finds the same best
    match as the update's full trigram count."""
    texts = sorted({line.strip() for page in corpus_pages()[:60]
                    for line in page.read_text(encoding="utf-8").splitlines()
                    if len(line.split()) >= 6})
    assert len(texts) > 300
    memory_index = MemoryIndex(texts)
    page_index = FuzzyIndex(texts)
    rng = random.Random(7)
    agree = found = 0
    for index, text in enumerate(texts):
        words = text.split()
        words[rng.randrange(len(words))] = "verändert"
        query = " ".join(words)
        mine = memory_index.candidates(query, 0.75)
        theirs = page_index.candidates(query, 0.75)
        found += bool(mine) and mine[0][0] == index
        agree += (mine[:1] == theirs[:1]) or (bool(mine) and bool(theirs)
                                               and mine[0][1] == theirs[0][1])
    assert found >= 0.95 * len(texts)
    assert agree >= 0.97 * len(texts)


@pytest.mark.corpus
def test_whole_corpus_with_one_page_in_memory(corpus_content: Path) -> None:
    """One page's translations offered to every message of the real site: its messages that
    other pages repeat come back exactly, and every fill passes the safety check."""
    import cfg_i18n

    pages = {path: cfg_i18n.extract_text(path.read_text(encoding="utf-8"))
             for path in corpus_pages()}
    translated = corpus_content / "_index.md"
    units = [Unit(s.msgid, f"EN {s.msgid}", "_index.po") for s in pages[translated]]
    memory = Memory(units)
    exact = fuzzy = 0
    for path, segments in pages.items():
        if path == translated:
            continue
        for segment in segments:
            match = memory.lookup(segment.msgid, 0.75, segment.markdown)
            if match is None:
                continue
            if match.kind == "fuzzy":
                fuzzy += 1
            else:
                exact += 1
                assert check_translation(segment.msgid, match.text,
                                         markdown=segment.markdown) == []
    assert exact > 0 and fuzzy > 0
