"""Import existing translations: align each source page with its hand-translated counterpart.

A site that already has translated pages (``content/en/…`` beside ``content/de/…``, or
``page.en.md`` beside ``page.md``) should not start from empty catalogs. Both pages are
segmented with the same rules and aligned by structure:

- front matter values by key (``title`` with ``title``; the n-th ``links.*.name`` with the
  n-th);
- shortcode text parameters by shortcode, parameter and the shortcode's other parameters
  (the ``alt`` of the figure with ``src="a.jpg"`` with the ``alt`` of that figure);
- the body segment by segment: where both pages have the same sequence of blocks (kinds),
  one to one. Where they differ, segments that are unique by kind and markup (link targets,
  shortcodes, code) anchor the alignment; between anchors, a stretch with the same kinds pairs
  up, and one with a block or two more or fewer is resolved by what translations keep (length,
  numbers, names, markup) only where one reading is clearly the best. Everything else is
  reported with file and line and not imported: the alignment never guesses across a mismatch.

The pairs go into the language's catalogs as ``fuzzy`` translations (a translator reviews them)
with a comment naming the file and line they come from. Entries that hold a translation are
never touched. Links that the counterpart points at the language's pages (``/en/blog`` for
``/blog``) are written as the source has them: ``merge`` localises them again.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from cfg_i18n import catalog as cat
from cfg_i18n.config import Config
from cfg_i18n.errors import Diagnostic, InputError
from cfg_i18n.fsutil import write_atomic
from cfg_i18n.memory import pieces
from cfg_i18n.page import Page, read_page
from cfg_i18n.safe_entries import is_foreign
from cfg_i18n.segments import Segment
from cfg_i18n.shortcodes import find_shortcodes
from cfg_i18n.sources import SourcePage, catalog_path, parsed_pages, source_pages

Progress = Callable[[str, int, int], None]

#: Start of the translator comment on an imported translation.
IMPORTED = "imported from"
#: A stretch of the body may differ by this many blocks and still be resolved.
MAX_SKIPS = 2
#: Longest stretch between anchors that is resolved (longer ones are reported).
MAX_REGION = 40
#: How much better (sum of similarities) the best reading of a stretch must be than another
#: (measured on the sample site: every paragraph removed or added in turn, none paired wrongly).
MARGIN = 0.12
#: What leaving a block unpaired costs a reading, against pairing it.
SKIP_COST = 0.45

_FRONT_MATTER = "front matter: "
_WORD = re.compile(r"[^\W\d_]{4,}|\d+")


# --- alignment of two pages ----------------------------------------------------------------


@dataclass(slots=True)
class Alignment:
    """The segments of two pages paired up, and what could not be."""

    pairs: list[tuple[Segment, Segment]] = field(default_factory=list)
    """(source segment, translated segment), in the source's order."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """The segments of either page left out, with file and line."""
    unaligned: int = 0
    """Source segments left out."""


@dataclass(slots=True)
class _Side:
    """One page as the aligner sees it."""

    page: Page
    where: str
    """The page's path for messages."""


def _unlocalize(text: str, language: str) -> str:
    """A link target of the language's pages (``/en/blog``) as the source writes it (``/blog``)."""
    if not language:
        return text
    prefix = re.escape(language)
    text = re.sub(rf"([(\"'=]\s*<?)/{prefix}(?=/)", r"\1", text)
    return re.sub(rf"([(\"'=]\s*<?)/{prefix}(?=[)\"'\s>])", r"\1/", text)


_INVARIANT = ("dest", "code", "url", "email", "autolink", "footnote", "attrs", "action")
_TEXT_ATTRIBUTE = re.compile(
    r"""\s(?:alt|title|aria-label|placeholder)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)""",
    re.IGNORECASE)


def _invariants(segment: Segment, language: str, text_params: Collection[str]) -> tuple[str, ...]:
    """The markup of a segment that its translation keeps, sorted (link targets as the source
    writes them; tags and shortcodes without their text)."""
    found: list[str] = []
    for piece in pieces(segment.msgid, segment.markdown):
        group = piece.group
        if group in _INVARIANT:
            found.append(f"{group}:{_unlocalize(piece.text, language)}")
        elif group.startswith("tag "):
            found.append(_unlocalize(_TEXT_ATTRIBUTE.sub("", piece.text), language))
        elif group.startswith("shortcode "):
            found.append(_shortcode_key(piece.text, text_params))
    return tuple(sorted(found))


