"""Front matter values -> segments whose spans cover exactly one scalar each.

YAML goes through PyYAML's composer (nodes carry exact character marks); TOML and JSON
through small scanners that report where each string value stands. Everything that is not
a configured key's string value stays skeleton, byte for byte.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

import yaml

from cfg_i18n.document import Document
from cfg_i18n.errors import Diagnostic, InputError
from cfg_i18n.segments import Segment, Span, normalize_msgid

KeyPath = tuple[str | int, ...]
#: libyaml when PyYAML was built with it (several times faster); its marks count characters too.
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)
class FrontMatter:
    """What a page's front matter holds: its messages, its values, and what looked odd."""

    segments: list[Segment] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)


def compile_patterns(keys: Sequence[str]) -> list[tuple[str, ...]]:
    """``links.*.name`` -> ``("links", "*", "name")``."""
    return [tuple(key.split(".")) for key in keys]


def matches(path: KeyPath, patterns: list[tuple[str, ...]]) -> str | None:
    """The configured key that ``path`` matches (``*`` stands for any index or key)."""
    size = len(path)
    for pattern in patterns:
        if len(pattern) != size:
            continue
        for p, k in zip(pattern, path):  # a loop, not all(…): this runs for every value
            if p != "*" and p != str(k):
                break
        else:
            return ".".join(pattern)
    return None


def extract_front_matter(doc: Document, keys: Sequence[str], path: str) -> FrontMatter:
    """Find the configured keys' string values in the page's front matter."""
    result = FrontMatter()
    if doc.front_matter_format is None or not doc.front_matter.strip():
        return result
    patterns = compile_patterns(keys)
    if doc.front_matter_format == "yaml":
        _yaml(doc, patterns, path, result)
    elif doc.front_matter_format == "toml":
        _toml(doc, patterns, path, result)
    else:
        _json(doc, patterns, path, result)
    return result


def _segment(doc: Document, key: str, msgid: str, start: int, end: int, encoder: str,
             context: dict[str, str] | None = None) -> Segment:
    return Segment(msgid=msgid, kind=f"front matter: {key}", line=doc.line_of(start),
                   span=Span(start, end), markdown=False, encoder=encoder,
                   context=context or {})


# --- YAML -----------------------------------------------------------------------------

def _yaml(doc: Document, patterns: list[tuple[str, ...]], path: str, out: FrontMatter) -> None:
    text = doc.front_matter
    base = doc.front_matter_start
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        # Hugo's YAML parser accepts tabs where PyYAML does not; tabs -> spaces keeps offsets.
        try:
            node = yaml.compose(text.replace("\t", " "), Loader=_LOADER)
        except yaml.YAMLError:
            raise _yaml_error(exc, doc, path) from None
        mark = getattr(exc, "problem_mark", None)
        line = doc.line_of(base + mark.index) if mark is not None else None
        out.warnings.append(Diagnostic(path, line, "tab character in YAML front matter; "
                                       "read as a space (replace it with spaces)"))
    if node is None:
        return
    try:
        values = yaml.SafeLoader("").construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, doc, path) from None
    out.values = values if isinstance(values, dict) else {}
    seen: set[int] = set()  # an alias (*name) is the anchored node itself: one message
    for key_path, scalar, flow in _walk_yaml(node, (), doc, base, path, out, False):
        key = matches(key_path, patterns)
        if key is None or scalar.tag != "tag:yaml.org,2002:str" or id(scalar) in seen:
            continue
        seen.add(id(scalar))
        out.segments.append(_yaml_segment(doc, key, scalar, base, flow))


def _yaml_error(exc: yaml.YAMLError, doc: Document, path: str) -> InputError:
    mark = getattr(exc, "problem_mark", None)
    line = doc.line_of(doc.front_matter_start + mark.index) if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    return InputError(f"YAML front matter does not parse: {problem}; fix the YAML syntax",
                      path, line)


def _walk_yaml(node: yaml.Node, key_path: KeyPath, doc: Document, base: int, path: str,
               out: FrontMatter, flow: bool) -> Iterator[tuple[KeyPath, yaml.ScalarNode, bool]]:
    """Scalars with their key paths, and whether they stand in a flow collection (``[…]``)."""
    if isinstance(node, yaml.ScalarNode):
        yield key_path, node, flow
        return
    flow = flow or bool(getattr(node, "flow_style", False))
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk_yaml(item, key_path + (index,), doc, base, path, out, flow)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            name = key_node.value
            if name in seen:
                out.warnings.append(Diagnostic(
                    path, doc.line_of(base + key_node.start_mark.index),
                    f"duplicate front matter key {name!r}; newer Hugo versions reject it "
                    "(remove one of them)"))
            seen.add(name)
            yield from _walk_yaml(value, key_path + (name,), doc, base, path, out, flow)


