"""One fixture per construct: the messages a page yields, and what a translation merges into.

The fixtures live in ``tests/fixtures/constructs/*.md``, in the spirit of markdown-it-py's
fixture files, with four sections per case instead of two::

    <case title> [flag] [flag] …
    .
    <source document>
    .
    <expected messages: "<line> <kind>: <msgid>", one per line>
    .
    <translation: one msgstr per line, aligned with the messages; empty = untranslated>
    .
    <expected merged output>
    .

Cases are separated by blank lines. Escapes:

- everywhere: ``<U+XXXX>`` is that character (``<U+00A0>``, ``<U+00AD>``, ``<U+FEFF>`` …),
  so invisible characters stay visible in the fixture;
- in messages and msgstrs: ``\\n`` is a line break and ``\\\\`` a backslash; any other
  backslash is literal (``Verwaltungsmitarbeiter\\*innen``, ``a \\| b``).

Flags after the title: ``[crlf]`` (source and output use CRLF line ends), ``[noeol]`` (neither
ends with a line break), ``[keys=a,b.*.c]`` and ``[params=alt,title]`` (extraction options),
``[warn=LINE]`` (a warning about that line is expected; repeatable), ``[may-warn=LINE]``
(a warning about that line is allowed: DESIGN invariant 7 says "at most a warning"), and
``[no-readback]`` (the merged output is not expected to yield the msgstrs verbatim, e.g. a
``|`` that the merge escapes in a table cell).

Each case checks, as separate tests: the (kind, msgid) list; each message's line (the expected
one, and the line of the first character of its span); the merged output; that the identity
merge is byte-identical; and that extracting the merged output reads the translation back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from cfg_i18n import ExtractOptions
from cfg_i18n.page import Page, parse_page
from cfg_i18n.segments import Segment, normalize_msgid
from cfg_i18n.splice import splice

FIXTURES = Path(__file__).parent / "fixtures" / "constructs"

_FLAG = re.compile(
    r"\s*\[(crlf|noeol|no-readback|keys=[^\]]*|params=[^\]]*|(?:may-)?warn=\d+)\]\s*$")
_CODEPOINT = re.compile(r"<U\+([0-9A-Fa-f]{4,6})>")
_MESSAGE = re.compile(
    r"^(?:(?P<line>\d+) )?"
    r"(?P<kind>front matter: [\w.*-]+"
    r"|shortcode [^\s:]+: [\w-]+"
    r"|html <[\w-]+>: (?:alt|title|aria-label|placeholder)"
    r"|html(?: <[\w-]+>)?"
    r"|heading|paragraph|list item|table cell|blockquote|definition term|definition"
    r"|footnote|alt): (?P<msgid>.*)$"
)

_ANCHOR = "YAML: an anchored value is one message, its alias follows it"
_TOML_INLINE = "TOML: inline array of tables"
_TOML_MULTI = "TOML: multi-line basic and literal strings"
_FLOW = "YAML: dotted key in a flow sequence, translation with a comma"
_HTML_CODE = "Script, style, pre and code are never messages; inline code stays in its sentence"
_HTML_ESCAPED = "Escaped shortcode inside an HTML paragraph is text"
_FOOTNOTE = "Footnote text translated over two lines keeps the footnote's indentation"
_LAZY_QUOTE = ("Blockquote paragraph that goes on lazily after a shortcode line keeps its "
               "prefix")

#: Cases where the core disagrees with DESIGN.md: (case title, check) -> what goes wrong.
#: Strict: once the core is fixed the xfail fails, and its entry must go.
KNOWN_BUGS: dict[tuple[str, str], str] = {
}


@dataclass(slots=True)
class Message:
    """One expected message."""

    line: int | None
    kind: str
    msgid: str


@dataclass(slots=True)
class Case:
    """One fixture case, decoded."""

    title: str
    where: str
    source: str
    messages: list[Message]
    msgstrs: list[str | None]
    merged: str
    options: ExtractOptions = field(default_factory=ExtractOptions)
    warn_lines: list[int] = field(default_factory=list)
    may_warn_lines: list[int] = field(default_factory=list)
    readback: bool = True


def _codepoints(text: str) -> str:
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1), 16)), text)


def _unescape(text: str) -> str:
    """``\\n`` -> line break, ``\\\\`` -> backslash, other backslashes literal."""
    return re.sub(r"\\([\\n])", lambda m: "\n" if m.group(1) == "n" else "\\",
                  _codepoints(text))


def _document(lines: list[str], crlf: bool, noeol: bool) -> str:
    text = _codepoints("".join(line + "\n" for line in lines))
    if noeol:
        text = text[:-1]
    return text.replace("\n", "\r\n") if crlf else text


@dataclass(slots=True)
class _Flags:
    """What the ``[flag]`` groups after a case title ask for."""

    crlf: bool = False
    noeol: bool = False
    readback: bool = True
    options: ExtractOptions = field(default_factory=ExtractOptions)
    warn: list[int] = field(default_factory=list)
    may_warn: list[int] = field(default_factory=list)


def _split_flags(title: str) -> tuple[str, _Flags]:
    flags = _Flags()
    while (match := _FLAG.search(title)) is not None:
        title = title[: match.start()]
        name, _, value = match.group(1).partition("=")
        if name == "crlf":
            flags.crlf = True
        elif name == "noeol":
            flags.noeol = True
        elif name == "no-readback":
            flags.readback = False
        elif name == "keys":
            flags.options = replace(flags.options, front_matter_keys=tuple(value.split(",")))
        elif name == "params":
            flags.options = replace(flags.options, shortcode_text_params=tuple(value.split(",")))
        elif name == "warn":
            flags.warn.append(int(value))
        else:
            flags.may_warn.append(int(value))
    return title, flags


def _case(title_line: str, sections: list[list[str]], where: str) -> Case:
    title, flags = _split_flags(title_line)
    source, message_lines, msgstr_lines, merged = sections
    messages = []
    for line in message_lines:
        match = _MESSAGE.match(line)
        if match is None:
            raise ValueError(f"{where}: not a message line: {line!r}")
        number = match.group("line")
        messages.append(Message(int(number) if number else None, match.group("kind"),
                                _unescape(match.group("msgid"))))
    if len(msgstr_lines) != len(messages):
        raise ValueError(f"{where}: {len(messages)} messages but {len(msgstr_lines)} msgstrs")
    msgstrs = [_unescape(line) or None for line in msgstr_lines]
    table: dict[str, str | None] = {}
    for message, msgstr in zip(messages, msgstrs):
        if table.setdefault(message.msgid, msgstr) != msgstr:
            raise ValueError(f"{where}: one msgid, two translations: {message.msgid!r}")
    return Case(title=title, where=where, source=_document(source, flags.crlf, flags.noeol),
                messages=messages, msgstrs=msgstrs,
                merged=_document(merged, flags.crlf, flags.noeol), options=flags.options,
                warn_lines=flags.warn, may_warn_lines=flags.may_warn, readback=flags.readback)


def read_cases(path: Path) -> list[Case]:
    """Parse one fixture file into its cases."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i], i + 1
        if start >= len(lines) or lines[start] != ".":
            raise ValueError(f"{path.name}:{start + 1}: expected '.' after title {title!r}")
        sections: list[list[str]] = []
        j = start + 1
        current: list[str] = []
        while len(sections) < 4:
            if j >= len(lines):
                raise ValueError(f"{path.name}:{start}: case {title!r} is not closed")
            if lines[j] == ".":
                sections.append(current)
                current = []
            else:
                current.append(lines[j])
            j += 1
        cases.append(_case(title, sections, f"{path.name}:{start}"))
        i = j
    return cases


