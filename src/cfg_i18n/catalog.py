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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import polib

from cfg_i18n.errors import InputError
from cfg_i18n.segments import MARKDOWN_FLAG, Segment

#: Flags the catalog writer manages; everything else on an entry belongs to the translators.
MANAGED_FLAGS = frozenset({MARKDOWN_FLAG})
#: Extracted-comment lines that say where a suggested (fuzzy) translation came from: written by
#: the translation memory and by import, kept by updates until the entry is reviewed.
SUGGESTION_NOTES = ("translation memory:", "imported from ")


def add_note(entry: polib.POEntry, note: str) -> None:
    """Add an extracted-comment line to ``entry`` (once)."""
    lines = entry.comment.split("\n") if entry.comment else []
    if note not in lines:
        entry.comment = "\n".join([*lines, note])


def suggestion_notes(entry: polib.POEntry) -> list[str]:
    """The suggestion notes among ``entry``'s extracted comments."""
    return [line for line in (entry.comment or "").split("\n") if line.startswith(SUGGESTION_NOTES)]
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


# Characters next to which a break may fall: all but letters and digits of alphabetic scripts.
# (Written as a negated range: the range up to U+10FFFF costs 6 ms to compile at every start.)
_BREAK_NEIGHBOUR = re.compile(r"_|\W|[^\x00-\u10ff]")


def _break_at_or_before(text: str, high: int, low: int) -> int:
    """The last break opportunity in ``(low, high]``, or 0.

    Only the text after the last space needs a look, and there only the places next to a
    non-letter (a break needs one on a side). Mostly that text is a plain word, so one
    ``rfind`` and one regex search settle the line: the pair table forbids a break between a
    space and a letter or digit (classes AL, NU) only after an opening bracket (class OP).
    """
    if high <= low:
        return 0
    if text[high] == " " and high - 1 > low and text[high - 1] != " ":
        high -= 1  # no break falls before a space: the limit may as well be one earlier
    space = text.rfind(" ", low, high)
    stop = max(low, space)
    if space >= 0 and _BREAK_NEIGHBOUR.search(text, space + 1, high + 1) is None:
        probe = space - 1
        while probe >= 0 and text[probe] == " ":
            probe -= 1
        if probe >= 0 and _break_class(text[probe]) != "OP":
            return space + 1
    else:
        for index in range(high, stop, -1):
            before = text[index - 1]
            after = text[index]
            if before.isalnum() and after.isalnum() and before < "\u1100" and after < "\u1100":
                continue
            if _may_break_before(text, index):
                return index
    if stop == low:
        return 0
    return _break_at_or_before(text, stop, low)


def _break_after(text: str, low: int, high: int) -> int:
    """The first break opportunity in ``(low, high]``, or 0 (skips long words quickly)."""
    position = low + 1
    while position <= high:
        found = _BREAK_NEIGHBOUR.search(text, position - 1, high + 1)
        if found is None:
            return 0
        mark = found.start()
        for index in (mark, mark + 1):
            if position <= index <= high and _may_break_before(text, index):
                return index
        position = mark + 2
    return 0


def _column_table(text: str) -> list[int] | None:
    """:func:`_columns` of ``text``, or None when every character is one column wide."""
    return None if text.isascii() or _NARROW_ONLY.match(text) else _columns(text)


def _line_end(
    text: str, columns: list[int] | None, start: int, column: int, width: int, newline: bool
) -> int:
    """Where the line holding ``text[start:]`` from ``column`` on ends, or 0 if it holds it all.

    libunistring's greedy rule: a line ends at the last break opportunity whose text still fits
    in ``width`` columns (trailing spaces count); a piece too long for any line stands alone.
    """
    size = len(text)
    if columns is None:
        if column + size - start <= width:
            return 0
        fits = max(min(size, start + width - column), start)
    else:
        if column + columns[size] - columns[start] <= width:
            return 0
        fits = max(bisect_right(columns, columns[start] + width - column) - 1, start)
    # Never break just before the escaped newline that ends a portion (GNU's override).
    last_allowed = size - 3 if newline else size - 1
    return _break_at_or_before(text, min(fits, last_allowed), start) or _break_after(
        text, fits, last_allowed
    )


