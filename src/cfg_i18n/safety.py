"""Does a translation keep the markup of its source?

A translated Hugo page breaks, or silently says something else, when a msgstr drops or
alters a shortcode, an HTML tag, a link target, an inline code span, an emphasis marker
or a hard line break of its msgid. ``cfg-i18n check`` reports every such problem and
``cfg-i18n merge`` keeps the source text for an entry that has one (DESIGN invariant 6),
so both call :func:`check_translation`. Translations reorder words, so markup is
compared as a multiset, never by position.

>>> check_translation("Schau auf [codefor.de](/) vorbei.", "Visit [codefor.de](/).")
[]
>>> [p.code for p in check_translation("Schau auf [codefor.de](/) vorbei.", "Visit codefor.de.")]
['link-target']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from cfg_i18n.html import TolerantHTMLParser
from cfg_i18n.options import DEFAULT_SHORTCODE_TEXT_PARAMS
from cfg_i18n.shortcodes import Shortcode, find_shortcodes

__all__ = [
    "CODE_SPAN",
    "DEFAULT_TEXT_PARAMS",
    "EMPHASIS",
    "HARD_BREAK",
    "HTML_TAG",
    "IMAGE_TARGET",
    "LINK_TARGET",
    "PROBLEM_CODES",
    "SHORTCODE",
    "TEXT_HTML_ATTRIBUTES",
    "WHITESPACE",
    "AllowLink",
    "Problem",
    "check_translation",
]

#: Shortcode parameters whose values are text a translator may change (DESIGN rule 5).
DEFAULT_TEXT_PARAMS: tuple[str, ...] = DEFAULT_SHORTCODE_TEXT_PARAMS

#: HTML attributes whose values are text a translator may change (DESIGN rule 6).
TEXT_HTML_ATTRIBUTES: frozenset[str] = frozenset({"alt", "title", "aria-label", "placeholder"})

#: HTML attributes that hold a link target, which ``allow_link`` may let differ.
_LINK_HTML_ATTRIBUTES = frozenset({"href", "src"})

#: Shortcodes whose path parameter is a link target, which ``allow_link`` may let differ.
_REF_SHORTCODES = frozenset({"ref", "relref"})

#: ``allow_link(source_target, translated_target)``: may the translation point there instead?
AllowLink = Callable[[str, str], bool]

# Codes of the problems, as ``check`` reports them.
SHORTCODE = "shortcode"
HTML_TAG = "html-tag"
LINK_TARGET = "link-target"
IMAGE_TARGET = "image-target"
CODE_SPAN = "code-span"
EMPHASIS = "emphasis"
WHITESPACE = "whitespace"
HARD_BREAK = "hard-break"
#: Every code, in the order problems are reported.
PROBLEM_CODES = (
    WHITESPACE,
    SHORTCODE,
    HTML_TAG,
    LINK_TARGET,
    IMAGE_TARGET,
    CODE_SPAN,
    EMPHASIS,
    HARD_BREAK,
)


@dataclass(slots=True, frozen=True)
class Problem:
    """One way in which a translation does not keep the markup of its source."""

    code: str
    """What kind of markup: ``shortcode``, ``html-tag``, ``link-target``, ``image-target``,
    ``code-span``, ``emphasis``, ``whitespace`` or ``hard-break``."""
    message: str
    """What is missing or changed, and what the translator should do about it."""

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def check_translation(
    msgid: str,
    msgstr: str,
    *,
    markdown: bool = True,
    text_params: Collection[str] = DEFAULT_TEXT_PARAMS,
    allow_link: AllowLink | None = None,
    references: Collection[str] | None = None,
) -> list[Problem]:
    """List the problems of ``msgstr`` as a translation of ``msgid`` (empty list: safe).

    ``markdown`` says whether the text is inline Markdown (the segment's ``md-text`` flag);
    plain text is only checked for shortcodes, HTML tags, whitespace and line breaks.
    ``text_params`` names the shortcode parameters whose values may be translated.
    ``allow_link(source, translated)`` may accept a changed link target or ``ref`` path
    (None: targets must be equal). ``references`` holds the labels of the page's
    reference definitions (``[label]: /url``), so that ``[label]`` is known to be a link;
    None means they are unknown, and only the labels the msgid uses in the unmistakable
    forms ``[text][label]`` and ``[label][]`` count. An empty msgstr is untranslated, not
    unsafe.
    """
    if not msgstr:
        return []
    if references is None:
        references = _labels_in_use(msgid)
    text_names = frozenset(text_params)
    table = _reference_table(references)
    source = _analyse(msgid, markdown, text_names, table)
    translation = _analyse(msgstr, markdown, text_names, table)
    problems = _check_whitespace(msgid, msgstr)
    problems += _compare(_SHORTCODE_WORDS, source.shortcodes, translation.shortcodes, allow_link)
    problems += _compare(_HTML_WORDS, source.html_tags, translation.html_tags, allow_link)
    problems += _compare(_LINK_WORDS, source.links, translation.links, allow_link)
    problems += _compare(_IMAGE_WORDS, source.images, translation.images, allow_link)
    problems += _compare(_CODE_WORDS, source.code_spans, translation.code_spans, None)
    problems += _check_emphasis(source, translation)
    problems += _check_line_breaks(source, translation)
    return problems


# --------------------------------------------------------------------------- masking

# Hugo replaces shortcodes before its Markdown renderer runs, and so do we: each one becomes
# a single character of Unicode's supplementary private use area, so ``[t]({{< ref "x" >}})``
# stays a link and ``<a href="{{< ref "/jena" >}}">`` stays a tag although the shortcode
# holds quotes. Unlike ``shortcodes.mask`` (which keeps offsets for splicing), one character
# per shortcode says which shortcode stood where, so messages can show it as written.
_SLOT_BASE = 0xF0000
_SLOT_LIMIT = 0xFFFFD
_SLOT = re.compile("[\U000f0000-\U000ffffd]")
#: How a shortcode inside a link target or attribute is compared: any shortcode.
#: The shortcode check compares the shortcodes themselves, so a problem is reported once.
_ANY_SHORTCODE = "{{…}}"


@dataclass(slots=True)
class _Masked:
    """Text with its shortcodes replaced by slot characters."""

    text: str
    """The masked text."""
    shortcodes: list[str] = field(default_factory=list)
    """The shortcodes as written, in slot order."""

    def unmask(self, text: str) -> str:
        """Put the shortcodes back, for messages."""

        def restore(match: re.Match[str]) -> str:
            index = ord(match.group()) - _SLOT_BASE
            return self.shortcodes[index] if index < len(self.shortcodes) else match.group()

        return _SLOT.sub(restore, text)


def _mask(text: str, shortcodes: Sequence[Shortcode]) -> _Masked:
    masked = _Masked(text)
    parts: list[str] = []
    pos = 0
    for shortcode in shortcodes[: _SLOT_LIMIT - _SLOT_BASE]:
        parts.append(text[pos : shortcode.start])
        parts.append(chr(_SLOT_BASE + len(masked.shortcodes)))
        masked.shortcodes.append(text[shortcode.start : shortcode.end])
        pos = shortcode.end
    parts.append(text[pos:])
    masked.text = "".join(parts)
    return masked


def _slots_generic(value: str) -> str:
    return _SLOT.sub(_ANY_SHORTCODE, value)


# --------------------------------------------------------------------------- analysis

#: Reference definitions as markdown-it's ``env["references"]`` holds them.
_References = dict[str, dict[str, str]]


@dataclass(slots=True, frozen=True)
class _Item:
    """One piece of markup that the translation must keep."""

    key: Hashable
    """Equal keys: the same markup."""
    shown: str
    """The markup as written, for messages."""
    group: str
    """A missing and an added item of one group are reported as one change."""
    frame: Hashable = None
    """The key without its link targets: equal frames and accepted links also match."""
    targets: tuple[str, ...] = ()
    """The link targets left out of ``frame``, as written, for ``allow_link``."""
    advice: str = ""
    """What to do when the item is missing or changed, if not the usual."""


@dataclass(slots=True)
class _Markup:
    """The markup of one text that a translation must keep."""

    shortcodes: list[_Item] = field(default_factory=list)
    html_tags: list[_Item] = field(default_factory=list)
    links: list[_Item] = field(default_factory=list)
    images: list[_Item] = field(default_factory=list)
    code_spans: list[_Item] = field(default_factory=list)
    emphasis: dict[str, int] = field(default_factory=dict)
    """Count of ``em``, ``strong`` and ``s`` spans Markdown recognises."""
    line_breaks: int = 0
    """Line breaks inside the text (leading and trailing whitespace aside)."""
    hard_breaks: int | None = None
    """Line breaks Markdown renders as ``<br>`` (None for plain text)."""


def _analyse(
    text: str, markdown: bool, text_params: frozenset[str], references: _References
) -> _Markup:
    shortcodes = find_shortcodes(text) if "{{" in text else []
    masked = _mask(text, shortcodes)
    markup = _Markup(
        shortcodes=[_shortcode_item(text, s, text_params) for s in shortcodes],
        line_breaks=text.strip().count("\n"),
    )
    if markdown:
        _analyse_markdown(masked, references, markup)
    elif "<" in masked.text:
        markup.html_tags = _html_items([masked.text], masked)
    return markup


def _shortcode_item(text: str, shortcode: Shortcode, text_params: frozenset[str]) -> _Item:
    positional = tuple(param.value for param in shortcode.params if param.name is None)
    named = tuple(
        sorted(
            (param.name, param.value)
            for param in shortcode.params
            if param.name is not None and param.name not in text_params
        )
    )
    base = (shortcode.delimiter, shortcode.name, shortcode.closing, shortcode.self_closing)
    key = (*base, positional, named)
    frame: Hashable = key
    targets: tuple[str, ...] = ()
    if shortcode.name in _REF_SHORTCODES and not shortcode.closing:
        if positional:
            frame, targets = (*base, positional[1:], named), positional[:1]
        elif any(name == "path" for name, _ in named):
            rest = tuple((name, value) for name, value in named if name != "path")
            frame, targets = (*base, positional, rest), tuple(v for n, v in named if n == "path")
    shown = _shorten(text[shortcode.start : shortcode.end])
    return _Item(key, shown, shortcode.name, frame, targets)


_FULL_REFERENCE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]]*)\]")


def _labels_in_use(text: str) -> list[str]:
    """Labels of ``[text][label]`` and ``[label][]``: a reference link whatever the page defines."""
    return [match.group(2) or match.group(1) for match in _FULL_REFERENCE.finditer(text)]


def _reference_table(labels: Collection[str]) -> _References:
    """The page's reference definitions as markdown-it looks them up. The targets stay
    empty: a reference link is compared by its label, the definition is skeleton."""
    return {normalizeReference(label): {"href": "", "title": ""} for label in labels}


class _WrittenTargets(MarkdownIt):
    """Keeps link targets as written: the check compares what the translator wrote,
    so no percent-encoding and no scheme is refused."""

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link

    def validateLink(self, url: str) -> bool:
        return True


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = _WrittenTargets("commonmark", {"store_labels": True})
    # Hugo's Goldmark renders tables and ~~strikethrough~~ too.
    parser.enable(["table", "strikethrough"])
    return parser


_EMPHASIS_OPEN = {"em_open": "em", "strong_open": "strong", "s_open": "s"}


def _analyse_markdown(masked: _Masked, references: _References, markup: _Markup) -> None:
    env = {"references": references}
    labels = _written_labels(masked.text)
    html: list[str] = []
    markup.emphasis = {"em": 0, "strong": 0, "s": 0}
    markup.hard_breaks = 0
    for block in _parser().parseInline(masked.text, env):
        for token in _walk(block.children or []):
            if token.type == "link_open":
                markup.links.append(_link_item(token, masked, labels))
            elif token.type == "image":
                markup.images.append(_image_item(token, masked, labels))
            elif token.type == "code_inline":
                code = masked.unmask(token.content)
                markup.code_spans.append(_Item(code, f"`{code}`", "code"))
            elif token.type == "html_inline":
                html.append(token.content)
            elif token.type in _EMPHASIS_OPEN:
                markup.emphasis[_EMPHASIS_OPEN[token.type]] += 1
            elif token.type == "hardbreak":
                markup.hard_breaks += 1
    if html:
        markup.html_tags = _html_items(html, masked)


def _walk(tokens: Iterable[Token]) -> Iterable[Token]:
    """Inline tokens in order; an image's alt text is plain text, so it is not entered."""
    for token in tokens:
        yield token
        if token.children and token.type != "image":
            yield from _walk(token.children)


def _written_labels(text: str) -> dict[str, str]:
    """Map normalised reference labels to how they are written, for messages."""
    labels: dict[str, str] = {}
    for match in re.finditer(r"\[([^\[\]]+)\]", text):
        labels.setdefault(normalizeReference(match.group(1)), match.group(1))
    return labels


def _link_item(token: Token, masked: _Masked, labels: dict[str, str]) -> _Item:
    label = token.meta.get("label")
    if label:
        written = masked.unmask(labels.get(label, label))
        advice = f"keep the reference label: write [translated text][{written}]"
        return _Item(("reference", label), f"[…][{written}]", "reference", advice=advice)
    href = str(token.attrGet("href") or "")
    shown = masked.unmask(href)
    shown_link = f"<{shown}>" if token.markup == "autolink" else f"[…]({shown})"
    key = _slots_generic(href)
    return _Item(("link", key), shown_link, "link", ("link",), (shown,))


def _image_item(token: Token, masked: _Masked, labels: dict[str, str]) -> _Item:
    label = token.meta.get("label")
    if label:
        written = masked.unmask(labels.get(label, label))
        advice = f"keep the reference label: write ![translated alt text][{written}]"
        return _Item(("reference", label), f"![…][{written}]", "reference", advice=advice)
    src = str(token.attrGet("src") or "")
    shown = masked.unmask(src)
    return _Item(("image", _slots_generic(src)), f"![…]({shown})", "image", ("image",), (shown,))


class _TagCollector(TolerantHTMLParser):
    """Collects start and end tags with their attributes, as the stdlib tokenizer reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, str, list[tuple[str, str | None]], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(("start", tag, attrs, self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(("empty", tag, attrs, self.get_starttag_text() or f"<{tag} />"))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("end", tag, [], f"</{tag}>"))


def _html_items(fragments: Iterable[str], masked: _Masked) -> list[_Item]:
    collector = _TagCollector()
    for fragment in fragments:
        collector.feed(fragment)
    collector.close()
    items: list[_Item] = []
    for kind, tag, attrs, written in collector.tags:
        kept = sorted(
            (name, None if value is None else _slots_generic(value))
            for name, value in attrs
            if name not in TEXT_HTML_ATTRIBUTES
        )
        links = tuple(
            masked.unmask(value or "") for name, value in kept if name in _LINK_HTML_ATTRIBUTES
        )
        frame_attrs = tuple(
            (name, None if name in _LINK_HTML_ATTRIBUTES else value) for name, value in kept
        )
        items.append(
            _Item(
                (kind, tag, tuple(kept)),
                _shorten(masked.unmask(written)),
                f"{kind} {tag}",
                (kind, tag, frame_attrs),
                links,
            )
        )
    return items


def _shorten(written: str, limit: int = 100) -> str:
    """One line, at most ``limit`` characters: multi-line shortcodes and long URLs stay readable."""
    flat = " ".join(written.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --------------------------------------------------------------------------- comparing


@dataclass(slots=True, frozen=True)
class _Wording:
    """How problems with one kind of markup are reported."""

    code: str
    noun: str
    keep: str
    """What to do when the translation changed an item."""


_SHORTCODE_WORDS = _Wording(
    SHORTCODE,
    "shortcode",
    "keep its name and parameters as in the source (only the values of text parameters "
    "such as alt, title or caption may be translated)",
)
_HTML_WORDS = _Wording(
    HTML_TAG,
    "HTML tag",
    "keep the tag and its attributes as in the source (only alt, title, aria-label and "
    "placeholder may be translated)",
)
_LINK_WORDS = _Wording(
    LINK_TARGET,
    "link",
    "keep the link target as in the source; translate only the link text",
)
_IMAGE_WORDS = _Wording(
    IMAGE_TARGET,
    "image",
    "keep the image source as in the source; translate only the alt text",
)
_CODE_WORDS = _Wording(CODE_SPAN, "inline code", "copy code unchanged, it is never translated")


def _compare(
    words: _Wording,
    source: Sequence[_Item],
    translation: Sequence[_Item],
    allow_link: AllowLink | None,
) -> list[Problem]:
    """Match the items of both sides as multisets and report what does not match."""
    pending = list(translation)
    unmatched = [item for item in source if _take(pending, _same_key(item)) is None]
    if allow_link is not None and unmatched and pending:
        accepts = allow_link
        unmatched = [
            item for item in unmatched if _take(pending, _accepted_by(item, accepts)) is None
        ]
    messages: list[str] = []
    for item in unmatched:
        changed = _take(pending, _same_group(item))
        if changed is not None:
            messages.append(
                f"the translation changes the {words.noun} {item.shown} to {changed.shown}: "
                f"{item.advice or words.keep}"
            )
        else:
            advice = item.advice or "copy it unchanged into the translation"
            messages.append(
                f"the {words.noun} {item.shown} of the source is missing from the translation: "
                f"{advice}"
            )
    for item in pending:
        messages.append(
            f"the translation adds the {words.noun} {item.shown}, which the source does not "
            "have: remove it"
        )
    return [Problem(words.code, message) for message in _counted(messages)]


def _take(items: list[_Item], matches: Callable[[_Item], bool]) -> _Item | None:
    """Remove and return the first item that matches."""
    for index, item in enumerate(items):
        if matches(item):
            return items.pop(index)
    return None


def _same_key(source: _Item) -> Callable[[_Item], bool]:
    return lambda translated: translated.key == source.key


def _same_group(source: _Item) -> Callable[[_Item], bool]:
    return lambda translated: translated.group == source.group


def _accepted_by(source: _Item, allow_link: AllowLink) -> Callable[[_Item], bool]:
    """Same markup apart from link targets that ``allow_link`` accepts."""

    def accepted(translated: _Item) -> bool:
        if source.frame is None or source.frame != translated.frame:
            return False
        if len(source.targets) != len(translated.targets):
            return False
        pairs = zip(source.targets, translated.targets)
        return all(a == b or allow_link(a, b) for a, b in pairs)

    return accepted


def _counted(messages: list[str]) -> list[str]:
    """Report a repeated problem once, saying how often it occurs."""
    counts: dict[str, int] = {}
    for message in messages:
        counts[message] = counts.get(message, 0) + 1
    return [m if n == 1 else f"{m} ({n} times)" for m, n in counts.items()]


_EMPHASIS_NAMES = {
    "strong": "bold span (**…** or __…__)",
    "em": "italic span (*…* or _…_)",
    "s": "strikethrough span (~~…~~)",
}


def _check_emphasis(source: _Markup, translation: _Markup) -> list[Problem]:
    problems: list[Problem] = []
    for kind, name in _EMPHASIS_NAMES.items():
        want, have = source.emphasis.get(kind, 0), translation.emphasis.get(kind, 0)
        if want == have:
            continue
        if have < want:
            advice = "put the markers around the matching words, in pairs"
        else:
            advice = (
                "a lone or unescaped * or _ starts emphasis (write Politiker\\*innen, not "
                "Politiker*innen); escape it or remove it"
            )
        problems.append(
            Problem(
                EMPHASIS,
                f"the source has {_plural(want, name)}, the translation {have}: {advice}",
            )
        )
    return problems


def _check_whitespace(msgid: str, msgstr: str) -> list[Problem]:
    problems: list[Problem] = []
    if msgstr[:1].isspace() and not msgid[:1].isspace():
        problems.append(
            Problem(
                WHITESPACE,
                "the translation starts with whitespace and the source does not: remove it",
            )
        )
    if msgstr[-1:].isspace() and not msgid[-1:].isspace():
        problems.append(
            Problem(
                WHITESPACE,
                "the translation ends with whitespace and the source does not: remove it "
                "(trailing spaces before a line end make a line break in Markdown)",
            )
        )
    return problems


def _check_line_breaks(source: _Markup, translation: _Markup) -> list[Problem]:
    if source.line_breaks != translation.line_breaks:
        return [
            Problem(
                HARD_BREAK,
                f"the source has {_plural(source.line_breaks, 'line break')}, the translation "
                f"{translation.line_breaks}: break the line where the source does (ending the "
                "line with \\ or two spaces), and nowhere else",
            )
        ]
    if source.hard_breaks is not None and source.hard_breaks != translation.hard_breaks:
        return [
            Problem(
                HARD_BREAK,
                f"the source has {_plural(source.hard_breaks, 'hard line break')}, the "
                f"translation {translation.hard_breaks}: end each broken line with \\ or two "
                "spaces, as the source does",
            )
        ]
    return []


def _plural(count: int, noun: str) -> str:
    if count == 0:
        return f"no {noun}"
    if count == 1:
        return f"1 {noun}"
    head, _, tail = noun.partition(" (")
    return f"{count} {head}s" + (f" ({tail}" if tail else "")
