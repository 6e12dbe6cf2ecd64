"""A page's text split into front matter and body, with the exact bytes kept.

Parsing works on ``Document.text`` (no BOM, LF line ends); :meth:`Document.to_source`
maps its offsets back to the text as it was in the file, so a merge can splice the
original (BOM, CRLF and all) and leave every skeleton byte alone.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from cfg_i18n.errors import InputError

BOM = "\ufeff"
_FENCE = {"---": "yaml", "+++": "toml"}


@dataclass(slots=True)
class Document:
    """The decoded page: what parsing sees, and how to map back to the file's text."""

    source: str
    """The text exactly as in the file."""
    text: str
    """``source`` without BOM and with CRLF turned into LF: what the parsers see."""
    newline: str = "\n"
    """``\\r\\n`` when the file ends its lines that way, else ``\\n``."""
    front_matter_format: str | None = None
    """``yaml``, ``toml``, ``json`` or None."""
    front_matter_start: int = 0
    """Offset in ``text`` of the front matter's first content character."""
    front_matter_end: int = 0
    """Offset in ``text`` just past the front matter content (before the closing fence)."""
    body_start: int = 0
    """Offset in ``text`` where the Markdown body starts."""
    _bom: int = 0
    _crlf_at: list[int] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)

    @property
    def front_matter(self) -> str:
        """The front matter's content, without its fences."""
        return self.text[self.front_matter_start : self.front_matter_end]

    def to_source(self, offset: int) -> int:
        """Map an offset in ``text`` to the same place in ``source``."""
        return offset + self._bom + bisect.bisect_left(self._crlf_at, offset)

    def line_of(self, offset: int) -> int:
        """1-based line number of ``offset`` in ``text``."""
        return bisect.bisect_right(self._line_starts, offset)

    def line_start(self, line: int) -> int:
        """Offset in ``text`` of the first character of 1-based ``line``."""
        return self._line_starts[line - 1]


def decode(data: bytes, path: str) -> str:
    """Decode a page's bytes as UTF-8 or raise an :class:`InputError` naming the line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", path, line
        ) from None


def read_document(file: Path, path: str) -> Document:
    """Read and decode a page file."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path) from None
    return parse_document(decode(data, path), path)


def parse_document(source: str, path: str = "") -> Document:
    """Split ``source`` into front matter and body (Hugo's rules: ``---``, ``+++``, ``{``)."""
    bom = 1 if source.startswith(BOM) else 0
    text = source[bom:]
    crlf_at: list[int] = []
    newline = "\n"
    if "\r\n" in text:
        newline = "\r\n"
        positions = [m.start() for m in re.finditer("\r\n", text)]
        crlf_at = [p - k for k, p in enumerate(positions)]
        text = text.replace("\r\n", "\n")
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    doc = Document(source=source, text=text, newline=newline, _bom=bom, _crlf_at=crlf_at,
                   _line_starts=line_starts)
    _find_front_matter(doc, path)
    return doc


def _find_front_matter(doc: Document, path: str) -> None:
    text = doc.text
    first_line = text.split("\n", 1)[0].rstrip()
    if first_line in _FENCE:
        fence = first_line
        closing = re.compile(r"^" + re.escape(fence) + r"[ \t]*$", re.MULTILINE)
        content_start = len(text.split("\n", 1)[0]) + 1
        match = closing.search(text, content_start) if content_start <= len(text) else None
        if match is None:
            raise InputError(
                f"front matter opened with {fence!r} is never closed; add a line {fence!r} "
                "after it", path, 1)
        doc.front_matter_format = _FENCE[fence]
        doc.front_matter_start = min(content_start, match.start())
        doc.front_matter_end = match.start()
        end = match.end()
        doc.body_start = end + 1 if text.startswith("\n", end) else end
    elif text.startswith("{"):
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"JSON front matter does not parse: {exc.msg}", path,
                             exc.lineno) from None
        doc.front_matter_format = "json"
        doc.front_matter_start = 0
        doc.front_matter_end = end
        doc.body_start = end + 1 if text.startswith("\n", end) else end
