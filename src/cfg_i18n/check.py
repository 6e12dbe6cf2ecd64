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

import os
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from cfg_i18n import catalog as cat
from cfg_i18n.config import Config
from cfg_i18n.errors import InputError
from cfg_i18n.fsutil import FileStamp, file_stamp, write_atomic
from cfg_i18n.hashing import sha256_hex
from cfg_i18n.languages import gettext_code, plural_forms
from cfg_i18n.links import SiteMap, url_of
from cfg_i18n.parsing import (
    PageCache,
    PageSummary,
    SummaryStore,
    cache_key,
    digest,
    parallel_map,
    read_pickle,
    read_source,
    summaries_of,
    summary_store,
)
from cfg_i18n.safe_entries import (
    entry_problems,
    foreign_lang,
    link_allower,
    plain_and_trimmed,
    reference_labels,
    same_markup,
    site_of,
)
from cfg_i18n.site import current_catalogs
from cfg_i18n.sources import (
    CACHE_DIR,
    PO_SUFFIX,
    POT_SUFFIX,
    TEMPLATES,
    Progress,
    SourcePage,
    catalog_path,
    existing_catalogs,
    source_pages,
)
from cfg_i18n.status import (
    NOT_WORDS,
    Counts,
    LanguageStatus,
    PageStatus,
    catalog_states,
    page_counts,
    percent_text,
    relative,
)
from cfg_i18n.update import update_entries

if TYPE_CHECKING:  # the Markdown parser stack loads only when a page is checked
    from cfg_i18n.options import ExtractOptions
    from cfg_i18n.page import Page
    from cfg_i18n.safety import AllowLink, Problem

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
    catalog that cannot be read is a ``valid`` finding. Pages are checked on all cores, each
    loaded by its worker from the parse cache, so the site is never held in memory at once;
    with ``use_cache``, a page whose source, template and catalogs are the files the last run
    saw is not checked again (its findings come from ``.cfg-i18n/cache``).
    """
    wanted = list(languages) if languages is not None else list(config.languages)
    sources = source_pages(config)
    report = CheckReport(pages=len(sources), strict=strict)
    stamps = _stamps(config, wanted, sources)
    if use_cache:
        outcomes = _check_pages(config, wanted, sources, stamps, config.site / CACHE_DIR,
                                progress)
    else:
        import tempfile  # only runs without the cache need it

        with tempfile.TemporaryDirectory() as scratch:  # still a single parse per page
            outcomes = _check_pages(config, wanted, sources, stamps, None, progress,
                                    Path(scratch))
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
    for index, language in enumerate([None, *wanted], 1):
        present = sum(1 for stamp in stamps.values() if stamp[index] is not None)
        if _may_have_orphans(config, language, live, present):
            checker.check_orphans(language, live)
    for result in results:
        checker.check_completeness(result)
    report.languages = results
    report.findings.sort(key=lambda f: (_ORDER.get(f.check, len(_ORDER)), f.path, f.line or 0))
    return report


def _check_pages(config: Config, languages: list[str], sources: Sequence[SourcePage],
                 stamps: dict[str, tuple[FileStamp, ...]], cache_dir: Path | None,
                 progress: Progress | None, scratch: Path | None = None) -> dict[str, _Outcome]:
    """Every page's outcome: remembered while its files and the site map are unchanged, else
    checked again. The site map comes from page summaries, not from parsed pages."""
    options = config.extract_options()
    pages_dir = cache_dir if scratch is None else scratch
    cache = _OutcomeCache(config, languages, cache_dir is not None)
    # What the site map needs of each page: from the cache for unchanged pages, so that a run
    # after a small change reads only the pages it has to check.
    known = cache.known({rel: stamp[0] for rel, stamp in stamps.items()})
    summaries = _Summaries(options, cache_dir, pages_dir, progress)
    digests: dict[str, str] = {}
    changed = [source for source in sources if source.rel not in known]
    for rel, summary in summaries.of(changed, digests).items():
        known[rel] = _PageInfo(url_of(rel, summary.front_matter()),
                               foreign_lang(summary.lang, config))
    # The pages merge publishes before completeness is known: the links it accepts.
    site = site_of({rel: info.url for rel, info in known.items() if not info.foreign}, known)
    outcomes: dict[str, _Outcome] = {}
    todo: list[SourcePage] = []
    for source in sources:
        hit = cache.get(source.rel, stamps[source.rel], site)
        if hit is not None:
            outcomes[source.rel] = hit
        else:
            todo.append(source)
    found = summaries.of(todo, digests)
    # Catalogs exactly as extract last wrote them for the page as it is: not stale, and no
    # need to render them again to find out.
    fresh = current_catalogs(config, languages, {source.rel: digests[source.rel]
                                                 for source in todo}) \
        if cache_dir is not None and todo else set()
    jobs = [_Job(source, digests[source.rel], found[source.rel], source.rel in fresh)
            for source in todo]
    shared = _Shared(config, languages, site, options, pages_dir)
    for outcome in parallel_map(_check_chunk, jobs, shared, progress, "check"):
        outcomes[outcome.rel] = outcome
        cache.put(outcome.rel, stamps[outcome.rel], site, known[outcome.rel], outcome)
    summaries.save()
    cache.save(set(stamps))
    return outcomes


class _Summaries:
    """Page summaries (URL, language, messages) by content hash: from the store extract and
    merge keep, read only when some page needs one; a page missing there is parsed on all
    cores into the parse cache, where the checks find it again."""

    def __init__(self, options: ExtractOptions, cache_dir: Path | None, pages_dir: Path | None,
                 progress: Progress | None) -> None:
        self.options = options
        self.cache_dir = cache_dir
        self.pages_dir = pages_dir
        self.progress = progress
        self.store: SummaryStore | None = None

    def of(self, sources: Sequence[SourcePage], digests: dict[str, str]
           ) -> dict[str, PageSummary]:
        """The summaries of ``sources`` by rel; their content hashes are added to ``digests``."""
        if not sources:
            return {}
        if self.store is None:
            self.store = summary_store(self.cache_dir, self.options)
        for source in sources:
            if source.rel not in digests:
                digests[source.rel] = digest(read_source(source.file, source.ref_path))
        return summaries_of([(s.rel, s.ref_path, s.file) for s in sources], digests, self.store,
                            self.options, self.pages_dir, self.progress)

    def save(self) -> None:
        """Keep the summaries of pages parsed in this run for the next one."""
        if self.store is not None:
            self.store.save()


@dataclass(slots=True)
class _Shared:
    """What every page's check needs besides the page (sent once to each worker)."""

    config: Config
    languages: list[str]
    site: SiteMap
    options: ExtractOptions
    pages_dir: Path | None
    """The parse cache the worker loads pages from (and adds a page to on a miss)."""