def _all_cases() -> list[Case]:
    cases = [case for path in sorted(FIXTURES.glob("*.md")) for case in read_cases(path)]
    titles = [case.title for case in cases]
    duplicates = {t for t in titles if titles.count(t) > 1}
    if duplicates:
        raise ValueError(f"duplicate case titles: {sorted(duplicates)}")
    return cases


CASES = _all_cases()


def _params(check: str) -> list[object]:
    params: list[object] = []
    for case in CASES:
        reason = KNOWN_BUGS.get((case.title, check))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(case, id=case.title, marks=marks))
    return params


def _page(case: Case, text: str | None = None) -> Page:
    return parse_page(case.source if text is None else text, case.where, case.options)


def _merge(case: Case, page: Page) -> str:
    table = {m.msgid: s for m, s in zip(case.messages, case.msgstrs)}

    def translate(segment: Segment) -> str | None:
        return table.get(segment.msgid)

    return splice(page, translate)


_CHECKS = ("messages", "lines", "warnings", "merge", "identity", "readback")


def test_fixture_files_exist() -> None:
    assert len(CASES) >= 60, [p.name for p in FIXTURES.glob("*.md")]


def test_known_bugs_name_real_cases() -> None:
    titles = {case.title for case in CASES}
    for title, check in KNOWN_BUGS:
        assert title in titles and check in _CHECKS, (title, check)


@pytest.mark.parametrize("case", _params("messages"))
def test_messages(case: Case) -> None:
    page = _page(case)
    got = [(s.kind, s.msgid) for s in page.segments]
    assert got == [(m.kind, m.msgid) for m in case.messages]


@pytest.mark.parametrize("case", _params("lines"))
def test_lines(case: Case) -> None:
    page = _page(case)
    text = page.document.text
    for segment in page.segments:
        assert segment.line == text.count("\n", 0, segment.span.start) + 1, segment
    if [(s.kind, s.msgid) for s in page.segments] != [(m.kind, m.msgid) for m in case.messages]:
        pytest.skip("the messages differ (test_messages fails): lines cannot be paired")
    expected = [(m.msgid, m.line) for m in case.messages if m.line is not None]
    got = [(s.msgid, s.line) for s, m in zip(page.segments, case.messages) if m.line is not None]
    assert got == expected


@pytest.mark.parametrize("case", _params("warnings"))
def test_warnings(case: Case) -> None:
    page = _page(case)
    lines = sorted(w.line or 0 for w in page.warnings)
    for line in case.warn_lines:
        assert line in lines, page.warnings
    for line in lines:
        assert line in case.warn_lines or line in case.may_warn_lines, page.warnings


@pytest.mark.parametrize("case", _params("merge"))
def test_merge(case: Case) -> None:
    assert _merge(case, _page(case)) == case.merged


@pytest.mark.parametrize("case", _params("identity"))
def test_identity_merge(case: Case) -> None:
    page = _page(case)
    assert splice(page, lambda segment: segment.msgid) == case.source
    assert splice(page, lambda segment: None) == case.source


@pytest.mark.parametrize("case", _params("readback"))
def test_merged_output_reads_back(case: Case) -> None:
    """The merged page yields the translations as its msgids: nothing leaked or got lost.

    This reads the merge's actual output, so it tells a cosmetic difference from
    ``test_merge`` apart from a broken page."""
    if not case.readback:
        pytest.skip("the translation is re-encoded on purpose")
    expected = [normalize_msgid(s if s is not None else m.msgid)
                for m, s in zip(case.messages, case.msgstrs)]
    merged = _merge(case, _page(case))
    got = [normalize_msgid(s.msgid) for s in _page(case, merged).segments]
    assert got == expected