def _wrap_lines(
    text: str, first_column: int, next_column: int, width: int, newline: bool = False
) -> list[str]:
    """Split escaped ``text`` into line pieces at GNU gettext's break points.

    ``newline`` says that ``text`` ends with an escaped line break, which stays on its line.
    """
    columns = _column_table(text)
    pieces: list[str] = []
    start = 0
    end = _line_end(text, columns, start, first_column, width, newline)
    while end:
        pieces.append(text[start:end])
        start = end
        end = _line_end(text, columns, start, next_column, width, newline)
    pieces.append(text[start:])
    return pieces


# What polib's ``escape`` replaces; most catalog text has none of it and is used as is.
_NEEDS_ESCAPE = re.compile(r'[\\\t\r\n\v\b\f"]')


def _escape(text: str) -> str:
    """polib's escaping, without its eight passes over text that needs none."""
    return polib.escape(text) if _NEEDS_ESCAPE.search(text) else text


@lru_cache(maxsize=8192)
def _format_cached(keyword: str, value: str, prefix: str, wrap_width: int) -> tuple[str, ...]:
    return tuple(_format_field(keyword, value, prefix, wrap_width))


def format_field(keyword: str, value: str, prefix: str = "", wrap_width: int = 79) -> list[str]:
    """The lines of ``keyword "value"`` (``msgid``, ``msgstr``, ``msgstr[0]``) as gettext writes them.

    >>> format_field("msgid", "Wer wir sind")
    ['msgid "Wer wir sind"']
    >>> format_field("msgid", "Zeile\\nzwei")
    ['msgid ""', '"Zeile\\\\n"', '"zwei"']
    """
    if not value:
        return [f'{prefix}{keyword} ""']  # every untranslated msgstr
    if keyword == "msgid":
        # A msgid is written to the template and to every language's catalog: wrap it once.
        return list(_format_cached(keyword, value, prefix, wrap_width))
    return _format_field(keyword, value, prefix, wrap_width)


@lru_cache(maxsize=1024)
def _portion_lines(part: str, prefix: str, wrap_width: int) -> tuple[str, ...]:
    """The continuation lines of one line (``part``) of a multi-line value.

    Cached because header fields (``Content-Type: …\\n``) are the same lines in every catalog.
    """
    column = len(prefix) + 1
    pieces = _wrap_lines(_escape(part), column, column, wrap_width - 1, part.endswith("\n"))
    return tuple(f'{prefix}"{piece}"' for piece in pieces)


def _format_field(keyword: str, value: str, prefix: str, wrap_width: int) -> list[str]:
    head = f"{prefix}{keyword} "
    newline = value.find("\n")
    if newline < 0 or newline == len(value) - 1:
        # One portion: on the keyword's line when it fits there or has no break that helps.
        portion = _escape(value)
        if wrap_width <= 0 or not _line_end(
            portion, _column_table(portion), 0, len(head) + 1, wrap_width - 1, newline >= 0
        ):
            return [f'{head}"{portion}"']
        column = len(prefix) + 1
        pieces = _wrap_lines(portion, column, column, wrap_width - 1, newline >= 0)
        return [f'{head}""', *(f'{prefix}"{piece}"' for piece in pieces)]
    # Portions end after each newline; more than one portion always starts with an empty line.
    parts = value.split("\n")
    raw = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        raw.append(parts[-1])
    lines = [f'{head}""']
    if wrap_width <= 0:
        lines += [f'{prefix}"{_escape(part)}"' for part in raw]
        return lines
    for part in raw:
        lines += _portion_lines(part, prefix, wrap_width)
    return lines


# --- references ------------------------------------------------------------------------------


def encode_reference(path: str) -> str:
    """A site-relative path as one whitespace-free ``#:`` token.

    GNU gettext 0.20+ puts such names between U+2068/U+2069, but polib and gettext 0.21's own
    reader still split them at the space; ``%20`` (URL style, ``%`` itself as ``%25``) is read
    the same by polib, babel, msgfmt and Weblate, and still reads as the file name.
    """
    if "%" not in path and " " not in path and "\t" not in path:
        return path
    return path.replace("%", "%25").replace(" ", "%20").replace("\t", "%09")


def decode_reference(token: str) -> str:
    """The file path of a ``#:`` reference written by :func:`encode_reference`."""
    if "%" not in token:
        return token.replace(FSI, "").replace(PDI, "")
    return token.replace("%20", " ").replace("%09", "\t").replace("%25", "%")


def format_references(references: Sequence[str], page_width: int = 79) -> list[str]:
    """``#:`` lines holding ``references``, as many per line as GNU gettext puts there."""
    lines: list[str] = []
    current = "#:"
    for reference in references:
        if current != "#:" and len(current) + 1 + len(reference) > page_width:
            lines.append(current)
            current = "#:"
        current += " " + reference
    if current != "#:":
        lines.append(current)
    return lines


