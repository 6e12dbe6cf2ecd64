"""``cfg-i18n check``: are the catalogs current, valid, complete enough and safe to publish?

Four checks fail the run (DESIGN invariant 6 starts here):

- **stale**: a template or catalog is not what ``extract`` would write now (the source was
  edited and ``extract`` was not run); computed in memory with the same functions as
  ``extract``, nothing is written.
- **valid**: every catalog parses as UTF-8 PO, its ``Language`` header matches its folder,
  ``Plural-Forms`` is there and ``Content-Type`` says UTF-8.
- **complete**: the translated share of each language (fuzzy and empty count as untranslated)
  reaches ``min_completeness``.
- **safe**: every translation that ``merge`` would apply keeps the markup of its msgid —
  the same rule ``merge`` falls back on (:mod:`cfg_i18n.safe_entries`).

Warnings fail only with ``strict``: a long msgstr that is a copy of its msgid, obsolete
entries piling up, fuzzy entries, catalogs whose page is gone, catalogs that are formatted
differently from what ``extract`` writes. Every page is parsed once (the cache ``extract``
fills), every catalog read once; the result is a :class:`CheckReport`, printed by the CLI.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from cfg_i18n import __version__
from cfg_i18n import catalog as cat
from cfg_i18n.config import Config
from cfg_i18n.errors import InputError
from cfg_i18n.fsutil import FileStamp, file_stamp, write_atomic
from cfg_i18n.languages import gettext_code, plural_forms
from cfg_i18n.links import SiteMap, url_of
from cfg_i18n.parsing import PageCache, digest, parallel_map, parse_bytes, read_source
from cfg_i18n.safe_entries import (
    entry_problems,
    is_foreign,
    link_allower,
    reference_labels,
    site_of,
)
from cfg_i18n.site import (
    CACHE_DIR,
    Progress,
    SourcePage,
    catalog_path,
    current_catalogs,
    existing_catalogs,
    parsed_pages,
    source_pages,
)
from cfg_i18n.status import (
    NOT_WORDS,
    LanguageStatus,
    PageStatus,
    catalog_index,
    page_counts,
    page_msgids,
    percent_text,
    relative,
)
from cfg_i18n.update import update_entries

if TYPE_CHECKING:  # the Markdown parser stack loads only when a page is checked
    from cfg_i18n.page import Page
    from cfg_i18n.safety import AllowLink

# Checks, in the order they are reported. The first four fail the run.
STALE = "stale"
VALID = "valid"
COMPLETE = "complete"
SAFE = "safe"
#: Checks whose findings are errors.
CHECKS = (STALE, VALID, COMPLETE, SAFE)

# Warnings (errors with ``strict``).
IDENTICAL = "identical"
FUZZY = "fuzzy"
OBSOLETE = "obsolete"
ORPHAN = "orphan"
FORMAT = "format"
#: Kinds of warning, in the order they are reported.
WARNINGS = (FUZZY, IDENTICAL, OBSOLETE, ORPHAN, FORMAT)

ERROR = "error"
WARNING = "warning"

#: A msgstr equal to its msgid is worth a warning from this many words on; only words of
#: letters count, so names ("Open Knowledge Foundation Deutschland e.V."), short labels and
#: numbers (an IBAN) that rightly stay the same are not reported.
IDENTICAL_MIN_WORDS = 6
#: Weblate's flag for "this translation is meant to equal the source"; it silences the warning.
IGNORE_SAME_FLAG = "ignore-same"
#: Obsolete entries a catalog may keep before they count as piling up: as many as it has
#: active messages, but at least the floor and at most the cap.
OBSOLETE_FLOOR = 5
OBSOLETE_CAP = 20

_ORDER = {name: index for index, name in enumerate(CHECKS + WARNINGS)}


@dataclass(slots=True)
class Finding:
    """One thing ``check`` found: where, what, and what to do."""

    check: str
    """``stale``, ``valid``, ``complete``, ``safe``, or a warning kind (``fuzzy`` …)."""
    severity: str
    """``error`` (fails the run) or ``warning`` (fails it only with ``--strict``)."""
    path: str
    """Site-relative file the finding is about (a catalog, a page, or a language's folder)."""
    line: int | None
    """1-based line in ``path`` (for an entry: the line of its ``msgstr``), if known."""
    message: str
    """What is wrong and what to do about it."""
    language: str | None = None
    """Target language, when the finding belongs to one."""
    code: str | None = None
    """Finer kind: the safety problem (``shortcode``, ``link-target`` …) or the header field."""
    source_path: str | None = None
    """Site-relative source page of the entry (from its ``#:`` reference)."""
    source_line: int | None = None
    """Line in ``source_path``."""


@dataclass(slots=True)
class LanguageResult:
    """Completeness of one language against its requirement."""

    status: LanguageStatus
    """Messages and words per page, as ``status`` reports them."""
    required: float
    """Minimum completeness in percent (flag, else per-language config, else config)."""

    @property
    def language(self) -> str:
        """Language code."""
        return self.status.language

    @property
    def passed(self) -> bool:
        """The translated share of the messages reaches ``required``."""
        return self.status.counts.percent + 1e-9 >= self.required


@dataclass(slots=True)
class CheckReport:
    """The outcome of ``check``; the CLI renders it (:mod:`cfg_i18n.report`)."""

    pages: int = 0
    """Source pages checked."""
    catalogs: int = 0
    """Translation catalogs read."""
    languages: list[LanguageResult] = field(default_factory=list)
    """Completeness per language, in configuration order."""
    findings: list[Finding] = field(default_factory=list)
    """Errors and warnings, ordered by check, file and line."""
    strict: bool = False
    """Warnings fail the run too."""

    @property
    def errors(self) -> list[Finding]:
        """Findings that fail the run."""
        return [f for f in self.findings if f.severity == ERROR or self.strict]

    @property
    def warnings(self) -> list[Finding]:
        """Findings that are only warnings."""
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        """Whether every check holds (and, with ``strict``, there are no warnings)."""
        return not self.errors

    def failed_checks(self) -> dict[str, int]:
        """``check -> number of findings`` that fail the run, in report order."""
        counts: dict[str, int] = {}
        for finding in self.errors:
            counts[finding.check] = counts.get(finding.check, 0) + 1
        return counts


def check_site(
    config: Config,
    languages: Sequence[str] | None = None,
    *,
    min_completeness: float | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> CheckReport:
    """Run every check over the site in every (or the given) language.

    ``min_completeness`` (percent) overrides the configuration for all languages. Raises
    :class:`~cfg_i18n.errors.InputError` only for a source page that cannot be read; a
    catalog that cannot be read is a ``valid`` finding. Pages are checked on all cores; with
    ``use_cache``, a page whose source, template and catalogs are the files the last run saw
    is not checked again (its findings come from ``.cfg-i18n/cache``).
    """
    wanted = list(languages) if languages is not None else list(config.languages)
    sources = source_pages(config)
    report = CheckReport(pages=len(sources), strict=strict)
    cache = _OutcomeCache(config, wanted, use_cache)
    stamps = {source.rel: _stamp(config, wanted, source) for source in sources}
    # What the site map needs of each page: from the cache for unchanged pages, so that a run
    # after a small change reads only the pages it has to check.
    known = cache.known({rel: stamp[0] for rel, stamp in stamps.items()})
    changed = {source.rel for source in sources if source.rel not in known}
    pages = _pages(config, sources, changed, progress, use_cache)
    for rel in changed:
        known[rel] = _PageInfo(url_of(rel, pages[rel].front_matter), is_foreign(pages[rel], config))
    # The pages merge publishes before completeness is known: the links it accepts.
    site = site_of({rel: info.url for rel, info in known.items() if not info.foreign}, known)
    shared = _Shared(config, wanted, site)
    outcomes: dict[str, _Outcome] = {}
    todo: list[SourcePage] = []
    for source in sources:
        hit = cache.get(source.rel, stamps[source.rel], site)
        if hit is not None:
            outcomes[source.rel] = hit
        else:
            todo.append(source)
    missing = {source.rel for source in todo} - set(pages)
    if missing:
        pages.update(_pages(config, sources, missing, progress, use_cache))
    # Catalogs exactly as extract last wrote them for the page as it is: not stale, and no
    # need to render them again to find out.
    fresh = current_catalogs(config, wanted, {
        source.rel: digest(read_source(source.file, source.ref_path)) for source in todo
    }) if use_cache else set()
    jobs = [_Job(source, pages[source.rel], source.rel in fresh) for source in todo]
    for outcome in parallel_map(_check_chunk, jobs, shared, progress, "check"):
        outcomes[outcome.rel] = outcome
        cache.put(outcome.rel, stamps[outcome.rel], site, known[outcome.rel], outcome)
    cache.save({source.rel for source in sources})
    results = [
        LanguageResult(LanguageStatus(language), min_completeness if min_completeness is not None
                       else config.completeness_required(language))
        for language in wanted
    ]
    for outcome in (outcomes[source.rel] for source in sources):
        report.catalogs += outcome.catalogs
        report.findings += outcome.findings
        for result, status in zip(results, outcome.statuses):
            if status is None:
                result.status.foreign.append(outcome.rel)
            else:
                result.status.add(status)
    from cfg_i18n.sitestrings import check_site_strings  # the site catalog: one more catalog
    check_site_strings(config, wanted, report, results, use_cache)
    checker = _PageCheck(config, report.findings)
    live = {source.rel for source in sources}
    for language in [None, *wanted]:
        checker.check_orphans(language, live)
    for result in results:
        checker.check_completeness(result)
    report.languages = results
    report.findings.sort(key=lambda f: (_ORDER.get(f.check, len(_ORDER)), f.path, f.line or 0))
    return report


@dataclass(slots=True)
class _Shared:
    """What every page's check needs besides the page (sent once to each worker)."""

    config: Config
    languages: list[str]
    site: SiteMap


@dataclass(slots=True)
class _Job:
    source: SourcePage
    page: Page
    fresh: bool = False
    """Its catalogs are what extract wrote for the page as it is (so not stale)."""


@dataclass(slots=True)
class _Outcome:
    """What the checks of one page found, in every language."""

    rel: str
    findings: list[Finding]
    statuses: list[PageStatus | None]
    """Per language; None for a page already in another language."""
    catalogs: int


def _check_chunk(jobs: list[_Job], shared: _Shared) -> list[_Outcome]:
    return [_check_page(job, shared) for job in jobs]


def _check_page(job: _Job, shared: _Shared) -> _Outcome:
    """Every check of one page: its template, then its catalog in each language."""
    findings: list[Finding] = []
    checker = _PageCheck(shared.config, findings)
    if job.fresh:
        pot = relative(shared.config, catalog_path(shared.config, None, job.source.rel))
        template = _Template(pot, [], None)
    else:
        template = checker.check_template(job.source, job.page)
    outcome = _Outcome(job.source.rel, findings, [], 0)
    for language in shared.languages:
        allow_link = link_allower(language, shared.site)
        status, read = checker.check_catalog(language, job.source, job.page, template, allow_link,
                                             fresh=job.fresh)
        outcome.statuses.append(status)
        outcome.catalogs += read
    checker.stale_page(job.source, template, len(shared.languages))
    return outcome


def _pages(config: Config, sources: Sequence[SourcePage], wanted: set[str],
           progress: Progress | None, use_cache: bool) -> dict[str, Page]:
    """The parsed pages ``wanted`` (at least): from the page cache that extract and merge
    share, parsed and added to it when missing. Many pages: the whole site at once, on all
    cores; a few: just those (a page is parsed once either way)."""
    if not wanted:
        return {}
    if 4 * len(wanted) > len(sources):
        return parsed_pages(config, progress=progress, use_cache=use_cache)
    options = config.extract_options()
    cache = PageCache(config.site / CACHE_DIR if use_cache else None, options)
    pages: dict[str, Page] = {}
    for source in sources:
        if source.rel not in wanted:
            continue
        data = read_source(source.file, source.ref_path)
        key = digest(data)
        page = cache.get(key, source.ref_path)
        if page is None:
            page = parse_bytes(data, source.ref_path, options)
            cache.put(key, page)
        pages[source.rel] = page
    return pages


def _stamp(config: Config, languages: Sequence[str], source: SourcePage) -> tuple[FileStamp, ...]:
    """The files a page's checks read: source, template, a catalog per language."""
    files = [source.file, catalog_path(config, None, source.rel)]
    files += [catalog_path(config, language, source.rel) for language in languages]
    return tuple(file_stamp(path) for path in files)


@dataclass(slots=True, frozen=True)
class _PageInfo:
    """What the site map needs of a page."""

    url: str
    """Its URL path (``/blog/x/``)."""
    foreign: bool
    """Its front matter says it is in another language."""


@dataclass(slots=True)
class _Cached:
    stamp: tuple[FileStamp, ...]
    site: str
    """Digest of the site map the outcome was computed against (link targets depend on it)."""
    info: _PageInfo
    outcome: _Outcome


def _site_digest(site: SiteMap) -> str:
    parts = ["\n".join(sorted(names)) for names in (site.urls, site.pages, site.published)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class _OutcomeCache:
    """Per page: the stamps of its files, its site-map facts and what its checks found.

    The file name holds everything else an outcome depends on (version, settings, languages),
    so a change there starts afresh, like the parse cache. A page is checked again when one
    of its files or the site's list of pages (which link targets are checked against)
    changed.
    """

    def __init__(self, config: Config, languages: Sequence[str], enabled: bool) -> None:
        options = config.extract_options()
        key = repr((__version__, options.front_matter_keys, options.shortcode_text_params,
                    sorted(options.takes_inner), config.references, config.wrap_width,
                    config.project_name(), config.content_dir, config.locale_dir,
                    config.source_language, list(languages)))
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        self.file = config.site / CACHE_DIR / f"check-{digest}.pickle" if enabled else None
        self.data: dict[str, _Cached] = {}
        self.changed = False
        self._digests: dict[int, str] = {}
        if self.file is not None:
            try:
                with self.file.open("rb") as handle:
                    loaded = pickle.load(handle)
                if isinstance(loaded, dict):
                    self.data = loaded
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                    TypeError, ValueError):
                self.data = {}

    def _site(self, site: SiteMap) -> str:
        """The site map's digest, computed once per run."""
        found = self._digests.get(id(site))
        if found is None:
            found = self._digests[id(site)] = _site_digest(site)
        return found

    def known(self, sources: dict[str, FileStamp]) -> dict[str, _PageInfo]:
        """The site-map facts of the pages whose source did not change since they were taken."""
        known: dict[str, _PageInfo] = {}
        for rel, stamp in sources.items():
            held = self.data.get(rel)
            if held is not None and stamp is not None and held.stamp[0] == stamp:
                known[rel] = held.info
        return known

    def get(self, rel: str, stamp: tuple[FileStamp, ...], site: SiteMap) -> _Outcome | None:
        """The remembered outcome of page ``rel`` if its files and the site are unchanged."""
        held = self.data.get(rel)
        if held is None or held.stamp != stamp or held.site != self._site(site):
            return None
        return held.outcome

    def put(self, rel: str, stamp: tuple[FileStamp, ...], site: SiteMap, info: _PageInfo,
            outcome: _Outcome) -> None:
        """Remember a fresh outcome."""
        self.data[rel] = _Cached(stamp, self._site(site), info, outcome)
        self.changed = True

    def save(self, live: set[str]) -> None:
        """Write the cache back (pages that are gone are forgotten; older caches removed)."""
        if self.file is None:
            return
        for rel in [rel for rel in self.data if rel not in live]:
            del self.data[rel]
            self.changed = True
        if not self.changed:
            return
        for old in self.file.parent.glob("check-*.pickle") if self.file.parent.is_dir() else ():
            if old != self.file:
                old.unlink(missing_ok=True)
        write_atomic(self.file, pickle.dumps(self.data, protocol=pickle.HIGHEST_PROTOCOL))


@dataclass(slots=True)
class _Template:
    """A page's template as ``extract`` would write it now."""

    pot: str
    """Site-relative path of the POT."""
    entries: list[polib.POEntry]
    """Its entries."""
    date: str | None
    """``POT-Creation-Date`` of the POT on disk (None: no POT, or none in it)."""
    differing: list[str] = field(default_factory=list)
    """Site-relative catalogs that ``extract`` would change."""
    absent: list[str] = field(default_factory=list)
    """Site-relative catalogs that ``extract`` would create."""


class _PageCheck:
    """The checks of single files; findings go to one list."""

    def __init__(self, config: Config, findings: list[Finding]) -> None:
        self.config = config
        self.findings = findings
        self.project = config.project_name()

    def add(self, check: str, path: str, line: int | None, message: str, *,
            language: str | None = None, code: str | None = None,
            source: tuple[str, int | None] | None = None) -> None:
        """Record a finding; the check decides whether it is an error or a warning."""
        severity = ERROR if check in CHECKS else WARNING
        source_path, source_line = source if source is not None else (None, None)
        self.findings.append(Finding(check, severity, path, line, message, language, code,
                                     source_path, source_line))

    # --- stale ---------------------------------------------------------------------------------

    def check_template(self, source: SourcePage, page: Page) -> _Template:
        """Render the page's POT in memory and compare it with the file."""
        config = self.config
        entries = cat.template_entries(page.segments, source.ref_path, config.references)
        path = catalog_path(config, None, source.rel)
        old = _read_text(path)
        date = cat.existing_creation_date(old) if old is not None else None
        where = relative(config, path)
        if old is None:
            return _Template(where, entries, None, absent=[where])
        text = cat.render_catalog(
            cat.template_catalog(self.project, source.ref_path, entries, date or ""),
            config.wrap_width)
        return _Template(where, entries, date, differing=[] if text == old else [where])

    def stale_page(self, source: SourcePage, template: _Template, languages: int) -> None:
        """One ``stale`` finding per page, naming the page and the catalogs to update."""
        if not template.differing and not template.absent:
            return
        parts = []
        if template.differing:
            parts.append(f"{', '.join(template.differing)} "
                         f"{'differs' if len(template.differing) == 1 else 'differ'}")
        if template.absent:
            parts.append(f"{', '.join(template.absent)} missing")
        if template.differing:
            what = "the page changed since its catalogs were extracted"
        elif len(template.absent) == 1 + languages:
            what = "the page has no catalogs yet"
        else:
            what = "catalogs of the page are missing"
        self.add(STALE, source.ref_path, None,
                 f"{what} ({'; '.join(parts)}): run cfg-i18n extract")

    def check_orphans(self, language: str | None, live: set[str]) -> None:
        """Catalogs of ``language`` (None: templates) whose source page is gone."""
        config = self.config
        for rel, path in existing_catalogs(config, language).items():
            if rel not in live:
                self.add(ORPHAN, relative(config, path), None,
                         "its source page is gone; extract offers its translations to the "
                         "other catalogs; remove it with `cfg-i18n extract --prune`",
                         language=language)

    # --- one catalog -----------------------------------------------------------------------------

    def check_catalog(self, language: str, source: SourcePage, page: Page, template: _Template,
                      allow_link: AllowLink, fresh: bool = False) -> tuple[PageStatus | None, int]:
        """Every check of one page's catalog in one language: its status (None for a page
        already in another language) and how many catalogs were read (0 or 1)."""
        config = self.config
        path = catalog_path(config, language, source.rel)
        where = relative(config, path)
        foreign = is_foreign(page, config)
        if not path.exists():
            template.absent.append(where)
            return None if foreign else self._status(where, source, page, None), 0
        loaded = self._load(path, where, language)
        if loaded is None:
            return None if foreign else self._status(where, source, page, None, exists=True), 1
        text, po = loaded
        self._check_header(po, text, where, language)
        if not fresh and self._is_stale(po, text, where, language, source, template):
            template.differing.append(where)
        if foreign:
            return None, 1
        self._check_entries(po, text.split("\n"), where, language, source, page, allow_link)
        return self._status(where, source, page, po), 1

    def _load(self, path: Path, where: str, language: str) -> tuple[str, polib.POFile] | None:
        """The catalog's text and entries, or None after a ``valid`` finding."""
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.add(VALID, where, line, "not UTF-8 text; convert it (msgconv -t UTF-8 "
                     f"{where}) and set charset=UTF-8 in its Content-Type header",
                     language=language, code="encoding")
            return None
        try:
            po = cat.parse_po(text if "\n" in text else text + "\n", where)
        except InputError as error:
            self.add(VALID, where, error.line, error.message, language=language, code="syntax")
            return None
        return text, po

    def _check_header(self, po: polib.POFile, text: str, where: str, language: str) -> None:
        metadata = po.metadata
        expected = gettext_code(language)
        found = metadata.get("Language", "").strip()
        if not found:
            self.add(VALID, where, _header_line(text, "Language"),
                     f"the header has no Language; add \"Language: {expected}\\n\"",
                     language=language, code="Language")
        elif _language_key(found) != _language_key(expected):
            self.add(VALID, where, _header_line(text, "Language"),
                     f"the header says Language: {found}, but the catalog is in the folder of "
                     f"{language!r}; move the file to the right folder or set "
                     f"\"Language: {expected}\\n\"", language=language, code="Language")
        plural = metadata.get("Plural-Forms", "").strip()
        if not plural:
            self.add(VALID, where, _header_line(text, "Plural-Forms"),
                     "the header has no Plural-Forms; add "
                     f"\"Plural-Forms: {plural_forms(language)}\\n\"",
                     language=language, code="Plural-Forms")
        elif not _PLURAL_FORMS.match(plural):
            self.add(VALID, where, _header_line(text, "Plural-Forms"),
                     f"Plural-Forms {plural!r} is not of the form "
                     "\"nplurals=N; plural=EXPRESSION;\"", language=language, code="Plural-Forms")
        content_type = metadata.get("Content-Type", "")
        charset = _CHARSET.search(content_type)
        if charset is None or charset.group(1).lower().replace("-", "") != "utf8":
            said = f"says {content_type!r}" if content_type else "is missing"
            self.add(VALID, where, _header_line(text, "Content-Type"),
                     f"the Content-Type header {said}; set "
                     "\"Content-Type: text/plain; charset=UTF-8\\n\" (and save the file as UTF-8)",
                     language=language, code="Content-Type")

    def _is_stale(self, po: polib.POFile, text: str, where: str, language: str,
                  source: SourcePage, template: _Template) -> bool:
        """Whether ``extract`` would change the catalog's content; a catalog that differs only
        in its formatting (another editor's line wrapping) is a ``format`` warning."""
        existing = cat.catalog_from_po(po)
        date = template.date or existing.get(cat.POT_DATE_KEY) or cat.creation_date()
        updated = update_entries(template.entries, existing.entries)
        new = cat.po_catalog(existing, self.project, language, source.ref_path, updated.entries,
                             date)
        # Compare content first: rendering is the costly part and only tells formatting apart.
        if _catalog_key(new) != _catalog_key(existing):
            return True
        if cat.render_catalog(new, self.config.wrap_width) == text:
            return False
        self.add(FORMAT, where, None, "formatted differently from what cfg-i18n extract writes "
                 "(line wrapping or header layout); run cfg-i18n extract to rewrite it and keep "
                 "diffs small", language=language)
        return False

    # --- completeness ----------------------------------------------------------------------------

    @staticmethod
    def _status(where: str, source: SourcePage, page: Page, po: polib.POFile | None,
                exists: bool | None = None) -> PageStatus:
        index = catalog_index(po) if po is not None else {}
        return PageStatus(source.rel, source.ref_path, where, page_counts(page_msgids(page), index),
                          po is not None if exists is None else exists)

    def check_completeness(self, result: LanguageResult) -> None:
        """A ``complete`` finding when the language is below its requirement."""
        if result.passed:
            return
        counts = result.status.counts
        behind = [p for p in result.status.by_missing() if p.counts.percent + 1e-9 < result.required]
        shown = ", ".join(f"{p.rel} ({p.counts.percent:.0f}%)" for p in behind[:5])
        more = f" and {len(behind) - 5} more" if len(behind) > 5 else ""
        folder = f"{self.config.locale_dir}/{result.language}"
        self.add(COMPLETE, folder, None,
                 f"{result.language} is {percent_text(counts.percent)} translated "
                 f"({counts.translated}/{counts.messages} messages, "
                 f"{counts.translated_words}/{counts.words} words; fuzzy and empty entries count "
                 f"as untranslated), below min_completeness {result.required:g}%: translate "
                 f"{counts.missing} more message{'s' if counts.missing != 1 else ''}, first in "
                 f"{shown}{more}",
                 language=result.language)

    # --- entries: safe and warnings --------------------------------------------------------------

    def _check_entries(self, po: polib.POFile, lines: list[str], where: str, language: str,
                       source: SourcePage, page: Page, allow_link: AllowLink) -> None:
        segments = {segment.msgid: segment for segment in page.segments}
        labels: list[str] | None = None
        obsolete: list[polib.POEntry] = []
        active = 0
        for entry in po:
            if entry.obsolete:
                obsolete.append(entry)
                continue
            if not entry.msgid:
                continue
            active += 1
            if not cat.has_translation(entry) or entry.msgid_plural:
                continue
            if cat.FUZZY in entry.flags:
                previous = entry.previous_msgid
                why = (f"it was translated from an older source text ({_quote(previous)})"
                       if previous and previous != entry.msgid else "it is marked fuzzy")
                self.add(FUZZY, where, entry.linenum, f"{why}; merge does not use it: review it "
                         "against the current msgid and remove the fuzzy flag",
                         language=language, source=_source_of(entry, source))
                continue
            if entry.msgstr == entry.msgid:
                words = _letter_words(entry.msgid)
                if words >= IDENTICAL_MIN_WORDS and IGNORE_SAME_FLAG not in entry.flags:
                    self.add(IDENTICAL, where, _msgstr_line(lines, entry), (
                        f"the translation is a copy of the source text ({words} words): translate "
                        f"it, or add the flag \"#, {IGNORE_SAME_FLAG}\" when it really stays the "
                        "same"), language=language, source=_source_of(entry, source))
                continue  # identical text keeps all markup
            segment = segments.get(entry.msgid)
            if segment is None:
                continue  # not on the page any more: stale, and merge does not apply it
            if labels is None:
                labels = reference_labels(page)
            problems = entry_problems(entry, segment.markdown, self.config, allow_link, labels)
            for problem in problems:
                self.add(SAFE, where, _msgstr_line(lines, entry),
                         f"{problem.message} (merge keeps the source text until this is fixed)",
                         language=language, code=problem.code, source=_source_of(entry, source))
        limit = max(OBSOLETE_FLOOR, min(OBSOLETE_CAP, active))
        if len(obsolete) > limit:
            self.add(OBSOLETE, where, obsolete[0].linenum, (
                f"{len(obsolete)} obsolete entries (#~) pile up, more than {limit}: their "
                "translations are no longer used; delete the ones nobody needs (msgattrib "
                f"--no-obsolete -o {where} {where})"), language=language)


# --- small helpers ------------------------------------------------------------------------------

_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*\d+\s*;\s*plural\s*=.+;?\s*$")
_CHARSET = re.compile(r"charset\s*=\s*([\w.:-]+)", re.IGNORECASE)


_LETTER_WORD = re.compile(r"(?<![\w.])[^\W\d_]{2,}(?:['’.\-][^\W\d_]+)*\.?(?![\w])")


def _letter_words(text: str) -> int:
    """Words made of letters only (no digits), markup left out."""
    return len(_LETTER_WORD.findall(NOT_WORDS.sub(" ", text)))


def _entry_key(entry: polib.POEntry) -> tuple[object, ...]:
    """Everything of an entry that ``render_catalog`` writes (flags in written order)."""
    flags = ([cat.FUZZY] if cat.FUZZY in entry.flags else []) + [
        flag for flag in entry.flags if flag != cat.FUZZY]
    return (entry.msgid, entry.msgctxt, entry.msgid_plural or None, entry.msgstr,
            sorted((str(k), v) for k, v in entry.msgstr_plural.items()), bool(entry.obsolete),
            flags, [(p, line) for p, line in entry.occurrences] if not entry.obsolete else [],
            entry.comment or "" if not entry.obsolete else "", entry.tcomment or "",
            entry.previous_msgid, entry.previous_msgctxt, entry.previous_msgid_plural)


def _catalog_key(catalog: cat.Catalog) -> tuple[object, ...]:
    """The content of a catalog, whatever its line wrapping."""
    return (catalog.header_comment, catalog.metadata, catalog.header_fuzzy,
            [_entry_key(entry) for entry in catalog.entries])


def _read_text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _language_key(code: str) -> str:
    return code.strip().replace("-", "_").lower()


def _header_line(text: str, key: str) -> int:
    """Line of header field ``key`` (or of the header's ``msgstr`` when it is missing)."""
    found = text.find(f'"{key}:')
    if found < 0:
        found = text.find('msgstr "')
    return text.count("\n", 0, max(found, 0)) + 1


def _msgstr_line(lines: list[str], entry: polib.POEntry) -> int:
    """The line of the entry's ``msgstr``: the line a translator edits, and the one a
    pull request's diff shows."""
    start = max((entry.linenum or 1) - 1, 0)
    for index in range(start, min(len(lines), start + 400)):
        if lines[index].startswith("msgstr"):
            return index + 1
    return entry.linenum or 1


def _source_of(entry: polib.POEntry, source: SourcePage) -> tuple[str, int | None]:
    """Source file and line of an entry: its first ``#:`` reference."""
    for path, line in entry.occurrences:
        return cat.decode_reference(path), int(line) if line and line.isdigit() else None
    return source.ref_path, None


def _quote(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
