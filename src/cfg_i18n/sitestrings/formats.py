"""YAML, TOML and JSON files as values, with the line and the exact characters of each value.

Hugo's configuration, i18n tables and data files come in all three formats. Catalog references
need the line of every value, and data files are merged by replacing only the characters of
the translated strings, so a scan records both. YAML goes through PyYAML's composer (exact
marks); JSON and TOML through the scanners the front matter uses.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfg_i18n.errors import InputError
from cfg_i18n.sitestrings.files import FORMATS

KeyPath = tuple[str | int, ...]

_BOM = "\ufeff"


def format_of(path: Path | str) -> str | None:
    """``yaml``, ``toml`` or ``json`` after the file's suffix; None for anything else."""
    return FORMATS.get(Path(path).suffix.lower())


@dataclass(slots=True)
class StringValue:
    """A string value as written in the file: its characters and how to write a new one."""

    value: str
    """The value a reader gets."""
    start: int
    """Offset of its first character in :attr:`Scan.text` (a quote or block indicator)."""
    end: int
    """Offset just past its last character."""
    style: str
    """``yaml-plain``, ``yaml-single``, ``yaml-double``, ``yaml-literal``, ``yaml-folded``,
    ``toml-basic``, ``toml-literal``, ``toml-multi``, ``toml-literal-multi`` or ``json-string``."""
    column: int = 0
    """Column of the key (YAML block scalars are indented below it)."""


@dataclass(slots=True)
class Scan:
    """A structured file: its values, where each key stands, and its string values' spans."""

    path: str
    """Site-relative path, for messages."""
    format: str
    """``yaml``, ``toml`` or ``json``."""
    source: str
    """The decoded file, exactly as written (BOM included)."""
    data: Any
    """The parsed values."""
    lines: dict[KeyPath, int] = field(default_factory=dict)
    """1-based line of each key (or list item) that the scanner could place."""
    strings: dict[KeyPath, StringValue] = field(default_factory=dict)
    """String values with their spans in :attr:`text`."""
    _line_starts: list[int] = field(default_factory=list)

    @property
    def bom(self) -> bool:
        """Whether the file starts with a byte order mark."""
        return self.source.startswith(_BOM)

    @property
    def text(self) -> str:
        """The file without its BOM: what the spans count in."""
        return self.source[1:] if self.bom else self.source

    @property
    def newline(self) -> str:
        """The file's line ending."""
        return "\r\n" if "\r\n" in self.source else "\n"

    def line_of(self, offset: int) -> int:
        """1-based line of an offset in :attr:`text`."""
        return bisect.bisect_right(self._line_starts, offset)

    def line(self, path: KeyPath) -> int | None:
        """The line of ``path`` or of its nearest ancestor the scanner placed."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return None

    def comments_above(self, line: int) -> list[str]:
        """The ``#`` comment lines right above ``line`` (YAML and TOML), without the marker."""
        if self.format == "json":
            return []
        rows = self.text.split("\n")
        found: list[str] = []
        index = line - 2
        while index >= 0:
            row = rows[index].strip()
            if not row.startswith("#"):
                break
            found.append(row.lstrip("#").strip())
            index -= 1
        return [row for row in reversed(found) if row]


def read_scan(file: Path, path: str) -> Scan:
    """Read and scan a YAML, TOML or JSON file; :class:`InputError` when it cannot be read."""
    fmt = format_of(file)
    if fmt is None:
        raise InputError("not a YAML, TOML or JSON file (by its suffix)", path)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror}", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError("not valid UTF-8; save the file as UTF-8", path, line) from None
    return scan_text(text, fmt, path)


def scan_text(source: str, fmt: str, path: str = "") -> Scan:
    """Parse ``source`` as ``fmt`` and locate its keys and string values."""
    text = source[1:] if source.startswith(_BOM) else source
    scan = Scan(path, fmt, source, None,
                _line_starts=[0] + [m.end() for m in re.finditer("\n", text)])
    if fmt == "yaml":
        _scan_yaml(scan, text)
    elif fmt == "toml":
        _scan_toml(scan, text)
    elif fmt == "json":
        _scan_json(scan, text)
    else:
        raise InputError(f"unknown format {fmt!r}", path)
    return scan


# --- YAML ---------------------------------------------------------------------------------------

_STR_TAG = "tag:yaml.org,2002:str"
_YAML_STYLES = {None: "yaml-plain", "": "yaml-plain", "'": "yaml-single", '"': "yaml-double",
                "|": "yaml-literal", ">": "yaml-folded"}