@dataclass(slots=True)
class _Job:
    """One page to check: small, the worker loads the page itself."""

    source: SourcePage
    digest: str
    summary: PageSummary
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


class _PageData:
    """One page as its checks see it: the summary, and the parsed page loaded only when a
    check needs more (its template rendered, the Markdown flag of a message to verify)."""

    __slots__ = ("job", "msgids", "_pages", "_options", "_page", "_markdown", "_labels")

    def __init__(self, job: _Job, pages: PageCache, options: ExtractOptions) -> None:
        self.job = job
        self.msgids = job.summary.msgids
        self._pages = pages
        self._options = options
        self._page: Page | None = None
        self._markdown: dict[str, bool] | None = None
        self._labels: list[str] | None = None

    def page(self) -> Page:
        """The parsed page, from the parse cache (parsed and added there on a miss)."""
        if self._page is None:
            source = self.job.source
            self._page = self._pages.load(self.job.digest, source.ref_path, source.file,
                                          self._options)
        return self._page

    def markdown(self, msgid: str) -> bool | None:
        """Whether the message is inline Markdown (None: not on the page)."""
        if self._markdown is None:
            self._markdown = {s.msgid: s.markdown for s in self.page().segments}
        return self._markdown.get(msgid)

    def labels(self) -> list[str]:
        """The page's reference-link labels."""
        if self._labels is None:
            self._labels = reference_labels(self.page())
        return self._labels


def _check_chunk(jobs: list[_Job], shared: _Shared) -> list[_Outcome]:
    pages = PageCache(shared.pages_dir, shared.options)
    return [_check_page(_PageData(job, pages, shared.options), shared) for job in jobs]