# --- entries ---------------------------------------------------------------------------------


def kind_comment(kinds: Iterable[str]) -> str:
    """The extracted comment for the kinds of one msgid (``type: heading``), one line each."""
    return "\n".join(TYPE_PREFIX + kind for kind in kinds)


#: ``references`` settings, as xgettext's ``--add-location``: file and line, file only, none.
REFERENCE_MODES = ("line", "file", "never")


def template_entries(
    segments: Iterable[Segment], ref_path: str, references: str = "line"
) -> list[polib.POEntry]:
    """The POT entries of one page: one per distinct msgid, in document order.

    Each carries ``#. type: <kind>``, a ``#: <ref_path>:<line>`` reference per occurrence and
    the ``md-text`` flag when the text is inline Markdown. ``references="file"`` leaves out the
    line numbers (so re-wrapping a paragraph moves no later reference), ``"never"`` the whole
    ``#:`` line.
    """
    reference = encode_reference(ref_path)
    entries: dict[str, polib.POEntry] = {}
    kinds: dict[str, list[str]] = {}
    for segment in segments:
        if not segment.msgid:
            continue
        entry = entries.get(segment.msgid)
        if entry is None:
            entry = polib.POEntry(msgid=segment.msgid, msgstr="")
            entries[segment.msgid] = entry
            kinds[segment.msgid] = []
        if segment.kind not in kinds[segment.msgid]:
            kinds[segment.msgid].append(segment.kind)
        occurrence = (reference, str(segment.line) if references == "line" else "")
        if references != "never" and occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
        if segment.markdown and MARKDOWN_FLAG not in entry.flags:
            entry.flags.append(MARKDOWN_FLAG)
    for msgid, entry in entries.items():
        entry.comment = kind_comment(kinds[msgid])
    return list(entries.values())


def is_translated(entry: polib.POEntry) -> bool:
    """Has a translation that merge may use: non-empty and not fuzzy."""
    return has_translation(entry) and FUZZY not in entry.flags


def has_translation(entry: polib.POEntry) -> bool:
    """Holds translation text at all (fuzzy or not): text a translator would miss if lost."""
    if entry.msgstr_plural:
        return any(bool(text) for text in entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _comment_lines(marker: str, text: str) -> list[str]:
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]


def format_entry(entry: polib.POEntry, wrap_width: int = 79) -> list[str]:
    """The lines of one entry in GNU gettext's order and wrapping.

    A page's entries are rendered for its template and again for every language, mostly
    identical (untranslated): the rendering is memoised on everything it reads.
    """
    key = (entry.tcomment, entry.comment, tuple(entry.occurrences), tuple(entry.flags),
           entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural,
           entry.msgctxt, entry.msgid, entry.msgid_plural,
           tuple(sorted(entry.msgstr_plural.items())) if entry.msgstr_plural else (),
           entry.msgstr, bool(entry.obsolete), wrap_width)
    return list(_format_entry_cached(key, entry))


_ENTRY_CACHE: dict[tuple[object, ...], tuple[str, ...]] = {}


def _format_entry_cached(key: tuple[object, ...], entry: polib.POEntry) -> tuple[str, ...]:
    found = _ENTRY_CACHE.get(key)
    if found is None:
        if len(_ENTRY_CACHE) > 4096:
            _ENTRY_CACHE.clear()
        found = _ENTRY_CACHE[key] = tuple(_format_entry(entry, key[-1]))  # type: ignore[arg-type]
    return found


