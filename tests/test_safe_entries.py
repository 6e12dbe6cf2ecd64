"""The fast path of the safety rule agrees with the full check on real text."""

from __future__ import annotations

import re

from conftest import CORPUS_CONTENT, corpus_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from cfg_i18n.page import read_page
from cfg_i18n.safe_entries import _MARKUP_TOKEN, markup_sequence, same_markup
from cfg_i18n.safety import check_translation


def reword(text: str, word: str = "Wort") -> str:
    """Replace the words between markup tokens, leaving every token as it is."""
    pieces: list[str] = []
    pos = 0
    for match in _MARKUP_TOKEN.finditer(text):
        pieces.append(re.sub(r"[^\W\d_]+", word, text[pos : match.start()]))
        pieces.append(match.group(0))
        pos = match.end()
    pieces.append(re.sub(r"[^\W\d_]+", word, text[pos:]))
    return "".join(pieces)


def test_reworded_corpus_messages_take_the_fast_path_and_are_safe() -> None:
    checked = 0
    for file in corpus_pages()[::3]:
        page = read_page(file, str(file.relative_to(CORPUS_CONTENT)))
        for segment in page.segments:
            msgstr = reword(segment.msgid)
            if msgstr == segment.msgid or not same_markup(segment.msgid, msgstr):
                continue
            assert check_translation(segment.msgid, msgstr, markdown=segment.markdown) == [], \
                (segment.msgid, msgstr)
            checked += 1
    assert checked > 1000


PIECES = st.sampled_from([
    "Wir", "sind", " ", " ", "**fett**", "*kursiv*", "_unter_", "`code`", "[Text](/ziel)",
    "![Bild](/b.png)", "<a href=\"/x\">Link</a>", "{{< ref \"/jena\" >}}", "\\*", "\n", "!", "**",
    "*", "_", "[", "]", "(", ")", "<br>", "~~weg~~", "Politiker\\*innen",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=12), st.lists(PIECES, min_size=1, max_size=12))
def test_same_markup_implies_no_problems(source: list[str], other: list[str]) -> None:
    msgid = "".join(source).strip()
    msgstr = "".join(other).strip()
    if msgid and msgstr and same_markup(msgid, msgstr):
        assert markup_sequence(msgid) == markup_sequence(msgstr)
        assert check_translation(msgid, msgstr) == [], (msgid, msgstr)


def test_code_spans_pair_backtick_strings_of_the_same_length() -> None:
    # "``" in the middle is one backtick string of length 2: it neither closes the first
    # span nor opens a second, so the msgid is one code span and the translation two.
    msgid, msgstr = "`code``code`", "`code`Wir`code`"
    assert markup_sequence(msgid) == ["`code``code`"]
    assert markup_sequence(msgstr) == ["`code`", "`code`"]
    assert not same_markup(msgid, msgstr) and check_translation(msgid, msgstr) != []
    assert markup_sequence("``a`") == ["``", "`"]  # no partner: each string stands alone


# The token pattern written plainly: one lookahead naming the characters a token starts with,
# then the alternatives, one character per step. The pattern in use is rewritten for speed
# and must mean the same.
_PLAIN_TOKEN = re.compile(
    r"(?=[<{\]`\\!\[*_~\n])(?:"
    r"<(?:(?>\{\{.*?\}\})|[^<>])*+>|\{\{.*?\}\}|\]\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"
    r"|\]\[[^\]]*\](?!\()|(`+)(?:.*?(?<!`)\1(?!`))?|\\."
    r"|!?\[(?:[^\[\]\\]|\\.)*\](?:\[\])?(?![(\[])|!?\[|\]|[*_~]+|\n)",
    re.DOTALL)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab !<>{}[]()`*_~\\\n", max_size=24))
def test_token_pattern_means_what_it_was_written_as(text: str) -> None:
    def spans(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [match.span() for match in pattern.finditer(text)]

    assert spans(_MARKUP_TOKEN) == spans(_PLAIN_TOKEN)


def test_shortcodes_after_an_unclosed_tag_are_read_in_linear_time() -> None:
    # A "<" followed by shortcodes and no ">" once made the scan try every way of splitting
    # them (2**n); with 40 of them that would never finish.
    text = "a < b " + "{{% x %}} " * 40
    assert markup_sequence(text) == ["{{% x %}}"] * 40
