"""A fast reader of the translations in a PO file, for merge and check.

polib builds a full object model and takes most of a merge's time on a large site; merge
only needs each entry's msgid, msgstr, fuzzy flag and line. This reader does just that and
hands anything unusual (a syntax error, plural forms) to polib, whose error messages name
the line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from cfg_i18n.fsutil import read_file

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r"\\(.)")

# One entry: its comments, then msgctxt, msgid and msgstr, each a quoted string on the
# keyword's line and on any continuation lines, then blank lines. Or an obsolete entry (``#~``
# lines) with the comments before it. Matched an entry at a time, so that the reader spends
# its time in the regex engine, not in a loop over lines.
_STRING = r'".*"[ \t]*\n(?:[ \t]*".*"[ \t]*\n)*'
_ENTRY = re.compile(
    r"((?:[ \t]*#(?!~).*\n)*)"
    rf"(?:[ \t]*msgctxt[ \t]*({_STRING}))?"
    rf"[ \t]*msgid[ \t]*({_STRING})"
    rf"[ \t]*msgstr[ \t]*({_STRING})"
    r"(?:[ \t]*\n)*"
    r"|(?:[ \t]*#(?!~).*\n)*(?:[ \t]*#~.*\n)+(?:[ \t]*\n)*")
_BLANK = re.compile(r"(?:[ \t]*\n)*")
_PIECE = re.compile(r'"(.*)"')
#: Backslashes before a line's last quote: an odd number escapes it, and the string is not
#: closed (not PO: left to polib to report).
_QUOTE_AFTER_BACKSLASHES = re.compile(r'\\(\\*)"[ \t]*\n')
#: A flags comment (``#, md-text, fuzzy``) holding the flag ``fuzzy``.
_FUZZY = re.compile(r"^[ \t]*#,(?:.*[ \t,])?fuzzy(?=[ \t,]|$)", re.MULTILINE)


class Message(NamedTuple):
    """One active entry of a catalog (a named tuple: a catalog has thousands, made in a
    hurry)."""

    msgid: str
    msgstr: str
    fuzzy: bool
    line: int
    """First line of the entry, its comments included (as polib's ``linenum``)."""
    msgctxt: str | None = None


def _string(lines: str) -> str:
    """The value of a quoted string and its continuation lines (as matched by ``_STRING``)."""
    value = lines[1 : lines.rindex('"')]
    if "\n" in value:  # continuation lines: as gettext writes them, joined by a replace
        value = value.replace('"\n"', "")
        if "\n" in value:  # with spaces around the quotes
            value = "".join(_PIECE.findall(lines))
    if "\\" not in value:
        return value
    if any(len(m.group(1)) % 2 == 0 for m in _QUOTE_AFTER_BACKSLASHES.finditer(lines)):
        raise _Unusual()
    if "\\\\" not in value:  # every backslash starts an escape: the common ones by replace
        value = value.replace("\\n", "\n").replace('\\"', '"').replace("\\t", "\t")
        if "\\" not in value:
            return value
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), value)


#: :func:`_string` of msgids, which every language's catalog of a page repeats as written.
_msgid_string = lru_cache(maxsize=16384)(_string)


class _Unusual(Exception):
    """Something this reader leaves to polib."""


def read_messages(path: Path) -> list[Message]:
    """The active (not obsolete) entries of a PO file, header excluded (FileNotFoundError
    when there is none)."""
    try:
        text = read_file(path).decode("utf-8-sig")
        return _parse(text)
    except (_Unusual, UnicodeDecodeError):
        from cfg_i18n.catalog import load_po

        po = load_po(path)  # raises InputError with file and line for a broken catalog
        return [Message(e.msgid, e.msgstr, "fuzzy" in e.flags, e.linenum or 0, e.msgctxt)
                for e in po if not e.obsolete and e.msgid]


def _parse(text: str) -> list[Message]:
    """The active entries of a catalog in the layout that gettext tools write (LF line ends,
    one entry after the other); anything else raises :class:`_Unusual`."""
    if "\r" in text:
        raise _Unusual()
    if not text.endswith("\n"):
        text += "\n"
    messages: list[Message] = []
    position = _BLANK.match(text).end()  # type: ignore[union-attr]  # matches the empty string
    line, counted = 1, 0
    for entry in _ENTRY.finditer(text, position):
        start = entry.start()
        if start != position:
            break
        position = entry.end()
        comments, context, msgid, msgstr = entry.groups()
        if msgid is None:
            continue  # obsolete
        source = _msgid_string(msgid)
        if not source:
            continue  # the header
        line += text.count("\n", counted, start)
        counted = start
        fuzzy = "fuzzy" in comments and _FUZZY.search(comments) is not None
        messages.append(Message(source, _string(msgstr), fuzzy, line,
                                None if context is None else _string(context)))
    if position != len(text):
        raise _Unusual()  # msgid_plural, msgstr[n], a syntax error
    return messages