def _shortcode_key(text: str, text_params: Collection[str]) -> str:
    for shortcode in find_shortcodes(text)[:1]:
        params = sorted((param.name or "", param.value) for param in shortcode.params
                        if param.name not in text_params)
        return f"{shortcode.name}{'/' if shortcode.closing else ''}{params}"
    return text


def _part(segment: Segment) -> str:
    if segment.kind.startswith(_FRONT_MATTER):
        return "front matter"
    if segment.encoder == "shortcode-param":
        return "shortcode"
    return "body"


def align_pages(source: Page, target: Page, language: str = "",
                text_params: Collection[str] = (), source_where: str = "",
                target_where: str = "") -> Alignment:
    """Pair the segments of ``source`` with those of its translation ``target``.

    ``language`` is the translation's language (to read its localised link targets);
    ``text_params`` the shortcode parameters that are text. The ``*_where`` paths name the
    pages in diagnostics (default: the pages' own paths).
    """
    result = Alignment()
    src = _Side(source, source_where or source.path)
    tgt = _Side(target, target_where or target.path)
    params = tuple(text_params)
    for part, aligner in (("front matter", _align_front_matter), ("shortcode", _align_params),
                          ("body", _align_body)):
        left = [s for s in source.segments if _part(s) == part]
        right = [s for s in target.segments if _part(s) == part]
        aligner(left, right, src, tgt, language, params, result)
    order = {id(segment): index for index, segment in enumerate(source.segments)}
    result.pairs.sort(key=lambda pair: order[id(pair[0])])
    result.diagnostics.sort(key=lambda d: (d.path != src.where, d.path, d.line or 0))
    return result


def _missing(result: Alignment, side: _Side, segments: Sequence[Segment], why: str,
             source: bool) -> None:
    for segment in segments:
        result.diagnostics.append(Diagnostic(side.where, segment.line,
                                             f"{segment.kind} not imported: {why}"))
        result.unaligned += source


def _align_front_matter(left: list[Segment], right: list[Segment], src: _Side, tgt: _Side,
                        language: str, params: tuple[str, ...], result: Alignment) -> None:
    """Front matter values pair by key, and by position among the values of one key."""
    for kind in dict.fromkeys(s.kind for s in left + right):
        mine = [s for s in left if s.kind == kind]
        theirs = [s for s in right if s.kind == kind]
        if len(mine) == len(theirs):
            result.pairs.extend(zip(mine, theirs))
            continue
        counts = f"{len(mine)} in {src.where}, {len(theirs)} in {tgt.where}"
        why = f"the number of values of this key differs ({counts}), so none is paired"
        _missing(result, src, mine, why, True)
        _missing(result, tgt, theirs, why, False)


def _param_keys(page: Page, segments: Sequence[Segment], params: tuple[str, ...]
                ) -> list[tuple[str, str]]:
    """(kind, the shortcode's other parameters) of each shortcode text parameter."""
    found: dict[tuple[int, int], str] = {}
    for shortcode in find_shortcodes(page.document.text):
        rest = sorted((p.name or "", p.value) for p in shortcode.params if p.name not in params)
        for param in shortcode.params:
            found[param.start, param.end] = repr(rest)
    return [(s.kind, found.get((s.span.start, s.span.end), "")) for s in segments]


def _align_params(left: list[Segment], right: list[Segment], src: _Side, tgt: _Side,
                  language: str, params: tuple[str, ...], result: Alignment) -> None:
    """Shortcode text parameters pair by shortcode, name and the shortcode's other parameters
    (a figure's ``src``); with the same sequence of kinds, one to one."""
    if [s.kind for s in left] == [s.kind for s in right]:
        result.pairs.extend(zip(left, right))
        return
    left_keys = _param_keys(src.page, left, params)
    right_keys = _param_keys(tgt.page, right, params)
    for key in dict.fromkeys(left_keys + right_keys):
        mine = [s for s, k in zip(left, left_keys) if k == key]
        theirs = [s for s, k in zip(right, right_keys) if k == key]
        if len(mine) == len(theirs):
            result.pairs.extend(zip(mine, theirs))
            continue
        _missing(result, src, mine, f"no shortcode like its own in {tgt.where}", True)
        _missing(result, tgt, theirs, f"no shortcode like its own in {src.where}", False)


