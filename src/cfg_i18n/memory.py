"""Translation memory: fill empty catalog entries from translations the site already has.

The memory holds every reviewed translation of a language (translated, not fuzzy) from the
site's catalogs and from the compendia the configuration names (PO or TMX files). For each
empty entry of the language's catalogs:

- **exact**: the same msgid translated elsewhere is copied;
- **equivalent**: a msgid that differs only in whitespace or in markup that the safety check
  compares item by item (a link target, a ``ref`` path, an inline code span, the style of a
  hard line break) lends its translation with the markup of the *new* msgid put in, item by
  item; it is copied when the result passes :func:`cfg_i18n.safety.check_translation`;
- **fuzzy**: the most similar msgid at or above ``tm_min_score`` lends its translation as
  ``fuzzy``, with the msgid it translated as ``#| msgid`` and a comment naming where it comes
  from and how similar it is.

Entries that hold a translation, fuzzy or not, are never touched. Matching is indexed (msgids by
text, by text with markup abstracted, and by their rarest trigrams), so a run costs about as much
as reading the catalogs.

The module also holds the lexer of inline markup that the pseudo-translation and the import
use: :func:`pieces` splits a message into text and markup a translation must keep.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import polib
from markdown_it.common.utils import normalizeReference
from rapidfuzz import fuzz

from cfg_i18n import catalog as cat
from cfg_i18n.config import Config
from cfg_i18n.errors import Diagnostic, InputError
from cfg_i18n.fsutil import write_atomic
from cfg_i18n.options import DEFAULT_SHORTCODE_TEXT_PARAMS
from cfg_i18n.poread import read_messages
from cfg_i18n.segments import MARKDOWN_FLAG
from cfg_i18n.shortcodes import escaped_shortcodes, find_shortcodes
from cfg_i18n.sources import catalog_path, existing_catalogs, source_pages
from cfg_i18n.update import CANDIDATES, FuzzyIndex

Progress = Callable[[str, int, int], None]

#: Default of ``tm_min_score``: the least similarity (percent) of a fuzzy suggestion.
DEFAULT_MIN_SCORE = 75.0
#: Start of the translator comment on a suggestion; a later run recognises its own comments.
SUGGESTION = "translation memory:"

# --- inline markup ---------------------------------------------------------------------------

#: Stands for each character of a shortcode while the lexer scans (offsets are kept).
_HIDDEN = "\ue000"

_CODE = r"(?P<code>(?<![`\\])(?P<ticks>`+)(?!`)[\s\S]*?(?<!`)(?P=ticks)(?!`))"
_ESCAPE = r"(?P<escape>\\[!-/:-@\[-`{-~])"
_BREAK_MD = r"(?P<break>(?:[ \t]+|\\)?\n)"
_BREAK_PLAIN = r"(?P<break>[ \t]*\n)"
_COMMENT = r"(?P<comment><!--[\s\S]*?-->)"
_AUTOLINK = r"(?P<autolink><(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>)"
_TAG = (r"(?P<tag></?(?P<tagname>[A-Za-z][A-Za-z0-9-]*)"
        r"(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>)")
_ENTITY = r"(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
_DEST = (r"(?P<dest>\]\((?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
         r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\))")
_LABEL = r"(?P<label>\]\[[^\[\]\n]+\])"
_COLLAPSED = r"(?P<collapsed>\[[^\[\]\n]+\]\[\])"
_FOOTNOTE = r"(?P<footnote>\[\^[^\[\]\s]+\])"
_SHORTCUT = r"(?P<shortcut>\[(?P<shortlabel>[^\[\]\n]+)\](?![(\[]))"
_ATTRS = r"(?P<attrs>\{[ \t]*[#.][^{}\n]*\})"
_URL = r"(?P<url>(?:https?://|ftp://|www\.)[^\s<>\ue000]+)"
_EMAIL = r"(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
_FIXED = r"(?P<fixed>\ue000)"
#: A Go template action (``{{ .Count }}``): text in a page, code in an i18n table.
_ACTION = r"(?P<action>\{\{(?![<%])[^{}]*\}\})"

_MARKDOWN_MARKUP = re.compile("|".join((
    _FIXED, _ACTION, _CODE, _ESCAPE, _BREAK_MD, _COMMENT, _AUTOLINK, _TAG, _ENTITY, _DEST, _LABEL,
    _COLLAPSED, _FOOTNOTE, _SHORTCUT, _ATTRS, _URL, _EMAIL)))
_PLAIN_MARKUP = re.compile("|".join((
    _FIXED, _ACTION, _BREAK_PLAIN, _COMMENT, _TAG, _ENTITY, _URL, _EMAIL)))

#: Markup whose written form is content: another form is another message, not markup to swap.
_CONTENT_GROUPS = frozenset({"escape", "entity", "collapsed", "escaped shortcode"})
BREAK = "break"


@dataclass(slots=True, frozen=True)
class Piece:
    """A run of a message: text a translator rewrites, or markup a translation keeps."""

    text: str
    """The characters as written."""
    group: str = ""
    """Empty for text; for markup what it is (``dest``, ``code``, ``tag a``, ``shortcode
    ref``, ``break`` …). One item of markup may stand for another of its group."""

    @property
    def markup(self) -> bool:
        """Whether the piece is markup (kept by translations) rather than text."""
        return bool(self.group)


def pieces(text: str, markdown: bool = True, references: Collection[str] = ()) -> list[Piece]:
    """Split a message into text and markup, in order; joined they give ``text`` back.

    Markup: shortcodes (escaped ones too), HTML tags and comments, entities, line breaks and
    bare URLs or e-mail addresses; with ``markdown`` also inline code, backslash escapes, link
    and image targets (``](…)``), reference labels (``][label]``, ``[label][]`` and ``[label]``
    when ``references`` holds it), footnote references, autolinks and ``{#id .class}``
    attributes.

    >>> [p.group or p.text for p in pieces("Siehe [Blog](/blog) und `code`.")]
    ['Siehe [Blog', 'dest', ' und ', 'code', '.']
    """
    fixed: dict[int, tuple[int, str]] = {}
    if "{{" in text:
        for shortcode in find_shortcodes(text):
            name = f"shortcode {'/' if shortcode.closing else ''}{shortcode.name}"
            fixed[shortcode.start] = (shortcode.end, name)
        if "/*" in text:
            for start, end in escaped_shortcodes(text):
                fixed[start] = (end, "escaped shortcode")
    scanned = text
    if fixed:
        parts: list[str] = []
        position = 0
        for start in sorted(fixed):
            end = fixed[start][0]
            if start < position:
                continue
            parts.append(text[position:start])
            parts.append(re.sub(r"[^\n]", _HIDDEN, text[start:end]))
            position = end
        parts.append(text[position:])
        scanned = "".join(parts)
    pattern = _MARKDOWN_MARKUP if markdown else _PLAIN_MARKUP
    labels = {normalizeReference(label) for label in references} if references else set()
    result: list[Piece] = []
    position = done = 0
    while True:
        match = pattern.search(scanned, position)
        if match is None:
            break
        kind = match.lastgroup
        start, end = match.span()
        group: str | None
        if kind == "fixed":
            found = fixed.get(start)
            if found is None:  # inside a shortcode that another item contains
                position = start + 1
                continue
            end, group = found
        elif kind == "shortcut":
            if normalizeReference(match.group("shortlabel")) not in labels:
                position = start + 1
                continue
            group = "label"
        elif kind == "tag":
            name = match.group("tagname").lower()
            group = f"tag {'/' if match.group(0).startswith('</') else ''}{name}"
        else:
            group = kind
        if start > done:
            result.append(Piece(text[done:start]))
        result.append(Piece(text[start:end], group or ""))
        position = done = end
    if done < len(text):
        result.append(Piece(text[done:]))
    return result


_TEXT_ATTRIBUTE = re.compile(
    r"""\s(alt|title|aria-label|placeholder)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""",
    re.IGNORECASE)


def _family(piece: Piece) -> str:
    """What a markup item must equal in an equivalent message: its group and the text it
    holds (a shortcode's text parameters, a tag's ``alt`` or ``title``), or for markup that
    is content (an entity, an escape) the item itself."""
    group = piece.group
    if group in _CONTENT_GROUPS:
        return f"{group}:{piece.text}"
    if group == "label":
        return "dest"
    if group.startswith("shortcode "):
        found = find_shortcodes(piece.text)
        texts = sorted((param.name, param.value) for shortcode in found[:1]
                       for param in shortcode.params
                       if param.name in DEFAULT_SHORTCODE_TEXT_PARAMS)
        return f"{group}{texts}" if texts else group
    if group.startswith("tag "):
        texts = sorted((name.lower(), value) for name, value
                       in _TEXT_ATTRIBUTE.findall(piece.text))
        return f"{group}{texts}" if texts else group
    return group


def markup_key(parts: Sequence[Piece], loose: bool = False) -> str:
    """The message with each markup item replaced by its family and whitespace collapsed:
    equal keys mean the messages differ at most in whitespace and swappable markup.
    ``loose`` also ignores line breaks."""
    out: list[str] = []
    for piece in parts:
        if not piece.group:
            out.append(piece.text)
        elif piece.group == BREAK and loose:
            out.append(" ")
        else:
            out.append(f" \x00{_family(piece)}\x01 ")
    return " ".join("".join(out).split())


def _has_break(parts: Sequence[Piece]) -> bool:
    return any(piece.group == BREAK for piece in parts)


def adapt(old_msgid: str, translation: str, new_msgid: str, markdown: bool = True) -> str | None:
    """``translation`` of ``old_msgid`` rewritten with the markup of ``new_msgid``.

    The two msgids must differ only in whitespace and in markup items of the same kind (their
    :func:`markup_key` is equal; line breaks may also be missing from ``new_msgid``). Each
    markup item of the old msgid is replaced, where the translation has it, by the item at the
    same place in the new msgid; line breaks the new msgid lacks become spaces. None when that
    is ambiguous (one old item stands for two different new ones).

    >>> adapt("Im [Blog](/blog).", "In the [blog](/blog).", "Im [Blog](/blog/neu).")
    'In the [blog](/blog/neu).'
    """
    old = pieces(old_msgid, markdown)
    new = pieces(new_msgid, markdown)
    loose = not _has_break(new) and _has_break(old)
    if markup_key(old, loose) != markup_key(new, loose):
        return None
    old_items = [p for p in old if p.group and not (loose and p.group == BREAK)]
    new_items = [p for p in new if p.group and not (loose and p.group == BREAK)]
    mapping: dict[str, str] = {}
    for before, after in zip(old_items, new_items):
        if mapping.setdefault(before.text, after.text) != after.text:
            return None
    out: list[str] = []
    for piece in pieces(translation, markdown):
        if loose and piece.group == BREAK:
            out.append(" ")
        elif piece.group:
            out.append(mapping.get(piece.text, piece.text))
        else:
            out.append(piece.text)
    body = "".join(out).strip()
    lead = new_msgid[: len(new_msgid) - len(new_msgid.lstrip())]
    trail = new_msgid[len(new_msgid.rstrip()):]
    return f"{lead}{body}{trail}" if body else None


# --- the memory ------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Unit:
    """One translation the memory can lend."""

    source: str
    """The msgid (source-language text)."""
    target: str
    """Its reviewed translation."""
    origin: str
    """Where it comes from, for the comment on a suggestion (``locale/en/_index.po``)."""


#: The index probes this many of a query's rarest trigrams.
PROBES = 24


class MemoryIndex(FuzzyIndex):
    """:class:`~cfg_i18n.update.FuzzyIndex` for a memory of any size.

    A page's old catalog is small, and counting every shared trigram is cheap; a memory holds
    a whole site, where common trigrams (``der``, ``en ``) are shared by thousands of texts.
    Candidates are gathered from the query's rarest trigrams only, and the best few by shared
    count are scored exactly, which keeps each query to a few short posting lists.
    """

    __slots__ = ("_common",)

    def __init__(self, texts: Sequence[str]) -> None:
        super().__init__(texts)
        #: Posting lists longer than this are skipped when rarer ones exist.
        self._common = max(64, len(self._texts) // 64)

    def candidates(self, query: str, threshold: float = 0.6) -> list[tuple[int, float]]:
        """``(index, similarity)`` of the best texts at or above ``threshold``, best first."""
        from cfg_i18n.update import _trigrams

        lists = sorted((self._postings[gram] for gram in _trigrams(query)
                        if gram in self._postings), key=len)
        probe = [found for found in lists[:PROBES] if len(found) <= self._common] or lists[:3]
        shared = Counter(chain.from_iterable(probe))
        cutoff = threshold * 100
        results: list[tuple[int, float]] = []
        for index, _ in shared.most_common(CANDIDATES * 2):
            score = fuzz.ratio(query, self._texts[index], score_cutoff=cutoff)
            if score:
                results.append((index, score / 100))
        results.sort(key=lambda item: (-item[1], item[0]))
        return results


@dataclass(slots=True, frozen=True)
class Match:
    """What the memory offers for one msgid."""

    kind: str
    """``exact``, ``equivalent`` (whitespace or markup adapted) or ``fuzzy``."""
    text: str
    """The translation to fill in."""
    unit: Unit
    """Where it comes from."""
    score: float = 1.0
    """Similarity of the msgids, 0-1 (1 for exact and equivalent matches)."""


class Memory:
    """Reviewed translations, indexed by msgid, by markup key and by trigrams."""

    def __init__(self, units: Iterable[Unit], is_safe: Safety | None = None) -> None:
        self.is_safe = is_safe or _no_problems
        """``is_safe(msgid, translation, markdown)``: does an adapted translation keep the
        markup of ``msgid``? (Default: :func:`cfg_i18n.safety.check_translation` finds no
        problem.)"""
        self.units: dict[str, Unit] = {}
        for unit in units:
            if unit.source and unit.target:
                self.units.setdefault(unit.source, unit)
        self._keys: dict[str, list[Unit]] = {}
        self._loose: dict[str, list[Unit]] = {}
        for unit in self.units.values():
            parts = pieces(unit.source)
            self._keys.setdefault(markup_key(parts), []).append(unit)
            if _has_break(parts):
                self._loose.setdefault(markup_key(parts, loose=True), []).append(unit)
        self._sources = list(self.units)
        self._index: MemoryIndex | None = None

    def __len__(self) -> int:
        return len(self.units)

    def lookup(self, msgid: str, min_score: float, markdown: bool = True) -> Match | None:
        """The best translation for ``msgid``: exact, equivalent, else fuzzy at or above
        ``min_score`` (0-1); None when the memory has nothing good enough."""
        unit = self.units.get(msgid)
        if unit is not None:
            return Match("exact", unit.target, unit)
        safe = self.is_safe
        parts = pieces(msgid, markdown)
        candidates = self._keys.get(markup_key(parts), [])
        if not _has_break(parts):
            candidates = candidates + self._loose.get(markup_key(parts, loose=True), [])
        for unit in candidates:
            adapted = adapt(unit.source, unit.target, msgid, markdown)
            if adapted is not None and safe(msgid, adapted, markdown):
                return Match("equivalent", adapted, unit)
        if not self._sources or min_score > 1:
            return None
        if self._index is None:
            self._index = MemoryIndex(self._sources)
        found = self._index.candidates(msgid, min_score)
        if not found:
            return None
        index, score = found[0]
        unit = self.units[self._sources[index]]
        return Match("fuzzy", unit.target, unit, score)


#: ``is_safe(msgid, translation, markdown)``: may the translation stand for the msgid?
Safety = Callable[[str, str, bool], bool]


def _no_problems(msgid: str, translation: str, markdown: bool) -> bool:
    from cfg_i18n.safety import check_translation

    return not check_translation(msgid, translation, markdown=markdown)


def _safety_of(config: Config) -> Safety:
    """The safety check with the site's shortcode text parameters."""
    from cfg_i18n.safety import check_translation

    params = tuple(config.shortcode_text_params)

    def is_safe(msgid: str, translation: str, markdown: bool) -> bool:
        return not check_translation(msgid, translation, markdown=markdown, text_params=params)

    return is_safe


# --- where translations come from ------------------------------------------------------------


def _language_matches(code: str | None, language: str) -> bool:
    """``en-GB`` and ``en_gb`` match ``en``; ``en`` matches ``en-GB`` too."""
    if not code:
        return False
    have = code.replace("_", "-").lower()
    want = language.replace("_", "-").lower()
    return have == want or have.split("-")[0] == want.split("-")[0]


def read_po_compendium(path: Path, language: str, where: str, named: bool = False
                       ) -> list[Unit]:
    """The reviewed translations of a PO compendium (a catalog of any origin) when it is in
    ``language``: its ``Language`` header says so, or it has none and its name was made for
    the language (``named``: ``{lang}`` in the configured path)."""
    po = cat.load_po(path)
    declared = po.metadata.get("Language", "")
    if not (_language_matches(declared, language) or (named and not declared)):
        return []
    return [Unit(entry.msgid, entry.msgstr, where) for entry in po
            if entry.msgid and entry.msgstr and not entry.obsolete and entry.msgctxt is None
            and not entry.msgid_plural and cat.FUZZY not in entry.flags]


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tmx(path: Path, source_language: str, language: str, where: str) -> list[Unit]:
    """The pairs of a TMX file (Translation Memory eXchange, as Weblate, OmegaT and Trados
    export it) whose languages are ``source_language`` and ``language``."""
    import xml.etree.ElementTree as ElementTree

    try:
        tree = ElementTree.parse(path)
    except ElementTree.ParseError as error:
        raise InputError(f"not a readable TMX file: {error.msg if hasattr(error, 'msg') else error}"
                         "; fix the XML or remove the file from compendia",
                         where, error.position[0]) from None
    except OSError as error:
        raise InputError(f"cannot read compendium: {error.strerror}", where) from None
    units: list[Unit] = []
    for tu in tree.iter("tu"):
        texts: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            code = tuv.get(_XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            if seg is not None:
                texts.setdefault(code, "".join(seg.itertext()))
        source = next((t for c, t in texts.items() if _language_matches(c, source_language)), "")
        target = next((t for c, t in texts.items() if _language_matches(c, language)), "")
        if source.strip() and target.strip():
            units.append(Unit(" ".join(source.split()), target.strip(), where))
    return units


def compendium_units(config: Config, language: str, diagnostics: list[Diagnostic]
                     ) -> list[Unit]:
    """The translations of the configured compendia for ``language`` (``{lang}`` in a path
    stands for the language code). A missing file is a warning: a ``{lang}`` path may exist
    for some languages only."""
    units: list[Unit] = []
    for pattern in config.compendia:
        where = pattern.replace("{lang}", language)
        path = config.site / where
        if not path.is_file():
            diagnostics.append(Diagnostic(where, None, "compendium not found (compendia in "
                                          "the configuration); skipped"))
            continue
        if path.suffix.lower() == ".tmx":
            units += read_tmx(path, config.source_language, language, where)
        else:
            units += read_po_compendium(path, language, where, "{lang}" in pattern)
    return units


def _catalogs(config: Config, language: str) -> tuple[dict[str, Path], set[str]]:
    """``rel -> path`` of the language's catalogs (the site strings' catalog included) and
    the rels whose catalogs belong to something that exists (not an orphan)."""
    catalogs = existing_catalogs(config, language)
    live = {page.rel for page in source_pages(config)}
    site_catalog: str | None = getattr(config, "site_catalog", None)
    if site_catalog:
        path = catalog_path(config, language, site_catalog)
        if path.is_file():
            catalogs[site_catalog] = path
            live.add(site_catalog)
    return catalogs, live


def site_units(config: Config, language: str, progress: Progress | None = None
               ) -> tuple[list[Unit], dict[str, list[str]]]:
    """The reviewed translations of the language's catalogs, the translation used most often
    first for each msgid; and for each catalog that is not an orphan the msgids still empty."""
    catalogs, live = _catalogs(config, language)
    counts: Counter[tuple[str, str]] = Counter()
    origin: dict[tuple[str, str], str] = {}
    empty: dict[str, list[str]] = {}
    for done, (rel, path) in enumerate(catalogs.items(), 1):
        where = path.relative_to(config.site).as_posix()
        for message in read_messages(path):
            if message.msgctxt is not None:
                continue
            if message.msgstr and not message.fuzzy:
                counts[message.msgid, message.msgstr] += 1
                origin.setdefault((message.msgid, message.msgstr), where)
            elif not message.msgstr and rel in live:
                empty.setdefault(rel, []).append(message.msgid)
        if progress:
            progress(f"memory {language}", done, len(catalogs))
    ranked = sorted(counts, key=lambda pair: -counts[pair])  # stable: catalog order on ties
    return [Unit(msgid, msgstr, origin[msgid, msgstr]) for msgid, msgstr in ranked], empty


# --- pretranslate ----------------------------------------------------------------------------


@dataclass(slots=True)
class PretranslateReport:
    """What ``pretranslate`` did to one language."""

    language: str
    """Language code."""
    memory: int = 0
    """Distinct msgids with a reviewed translation in the memory."""
    exact: int = 0
    """Entries filled with a translation of the same text (``equivalent`` ones included)."""
    equivalent: int = 0
    """Of those, entries whose source differed in whitespace or markup (adapted)."""
    fuzzy: int = 0
    """Entries filled with the translation of a similar text, marked fuzzy."""
    empty: int = 0
    """Entries still without translation."""
    written: list[Path] = field(default_factory=list)
    """Catalogs that changed."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Compendia that were skipped."""


def suggestion_comment(match: Match) -> str:
    """The extracted comment on a fuzzy suggestion: where it comes from, how similar."""
    return f"{SUGGESTION} {round(match.score * 100)}% match, from {match.unit.origin}"


def apply_match(entry: polib.POEntry, match: Match) -> None:
    """Fill ``entry`` (which has no translation) with ``match``."""
    entry.msgstr = match.text
    if match.kind != "fuzzy":
        return
    if cat.FUZZY not in entry.flags:
        entry.flags.insert(0, cat.FUZZY)
    entry.previous_msgid = match.unit.source
    cat.add_note(entry, suggestion_comment(match))


def pretranslate_site(config: Config, languages: Sequence[str] | None = None,
                      min_score: float | None = None, progress: Progress | None = None
                      ) -> list[PretranslateReport]:
    """Fill the empty entries of each language's catalogs from its translation memory.

    ``min_score`` (percent) overrides ``tm_min_score``. Catalogs are read with the fast reader
    first; only those that get a translation are parsed in full and written (atomically, and
    only when their bytes change).
    """
    threshold = (config.tm_min_score if min_score is None else min_score) / 100
    reports: list[PretranslateReport] = []
    for language in languages if languages is not None else config.languages:
        report = PretranslateReport(language)
        reports.append(report)
        units, empty = site_units(config, language, progress)
        units += compendium_units(config, language, report.diagnostics)
        memory = Memory(units, _safety_of(config))
        report.memory = len(memory)
        planned: dict[str, dict[str, Match]] = {}
        for rel, msgids in empty.items():
            for msgid in dict.fromkeys(msgids):
                match = memory.lookup(msgid, threshold) if memory.units else None
                if match is None:
                    report.empty += 1
                else:
                    planned.setdefault(rel, {})[msgid] = match
        for done, (rel, matches) in enumerate(planned.items(), 1):
            _fill_catalog(config, language, rel, matches, memory, threshold, report)
            if progress:
                progress(f"pretranslate {language}", done, len(planned))
    return reports


def _fill_catalog(config: Config, language: str, rel: str, matches: dict[str, Match],
                  memory: Memory, threshold: float, report: PretranslateReport) -> None:
    path = catalog_path(config, language, rel)
    catalog = cat.read_catalog(path)
    if catalog is None:
        return
    for entry in catalog.entries:
        match = matches.get(entry.msgid)
        if (match is None or entry.obsolete or entry.msgctxt is not None
                or entry.msgid_plural or cat.has_translation(entry)):
            continue
        if match.kind == "equivalent" and MARKDOWN_FLAG not in entry.flags:
            # Found as Markdown; plain text has less markup: look again as what it is.
            rematch = memory.lookup(entry.msgid, threshold, markdown=False)
            if rematch is None:
                report.empty += 1
                continue
            match = rematch
        apply_match(entry, match)
        if match.kind == "fuzzy":
            report.fuzzy += 1
        else:
            report.exact += 1
            report.equivalent += match.kind == "equivalent"
    text = cat.render_catalog(catalog, config.wrap_width)
    if write_atomic(path, text.encode("utf-8")):
        report.written.append(path)