def _scan_yaml(scan: Scan, text: str) -> None:
    import yaml

    loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
        scan.data = yaml.SafeLoader("").construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"YAML does not parse: {problem}; fix the YAML syntax", scan.path,
                         mark.line + 1 if mark is not None else None) from None
    if node is not None:
        _walk_yaml(scan, node, (), 0)


def _walk_yaml(scan: Scan, node: Any, path: KeyPath, column: int) -> None:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR_TAG:
            scan.strings[path] = _yaml_string(scan.text, node, column)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            scan.lines.setdefault(path + (index,), item.start_mark.line + 1)
            _walk_yaml(scan, item, path + (index,), item.start_mark.column)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            child = path + (str(key.value),)
            scan.lines.setdefault(child, key.start_mark.line + 1)
            _walk_yaml(scan, value, child, key.start_mark.column)


def _yaml_string(text: str, node: Any, column: int) -> StringValue:
    start, end = node.start_mark.index, node.end_mark.index
    style = _YAML_STYLES.get(node.style, "yaml-plain")
    # The composer's end mark of a block scalar or plain scalar can lie past trailing blank
    # lines and spaces, which belong to the skeleton.
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return StringValue(str(node.value), start, end, style, column)


# --- TOML ---------------------------------------------------------------------------------------

def _scan_toml(scan: Scan, text: str) -> None:
    import tomllib

    # The same scanner as TOML front matter; imported here, as PyYAML comes with it.
    from cfg_i18n.frontmatter import TOML_KEY, TOML_TABLE, lookup, toml_key, toml_string


    try:
        scan.data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise InputError(f"TOML does not parse: {error}; fix the TOML syntax", scan.path,
                         int(found.group(1)) if found else None) from None
    table: list[str | int] = []
    arrays: dict[KeyPath, int] = {}
    position = 0
    while position < len(text):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        row = text[position:line_end]
        header = TOML_TABLE.match(row)
        key = TOML_KEY.match(row) if header is None else None
        if header is not None:
            table = _resolve(toml_key(header.group(2)), arrays)
            if header.group(1) == "[[":
                base = tuple(table)
                arrays[base] = arrays.get(base, -1) + 1
                table.append(arrays[base])
            scan.lines.setdefault(tuple(table), scan.line_of(position))
        elif key is not None:
            path = tuple(table) + tuple(toml_key(key.group(1)))
            scan.lines.setdefault(path, scan.line_of(position))
            string = toml_string(text, position + key.end())
            if string is not None:
                value, start, end, style = string
                if lookup(scan.data, path) == value:
                    scan.strings[path] = StringValue(value, start, end, style)
                # A multi-line string ends further down: go on after it.
                line_end = max(line_end, text.find("\n", end) if "\n" in text[end:] else len(text))
        position = line_end + 1


def _resolve(names: list[str], arrays: dict[KeyPath, int]) -> list[str | int]:
    """A table header's path: crossing an array of tables (``[[a]]``) leads into its current
    element, as TOML defines it."""
    path: list[str | int] = []
    for index, name in enumerate(names):
        path.append(name)
        current = arrays.get(tuple(path))
        if current is not None and index < len(names) - 1:
            path.append(current)
    return path


def _scan_json(scan: Scan, text: str) -> None:
    from cfg_i18n.frontmatter import _json_strings, _skip_ws, lookup

    try:
        scan.data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"JSON does not parse: {error.msg}", scan.path, error.lineno) from None
    for path, value, start, end in _json_strings(text, _skip_ws(text, 0), ()):
        line = scan.line_of(start)
        for depth in range(1, len(path) + 1):
            scan.lines.setdefault(path[:depth], line)
        if lookup(scan.data, path) == value:
            scan.strings[path] = StringValue(value, start, end, "json-string")


# --- writing values -----------------------------------------------------------------------------

GENERATED_NOTE = "Written by cfg-i18n merge from {catalog}; do not edit (edit the catalog)."


def dump(data: Any, fmt: str, note: str = "") -> str:
    """``data`` as a file of format ``fmt``; ``note`` becomes a leading comment (not in JSON)."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    head = "".join(f"# {line}\n" for line in note.splitlines()) if note else ""
    if fmt == "toml":
        import tomlkit

        return head + tomlkit.dumps(data)
    import yaml

    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=4096) if data else "{}\n"
    return head + body
