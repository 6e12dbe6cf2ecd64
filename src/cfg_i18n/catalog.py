"""Catalogs as text: segments -> POT/PO entries, entries -> PO text, PO files -> entries.

Text is generated without I/O and written through :func:`cfg_i18n.fsutil.write_atomic`, so a
catalog whose bytes do not change is never touched. Lines are wrapped the way GNU gettext
(``msgcat``, ``msgmerge``) wraps them, so catalogs that went through gettext tools or were
written by us look the same, and a file we write is a fixed point of ``msgcat``. Escaping is
polib's; the wrapper is ours because polib's splits file names with spaces and costs more time
than parsing the whole site.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import polib

from cfg_i18n.errors import InputError
from cfg_i18n.segments import MARKDOWN_FLAG, Segment

#: Flags the catalog writer manages; everything else on an entry belongs to the translators.
MANAGED_FLAGS = frozenset({MARKDOWN_FLAG})
FUZZY = "fuzzy"
TYPE_PREFIX = "type: "
DATE_FORMAT = "%Y-%m-%d %H:%M%z"
POT_DATE_KEY = "POT-Creation-Date"

# Unicode isolates that GNU gettext puts around file names with spaces in ``#:`` lines.
FSI = "\u2068"
PDI = "\u2069"

# --- line breaking as GNU gettext does it (libunistring's UAX #14 pair table) ----------------

# ^ prohibited, % break only after spaces, _ break allowed, @/# combining (as prohibited/indirect)
_PAIR_TABLE = """
   OP CL CP QU GL NS EX SY IS PR PO NU AL HL ID IN HY BA BB B2 ZW CM WJ
OP  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  @  ^
CL  _  ^  ^  %  %  ^  ^  ^  ^  %  %  _  _  _  _  _  %  %  _  _  ^  #  ^
CP  _  ^  ^  %  %  ^  ^  ^  ^  %  %  %  %  %  _  _  %  %  _  _  ^  #  ^
QU  ^  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  %  %  %  %  %  %  ^  #  ^
GL  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  %  %  %  %  %  %  ^  #  ^
NS  _  ^  ^  %  %  %  ^  ^  ^  _  _  _  _  _  _  _  %  %  _  _  ^  #  ^
EX  _  ^  ^  %  %  %  ^  ^  ^  _  _  _  _  _  _  %  %  %  _  _  ^  #  ^
SY  _  ^  ^  %  %  %  ^  ^  ^  _  _  %  _  %  _  _  %  %  _  _  ^  #  ^
IS  _  ^  ^  %  %  %  ^  ^  ^  _  _  %  _  %  _  _  %  %  _  _  ^  #  ^
PR  %  ^  ^  %  %  %  ^  ^  ^  _  _  %  %  %  %  _  %  %  _  _  ^  #  ^
PO  %  ^  ^  %  %  %  ^  ^  ^  _  _  %  %  %  _  _  %  %  _  _  ^  #  ^
NU  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  _  %  %  %  _  _  ^  #  ^
AL  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  _  %  %  %  _  _  ^  #  ^
HL  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  _  %  %  %  _  _  ^  #  ^
ID  _  ^  ^  %  %  %  ^  ^  ^  _  %  _  _  _  _  %  %  %  _  _  ^  #  ^
IN  _  ^  ^  %  %  %  ^  ^  ^  _  _  _  _  _  _  %  %  %  _  _  ^  #  ^
HY  _  ^  ^  %  _  %  ^  ^  ^  _  _  %  _  _  _  _  %  %  _  _  ^  #  ^
BA  _  ^  ^  %  _  %  ^  ^  ^  _  _  _  _  _  _  _  %  %  _  _  ^  #  ^
BB  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  %  %  %  %  %  %  ^  #  ^
B2  _  ^  ^  %  %  %  ^  ^  ^  _  _  _  _  _  _  _  %  %  _  ^  ^  #  ^
ZW  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  ^  _  _
CM  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  _  %  %  %  _  _  ^  #  ^
WJ  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  %  %  %  %  %  %  ^  #  ^
"""


def _parse_pair_table() -> dict[tuple[str, str], str]:
    header, *rows = _PAIR_TABLE.strip().splitlines()
    columns = header.split()
    table: dict[tuple[str, str], str] = {}
    for row in rows:
        before, *actions = row.split()
        assert len(actions) == len(columns), before
        for after, action in zip(columns, actions):
            table[before, after] = {"@": "^", "#": "%"}.get(action, action)
    return table


_PAIRS = _parse_pair_table()

_ASCII_CLASSES = {
    **dict.fromkeys("([{", "OP"),
    "}": "CL",
    **dict.fromkeys(")]", "CP"),
    **dict.fromkeys("\"'", "QU"),
    **dict.fromkeys("!?", "EX"),
    "/": "SY",
    **dict.fromkeys(",.:;", "IS"),
    **dict.fromkeys("$+\\", "PR"),
    "%": "PO",
    **dict.fromkeys("0123456789", "NU"),
    "-": "HY",
    **dict.fromkeys("\t|", "BA"),
    " ": "SP",
}
_SPECIAL_CLASSES = {
    "\u00a0": "GL", "\u202f": "GL", "\u2007": "GL", "\u2011": "GL", "\u180e": "GL",
    "\u00ad": "BA", "\u2010": "BA", "\u2012": "BA", "\u2013": "BA", "\u2014": "B2",
    "\u200b": "ZW", "\u2060": "WJ", "\ufeff": "WJ", "\u00b4": "BB",
    "\u201e": "OP", "\u201a": "OP", "\u00ab": "QU", "\u00bb": "QU",
    "\u2018": "QU", "\u2019": "QU", "\u201c": "QU", "\u201d": "QU",
    "\u2039": "QU", "\u203a": "QU", "\u2026": "IN", "\u2024": "IN", "\u2025": "IN",
    "\u00b0": "PO", "\u2030": "PO", "\u2032": "PO", "\u2033": "PO", "\u00a2": "PO",
    "\u20ac": "PR", "\u00a3": "PR", "\u00a5": "PR", "\u00b1": "PR", "\u2116": "PR",
    "\u3001": "CL", "\u3002": "CL", "\uff0c": "CL", "\uff0e": "CL",
}
_CATEGORY_CLASSES = {
    "Ps": "OP", "Pe": "CL", "Pi": "QU", "Pf": "QU", "Nd": "NU",
    "Mn": "CM", "Mc": "CM", "Me": "CM", "Zs": "BA", "Sc": "PR",
}


@lru_cache(maxsize=4096)
def _break_class(char: str) -> str:
    """The UAX #14 line-break class of ``char``, as far as catalog text needs it."""
    found = _ASCII_CLASSES.get(char) or _SPECIAL_CLASSES.get(char)
    if found:
        return found
    if unicodedata.east_asian_width(char) in ("W", "F") and char.isalpha():
        return "ID"
    cls = _CATEGORY_CLASSES.get(unicodedata.category(char), "AL")
    return "AL" if cls == "CM" else cls


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


