"""Updating catalogs with msgmerge semantics: nothing a translator wrote is ever lost."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from conftest import CORPUS_CONTENT, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfg_i18n import catalog as cat
from cfg_i18n.config import load_config
from cfg_i18n.site import extract_site
from cfg_i18n.sources import catalog_path
from cfg_i18n.update import FuzzyIndex, update_entries

GOLDEN = Path(__file__).parent / "fixtures" / "catalog" / "golden"


def entry(msgid: str, msgstr: str = "", **fields: object) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **fields)


def template(*msgids: str) -> list[polib.POEntry]:
    return [entry(m, comment="type: paragraph", flags=["md-text"],
                  occurrences=[("content/de/a.md", str(i + 1))]) for i, m in enumerate(msgids)]


def by_msgid(entries: list[polib.POEntry]) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in entries if not e.obsolete}


# --- msgmerge semantics on hand-made entries -------------------------------------------------------


def test_unchanged_keeps_translation_comments_and_own_flags() -> None:
    old = [entry("Wer wir sind", "Who we are", tcomment="reviewed", flags=["md-text", "read-only"],
                 occurrences=[("content/de/a.md", "9")])]
    result = update_entries(template("Wer wir sind"), old)
    (kept,) = result.entries
    assert (kept.msgstr, kept.tcomment) == ("Who we are", "reviewed")
    assert kept.flags == ["md-text", "read-only"]
    assert kept.occurrences == [("content/de/a.md", "1")]  # references come from the template
    assert (result.translated, result.fuzzy, result.new, result.obsolete) == (1, 0, 0, 0)


def test_changed_msgid_becomes_fuzzy_with_previous() -> None:
    old = [entry("Wir treffen uns in lokalen Labs und online.", "We meet in local labs and online.")]
    result = update_entries(template("Wir treffen uns in lokalen Labs und auch online."), old)
    (fuzzy,) = result.entries
    assert fuzzy.flags[0] == "fuzzy"
    assert fuzzy.previous_msgid == "Wir treffen uns in lokalen Labs und online."
    assert fuzzy.msgstr == "We meet in local labs and online."
    assert (result.fuzzy_new, result.fuzzy, result.obsolete) == (1, 1, 0)


def test_vanished_becomes_obsolete_and_untranslated_goes() -> None:
    old = [entry("Weg", "Gone", tcomment="note"), entry("Leer"), entry("Bleibt", "Stays")]
    result = update_entries(template("Bleibt", "Ganz anders und neu"), old)
    active = by_msgid(result.entries)
    assert active["Ganz anders und neu"].msgstr == "" and result.new == 1
    obsolete = [e for e in result.entries if e.obsolete]
    assert [(e.msgid, e.msgstr, e.tcomment) for e in obsolete] == [("Weg", "Gone", "note")]
    assert obsolete[0].occurrences == [] and result.obsoleted == 1


def test_obsolete_entry_comes_back_on_exact_match() -> None:
    old = [entry("Zurück", "Back", obsolete=1), entry("Andere", "Other", obsolete=1)]
    result = update_entries(template("Zurück"), old)
    assert by_msgid(result.entries)["Zurück"].msgstr == "Back"
    assert "fuzzy" not in by_msgid(result.entries)["Zurück"].flags
    assert [(e.msgid, e.obsolete) for e in result.entries] == [("Zurück", 0), ("Andere", 1)]
    assert result.obsoleted == 0  # it was obsolete already


def test_fuzzy_entry_stays_fuzzy_with_its_previous_msgid() -> None:
    old = [entry("Neu", "New?", flags=["fuzzy", "md-text"], previous_msgid="Neuer")]
    (kept,) = update_entries(template("Neu"), old).entries
    assert kept.flags == ["fuzzy", "md-text"] and kept.previous_msgid == "Neuer"


def test_each_old_translation_goes_to_its_closest_new_message() -> None:
    first = "Verwaltungen müssen die nötige IT-Expertise in ihren eigenen Abteilungen fördern."
    second = "Unternehmen können selbst Offene Daten publizieren und Open Source verwenden."
    old = [entry(first, "Administrations must foster IT skills."),
           entry(second, "Companies can publish open data.")]
    new = template(second.replace("selbst ", ""), first.replace("nötige ", ""))
    result = update_entries(new, old)
    assert [e.previous_msgid for e in result.entries] == [second, first]
    assert result.obsolete == 0


def test_split_paragraph_shares_the_old_translation() -> None:
    old_text = "Wir bauen hilfreiche Soft- und Hardware-Projekte. Wir analysieren Entwicklungen."
    old = [entry(old_text, "We build useful projects. We analyse developments.")]
    result = update_entries(template("Wir bauen hilfreiche Soft- und Hardware-Projekte.",
                                     "Wir analysieren Entwicklungen."), old)
    first, second = result.entries
    assert first.previous_msgid == old_text and "fuzzy" in first.flags
    assert second.msgstr in ("", old[0].msgstr)
    assert result.obsolete == 0


def test_donor_catalog_fills_exact_matches() -> None:
    donors = {"Impressum": entry("Impressum", "Imprint")}
    result = update_entries(template("Impressum", "Kontakt"), [], donors)
    assert by_msgid(result.entries)["Impressum"].msgstr == "Imprint"
    assert (result.borrowed, result.new) == (1, 1)


def test_donor_fills_an_untranslated_exact_match() -> None:
    old = [entry("Impressum", "", tcomment="legal text")]
    donors = {"Impressum": entry("Impressum", "Imprint")}
    (item,) = update_entries(template("Impressum"), old, donors).entries
    assert (item.msgstr, item.tcomment) == ("Imprint", "")


def test_unrelated_text_is_not_matched() -> None:
    old = [entry("Mehr Blogartikel lesen", "Read more blog posts")]
    result = update_entries(template("Datenschutzerklärung der Open Knowledge Foundation"), old)
    assert result.entries[0].msgstr == "" and result.entries[1].obsolete


def _corpus_msgids() -> list[str]:
    found: dict[str, None] = {}
    for page in sorted(CORPUS_CONTENT.joinpath("blog").glob("2023-*.md")):
        for block in re.split(r"\n\s*\n", page.read_text(encoding="utf-8")):
            text = " ".join(block.split())
            if 40 < len(text) < 600 and not text.startswith(("---", "{{", "<")):
                found.setdefault(text, None)
    return list(found)


def test_fuzzy_index_finds_the_edited_paragraph_among_many() -> None:
    texts = _corpus_msgids()
    assert len(texts) > 100
    index = FuzzyIndex(texts)
    for position in range(0, len(texts), 7):
        words = texts[position].split()
        words[len(words) // 2] = "verändert"
        found = index.candidates(" ".join(words))
        assert found and found[0][0] == position
        assert all(0.6 <= score <= 1 for _, score in found)
    assert index.candidates("Völlig anderer Text über Katzen.") == []


# --- the real edit of the home page -----------------------------------------------------------


@pytest.fixture
def seed_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = tmp_path / "site"
    (site / "content" / "de").mkdir(parents=True)
    shutil.copyfile(SEED, site / "content" / "de" / "_index.md")
    return site


def translate_all(path: Path, label: str = "EN") -> dict[str, str]:
    """Translate every message of a catalog with a recognisable text; return msgid -> text."""
    catalog = cat.read_catalog(path)
    assert catalog is not None
    translations: dict[str, str] = {}
    for number, item in enumerate(catalog.entries):
        if item.obsolete:
            continue
        item.msgstr = f"{label}{number}: {item.msgid[:30]}"
        if "fuzzy" in item.flags:
            item.flags.remove("fuzzy")
        item.previous_msgid = None
        translations[item.msgid] = item.msgstr
    path.write_text(cat.render_catalog(catalog), encoding="utf-8")
    return translations


#: (start of the new msgid, start of the previous msgid) of every changed paragraph.
SEED_CHANGES = [
    ("Wir haben rund 20 regionale Gruppen", "Wir haben rund 20 regionale Gruppen"),
    ("In diesem Video berichten Freiwillige aus", "In diesem Video berichten Freiwillige berichten"),
    ("Code for Germany hat sein rechtliches Zuhause bei dem gemeinnützigen Verein [",
     "Code for Germany hat sein rechtliches Zuhause bei dem gemeinnützigen Verein Open"),
    ("Mit unserer Expertise unterstützen", "Mit unserer Expertise unterstützen"),
    ("In der Blogserie [Out in the Open](/blog)", "In der Blogserie <a href="),
    ("Von den Expert\\*innen von Code for Germany", "Von den Expert\\*innen von Code for Germany"),
    ("Unternehmen können selbst", "Unternehmen können selbst"),
    ("Offene Daten, in maschinenlesbarem Format, zur Verfügung stellen",
     "Offene Daten, in maschinenlesbarem Format, zur Verfügung stellen."),
    ("Langfristige Fördergelder", "Langfristige Fördergelder"),
    ("[Anwendungen](/projekte) aus Offenen Daten", "Anwendungen aus Offenen Daten"),
    ("Eigene Expertise in unserer [Community](/community) teilen",
     "Eigene Expertise in unserer Community teilen."),
    ("Code for Germany mit einer [Spende](/spenden) unterstützen",
     "Code for Germany mit einer Spende unterstützen"),
]


def _all_translations(po: polib.POFile) -> set[str]:
    return {item.msgstr for item in po if item.msgstr}


def test_seed_to_current_home_page_loses_nothing(seed_site: Path) -> None:
    config = load_config(seed_site)
    extract_site(config)
    po_path = catalog_path(config, "en", "_index")
    before = translate_all(po_path)
    assert len(before) == 36

    shutil.copyfile(CORPUS_CONTENT / "_index.md", seed_site / "content" / "de" / "_index.md")
    report = extract_site(config)
    po = cat.load_po(po_path)

    assert set(before.values()) <= _all_translations(po)  # nothing lost
    active = {item.msgid: item for item in po if not item.obsolete}
    unchanged = [msgid for msgid in before if msgid in active]
    assert len(unchanged) == 23
    for msgid in unchanged:
        assert active[msgid].msgstr == before[msgid] and "fuzzy" not in active[msgid].flags
    fuzzy = {msgid: item for msgid, item in active.items() if "fuzzy" in item.flags}
    assert len(fuzzy) == len(SEED_CHANGES)
    for new_start, old_start in SEED_CHANGES:
        (item,) = [fuzzy[m] for m in fuzzy if m.startswith(new_start)]
        (previous,) = [m for m in before if m.startswith(old_start) and m not in active]
        assert item.previous_msgid == previous
        assert item.msgstr == before[previous]
    new = sorted(m for m, item in active.items() if not item.msgstr)
    assert [m[:20] for m in new] == ["**Kurz und bündig: F", "Aus unserer Communit"]
    obsolete = [(item.msgid, item.msgstr) for item in po if item.obsolete]
    assert obsolete == [("Diese Maßnahmen verhelfen uns zu mehr Open Data:",
                         before["Diese Maßnahmen verhelfen uns zu mehr Open Data:"])]
    (language,) = report.languages
    assert (language.translated, language.fuzzy, language.untranslated) == (23, 12, 2)
    assert (language.fuzzy_new, language.new, language.obsoleted) == (12, 2, 1)

    golden = GOLDEN / "seed-update.po"
    if os.environ.get("CFG_I18N_UPDATE_GOLDEN"):
        shutil.copyfile(po_path, golden)
    assert po_path.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


def test_moved_paragraph_keeps_its_translation(seed_site: Path) -> None:
    page = seed_site / "content" / "de" / "_index.md"
    shutil.copyfile(CORPUS_CONTENT / "_index.md", page)
    config = load_config(seed_site)
    extract_site(config)
    before = translate_all(catalog_path(config, "en", "_index"))
    text = page.read_text(encoding="utf-8")
    vision = next(block for block in text.split("\n\n") if block.startswith("Wir wünschen uns"))
    page.write_text(text.replace(vision + "\n\n", "") + "\n" + vision + "\n", encoding="utf-8")
    report = extract_site(config)
    po = cat.load_po(catalog_path(config, "en", "_index"))
    moved = po.find(" ".join(vision.split()))
    assert moved is not None and moved.msgstr == before[moved.msgid]
    assert "fuzzy" not in moved.flags
    assert report.languages[0].fuzzy == 0 and report.languages[0].translated == len(before)


def test_renamed_page_keeps_translations(seed_site: Path) -> None:
    config = load_config(seed_site)
    extract_site(config)
    before = translate_all(catalog_path(config, "en", "_index"))
    source = seed_site / "content" / "de" / "_index.md"
    (seed_site / "content" / "de" / "start").mkdir()
    source.rename(seed_site / "content" / "de" / "start" / "willkommen.md")
    report = extract_site(config)
    moved = cat.load_po(catalog_path(config, "en", "start/willkommen"))
    assert {item.msgid: item.msgstr for item in moved if not item.obsolete} == before
    assert report.languages[0].borrowed == len(before)
    old_po = catalog_path(config, "en", "_index")
    assert old_po.exists() and old_po in report.orphans  # reported, not deleted
    assert catalog_path(config, None, "_index") in report.orphans
    assert any("extract --prune" in d.message for d in report.diagnostics)

    pruned = extract_site(config, prune=True)
    assert not old_po.exists() and not catalog_path(config, None, "_index").exists()
    assert sorted(pruned.pruned) == sorted([old_po, catalog_path(config, None, "_index")])
    assert pruned.orphans == []
    moved_again = cat.load_po(catalog_path(config, "en", "start/willkommen"))
    assert {item.msgid: item.msgstr for item in moved_again if not item.obsolete} == before


# --- random edit sequences: no translation is ever lost ---------------------------------------------

SENTENCES = [
    "Code for Germany ist ein Netzwerk von ehrenamtlich engagierten Menschen.",
    "Wir treffen uns in lokalen Labs und online.",
    "Wir bauen hilfreiche Soft- und Hardware-Projekte.",
    "Wir zeigen den Wert von Offenen Daten.",
    "All unser Code ist frei verwendbar und Open Source.",
    "Die Welt verbessern funktioniert leichter zusammen.",
    "Interessierte Menschen laden wir herzlich ein, unsere Projekte zu durchstöbern.",
    "Wir freuen uns auch sehr über [Spenden](/spenden).",
    "Mehr Blogartikel lesen",
    "Unsere Vision",
]
WORDS = ["neue", "Daten", "gerne", "**fett**", "Stadt", ""]

edit = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 20), st.integers(0, len(SENTENCES) - 1)),
    st.tuples(st.just("delete"), st.integers(0, 20), st.just(0)),
    st.tuples(st.just("reword"), st.integers(0, 20), st.integers(0, 50)),
    st.tuples(st.just("move"), st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.just("rename"), st.integers(0, 1), st.integers(0, 3)),
    st.tuples(st.just("translate"), st.integers(0, 20), st.integers(0, 1)),
)


def _write(site: Path, pages: dict[str, list[str]]) -> None:
    root = site / "content" / "de"
    for file in root.rglob("*.md"):
        file.unlink()
    for name, paragraphs in pages.items():
        (root / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (root / f"{name}.md").write_text(
            "---\ntitle: Seite\n---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _catalogs(site: Path) -> Iterator[Path]:
    yield from sorted((site / "locale" / "en").rglob("*.po"))


def _translate(site: Path, every: int, counter: list[int]) -> None:
    for path in _catalogs(site):
        catalog = cat.read_catalog(path)
        assert catalog is not None
        for number, item in enumerate(catalog.entries):
            if item.obsolete or (number % (every % 3 + 1)):
                continue
            if not item.msgstr or "fuzzy" in item.flags:
                counter[0] += 1
                item.msgstr = f"T{counter[0]}"
                item.flags = [flag for flag in item.flags if flag != "fuzzy"]
                item.previous_msgid = None
        path.write_text(cat.render_catalog(catalog), encoding="utf-8")


def _apply(pages: dict[str, list[str]], step: tuple[str, int, int]) -> None:
    kind, a, b = step
    name = sorted(pages)[a % len(pages)]
    paragraphs = pages[name]
    if kind == "insert":
        paragraphs.insert(a % (len(paragraphs) + 1), SENTENCES[b])
    elif kind == "delete" and paragraphs:
        paragraphs.pop(a % len(paragraphs))
    elif kind == "reword" and paragraphs:
        words = paragraphs[a % len(paragraphs)].split(" ")
        words[b % len(words)] = WORDS[b % len(WORDS)]
        paragraphs[a % len(paragraphs)] = " ".join(w for w in words if w) or "Leer"
    elif kind == "move" and paragraphs:
        paragraphs.insert(b % len(paragraphs), paragraphs.pop(a % len(paragraphs)))
    elif kind == "rename":
        new_name = ["seite-a", "seite-b", "neu/seite-c", "seite d"][b]
        if new_name not in pages:
            pages[new_name] = pages.pop(name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edit, min_size=1, max_size=8))
def test_random_edits_never_lose_a_translation(steps: list[tuple[str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        (site / "content" / "de").mkdir(parents=True)
        pages = {"seite-a": SENTENCES[:4], "seite-b": SENTENCES[4:8]}
        _write(site, pages)
        config = load_config(site)
        extract_site(config)
        counter = [0]
        _translate(site, 0, counter)
        for step in steps:
            if step[0] == "translate":
                _translate(site, step[1], counter)
                continue
            held = set().union(*(_all_translations(cat.load_po(p)) for p in _catalogs(site)))
            _apply(pages, step)
            _write(site, pages)
            extract_site(config)
            kept = set().union(*(_all_translations(cat.load_po(p)) for p in _catalogs(site)))
            assert held <= kept, (step, held - kept)
            for path in _catalogs(site):
                po = cat.load_po(path)
                keys = [(item.msgctxt, item.msgid) for item in po]
                assert len(keys) == len(set(keys)), path  # msgfmt rejects duplicates


def test_suggestion_notes_stay_until_the_entry_is_reviewed() -> None:
    template = [polib.POEntry(msgid="Wir treffen uns online.", comment="type: paragraph")]
    note = "translation memory: 91% match, from locale/en/_index.po"
    suggested = polib.POEntry(msgid="Wir treffen uns online.", msgstr="We meet online.",
                              comment=f"type: paragraph\n{note}", flags=["fuzzy"])
    kept = update_entries(template, [suggested]).entries[0]
    assert kept.comment == f"type: paragraph\n{note}" and "fuzzy" in kept.flags
    reviewed = polib.POEntry(msgid="Wir treffen uns online.", msgstr="We meet online.",
                             comment=f"type: paragraph\n{note}")
    done = update_entries(template, [reviewed]).entries[0]
    assert done.comment == "type: paragraph" and done.msgstr == "We meet online."