def _check_page(data: _PageData, shared: _Shared) -> _Outcome:
    """Every check of one page: its template, then its catalog in each language."""
    findings: list[Finding] = []
    checker = _PageCheck(shared.config, findings)
    source = data.job.source
    if data.job.fresh:
        pot = relative(shared.config, catalog_path(shared.config, None, source.rel))
        template = _Template(pot, [], None)
    else:
        template = checker.check_template(source, data.page())
    outcome = _Outcome(source.rel, findings, [], 0)
    for language in shared.languages:
        allow_link = link_allower(language, shared.site)
        status, read = checker.check_catalog(language, data, template, allow_link)
        outcome.statuses.append(status)
        outcome.catalogs += read
    checker.stale_page(source, template, len(shared.languages))
    return outcome


def _stamps(config: Config, languages: Sequence[str], sources: Sequence[SourcePage]
            ) -> dict[str, tuple[FileStamp, ...]]:
    """Per page, the files its checks read: source, template, a catalog per language (their
    paths joined as strings: building a Path per file costs more than its stat)."""
    locale = str(config.locale_path())
    catalogs = [f"{locale}/{TEMPLATES}/%s{POT_SUFFIX}"]
    catalogs += [f"{locale}/{language}/%s{PO_SUFFIX}" for language in languages]
    return {source.rel: (file_stamp(source.file),
                         *(file_stamp(pattern.replace("%s", source.rel)) for pattern in catalogs))
            for source in sources}


def _may_have_orphans(config: Config, language: str | None, live: set[str], present: int
                      ) -> bool:
    """Whether the catalog tree of ``language`` (None: templates) may hold a catalog whose page
    is gone: it holds more catalog files than the ``present`` ones of live pages (and the
    site catalog). Counting names is cheap; listing the catalogs builds a Path for each."""
    root = os.path.join(config.locale_path(), TEMPLATES if language is None else language)
    suffix = POT_SUFFIX if language is None else PO_SUFFIX
    files = sum(name.endswith(suffix) for _, _, names in os.walk(root) for name in names)
    site_catalog = config.site_catalog not in live and os.path.isfile(
        os.path.join(root, config.site_catalog + suffix))
    return files != present + site_catalog


@dataclass(slots=True, frozen=True)
class _PageInfo:
    """What the site map needs of a page."""

    url: str
    """Its URL path (``/blog/x/``)."""
    foreign: bool
    """Its front matter says it is in another language."""


#: A page as the outcome cache stores it, in plain tuples (they pickle several times faster
#: than slotted dataclasses): (file stamps, digest of the site map the outcome was computed
#: against, URL, foreign, outcome).
_Held = tuple[tuple[FileStamp, ...], str, str, bool, tuple[Any, ...]]


def _stored(outcome: _Outcome) -> tuple[Any, ...]:
    return (outcome.rel, [_values(finding) for finding in outcome.findings],
            [None if status is None else (status.rel, status.source, status.catalog,
                                          _values(status.counts), status.exists)
             for status in outcome.statuses], outcome.catalogs)


def _restored(stored: tuple[Any, ...]) -> _Outcome:
    rel, findings, statuses, catalogs = stored
    return _Outcome(rel, [Finding(*values) for values in findings],
                    [None if status is None else PageStatus(
                        status[0], status[1], status[2], Counts(*status[3]), status[4])
                     for status in statuses], catalogs)


def _values(data: Finding | Counts) -> tuple[Any, ...]:
    return tuple(getattr(data, name.name) for name in fields(data))


def _site_digest(site: SiteMap) -> str:
    parts = ["\n".join(sorted(names)) for names in (site.urls, site.pages, site.published)]
    return sha256_hex("\0".join(parts).encode())