_NODE_PROPERTIES = re.compile(r"(?:[&!][^\s]*\s+)+")  # an anchor (&name) or tag (!!str) first


def _yaml_segment(doc: Document, key: str, node: yaml.ScalarNode, base: int,
                  flow: bool = False) -> Segment:
    start = base + node.start_mark.index
    end = base + node.end_mark.index
    properties = _NODE_PROPERTIES.match(doc.text, start, end)
    if properties is not None:
        start = properties.end()
    style = node.style
    msgid = normalize_msgid(node.value)
    if style in ("|", ">"):
        raw = doc.text[start:end]
        lines = raw.split("\n")
        content = [ln for ln in lines[1:] if ln.strip()]
        indent = min((len(ln) - len(ln.lstrip(" ")) for ln in content), default=2)
        first = doc.text.index("\n", start) + 1
        last = start + len(raw.rstrip())
        return _segment(doc, key, msgid, first, last, "yaml-block",
                        {"indent": " " * indent, "style": style})
    while end > start and doc.text[end - 1] in " \t\n":
        end -= 1
    encoder = {"'": "yaml-single", '"': "yaml-double"}.get(style or "", "yaml-plain")
    column = start - doc.line_start(doc.line_of(start))
    context = {"column": str(column)}
    if flow:
        context["flow"] = "1"
    return _segment(doc, key, msgid, start, end, encoder, context)


# --- TOML -----------------------------------------------------------------------------

# The TOML scanner's parts are shared with the site strings' data files (sitestrings.formats).
TOML_TABLE = re.compile(r"^[ \t]*(\[\[?)\s*([^\]]+?)\s*\]\]?[ \t]*(?:#.*)?$")
TOML_KEY = re.compile(r"^[ \t]*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
                       r"(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=\s*")


_TOML_DOT = re.compile(r"\.(?=(?:[^\"']|\"[^\"]*\"|'[^']*')*$)")


def toml_key(raw: str) -> list[str]:
    """``a."b.c".d`` -> ``["a", "b.c", "d"]``."""
    return [part.strip().strip("\"'") for part in _TOML_DOT.split(raw)]


def _toml(doc: Document, patterns: list[tuple[str, ...]], path: str, out: FrontMatter) -> None:
    text = doc.front_matter
    base = doc.front_matter_start
    try:
        out.values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = doc.line_of(base) + int(match.group(1)) - 1 if match else doc.line_of(base)
        raise InputError(f"TOML front matter does not parse: {exc}; fix the TOML syntax",
                         path, line) from None
    table: list[str | int] = []
    counters: dict[tuple[str | int, ...], int] = {}
    pos = 0
    while pos < len(text):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        row = text[pos:line_end]
        header = TOML_TABLE.match(row)
        key_match = TOML_KEY.match(row) if header is None else None
        if header is not None:
            names: list[str | int] = list(toml_key(header.group(2)))
            if header.group(1) == "[[":
                index = counters.get(tuple(names), 0)
                counters[tuple(names)] = index + 1
                names.append(index)
            table = names
        elif key_match is not None:
            key_path = tuple(table) + tuple(toml_key(key_match.group(1)))
            value_at = pos + key_match.end()
            found, end = _toml_values(text, value_at, key_path)
            for value_path, (value, start, stop, encoder) in found:
                key = matches(value_path, patterns)
                if key is not None and lookup(out.values, value_path) == value:
                    out.segments.append(_segment(doc, key, normalize_msgid(value), base + start,
                                                 base + stop, encoder))
            if end > value_at:
                line_end = max(line_end, text.find("\n", end) if "\n" in text[end:] else len(text))
        pos = line_end + 1


_TOML_INLINE_KEY = re.compile(r"\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
                              r"(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=\s*")
_TOML_SPACE = re.compile(r"(?:\s|#[^\n]*)*")
_TOML_BARE = re.compile(r"[^,\]}\s#]+")