@dataclass(slots=True)
class _Body:
    """The body segments of one page with what alignment compares."""

    segments: list[Segment]
    signatures: list[tuple[str, tuple[str, ...]]]
    words: list[Counter[str]]


def _body(segments: list[Segment], language: str, params: tuple[str, ...]) -> _Body:
    signatures = [(s.kind, _invariants(s, language, params)) for s in segments]
    # Four-letter prefixes find cognates (Projekte, projects; Blog, blog) and names.
    words = [Counter(w.lower()[:4] for w in _WORD.findall(_plain(s))) for s in segments]
    return _Body(segments, signatures, words)


def _plain(segment: Segment) -> str:
    return " ".join(p.text for p in pieces(segment.msgid, segment.markdown) if not p.group)


def _align_body(left: list[Segment], right: list[Segment], src: _Side, tgt: _Side,
                language: str, params: tuple[str, ...], result: Alignment) -> None:
    if [s.kind for s in left] == [s.kind for s in right]:
        result.pairs.extend(zip(left, right))
        return
    a = _body(left, language, params)
    b = _body(right, language, ())
    total_a = sum(len(s.msgid) for s in left) or 1
    total_b = sum(len(s.msgid) for s in right) or 1
    ratio = total_b / total_a
    anchors = _anchors(a.signatures, b.signatures)
    bounds = [(-1, -1), *anchors, (len(left), len(right))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        if i1 < len(left) and j1 < len(right):
            result.pairs.append((left[i1], right[j1]))
        _align_region(a, b, range(i0 + 1, i1), range(j0 + 1, j1), ratio, src, tgt, result)


def _anchors(left: list[tuple[str, tuple[str, ...]]], right: list[tuple[str, tuple[str, ...]]]
             ) -> list[tuple[int, int]]:
    """Pairs of segments whose signature (kind and markup) is unique on both pages, in an
    order both pages agree on (the longest such chain)."""
    count_left = Counter(left)
    count_right = Counter(right)
    where = {sig: j for j, sig in enumerate(right) if count_right[sig] == 1}
    candidates = [(i, where[sig]) for i, sig in enumerate(left)
                  if count_left[sig] == 1 and sig in where]
    return _longest_increasing(candidates)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of ``pairs`` (sorted by first item) whose second items increase."""
    if not pairs:
        return []
    best = [1] * len(pairs)
    back = [-1] * len(pairs)
    for k in range(len(pairs)):
        for h in range(k):
            if pairs[h][1] < pairs[k][1] and best[h] + 1 > best[k]:
                best[k], back[k] = best[h] + 1, h
    k = max(range(len(pairs)), key=lambda index: (best[index], -index))
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _similarity(a: _Body, i: int, b: _Body, j: int, ratio: float) -> float:
    """How much a source block and a translated block look like a pair: their lengths (as the
    page's lengths compare), the words both have (names, numbers), the markup both keep."""
    length_a = len(a.segments[i].msgid) + 12
    length_b = len(b.segments[j].msgid) + 12
    length = math.exp(-2 * abs(math.log(length_b / (length_a * ratio))))
    words_a, words_b = a.words[i], b.words[j]
    size = sum(words_a.values()) + sum(words_b.values())
    shared = 2 * sum((words_a & words_b).values()) / size if size else 1.0
    markup = 1.0 if a.signatures[i][1] == b.signatures[j][1] else 0.0
    return 0.35 * length + 0.45 * shared + 0.2 * markup


def _readings(n: int, m: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Ways to leave blocks unpaired: (skipped of the source, skipped of the translation)."""
    found = []
    for left in range(MAX_SKIPS + 1):
        right = left - (n - m)
        if right < 0 or left + right > MAX_SKIPS or left > n or right > m:
            continue
        for skip_a in combinations(range(n), left):
            for skip_b in combinations(range(m), right):
                found.append((skip_a, skip_b))
    return found


def _align_region(a: _Body, b: _Body, rows: range, cols: range, ratio: float, src: _Side,
                  tgt: _Side, result: Alignment) -> None:
    """Pair the blocks of one stretch between anchors, or report them."""
    n, m = len(rows), len(cols)
    if not n and not m:
        return
    kinds_a = [a.signatures[i][0] for i in rows]
    kinds_b = [b.signatures[j][0] for j in cols]
    if n == m and kinds_a == kinds_b:
        result.pairs.extend((a.segments[i], b.segments[j]) for i, j in zip(rows, cols))
        return
    scored: list[tuple[float, frozenset[tuple[int, int]]]] = []
    if n and m and max(n, m) <= MAX_REGION and abs(n - m) <= MAX_SKIPS:
        for skip_a, skip_b in _readings(n, m):
            kept_a = [i for k, i in enumerate(rows) if k not in skip_a]
            kept_b = [j for k, j in enumerate(cols) if k not in skip_b]
            if any(a.signatures[i][0] != b.signatures[j][0] for i, j in zip(kept_a, kept_b)):
                continue
            score = sum(_similarity(a, i, b, j, ratio) for i, j in zip(kept_a, kept_b))
            scored.append((score - SKIP_COST * (len(skip_a) + len(skip_b)),
                           frozenset(zip(kept_a, kept_b))))
    safe: frozenset[tuple[int, int]] = frozenset()
    if scored:
        best = max(score for score, _ in scored)
        near = [pairs for score, pairs in scored if score >= best - MARGIN]
        safe = frozenset.intersection(*near)
        # Blocks that every good reading leaves unpaired are missing; the rest are unsure.
        certain_a = {i for i in rows if all(i not in {p for p, _ in pairs} for pairs in near)}
        certain_b = {j for j in cols if all(j not in {q for _, q in pairs} for pairs in near)}
    else:  # one side has no blocks here (all missing), or the stretch is beyond resolving
        certain_a = set(rows) if not m else set()
        certain_b = set(cols) if not n else set()
    result.pairs.extend((a.segments[i], b.segments[j]) for i, j in sorted(safe))
    paired_a = {i for i, _ in safe}
    paired_b = {j for _, j in safe}
    lines = sorted({b.segments[j].line for j in cols})
    span = (f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"
            if lines else "")
    unsure = (f"{tgt.where} differs in structure here ({span}) and its blocks cannot be "
              "paired with certainty" if lines else f"{tgt.where} has no blocks here")
    for i in rows:
        if i not in paired_a:
            why = f"no counterpart in {tgt.where}" if i in certain_a else unsure
            _missing(result, src, [a.segments[i]], why, True)
    for j in cols:
        if j not in paired_b:
            why = (f"no counterpart in {src.where}" if j in certain_b else
                   f"it cannot be paired with a block of {src.where} with certainty")
            _missing(result, tgt, [b.segments[j]], why, False)


# --- import over a site ------------------------------------------------------------------------


@dataclass(slots=True)
class ImportReport:
    """What ``import`` did for one language."""

    language: str
    """The language imported."""
    pages: int = 0
    """Source pages with a translated counterpart."""
    missing: list[str] = field(default_factory=list)
    """Source pages (rel) without one."""
    imported: int = 0
    """Entries that got a translation (fuzzy)."""
    kept: int = 0
    """Aligned entries left alone because they already had a translation."""
    unaligned: int = 0
    """Source segments that could not be paired (see ``diagnostics``)."""
    written: list[Path] = field(default_factory=list)
    """Catalogs that changed."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Segments left out and other findings, with file and line."""


def counterpart(source: SourcePage, from_dir: Path, language: str, source_language: str
                ) -> Path | None:
    """The translated page of ``source`` in ``from_dir``: ``<rel>.<lang>.md`` or ``<rel>.md``
    (for ``x.de.md`` also ``x.<lang>.md``); never the source page itself."""
    names = [f"{source.rel}.{language}.md", f"{source.rel}.md"]
    suffix = f".{source_language}"
    if source.rel.endswith(suffix):
        names.insert(0, f"{source.rel[: -len(suffix)]}.{language}.md")
    own = Path(source.file).resolve()
    for name in names:
        path = from_dir / name
        if path.is_file() and path.resolve() != own:
            return path
    return None


def _where(config: Config, path: Path) -> str:
    try:
        return path.resolve().relative_to(config.site).as_posix()
    except ValueError:
        return str(path)


def import_site(config: Config, language: str, from_dir: Path,
                progress: Progress | None = None) -> ImportReport:
    """Fill the empty entries of ``language``'s catalogs from the translated pages in
    ``from_dir``, as fuzzy translations.

    Catalogs must exist (run ``extract`` first). Every page is read and aligned before any
    catalog is written: a page that cannot be read stops the run with nothing written.
    """
    report = ImportReport(language)
    if not from_dir.is_dir():
        raise InputError("--from: not a directory; name the folder that holds the translated "
                         "pages (e.g. content/en)", str(from_dir))
    options = config.extract_options()
    pages = parsed_pages(config, report.diagnostics, progress)
    pending: list[tuple[Path, cat.Catalog]] = []
    sources = [s for s in source_pages(config) if s.rel in pages]
    for done, source in enumerate(sources, 1):
        page = pages[source.rel]
        if is_foreign(page, config):
            continue
        found = counterpart(source, from_dir, language, config.source_language)
        if found is None:
            report.missing.append(source.rel)
            continue
        report.pages += 1
        where = _where(config, found)
        translated = read_page(found, where, options)
        alignment = align_pages(page, translated, language, config.shortcode_text_params,
                                source.ref_path, where)
        report.unaligned += alignment.unaligned
        report.diagnostics += alignment.diagnostics
        filled = _fill(config, language, source, where, alignment, report)
        if filled is not None:
            pending.append(filled)
        if progress:
            progress(f"import {language}", done, len(sources))
    for path, catalog in pending:
        if write_atomic(path, cat.render_catalog(catalog, config.wrap_width).encode("utf-8")):
            report.written.append(path)
    return report


def _fill(config: Config, language: str, source: SourcePage, where: str, alignment: Alignment,
          report: ImportReport) -> tuple[Path, cat.Catalog] | None:
    """The page's catalog with the aligned translations put into its empty entries."""
    path = catalog_path(config, language, source.rel)
    catalog = cat.read_catalog(path)
    if catalog is None:
        report.diagnostics.append(Diagnostic(
            _where(config, path), None, "catalog missing; run cfg-i18n extract, then import"))
        return None
    texts: dict[str, tuple[str, int]] = {}
    for mine, theirs in alignment.pairs:
        text = restore_links(theirs.msgid, mine.msgid, language, mine.markdown)
        if not text:
            continue
        held = texts.setdefault(mine.msgid, (text, theirs.line))
        if held[0] != text:
            report.diagnostics.append(Diagnostic(
                where, theirs.line, f"the source says this twice ({source.ref_path}:"
                f"{mine.line}) and the translation differs from line {held[1]}; the first "
                "is imported"))
    changed = False
    for entry in catalog.entries:
        found = texts.get(entry.msgid)
        if found is None or entry.obsolete or entry.msgctxt is not None or entry.msgid_plural:
            continue
        if cat.has_translation(entry):
            report.kept += 1
            continue
        entry.msgstr = found[0]
        if cat.FUZZY not in entry.flags:
            entry.flags.insert(0, cat.FUZZY)
        note = f"{IMPORTED} {where}:{found[1]}"
        cat.add_note(entry, note)
        report.imported += 1
        changed = True
    return (path, catalog) if changed else None


def restore_links(text: str, msgid: str, language: str, markdown: bool = True) -> str:
    """``text`` with each markup item that is a localised form of one of ``msgid``'s
    (``](/en/blog)`` for ``](/blog)``) written as ``msgid`` has it."""
    if f"/{language}" not in text:
        return text
    originals = {p.text for p in pieces(msgid, markdown) if p.group}
    out: list[str] = []
    for piece in pieces(text, markdown):
        if piece.group and piece.text not in originals:
            plain = _unlocalize(piece.text, language)
            out.append(plain if plain in originals else piece.text)
        else:
            out.append(piece.text)
    return "".join(out)