def _format_entry(entry: polib.POEntry, wrap_width: int) -> list[str]:
    lines: list[str] = []
    if entry.tcomment:
        lines += _comment_lines("#", entry.tcomment)
    obsolete = bool(entry.obsolete)
    if entry.comment and not obsolete:
        lines += _comment_lines("#.", entry.comment)
    if entry.occurrences and not obsolete:
        refs = [f"{path}:{line}" if line else path for path, line in entry.occurrences]
        lines += format_references(refs, max(wrap_width, 79) if wrap_width else 79)
    if entry.flags:
        flags = [FUZZY] if FUZZY in entry.flags else []
        flags += [flag for flag in entry.flags if flag != FUZZY]
        lines.append("#, " + ", ".join(flags))
    previous = "#~| " if obsolete else "#| "
    prefix = "#~ " if obsolete else ""
    if entry.previous_msgctxt is not None:
        lines += format_field("msgctxt", entry.previous_msgctxt, previous, wrap_width)
    if entry.previous_msgid is not None:
        lines += format_field("msgid", entry.previous_msgid, previous, wrap_width)
    if entry.previous_msgid_plural is not None:
        lines += format_field("msgid_plural", entry.previous_msgid_plural, previous, wrap_width)
    if entry.msgctxt is not None:
        lines += format_field("msgctxt", entry.msgctxt, prefix, wrap_width)
    lines += format_field("msgid", entry.msgid, prefix, wrap_width)
    if entry.msgid_plural:
        lines += format_field("msgid_plural", entry.msgid_plural, prefix, wrap_width)
        for index in sorted(entry.msgstr_plural, key=int):
            keyword = f"msgstr[{index}]"
            lines += format_field(keyword, entry.msgstr_plural[index], prefix, wrap_width)
    else:
        lines += format_field("msgstr", entry.msgstr, prefix, wrap_width)
    return lines


# --- whole catalogs --------------------------------------------------------------------------


@dataclass(slots=True)
class Catalog:
    """A catalog as data: header and entries, active ones first, obsolete ones at the end."""

    header_comment: str
    """Text of the ``#`` lines above the header entry, without the markers."""
    metadata: list[tuple[str, str]]
    """Header fields in file order (``Project-Id-Version``, ``Language`` …)."""
    entries: list[polib.POEntry]
    """Messages in document order, obsolete entries last."""
    header_fuzzy: bool = False
    """``#, fuzzy`` on the header entry, as xgettext writes it for templates."""

    def get(self, key: str) -> str | None:
        """The value of header field ``key``, or None."""
        for name, value in self.metadata:
            if name == key:
                return value
        return None

    def set(self, key: str, value: str, after: str | None = None) -> None:
        """Set header field ``key``, keeping its place (new fields go after ``after`` or last)."""
        for index, (name, _) in enumerate(self.metadata):
            if name == key:
                self.metadata[index] = (key, value)
                return
        position = len(self.metadata)
        if after is not None:
            for index, (name, _) in enumerate(self.metadata):
                if name == after:
                    position = index + 1
        self.metadata.insert(position, (key, value))


#: GNU gettext wraps no narrower than this (a smaller width than 20 counts as 20).
MIN_WRAP_WIDTH = 20


def render_catalog(catalog: Catalog, wrap_width: int = 79) -> str:
    """The PO/POT text of ``catalog`` (no I/O), wrapped as GNU gettext wraps at that width."""
    if 0 < wrap_width < MIN_WRAP_WIDTH:
        wrap_width = MIN_WRAP_WIDTH
    lines: list[str] = []
    if catalog.header_comment:
        lines += _comment_lines("#", catalog.header_comment)
    if catalog.header_fuzzy:
        lines.append("#, fuzzy")
    header = "".join(f"{name}: {value}\n" for name, value in catalog.metadata)
    lines += format_field("msgid", "", "", wrap_width)
    lines += format_field("msgstr", header, "", wrap_width)
    for entry in catalog.entries:
        lines.append("")
        lines += format_entry(entry, wrap_width)
    return "\n".join(lines) + "\n"


