"""A fast reader of the translations in a PO file, for merge and check.

polib builds a full object model and takes most of a merge's time on a large site; merge
only needs each entry's msgid, msgstr, fuzzy flag and line. This reader does just that and
hands anything unusual (a syntax error, plural forms) to polib, whose error messages name
the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r"\\(.)")
_KEYWORD = re.compile(r'(msgctxt|msgid|msgstr)[ \t]*"(.*)"[ \t]*\Z')


@dataclass(slots=True, frozen=True)
class Message:
    """One active entry of a catalog."""

    msgid: str
    msgstr: str
    fuzzy: bool
    line: int
    """First line of the entry, its comments included (as polib's ``linenum``)."""
    msgctxt: str | None = None


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


class _Unusual(Exception):
    """Something this reader leaves to polib."""


def read_messages(path: Path) -> list[Message]:
    """The active (not obsolete) entries of a PO file, header excluded (FileNotFoundError
    when there is none)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        return _parse(text)
    except (_Unusual, UnicodeDecodeError):
        from cfg_i18n.catalog import load_po

        po = load_po(path)  # raises InputError with file and line for a broken catalog
        return [Message(e.msgid, e.msgstr, "fuzzy" in e.flags, e.linenum or 0, e.msgctxt)
                for e in po if not e.obsolete and e.msgid]


def _parse(text: str) -> list[Message]:
    messages: list[Message] = []
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    fuzzy = False
    entry_line = 0

    def finish() -> None:
        nonlocal fields, current, fuzzy, entry_line
        if "msgid" in fields:
            if "msgstr" not in fields:
                raise _Unusual()
            msgid = "".join(fields["msgid"])
            if msgid:
                context = "".join(fields["msgctxt"]) if "msgctxt" in fields else None
                messages.append(Message(msgid, "".join(fields["msgstr"]), fuzzy, entry_line,
                                        context))
        elif fields:
            raise _Unusual()
        fields = {}
        current = None
        fuzzy = False
        entry_line = 0

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        first = line[0]
        if first == '"':
            if current is None or len(line) < 2 or line[-1] != '"':
                raise _Unusual()
            current.append(_unescape(line[1:-1]))
            continue
        if first == "#":
            if line.startswith("#~"):
                if fields:
                    finish()
                current = None
                continue
            if fields and "msgstr" in fields:
                finish()
            entry_line = entry_line or number
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                fuzzy = True
            continue
        match = _KEYWORD.match(line)
        if match is None:
            raise _Unusual()  # msgid_plural, msgstr[n] or a syntax error
        keyword = match.group(1)
        if keyword in ("msgctxt", "msgid") and "msgstr" in fields:
            finish()
        if keyword in fields:
            raise _Unusual()
        entry_line = entry_line or number
        current = fields[keyword] = [_unescape(match.group(2))]
    finish()
    return messages
