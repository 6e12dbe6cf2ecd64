"""Line wrapping of catalog strings against GNU gettext, on every message of the real site.

The catalog writer wraps ``msgid``/``msgstr`` lines itself, with shortcuts for the common cases
(a plain word before the limit, text that fits). ``msgcat`` is the reference: a catalog holding
every corpus message, rendered by us at a given width, must come back from ``msgcat`` unchanged.
The strings go through every code path: on the keyword's line, after ``#| `` and ``#~ ``
prefixes, split into several lines at ``\\n``, and ending with one.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import corpus_pages

import cfg_i18n
from cfg_i18n import catalog as cat

MSGCAT = shutil.which("msgcat")

#: Hand-made text the corpus lacks: wide and zero-width characters, no-break and Unicode
#: spaces, brackets and quotes before words, escapes next to the limit, runs of spaces.
EXTRA_TEXTS = [
    "日本語のテキストは文字ごとに折り返すことができます、" * 4,
    "한국어 텍스트도 여기에 있습니다 " * 6,
    "Cafe\u0301 und Re\u0301sume\u0301 mit kombinierenden Zeichen, " * 5,
    "Kosten:\u00a0100\u00a0€ pro\u202fMonat und\u2014ohne\u2013Pause\u2026weiter " * 4,
    "Wort ( [Klammer] {geschweift} „Zitat“ «Guillemets» »umgekehrt« ‚einfach‘ " * 3,
    'Sie sagte: \\"Hallo\\" und ging.\tDann\\\\kam "mehr" \\\\"Text" ' * 4,
    "a" * 70 + " " + "b" * 100 + "-" + "c" * 30 + "/" + "d" * 20,
    "Leerzeichen    in    Reihe    vor    dem    Umbruch    " * 4,
    "soft\u00adhyphen\u00adwords and zero\u200bwidth\u200bspaces with joiner\u2060s " * 4,
    "https://example.org/a-very-long-path/with_underscores/and-hyphens?query=1&x=2#frag" * 2,
    "(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((( x",
    "1.000,50 € – 2.000 $ + 30 % = 45° (ca.) 12:30 Uhr, 3/4 Std.; ok!? ja!",
]


@pytest.fixture(scope="module")
def messages(corpus_content: Path) -> list[str]:
    """Every distinct msgid of the real site, in page order, and the hand-made extras."""
    texts: dict[str, None] = {}
    for page in corpus_pages():
        for segment in cfg_i18n.extract_text(page.read_text(encoding="utf-8"), str(page)):
            texts.setdefault(segment.msgid, None)
    for text in EXTRA_TEXTS:
        texts.setdefault(text, None)
    return [text for text in texts if text]


def corpus_catalog(messages: list[str]) -> cat.Catalog:
    """One entry per message, with translations that exercise every field layout."""
    entries = []
    for index, text in enumerate(messages):
        middle = len(text) // 2
        if index % 3 == 0:
            msgstr = text[:middle] + "\n" + text[middle:]  # several portions
        elif index % 3 == 1:
            msgstr = text + "\n"  # one portion ending with a newline
        else:
            msgstr = ""  # the keyword line alone (the msgid already covers plain text)
        entry = polib.POEntry(msgid=text, msgstr=msgstr, occurrences=[("x.md", str(index))])
        if index % 4 == 0 and msgstr:  # msgcat drops ``fuzzy`` from untranslated entries
            entry.flags = ["fuzzy"]
            entry.previous_msgid = text[middle:]
        entries.append(entry)
    obsolete = []
    for index, text in enumerate(messages[::9]):
        # Obsolete entries must not share a msgid with active ones: msgcat would merge them.
        entry = polib.POEntry(msgid=f"{index} {text}", msgstr=text)
        entry.obsolete = 1
        obsolete.append(entry)
    return cat.Catalog("", [("Content-Type", "text/plain; charset=UTF-8")], entries + obsolete)


def test_corpus_holds_the_messages_that_need_wrapping(messages: list[str]) -> None:
    """The check below means something only if the text is long, escaped and multi-line."""
    assert len(messages) > 8000
    assert sum(len(text) > 200 for text in messages) > 3000
    assert any('"' in text for text in messages) and any("\n" in text for text in messages)


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext msgcat is not installed")
@pytest.mark.parametrize("width", [79, 40, 20, 10, 0])
def test_rendering_equals_msgcat(messages: list[str], tmp_path: Path, width: int) -> None:
    """Entries only: GNU never wraps the header entry's fields. 20 is msgcat's smallest width:
    a narrower one counts as 20, for cfg-i18n as for msgcat."""
    text = cat.render_catalog(corpus_catalog(messages), width)
    ours = tmp_path / "ours.po"
    ours.write_text(text, encoding="utf-8")
    gnu = tmp_path / "gnu.po"
    args = ["--no-wrap"] if width == 0 else [f"--width={width}"]
    subprocess.run([MSGCAT, *args, "-o", str(gnu), str(ours)], check=True, capture_output=True)
    expected = gnu.read_text(encoding="utf-8")
    text, expected = text.split("\n\n", 1)[1], expected.split("\n\n", 1)[1]
    if expected != text:
        got, want = text.split("\n"), expected.split("\n")
        first = next(i for i, pair in enumerate(zip(got, want)) if pair[0] != pair[1])
        pytest.fail(f"width {width}: line {first + 1} differs from msgcat:\n"
                    f"ours: {got[first - 2:first + 3]}\ngnu:  {want[first - 2:first + 3]}")


@pytest.mark.parametrize("width", [79, 40, 10, 0])
def test_wrapped_lines_rejoin_to_the_escaped_text(messages: list[str], width: int) -> None:
    """Wrapping only splits: no character is lost, doubled or moved, whatever the path."""
    for text in messages[::20]:
        for value in (text, text + "\n", "\n".join(text.split(". "))):
            lines = cat.format_field("msgstr", value, "#~ ", width)
            assert lines == cat.format_field("msgstr", value, "#~ ", width)  # memoised the same
            joined = "".join(line[line.index('"') + 1:-1] for line in lines)
            assert joined == polib.escape(value)
            assert len(lines) == 1 or lines[0] == '#~ msgstr ""'