def template_catalog(project: str, ref_path: str, entries: list[polib.POEntry], date: str) -> Catalog:
    """The POT of one page, header as xgettext writes it."""
    return Catalog(
        header_comment=f"Messages of {ref_path}.\nThis file is generated by cfg-i18n extract; do not edit it.",
        metadata=[
            ("Project-Id-Version", project),
            (POT_DATE_KEY, date),
            ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
            ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
            ("Language-Team", "LANGUAGE <LL@li.org>"),
            ("Language", ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        entries=entries,
        header_fuzzy=True,
    )


def new_po_metadata(project: str, language: str, date: str) -> list[tuple[str, str]]:
    """Header fields of a new translation catalog, as ``msginit --no-translator`` fills them."""
    from cfg_i18n.languages import gettext_code, language_name, plural_forms

    return [
        ("Project-Id-Version", project),
        (POT_DATE_KEY, date),
        ("PO-Revision-Date", date),
        ("Last-Translator", "Automatically generated"),
        ("Language-Team", language_name(language)),
        ("Language", gettext_code(language)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", plural_forms(language)),
    ]


def po_catalog(
    existing: Catalog | None,
    project: str,
    language: str,
    ref_path: str,
    entries: list[polib.POEntry],
    date: str,
) -> Catalog:
    """The translation catalog of one page: the translators' header kept, the date of the POT."""
    from cfg_i18n.languages import gettext_code, language_name, plural_forms

    if existing is None:
        return Catalog(
            header_comment=f"{language_name(language)} translation of {ref_path}.",
            metadata=new_po_metadata(project, language, date),
            entries=entries,
        )
    catalog = Catalog(
        header_comment=existing.header_comment,
        metadata=list(existing.metadata),
        entries=entries,
        header_fuzzy=existing.header_fuzzy,
    )
    catalog.set(POT_DATE_KEY, date, after="Project-Id-Version")
    if not catalog.get("Language"):
        catalog.set("Language", gettext_code(language), after="Language-Team")
    if not catalog.get("Content-Type"):
        catalog.set("Content-Type", "text/plain; charset=UTF-8")
    if not catalog.get("Plural-Forms"):
        catalog.set("Plural-Forms", plural_forms(language))
    return catalog


# --- dates that do not churn -------------------------------------------------------------------

_DATE_LINE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)


def creation_date(environ: Mapping[str, str] | None = None) -> str:
    """Now as gettext writes dates, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(
                f"SOURCE_DATE_EPOCH must be seconds since 1970-01-01, got {epoch!r}"
            ) from None
    else:
        moment = datetime.now(UTC)
    return moment.strftime(DATE_FORMAT)


def existing_creation_date(text: str) -> str | None:
    """The ``POT-Creation-Date`` of catalog text, or None."""
    found = _DATE_LINE.search(text)
    return found.group(1) if found else None


def replace_creation_date(text: str, date: str) -> str:
    """``text`` with its ``POT-Creation-Date`` set to ``date``."""
    return _DATE_LINE.sub(lambda _: f'"{POT_DATE_KEY}: {date}\\n"', text, count=1)


def render_keeping_date(old: str | None, build: Callable[[str], str], date: str
                        ) -> tuple[str, str]:
    """Render a catalog with ``build(date) -> text``, keeping the ``POT-Creation-Date`` of its
    ``old`` text while nothing else changes (so a re-run changes no byte). Returns the text
    and the date it carries."""
    old_date = existing_creation_date(old) if old is not None else None
    if old_date is None:
        return build(date), date
    text = build(old_date)
    if text == old or old_date == date:
        return text, old_date
    return replace_creation_date(text, date), date


# --- reading ---------------------------------------------------------------------------------

_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")


# A line of a PO file: blank, a comment, ``keyword "string"`` or a continuation ``"string"``.
_BAD_LINE = re.compile(
    r'^(?![ \t\r]*$|#|[ \t]*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?'
    r'"(?:[^"\\\n]|\\.)*"[ \t\r]*$).*$',
    re.MULTILINE,
)


def parse_po(text: str, path: str) -> polib.POFile:
    """Parse PO text; a syntax error is an :class:`InputError` naming ``path`` and the line.

    Lines are checked first: polib silently accepts some broken ones (an unterminated string).
    """
    bad = _BAD_LINE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError(
            f"broken PO file: cannot read {bad.group(0)[:60]!r}; fix it (msgfmt -c shows "
            "details) and run again", path, line)
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, KeyError, IndexError) as error:
        found = _POLIB_LINE.search(str(error))
        where = int(found.group(1)) if found else None
        detail = found.group(2) if found and found.group(2) else "syntax error"
        raise InputError(
            f"broken PO file: {detail}; fix it (msgfmt -c shows details) and run again", path, where
        ) from None
    return po


def load_po(path: Path) -> polib.POFile:
    """Read a PO/POT file with polib; unreadable or broken files raise :class:`InputError`."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read catalog: {error.strerror}", str(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError("catalog is not UTF-8; convert it (msgconv -t UTF-8)", str(path), line) from None
    if "\n" not in text:
        # polib treats a one-line string as a file name; give it a line break.
        text += "\n"
    return parse_po(text, str(path))


def catalog_from_po(po: polib.POFile) -> Catalog:
    """A :class:`Catalog` holding ``po``'s header and entries."""
    header_comment = po.header or ""
    return Catalog(
        header_comment=header_comment,
        metadata=list(po.metadata.items()),
        entries=list(po),
        header_fuzzy=bool(po.metadata_is_fuzzy),
    )


def read_catalog(path: Path) -> Catalog | None:
    """The catalog at ``path``; None when the file does not exist."""
    if not path.exists():
        return None
    return catalog_from_po(load_po(path))