# Characters of width 1 that cover nearly all European text; anything else is measured.
_NARROW_ONLY = re.compile(r"[\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]*\Z")


def _columns(text: str) -> list[int]:
    """Column offset of each character of ``text`` plus the end (prefix sums of widths)."""
    offsets = [0]
    total = 0
    for char in text:
        total += _char_width(char)
        offsets.append(total)
    return offsets


def _may_break_before(text: str, index: int) -> bool:
    """Whether GNU gettext may end a line just before ``text[index]`` (escaped PO text)."""
    after = text[index]
    before = text[index - 1]
    if after == " ":
        return False
    # Never split an escape sequence (``\\n``, ``\\"``): count the backslashes before.
    slashes = 0
    probe = index - 1
    while probe >= 0 and text[probe] == "\\":
        slashes += 1
        probe -= 1
    if slashes % 2:
        return False
    spaced = before == " "
    probe = index - 1
    while probe >= 0 and text[probe] == " ":
        probe -= 1
    if probe < 0:
        return False
    action = _PAIRS.get((_break_class(text[probe]), _break_class(after)), "%")
    if action == "_":
        return True
    return action == "%" and spaced


def _wrap_lines(text: str, first_column: int, next_column: int, width: int) -> list[str]:
    """Split escaped ``text`` into line pieces at GNU gettext's break points.

    libunistring's greedy rule: a line ends at the last break opportunity whose text still fits
    in ``width`` columns (trailing spaces count); a piece too long for any line stands alone.
    """
    columns = None if _NARROW_ONLY.match(text) else _columns(text)

    def column_of(index: int) -> int:
        return index if columns is None else columns[index]

    size = len(text)
    # Never break just before the escaped newline that ends a portion.
    last_allowed = size - 2 if text.endswith("\\n") else size - 1
    pieces: list[str] = []
    start = 0
    column = first_column
    while column + column_of(size) - column_of(start) > width:
        room = width - column
        if columns is None:
            fits = min(size, start + room)
        else:
            fits = bisect_right(columns, columns[start] + room) - 1
        fits = max(fits, start)
        end = 0
        for index in range(min(fits, last_allowed), start, -1):
            if _may_break_before(text, index):
                end = index
                break
        if not end:
            for index in range(fits + 1, last_allowed + 1):
                if _may_break_before(text, index):
                    end = index
                    break
        if not end:
            break
        pieces.append(text[start:end])
        start = end
        column = next_column
    pieces.append(text[start:])
    return pieces


def format_field(keyword: str, value: str, prefix: str = "", wrap_width: int = 79) -> list[str]:
    """The lines of ``keyword "value"`` (``msgid``, ``msgstr``, ``msgstr[0]``) as gettext writes them.

    >>> format_field("msgid", "Wer wir sind")
    ['msgid "Wer wir sind"']
    >>> format_field("msgid", "Zeile\\nzwei")
    ['msgid ""', '"Zeile\\\\n"', '"zwei"']
    """
    # Portions end after each newline; more than one portion always starts with an empty line.
    portions = [polib.escape(part) for part in value.splitlines(keepends=True)] or [""]
    head = f"{prefix}{keyword} "
    if wrap_width <= 0:
        if len(portions) == 1:
            return [f'{head}"{portions[0]}"']
        return [f'{head}""'] + [f'{prefix}"{portion}"' for portion in portions]
    width = wrap_width - 1
    if len(portions) == 1:
        pieces = _wrap_lines(portions[0], len(head) + 1, len(prefix) + 1, width)
        if len(pieces) == 1:
            return [f'{head}"{pieces[0]}"']
    lines = [f'{head}""']
    for portion in portions:
        for piece in _wrap_lines(portion, len(prefix) + 1, len(prefix) + 1, width):
            lines.append(f'{prefix}"{piece}"')
    return lines