class _OutcomeCache:
    """Per page: the stamps of its files, its site-map facts and what its checks found.

    The file name holds everything else an outcome depends on (version, settings, languages),
    so a change there starts afresh, like the parse cache. A page is checked again when one
    of its files or the site's list of pages (which link targets are checked against)
    changed.
    """

    def __init__(self, config: Config, languages: Sequence[str], enabled: bool) -> None:
        key = cache_key(config.extract_options(), config.references, config.wrap_width,
                        config.project_name(), config.content_dir, config.locale_dir,
                        config.source_language, list(languages))
        self.file = config.site / CACHE_DIR / f"check-{key}.pickle" if enabled else None
        self.data: dict[str, _Held] = {}
        self.changed = False
        self._digests: dict[int, str] = {}
        loaded = read_pickle(self.file) if self.file is not None else None
        if isinstance(loaded, dict):
            self.data = loaded

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
            if held is not None and stamp is not None and held[0][0] == stamp:
                known[rel] = _PageInfo(held[2], held[3])
        return known

    def get(self, rel: str, stamp: tuple[FileStamp, ...], site: SiteMap) -> _Outcome | None:
        """The remembered outcome of page ``rel`` if its files and the site are unchanged."""
        held = self.data.get(rel)
        if held is None or held[0] != stamp or held[1] != self._site(site):
            return None
        return _restored(held[4])

    def put(self, rel: str, stamp: tuple[FileStamp, ...], site: SiteMap, info: _PageInfo,
            outcome: _Outcome) -> None:
        """Remember a fresh outcome."""
        self.data[rel] = (stamp, self._site(site), info.url, info.foreign, _stored(outcome))
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

    def check_catalog(self, language: str, data: _PageData, template: _Template,
                      allow_link: AllowLink) -> tuple[PageStatus | None, int]:
        """Every check of one page's catalog in one language: its status (None for a page
        already in another language) and how many catalogs were read (0 or 1)."""
        config = self.config
        source = data.job.source
        path = catalog_path(config, language, source.rel)
        where = relative(config, path)
        foreign = foreign_lang(data.job.summary.lang, config)
        if not path.exists():
            template.absent.append(where)
            return None if foreign else self._status(where, data, None), 0
        loaded = self._load(path, where, language)
        if loaded is None:
            return None if foreign else self._status(where, data, None, exists=True), 1
        text, po = loaded
        self._check_header(po, text, where, language)
        if not data.job.fresh and self._is_stale(po, text, where, language, source, template):
            template.differing.append(where)
        if foreign:
            return None, 1
        self._check_entries(po, text.split("\n"), where, language, data, allow_link)
        return self._status(where, data, po), 1

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
    def _status(where: str, data: _PageData, po: polib.POFile | None,
                exists: bool | None = None) -> PageStatus:
        states = catalog_states(po) if po is not None else {}
        source = data.job.source
        return PageStatus(source.rel, source.ref_path, where, page_counts(data.msgids, states),
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
                       data: _PageData, allow_link: AllowLink) -> None:
        source = data.job.source
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
                self.check_identical(entry, lines, where, language, _source_of(entry, source))
                continue  # identical text keeps all markup
            if entry.msgid not in data.msgids:
                continue  # not on the page any more: stale, and merge does not apply it
            for problem in self._problems(entry, data, allow_link):
                self.add(SAFE, where, _msgstr_line(lines, entry),
                         f"{problem.message} (merge keeps the source text until this is fixed)",
                         language=language, code=problem.code, source=_source_of(entry, source))
        self.check_obsolete(obsolete, active, where, language)

    def check_identical(self, entry: polib.POEntry, lines: list[str], where: str, language: str,
                        source: tuple[str, int | None] | None) -> None:
        """An ``identical`` finding for a translation (equal to its msgid) of a long text."""
        words = _letter_words(entry.msgid)
        if words >= IDENTICAL_MIN_WORDS and IGNORE_SAME_FLAG not in entry.flags:
            self.add(IDENTICAL, where, _msgstr_line(lines, entry), (
                f"the translation is a copy of the source text ({words} words): translate "
                f"it, or add the flag \"#, {IGNORE_SAME_FLAG}\" when it really stays the "
                "same"), language=language, source=source)

    def check_obsolete(self, obsolete: list[polib.POEntry], active: int, where: str,
                       language: str) -> None:
        """An ``obsolete`` finding when a catalog's obsolete entries outgrow its active ones."""
        limit = max(OBSOLETE_FLOOR, min(OBSOLETE_CAP, active))
        if len(obsolete) > limit:
            self.add(OBSOLETE, where, obsolete[0].linenum, (
                f"{len(obsolete)} obsolete entries (#~) pile up, more than {limit}: their "
                "translations are no longer used; delete the ones nobody needs (msgattrib "
                f"--no-obsolete -o {where} {where})"), language=language)

    def _problems(self, entry: polib.POEntry, data: _PageData, allow_link: AllowLink
                  ) -> list[Problem]:
        """The safety problems of a translation on the page; the page itself is loaded only
        for a translation whose markup is not the msgid's token for token (what
        :func:`~cfg_i18n.safe_entries.entry_problems` passes without looking further)."""
        if plain_and_trimmed(entry.msgid, entry.msgstr) or same_markup(entry.msgid, entry.msgstr):
            return []
        markdown = data.markdown(entry.msgid)
        if markdown is None:
            return []
        return entry_problems(entry, markdown, self.config, allow_link, data.labels())


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
