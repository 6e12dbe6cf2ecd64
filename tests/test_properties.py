"""Property-based round trips over generated pages that mix the constructs of the real site.

Pages are built from blocks (front matter, headings, wrapped paragraphs with inline markup,
shortcode pairs, multi-line figures, lists, quotes, tables, HTML blocks, code, comments,
definitions, footnotes, nested containers) joined by blank lines or single line breaks, with
LF or CRLF line ends, an optional BOM and an optional final newline. For each page:

- the identity merge gives the page back byte for byte (DESIGN invariant 1);
- a pseudo-translation (each msgstr = ``⟦msgid⟧``) keeps the skeleton (invariant 2): every
  byte between the spans, the same shortcode tags (names, closing forms, non-text
  parameters), the same HTML tag names, the same Markdown block token sequence, the same line
  ends, BOM and final newline; extracting the output gives exactly the pseudo msgids;
- a translation re-wrapped over two lines keeps the block structure (container prefixes);
- a translation holding ``,``, ``"``, ``: `` and `` #`` reads back as itself everywhere.

Suspected bugs that the fixtures of test_constructs.py record are kept out with ``assume``
or by leaving a kind unwrapped; each place says which fixture case it waits for.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cfg_i18n import ExtractOptions
from cfg_i18n.document import BOM
from cfg_i18n.markdown import parser
from cfg_i18n.page import Page, parse_page
from cfg_i18n.segments import Segment, normalize_msgid
from cfg_i18n.shortcodes import find_shortcodes, mask
from cfg_i18n.splice import splice

SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
OPEN, CLOSE = "⟦", "⟧"

WORDS = ("Code", "Germany", "Netzwerk", "Labs", "Daten", "Offene", "Verwaltung", "Gemeinwohl",
         "Zukunft", "Städte", "Kommunen", "Projekte", "Ehrenamt", "Überzeugungsarbeit",
         "Digitalisierung", "Gesellschaft", "Trinkwasser", "München", "Gießen", "fördern",
         "wir", "und", "die", "für", "mit", "in", "unserer", "Open", "Source", "2023")
SHORTCODE_NAMES = ("paragraph-center", "hero-block-center", "headline-brackets-h2", "quote")

word = st.sampled_from(WORDS)
words = st.lists(word, min_size=1, max_size=5).map(" ".join)

#: Inline pieces as the real pages write them; none starts a block when it starts a line.
inline_piece = st.one_of(
    word, word, word, word,
    words.map(lambda w: f"**{w}**"),
    word.map(lambda w: f"*{w}*"),
    words.map(lambda w: f"[{w}](/community)"),
    word.map(lambda w: f"`{w.lower()}`"),
    words.map(lambda w: f'<a href="https://codefor.de/">{w}</a>'),
    words.map(lambda w: f'[{w}]({{{{< ref "/jena" >}}}})'),
    st.just("Entwickler\\*innen"),
    st.just("am 2.\u00a0Dienstag"),  # never at a line start: the msgid reads "2. Dienstag"
    st.just("Informations\u00adfreiheit"),
    st.just("@_rami_"),
    st.just("Fußball-WM"),
    st.just('{{</* ref "/jena" */>}}'),
    words.map(lambda w: f'{{{{< abbr title="{w}" >}}}}OKF{{{{< /abbr >}}}}'),
    st.just("<br>"),
)


@st.composite
def text_lines(draw: st.DrawFn, max_lines: int = 4, breaks: bool = True) -> list[str]:
    """Hard-wrapped lines of one unit: at least one plain word, maybe hard line breaks."""
    pieces = [draw(word)] + draw(st.lists(inline_piece, min_size=0, max_size=10))
    pieces = draw(st.permutations(pieces))
    if not re.match(r"\w", pieces[0]):
        pieces.insert(0, draw(word))
    count = draw(st.integers(1, min(max_lines, len(pieces))))
    cuts = sorted(draw(st.sets(st.integers(1, len(pieces) - 1), min_size=count - 1,
                               max_size=count - 1))) if count > 1 else []
    lines = [" ".join(pieces[a:b]) for a, b in zip([0] + cuts, cuts + [len(pieces)])]
    if breaks:
        for k in range(len(lines) - 1):
            lines[k] += draw(st.sampled_from(["", "", "", "  ", "\\"]))
    return lines


def _paragraph(lines: list[str]) -> str:
    return "\n".join(lines)


paragraph = text_lines().map(_paragraph)


@st.composite
def atx_heading(draw: st.DrawFn) -> str:
    level = draw(st.integers(1, 4))
    attrs = draw(st.sampled_from(["", " {#anker}", " {.klasse}"]))
    return "#" * level + " " + " ".join(draw(text_lines(max_lines=1, breaks=False))) + attrs


@st.composite
def setext_heading(draw: st.DrawFn) -> str:
    lines = draw(text_lines(max_lines=2, breaks=False))
    return "\n".join(lines) + "\n" + draw(st.sampled_from(["=", "-"])) * draw(st.integers(3, 12))


@st.composite
def shortcode_pair(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(SHORTCODE_NAMES))
    delim = draw(st.sampled_from(["<", "%"]))
    right = ">" if delim == "<" else "%"
    attrs = draw(st.sampled_from(["", ' color="red"', ' color="blue" class="mt-6 mb-3"',
                                  ' author="Nastja, Code for Niederrhein"']))
    opening = f"{{{{{delim} {name}{attrs} {right}}}}}" + draw(st.sampled_from(["", " "]))
    closing = draw(st.sampled_from([f"{{{{{delim} /{name} {right}}}}}",
                                    f"{{{{{delim}/ {name}{right}}}}}"]))
    inner = draw(st.one_of(paragraph, atx_heading()))
    if draw(st.booleans()):
        return f"{opening}\n{inner}\n{closing}"
    return f"{opening}\n\n{inner}\n\n{closing}"


@st.composite
def figure(draw: st.DrawFn) -> str:
    alt = draw(words)
    licence = "[CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)"
    attr = f"Foto von {draw(words)}, Lizenz {licence}"
    params = [f'src="/blog/{draw(word).lower()}.jpg"', f'alt="{alt}"', f'attr="{attr}"',
              'class="w-75"', f"caption=`{draw(words)}`"]
    params = draw(st.permutations(params))[: draw(st.integers(1, len(params)))]
    if draw(st.booleans()):
        return "{{< figure \n" + "".join(f"     {p}\n" for p in params) + ">}}"
    return "{{< figure " + " ".join(params) + draw(st.sampled_from([" >}}", " />}}"]))


@st.composite
def bullet_list(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["-", "*", "+", "*\t", "1.", "1)"]))
    ordered = marker[0].isdigit()
    out: list[str] = []
    for index in range(draw(st.integers(1, 4))):
        mark = f"{index + 1}{marker[1]}" if ordered else marker
        lead = mark if mark.endswith("\t") else mark + " "
        indent = " " * len(mark) + ("\t" if mark.endswith("\t") else " ")
        lines = draw(text_lines(max_lines=3))
        task = draw(st.sampled_from(["", "", "[ ] ", "[x] "])) if not ordered else ""
        lazy = draw(st.booleans())
        out.append(lead + task + lines[0])
        out.extend(line if lazy and not lines[k].endswith(("  ", "\\")) else indent + line
                   for k, line in enumerate(lines[1:]))
        if draw(st.integers(0, 4)) == 0:
            sub = draw(text_lines(max_lines=2, breaks=False))
            out.append(indent + "- " + sub[0])
            out.extend(indent + "  " + line for line in sub[1:])
    return "\n".join(out)


@st.composite
def blockquote(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(text_lines(max_lines=3), min_size=1, max_size=2))
    parts = []
    for lines in paragraphs:
        parts.append("\n".join("> " + line for line in lines))
    return "\n>\n".join(parts)


@st.composite
def nested_container(draw: st.DrawFn) -> str:
    """Containers holding shortcodes and other containers, as some real pages do."""
    lines = draw(text_lines(max_lines=2))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return '> {{< quote author="Marco" >}}\n> ' + "\n> ".join(lines) + "\n> {{< /quote >}}"
    if kind == 1:
        return "> > " + "\n> > ".join(lines) + "\n>\n> - " + draw(words)
    if kind == 2:
        return ("- " + "\n  ".join(lines) + '\n  {{< figure src="/a.jpg"\n    alt="'
                + draw(words) + '"\n  >}}')
    return "- " + draw(words) + "\n\n  <p>" + " ".join(lines) + "</p>"


@st.composite
def table(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 3))

    def cell() -> str:
        text = " ".join(draw(text_lines(max_lines=1, breaks=False)))
        return text + draw(st.sampled_from(["", "", " \\| 19 Uhr"]))

    header = [cell() for _ in range(columns)]
    rows = [[cell() for _ in range(columns)] for _ in range(draw(st.integers(1, 3)))]
    outer = draw(st.booleans()) or columns == 1
    def row(cells: list[str]) -> str:
        body = " | ".join(cells)
        return f"| {body} |" if outer else body
    delimiter = "|" + "|".join("---" for _ in range(columns)) + "|" if outer else \
        " | ".join("---" for _ in range(columns))
    return "\n".join([row(header), delimiter] + [row(r) for r in rows])


@st.composite
def html_block(draw: st.DrawFn) -> str:
    text = " ".join(draw(text_lines(max_lines=2, breaks=False)))
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return f"<p>{text}</p>"
    if kind == 1:
        items = [" ".join(draw(text_lines(max_lines=1, breaks=False))) for _ in range(2)]
        return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>"
    if kind == 2:
        return f'<div class="lead">\n{text}\n</div>'
    if kind == 3:
        return ('<figure>\n<img src="/img/x.jpg" alt="' + draw(words) + '">\n<figcaption>\n <i>'
                + text + "</i>\n</figcaption>\n</figure>")
    return "<dl>\n\t<dt>" + draw(words) + ":</dt>\n\t<dd>" + text + "</dd>\n</dl>"


@st.composite
def definition_list(draw: st.DrawFn) -> str:
    term = " ".join(draw(text_lines(max_lines=1, breaks=False)))
    lines = draw(text_lines(max_lines=3, breaks=False))
    return term + "\n: " + "\n  ".join(lines)


@st.composite
def footnote(draw: st.DrawFn) -> str:
    lines = draw(text_lines(max_lines=2, breaks=False))
    return "\n".join(lines) + "[^1]\n\n[^1]: " + " ".join(draw(text_lines(max_lines=1)))


code_block = st.one_of(
    words.map(lambda w: f"```sh\nhugo --minify\n# {w}\n```"),
    words.map(lambda w: f"    {w.lower()}\n    hugo server"),
)
comment = st.sampled_from(["<!--more-->", "<!-- Bild fehlt noch -->"])

block = st.one_of(paragraph, paragraph, atx_heading(), setext_heading(), shortcode_pair(),
                  figure(), bullet_list(), blockquote(), table(), html_block(), code_block,
                  comment, definition_list(), footnote(), nested_container())


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    title = draw(words)
    kind = draw(st.sampled_from(["none", "yaml", "yaml", "toml", "json", "empty"]))
    if kind == "none":
        return ""
    if kind == "empty":
        return "---\n---\n"
    if kind == "toml":
        return f'+++\ntitle = "{title}"\ndate = 2023-10-09\nexcerpt = \'{draw(words)}\'\n+++\n'
    if kind == "json":
        return f'{{\n  "title": "{title}",\n  "date": "2023-10-09"\n}}\n'
    quoted = draw(st.sampled_from([title, f'"{title}"', f"'{title}'"]))
    lines = [f"title: {quoted}", "author: Nora Titz", "lab: [berlin] # Kommentar"]
    if draw(st.booleans()):
        lines.append(f"description: {draw(words)}")
    if draw(st.booleans()):
        lines.append("summary: " + draw(st.sampled_from(["|", ">"])) + "\n  " + draw(words)
                     + "\n  " + draw(words))
    return "---\n" + "\n".join(draw(st.permutations(lines))) + "\n---\n"


@st.composite
def page_text(draw: st.DrawFn) -> str:
    head = draw(front_matter())
    blocks = draw(st.lists(block, min_size=1, max_size=8))
    if not head and blocks[0].startswith("{"):
        head = "---\n---\n"  # Hugo reads a page that starts with "{" as JSON front matter
    # Mostly blank lines between blocks; a single line break makes the real site's run-ons
    # (a shortcode line right under a paragraph, a <dl> right under a shortcode …).
    separators = [draw(st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n"])) for _ in blocks[1:]]
    body = blocks[0] + "".join(sep + b for sep, b in zip(separators, blocks[1:]))
    text: str = head + draw(st.sampled_from(["", "\n"])) + body + "\n"
    if not draw(st.booleans()):
        text = text[:-1]
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 4)) == 0:
        text = BOM + text
    return text


# -- skeleton views ---------------------------------------------------------------------------

def _shortcodes(text: str) -> list[tuple[object, ...]]:
    text_params = set(ExtractOptions().shortcode_text_params)
    return [(sc.name, sc.delimiter, sc.closing, sc.self_closing,
             tuple((p.name, None if p.name in text_params else p.value) for p in sc.params))
            for sc in find_shortcodes(text)]


def _html_tags(text: str) -> list[str]:
    return [m.group(1).lower() for m in re.finditer(r"</?([A-Za-z][A-Za-z0-9-]*)", text)]


def _blocks(page: Page) -> list[tuple[str, str, str]]:
    doc = page.document
    body = re.sub(r"[^\n]", " ", doc.text[: doc.body_start]) + doc.text[doc.body_start :]
    tokens = parser().parse(mask(body, find_shortcodes(body)))
    return [(t.type, t.tag, t.markup) for t in tokens if t.type != "inline"]


def _escaped_shortcode_in_html(page: Page) -> bool:
    """Suspected bug (fixture "Escaped shortcode inside an HTML paragraph is text"): the HTML
    tokenizer reads ``{{</* x */>}}`` as a tag and cuts the message there."""
    doc = page.document
    lines = doc.text.split("\n")
    body = re.sub(r"[^\n]", " ", doc.text[: doc.body_start]) + doc.text[doc.body_start :]
    for token in parser().parse(mask(body, find_shortcodes(body))):
        if token.type == "html_block" and token.map and \
                any("{{</*" in line for line in lines[token.map[0] : token.map[1]]):
            return True
    return False


def _lazy_first_line(page: Page, segment: Segment) -> bool:
    """Suspected bug (fixture "Blockquote paragraph that goes on lazily after a shortcode line
    keeps its prefix"): a container unit that starts on a lazy line gets no prefix."""
    text = page.document.text
    start = segment.span.start
    return segment.kind in ("blockquote", "list item") and text.rfind("\n", 0, start) == start - 1


def _skeleton_pieces(page: Page) -> list[str]:
    """The source text between the segments' spans."""
    doc = page.document
    pieces, pos = [], 0
    for segment in page.segments:
        start = doc.to_source(segment.span.start)
        pieces.append(doc.source[pos:start])
        pos = doc.to_source(segment.span.end)
    pieces.append(doc.source[pos:])
    return pieces


# -- properties -------------------------------------------------------------------------------

@SETTINGS
@given(page_text())
def test_identity_merge_is_byte_identical(text: str) -> None:
    page = parse_page(text, "generated.md")
    assert splice(page, lambda segment: segment.msgid) == text
    assert splice(page, lambda segment: None) == text


@SETTINGS
@given(page_text())
def test_pseudo_translation_keeps_the_skeleton(text: str) -> None:
    page = parse_page(text, "generated.md")
    # Suspected bug (fixture "Setext heading with a hard line break"): a heading's msgid keeps
    # a hard break that the merge cannot write back.
    assume(not any(s.kind == "heading" and "\n" in s.msgid for s in page.segments))
    assume(not _escaped_shortcode_in_html(page))
    out = splice(page, lambda segment: OPEN + segment.msgid + CLOSE)
    again = parse_page(out, "generated.md")

    assert out.startswith(BOM) == text.startswith(BOM)
    assert out.endswith("\n") == text.endswith("\n")
    if "\r\n" in text:
        assert out.count("\n") == out.count("\r\n")
    else:
        assert "\r" not in out

    if not page.segments:
        assert out == text
        return
    first, *middle, last = _skeleton_pieces(page)
    assert out.startswith(first)
    pos = len(first)
    for piece in middle:
        found = out.find(piece, pos + 1)
        assert found > pos, (piece, out[pos:])
        pos = found + len(piece)
    assert out.endswith(last) and len(out) - len(last) > pos

    assert _shortcodes(out) == _shortcodes(text)
    assert _html_tags(out) == _html_tags(text)
    assert _blocks(again) == _blocks(page)
    assert [(s.kind, s.msgid) for s in again.segments] == \
        [(s.kind, OPEN + s.msgid + CLOSE) for s in page.segments]


#: Kinds whose continuation lines get no container prefix yet (suspected bug, see the
#: "Definition list" and footnote cases in tests/fixtures/constructs/blocks.md): a translated
#: line that starts like a block ("2. Dienstag") leaves the definition or footnote.
UNPREFIXED_KINDS = frozenset({"definition", "footnote"})
_INNER_SPACE = re.compile(r"(?<=\w) (?=\w)")
_MARKUP = re.compile(r"\{\{.*?\}\}|<[^<>]*>|\]\([^()]*\)|`[^`]*`")


def _break_line(msgid: str) -> str:
    """Turn the first space between two words (outside tags and link targets) into a newline,
    as a translator re-wrapping the text would."""
    taken = [m.span() for m in _MARKUP.finditer(msgid)]
    for space in _INNER_SPACE.finditer(msgid):
        if not any(a <= space.start() < b for a, b in taken):
            return msgid[: space.start()] + "\n" + msgid[space.end() :]
    return msgid


@SETTINGS
@given(page_text())
def test_multi_line_translation_keeps_the_structure(text: str) -> None:
    """A translation with a line break gets its container's prefix (``> ``, list indent)."""
    page = parse_page(text, "generated.md")
    assume(not _escaped_shortcode_in_html(page))

    def translate(segment: Segment) -> str:
        msgid = segment.msgid
        if segment.kind not in UNPREFIXED_KINDS and not _lazy_first_line(page, segment):
            msgid = _break_line(msgid)
        return OPEN + msgid + CLOSE

    out = splice(page, translate)
    again = parse_page(out, "generated.md")
    assert _shortcodes(out) == _shortcodes(text)
    assert _html_tags(out) == _html_tags(text)
    assert _blocks(again) == _blocks(page)
    assert [(s.kind, normalize_msgid(s.msgid)) for s in again.segments] == \
        [(s.kind, normalize_msgid(OPEN + s.msgid + CLOSE)) for s in page.segments]


#: Text that every place a message stands must quote or escape to read it back.
AWKWARD = ', "Zitat": Anmerkung #1'


@SETTINGS
@given(page_text())
def test_translation_with_quotes_colons_and_hashes_reads_back(text: str) -> None:
    """YAML plain values, TOML/JSON strings and shortcode parameters re-quote what they must."""
    page = parse_page(text, "generated.md")
    assume(not _escaped_shortcode_in_html(page))
    assume(not any(s.kind == "heading" and "\n" in s.msgid for s in page.segments))
    out = splice(page, lambda segment: segment.msgid + AWKWARD)
    again = parse_page(out, "generated.md")
    assert _shortcodes(out) == _shortcodes(text)
    assert _blocks(again) == _blocks(page)
    expected = []
    for segment in page.segments:
        awkward = AWKWARD.replace('"', "&quot;") if segment.encoder == "html-attribute" \
            else AWKWARD
        expected.append((segment.kind, segment.msgid + awkward))
    assert [(s.kind, s.msgid) for s in again.segments] == expected
