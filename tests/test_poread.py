"""The fast PO reader agrees with polib, and leaves what it does not know to polib."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from cfg_i18n import InputError
from cfg_i18n.poread import read_messages

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted(ROOT.glob("locale/**/*.po")) + sorted(ROOT.glob("tests/fixtures/**/*.po"))


def polib_view(path: Path) -> list[tuple[str, str, bool, int, str | None]]:
    return [(e.msgid, e.msgstr, "fuzzy" in e.flags, e.linenum, e.msgctxt)
            for e in polib.pofile(str(path)) if not e.obsolete and e.msgid]


@pytest.mark.parametrize("path", CATALOGS, ids=[str(p.relative_to(ROOT)) for p in CATALOGS])
def test_same_messages_as_polib(path: Path) -> None:
    got = [(m.msgid, m.msgstr, m.fuzzy, m.line, m.msgctxt) for m in read_messages(path)]
    assert got == polib_view(path)


def test_fuzzy_obsolete_context_and_escapes(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#. type: paragraph\n#, fuzzy, md-text\n#| msgid "Alt"\nmsgid "Neu"\nmsgstr "New"\n\n'
        'msgctxt "menu"\nmsgid "Spenden"\nmsgstr "Donate"\n\n'
        'msgid ""\n"Zeile \\"eins\\"\\n"\n"zwei"\nmsgstr "Line \\"one\\"\\ntwo"\n\n'
        '#~ msgid "Weg"\n#~ msgstr "Gone"\n', encoding="utf-8")
    messages = read_messages(po)
    assert [(m.msgid, m.msgstr, m.fuzzy, m.msgctxt) for m in messages] == [
        ("Neu", "New", True, None),
        ("Spenden", "Donate", False, "menu"),
        ('Zeile "eins"\nzwei', 'Line "one"\ntwo', False, None),
    ]
    assert [(m.msgid, m.line) for m in messages] == [(m[0], m[3]) for m in polib_view(po)]


@pytest.mark.parametrize("msgstr", [
    '""\n"One \\""\n"\\" two"\n',        # an escaped quote at the end and start of lines
    '"One "\n"two"\n',                     # no empty first line
    '""  \n  "One "\t\n\t"two"  \n',      # blanks around the quotes
    '""\n"One\\n"\n""\n"two \\\\"\n',   # an empty line, an escaped backslash at the end
])
def test_continuation_lines_as_any_tool_writes_them(tmp_path: Path, msgstr: str) -> None:
    po = tmp_path / "x.po"
    po.write_text(f'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Eins zwei"\nmsgstr {msgstr}',
                  encoding="utf-8")
    got = [(m.msgid, m.msgstr, m.fuzzy, m.line, m.msgctxt) for m in read_messages(po)]
    assert got == polib_view(po) and got[0][1].startswith("One")


def test_plural_entries_go_through_polib(tmp_path: Path) -> None:
    po = tmp_path / "p.po"
    po.write_text('msgid "Tag"\nmsgid_plural "Tage"\nmsgstr[0] "day"\nmsgstr[1] "days"\n',
                  encoding="utf-8")
    assert [(m.msgid, m.msgstr) for m in read_messages(po)] == [("Tag", "")]


def test_broken_catalog_names_file_and_line(tmp_path: Path) -> None:
    po = tmp_path / "broken.po"
    po.write_text('msgid "Eins"\nmsgstr "One"\n\nmsgid "Zwei\nmsgstr "Two"\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_messages(po)
    assert info.value.line == 4 and "broken.po" in str(info.value)


def test_flags_of_an_obsolete_entry_stay_with_it(tmp_path: Path) -> None:
    """``#, fuzzy`` above ``#~`` lines belongs to the obsolete entry, as gettext writes it; the
    active entry after it is not fuzzy (its translation would otherwise never be applied)."""
    po = tmp_path / "o.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
                  '#, fuzzy\n#~ msgid "Alt"\n#~ msgstr "Old"\n\n'
                  '#: seite.md:3\nmsgid "Neu"\nmsgstr "New"\n', encoding="utf-8")
    got = [(m.msgid, m.msgstr, m.fuzzy, m.line, m.msgctxt) for m in read_messages(po)]
    assert got == polib_view(po) == [("Neu", "New", False, 9, None)]


def test_other_line_ends_go_through_polib(tmp_path: Path) -> None:
    po = tmp_path / "crlf.po"
    po.write_bytes(b'msgid ""\r\nmsgstr ""\r\n\r\n#: a.md:1\r\nmsgid "Eins"\r\nmsgstr "One"\r\n')
    got = [(m.msgid, m.msgstr, m.fuzzy, m.line, m.msgctxt) for m in read_messages(po)]
    assert got == polib_view(po) == [("Eins", "One", False, 4, None)]


@pytest.mark.parametrize(("text", "line"), [
    ('msgid "Eins"\nmsgstr "One\\"\n', 2),  # the closing quote is escaped
    ('msgid "Eins"\nmsgstr "One"\nmsgstr "Again"\n', 3),  # a keyword twice
])
def test_broken_layouts_name_the_line(tmp_path: Path, text: str, line: int) -> None:
    po = tmp_path / "u.po"
    po.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_messages(po)
    assert info.value.line == line