def _toml_values(text: str, i: int, key_path: KeyPath
                 ) -> tuple[list[tuple[KeyPath, tuple[str, int, int, str]]], int]:
    """The strings of the TOML value at ``i`` (inline arrays and tables included), with their
    key paths, and the offset just past the value."""
    string = toml_string(text, i)
    if string is not None:
        return [(key_path, string)], _string_end(text, string)
    found: list[tuple[KeyPath, tuple[str, int, int, str]]] = []
    if text.startswith("[", i):
        i += 1
        index = 0
        while True:
            i = _TOML_SPACE.match(text, i).end()  # type: ignore[union-attr]
            if i >= len(text) or text[i] == "]":
                return found, i + 1
            items, i = _toml_values(text, i, key_path + (index,))
            found += items
            i = _TOML_SPACE.match(text, i).end()  # type: ignore[union-attr]
            if text.startswith(",", i):
                i += 1
            index += 1
    if text.startswith("{", i):
        i += 1
        while True:
            i = _TOML_SPACE.match(text, i).end()  # type: ignore[union-attr]
            if i >= len(text) or text[i] == "}":
                return found, i + 1
            key = _TOML_INLINE_KEY.match(text, i)
            if key is None:
                return found, i
            items, i = _toml_values(text, key.end(), key_path + tuple(toml_key(key.group(1))))
            found += items
            i = _TOML_SPACE.match(text, i).end()  # type: ignore[union-attr]
            if text.startswith(",", i):
                i += 1
    bare = _TOML_BARE.match(text, i)
    return found, bare.end() if bare else i + 1


def _string_end(text: str, string: tuple[str, int, int, str]) -> int:
    """Offset past a string's closing quotes (a multi-line string's span stops before them)."""
    _, _, end, encoder = string
    return end + 3 if encoder in ("toml-multi", "toml-literal-multi") else end


def toml_string(text: str, i: int) -> tuple[str, int, int, str] | None:
    """A TOML string at ``i``: (value, start, end, encoder).

    The span of a one-line string covers its quotes; that of a multi-line string only its
    text (the line break TOML drops after the opening quotes stays skeleton), so its layout
    is kept.
    """
    for quote, encoder in (('"""', "toml-multi"), ("'''", "toml-literal-multi"),
                           ('"', "toml-basic"), ("'", "toml-literal")):
        if not text.startswith(quote, i):
            continue
        j = i + len(quote)
        while j < len(text):
            if quote[0] == '"' and text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote, j):
                end = j + len(quote)
                try:
                    value = tomllib.loads("v = " + text[i:end])["v"]
                except tomllib.TOMLDecodeError:
                    return None
                if len(quote) == 3:
                    inner = i + 3 + (1 if text.startswith("\n", i + 3) else 0)
                    return value, inner, j, encoder
                return value, i, end, encoder
            if len(quote) == 1 and text[j] == "\n":
                return None
            j += 1
        return None
    return None


def lookup(values: Any, key_path: KeyPath) -> Any:
    """The value at ``key_path`` in parsed data, or None."""
    for key in key_path:
        try:
            values = values[key]
        except (KeyError, IndexError, TypeError):
            return None
    return values


# --- JSON -----------------------------------------------------------------------------

def _json(doc: Document, patterns: list[tuple[str, ...]], path: str, out: FrontMatter) -> None:
    text = doc.text[: doc.front_matter_end]
    try:
        out.values = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON front matter does not parse: {exc.msg}", path,
                         exc.lineno) from None
    for key_path, value, start, end in _json_strings(text, _skip_ws(text, 0), ()):
        key = matches(key_path, patterns)
        if key is not None:
            out.segments.append(_segment(doc, key, normalize_msgid(value), start, end,
                                         "json-string"))


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _json_strings(text: str, i: int, key_path: KeyPath
                  ) -> Iterator[tuple[KeyPath, str, int, int]]:
    """Yield (key path, value, start, end) for every string value, spans over the quotes."""
    stack: list[tuple[str, KeyPath, int]] = []
    pending: KeyPath = key_path
    while i < len(text):
        i = _skip_ws(text, i)
        if i >= len(text):
            return
        ch = text[i]
        if ch == "{":
            stack.append(("{", pending, 0))
            i += 1
            continue
        if ch == "[":
            stack.append(("[", pending, 0))
            pending = pending + (0,)
            i += 1
            continue
        if ch in "}]":
            stack.pop()
            i += 1
            continue
        if ch == ",":
            kind, parent, count = stack[-1]
            stack[-1] = (kind, parent, count + 1)
            if kind == "[":
                pending = parent + (count + 1,)
            i += 1
            continue
        if ch == '"':
            value, end = scanstring(text, i + 1)
            after = _skip_ws(text, end)
            if stack and stack[-1][0] == "{" and text.startswith(":", after):
                pending = stack[-1][1] + (value,)
                i = after + 1
                continue
            yield pending, value, i, end
            i = end
            continue
        match = re.compile(r"[^,\]}\s]+").match(text, i)
        i = match.end() if match else i + 1
