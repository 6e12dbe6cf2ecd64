"""Catalog text: golden POT/PO files of a fixture site, gettext-compatible wrapping, reading back.

The fixture site under ``fixtures/catalog/site`` holds pages copied from codefor.de (home page,
community page with HTML blocks, blog posts with figures, a file name with a space) plus one
hand-written page with a table. Set ``CFG_I18N_UPDATE_GOLDEN=1`` to rewrite the golden files
after an intended change, then review the diff.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po
from conftest import CORPUS_CONTENT

from cfg_i18n import catalog as cat
from cfg_i18n.config import load_config
from cfg_i18n.errors import InputError
from cfg_i18n.segments import Segment, Span
from cfg_i18n.site import extract_site
from cfg_i18n.sources import catalog_path, source_pages

FIXTURES = Path(__file__).parent / "fixtures" / "catalog"
SITE = FIXTURES / "site"
GOLDEN = FIXTURES / "golden"
EPOCH = "1700000000"  # 2023-11-14 22:13 UTC
MSGFMT = shutil.which("msgfmt")
MSGCAT = shutil.which("msgcat")


def copy_site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(SITE, target)
    return target


def tree_digest(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


@pytest.fixture
def extracted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = copy_site(tmp_path)
    extract_site(load_config(site))
    return site


def catalog_files(site: Path) -> list[Path]:
    return sorted(path for path in (site / "locale").rglob("*") if path.suffix in (".po", ".pot"))


# --- the fixture site against its golden files --------------------------------------------------


def test_fixture_site_matches_golden_files(extracted: Path) -> None:
    produced = {p.relative_to(extracted).as_posix(): p for p in catalog_files(extracted)}
    if os.environ.get("CFG_I18N_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN / "locale", ignore_errors=True)
        for rel, path in produced.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, GOLDEN / rel)
    golden = {p.relative_to(GOLDEN).as_posix(): p for p in GOLDEN.joinpath("locale").rglob("*")
              if p.is_file()}
    assert sorted(produced) == sorted(golden)
    for rel, path in produced.items():
        assert path.read_text(encoding="utf-8") == golden[rel].read_text(encoding="utf-8"), rel


def test_layout_covers_every_page(extracted: Path) -> None:
    config = load_config(extracted)
    pages = source_pages(config)
    assert len(pages) == 14
    assert {"_index", "community/_index", "blog/2016-11-04-digital-refugee-labs Kopie"} <= {
        page.rel for page in pages
    }
    for page in pages:
        assert page.ref_path == f"content/de/{page.rel}.md"
        assert catalog_path(config, None, page.rel).is_file()
        assert catalog_path(config, "en", page.rel).is_file()


def test_entries_carry_kind_references_and_flags(extracted: Path) -> None:
    po = cat.load_po(extracted / "locale" / "en" / "termine.po")
    online = po.find("Online")
    assert online is not None
    assert online.occurrences == [("content/de/termine.md", "12"), ("content/de/termine.md", "13")]
    assert online.comment == "type: table cell"
    assert online.flags == ["md-text"]
    assert [entry.msgid for entry in po][:3] == [
        "Termine der Labs", "Wann und wo sich die OK Labs treffen",
        ("Diese Seite ist von Hand für die Tests geschrieben: das echte codefor.de hat keine "
         "Markdown-Tabellen. Die Texte stammen aus den Lab-Seiten."),
    ]
    figure = cat.load_po(extracted / "locale" / "en" / "blog" / "2024-01-26-bodenfeuchte.po")
    alt = next(entry for entry in figure if entry.comment == "type: shortcode figure: alt")
    assert alt.flags == []  # an alt text is plain text, not Markdown
    home = cat.load_po(extracted / "locale" / "en" / "_index.po")
    assert home.metadata["Language"] == "en"
    assert home.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert home.metadata["POT-Creation-Date"] == "2023-11-14 22:13+0000"
    assert home.find("Home").occurrences == [("content/de/_index.md", "2")]


def test_file_name_with_space_stays_one_reference(extracted: Path) -> None:
    rel = "blog/2016-11-04-digital-refugee-labs Kopie"
    path = extracted / "locale" / "en" / f"{rel}.po"
    text = path.read_text(encoding="utf-8")
    assert "#: content/de/blog/2016-11-04-digital-refugee-labs%20Kopie.md:" in text
    for entry in cat.load_po(path):
        for file, line in entry.occurrences:
            assert cat.decode_reference(file) == f"content/de/{rel}.md" and line.isdigit()
    with path.open("rb") as handle:
        for message in read_po(handle):
            for file, line in message.locations:
                assert cat.decode_reference(file) == f"content/de/{rel}.md" and line > 0


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext msgfmt is not installed")
def test_msgfmt_accepts_every_catalog(extracted: Path) -> None:
    files = catalog_files(extracted)
    assert len(files) == 28
    for path in files:
        done = subprocess.run([MSGFMT, "-c", "-o", os.devnull, str(path)],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, (path, done.stderr)
        if path.suffix == ".po":
            assert done.stderr == "", (path, done.stderr)  # not even a warning


def _polib_view(path: Path) -> list[tuple[object, ...]]:
    return [
        (entry.msgid, entry.msgstr, sorted(entry.flags),
         [(cat.decode_reference(f), int(n)) for f, n in entry.occurrences],
         entry.comment.split("\n") if entry.comment else [])
        for entry in cat.load_po(path) if not entry.obsolete
    ]


def _babel_view(path: Path) -> list[tuple[object, ...]]:
    with path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    view: list[tuple[object, ...]] = []
    for message in catalog:
        if not message.id:
            continue
        # babel guesses python-format flags from the text; they are not in the file.
        flags = sorted(f for f in message.flags if not f.startswith("python-"))
        view.append((message.id, message.string, flags,
                     [(cat.decode_reference(f), n) for f, n in message.locations],
                     list(message.auto_comments)))
    return view


def test_polib_and_babel_read_the_same_entries(extracted: Path) -> None:
    for path in catalog_files(extracted):
        assert _polib_view(path) == _babel_view(path), path


def _without_unknown_flags(text: str) -> str:
    """GNU gettext drops flags it does not know (``md-text``); compare without them."""
    text = re.sub(r"^#, md-text\n", "", text, flags=re.MULTILINE)
    return re.sub(r"^(#, .*), md-text$", r"\1", text, flags=re.MULTILINE)


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext msgcat is not installed")
def test_catalogs_are_a_fixed_point_of_msgcat(extracted: Path, tmp_path: Path) -> None:
    for path in catalog_files(extracted):
        out = tmp_path / "out.po"
        subprocess.run([MSGCAT, "-o", str(out), str(path)], check=True, capture_output=True)
        assert out.read_text(encoding="utf-8") == _without_unknown_flags(
            path.read_text(encoding="utf-8")), path


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext msgcat is not installed")
@pytest.mark.parametrize("width", [79, 40, 0])
def test_wrapping_equals_gnu_gettext_on_corpus_text(tmp_path: Path, width: int) -> None:
    texts: dict[str, None] = {}
    for page in sorted(CORPUS_CONTENT.rglob("*.md"))[::3]:
        for block in re.split(r"\n\s*\n", page.read_text(encoding="utf-8")):
            texts.setdefault(" ".join(block.split()), None)
    entries = []
    for index, text in enumerate(t for t in texts if t):
        entry = polib.POEntry(msgid=text, msgstr=text.upper(), flags=["fuzzy"] if index % 7 else [],
                              occurrences=[("content/de/x.md", str(index))])
        if index % 5 == 0:
            entry.previous_msgid = text[: len(text) // 2]
        if index % 11 == 0:
            entry.obsolete = 1
            entry.occurrences = []
        entries.append(entry)
    entries.sort(key=lambda entry: bool(entry.obsolete))  # gettext writes obsolete ones last
    catalog = cat.Catalog("", [("Content-Type", "text/plain; charset=UTF-8")], entries)
    ours = tmp_path / "ours.po"
    ours.write_text(cat.render_catalog(catalog, width), encoding="utf-8")
    gnu = tmp_path / "gnu.po"
    args = ["--no-wrap"] if width == 0 else ["-w", str(width)]
    subprocess.run([MSGCAT, *args, "-o", str(gnu), str(ours)], check=True, capture_output=True)
    assert gnu.read_text(encoding="utf-8") == ours.read_text(encoding="utf-8")


# --- idempotence -------------------------------------------------------------------------------


def test_second_extract_changes_no_byte(extracted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree_digest(extracted / "locale")
    stamps = {p: p.stat().st_mtime_ns for p in catalog_files(extracted)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # a later run on another day
    report = extract_site(load_config(extracted))
    assert report.written == []
    assert tree_digest(extracted / "locale") == before
    assert {p: p.stat().st_mtime_ns for p in catalog_files(extracted)} == stamps


def test_date_changes_only_with_content(extracted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    page = extracted / "content" / "de" / "spenden.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    report = extract_site(load_config(extracted))
    assert sorted(p.name for p in report.written) == ["spenden.po", "spenden.pot"]
    for path in report.written:
        assert cat.load_po(path).metadata["POT-Creation-Date"] == "2027-01-15 08:00+0000"
    other = cat.load_po(extracted / "locale" / "templates" / "termine.pot")
    assert other.metadata["POT-Creation-Date"] == "2023-11-14 22:13+0000"


def _rewrap(text: str) -> str:
    """Move the last word of each line of a plain paragraph to the next line (same line count)."""
    lines = text.split("\n")
    plain = re.compile(r"^[A-Za-zÄÖÜäöü*]")
    for index in range(len(lines) - 1):
        line, following = lines[index], lines[index + 1]
        if not (plain.match(line) and plain.match(following)) or line.endswith("  "):
            continue
        head, _, last = line.rstrip().rpartition(" ")
        if head and not last.startswith("**"):
            lines[index] = head
            lines[index + 1] = f"{last} {following}"
    return "\n".join(lines)


def test_rewrapping_paragraphs_changes_no_catalog(extracted: Path) -> None:
    page = extracted / "content" / "de" / "_index.md"
    source = page.read_text(encoding="utf-8")
    rewrapped = _rewrap(source)
    assert rewrapped != source and rewrapped.count("\n") == source.count("\n")
    before = tree_digest(extracted / "locale")
    page.write_text(rewrapped, encoding="utf-8")
    assert extract_site(load_config(extracted)).written == []
    assert tree_digest(extracted / "locale") == before


def test_reflowing_with_file_references_changes_no_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = copy_site(tmp_path)
    (site / "i18n.toml").write_text('languages = ["en"]\nreferences = "file"\n', encoding="utf-8")
    config = load_config(site)
    extract_site(config)
    home = cat.load_po(site / "locale" / "en" / "_index.po")
    assert home.find("Home").occurrences == [("content/de/_index.md", "")]
    before = tree_digest(site / "locale")
    page = site / "content" / "de" / "_index.md"
    source = page.read_text(encoding="utf-8")
    # Join every hard-wrapped plain paragraph into one line: fewer lines, same messages.
    reflowed = re.sub(r"(?<=[a-zäöüß,.])\n(?=[a-zäöü])", " ", source)
    assert reflowed.count("\n") < source.count("\n") - 20
    page.write_text(reflowed, encoding="utf-8")
    assert extract_site(config).written == []
    assert tree_digest(site / "locale") == before


def test_wrap_width_from_config(extracted: Path) -> None:
    config = load_config(extracted, {"wrap_width": 0})
    extract_site(config)
    text = (extracted / "locale" / "en" / "_index.po").read_text(encoding="utf-8")
    assert 'msgid "Code for Germany ist ein Netzwerk von ehrenamtlich engagierten Menschen,' in text
    assert max(len(line) for line in text.splitlines() if line.startswith("msgid")) > 200


# --- building blocks on hand-made input -----------------------------------------------------------


def _segment(msgid: str, kind: str, line: int, markdown: bool = True) -> Segment:
    return Segment(msgid=msgid, kind=kind, line=line, span=Span(0, 0), markdown=markdown)


def test_template_entries_merge_identical_msgids() -> None:
    entries = cat.template_entries([
        _segment("Home", "front matter: title", 2, markdown=False),
        _segment("Wer wir sind", "heading", 5),
        _segment("", "paragraph", 6),
        _segment("Home", "paragraph", 9),
        _segment("Wer wir sind", "heading", 12),
    ], "content/de/a b.md")
    assert [e.msgid for e in entries] == ["Home", "Wer wir sind"]
    home, who = entries
    assert home.occurrences == [("content/de/a%20b.md", "2"), ("content/de/a%20b.md", "9")]
    assert home.comment == "type: front matter: title\ntype: paragraph"
    assert home.flags == ["md-text"]
    assert who.comment == "type: heading" and len(who.occurrences) == 2


def test_render_small_catalog_exactly() -> None:
    entry = polib.POEntry(msgid="Wer wir sind", msgstr="Who we are", comment="type: heading",
                          occurrences=[("content/de/_index.md", "12")], flags=["md-text", "fuzzy"],
                          previous_msgid="Wer sind wir", tcomment="checked")
    gone = polib.POEntry(msgid="Alt", msgstr="Old", obsolete=1, flags=["fuzzy"],
                         previous_msgid="Älter")
    catalog = cat.Catalog("Header line", [("Language", "en"), ("X-Test", "a\\b")], [entry, gone])
    assert cat.render_catalog(catalog) == (
        "# Header line\n"
        'msgid ""\n'
        'msgstr ""\n'
        '"Language: en\\n"\n'
        '"X-Test: a\\\\b\\n"\n'
        "\n"
        "# checked\n"
        "#. type: heading\n"
        "#: content/de/_index.md:12\n"
        "#, fuzzy, md-text\n"
        '#| msgid "Wer sind wir"\n'
        'msgid "Wer wir sind"\n'
        'msgstr "Who we are"\n'
        "\n"
        "#, fuzzy\n"
        '#~| msgid "Älter"\n'
        '#~ msgid "Alt"\n'
        '#~ msgstr "Old"\n'
    )


def test_format_field_wrapping() -> None:
    assert cat.format_field("msgid", "kurz") == ['msgid "kurz"']
    assert cat.format_field("msgstr", 'ein "Zitat"\tmit Tab') == ['msgstr "ein \\"Zitat\\"\\tmit Tab"']
    assert cat.format_field("msgid", "a\nb\n") == ['msgid ""', '"a\\n"', '"b\\n"']
    long = "Wort " * 30
    lines = cat.format_field("msgid", long.strip())
    assert lines[0] == 'msgid ""' and all(len(line) <= 79 for line in lines)
    assert "".join(line.strip('"') for line in lines[1:]) == long.strip()
    assert cat.format_field("msgid", long.strip(), wrap_width=0) == [f'msgid "{long.strip()}"']
    url = "https://example.org/" + "x" * 100
    assert cat.format_field("msgid", url)[1:] == ['"https://example.org/"', f'"{"x" * 100}"']


def test_references_wrap_like_gettext() -> None:
    refs = [f"content/de/blog/{'x' * 30}-{n}.md:{n}" for n in range(3)]
    lines = cat.format_references(refs)
    assert all(len(line) <= 79 for line in lines) and len(lines) == 3
    assert cat.format_references(["a.md:1", "b.md:2"]) == ["#: a.md:1 b.md:2"]
    assert cat.decode_reference(cat.encode_reference("a b%c.md")) == "a b%c.md"
    assert cat.decode_reference("\u2068a b.md\u2069") == "a b.md"


# --- reading ---------------------------------------------------------------------------------------


def test_broken_po_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\nmsgid "c"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cat.load_po(path)
    assert caught.value.path == str(path)
    assert caught.value.line == 5
    assert "broken PO file" in str(caught.value)


def test_non_utf8_po_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes('msgid ""\nmsgstr ""\n\nmsgid "Grüße"\nmsgstr ""\n'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as caught:
        cat.load_po(path)
    assert caught.value.line == 4


def test_creation_date_honours_source_date_epoch() -> None:
    assert cat.creation_date({"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01 00:00+0000"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d\+0000", cat.creation_date({}))
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        cat.creation_date({"SOURCE_DATE_EPOCH": "yesterday"})
