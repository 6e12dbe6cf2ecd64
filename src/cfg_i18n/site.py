"""``extract`` over the whole site: every page's template and catalogs.

``extract`` computes every catalog in memory first and writes only when all pages and
catalogs were read without error: a broken PO file or page stops the run with nothing written
half-way. The pages and where their catalogs are: :mod:`cfg_i18n.sources`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cfg_i18n.config import Config
from cfg_i18n.errors import Diagnostic
from cfg_i18n.fsutil import FileStamp, commit_all, discard_all, file_stamp, stage
from cfg_i18n.parsing import (
    PageCache,
    PageSummary,
    SourceDigests,
    Store,
    SummaryStore,
    cache_key,
    digest,
    gc_paused,
    parallel_iter,
    parse_bytes,
    pickled,
    read_source,
    summary_store,
)
from cfg_i18n.sources import (
    CACHE_DIR,
    Progress,
    _catalog_files,
    catalog_path,
    source_pages,
)
from cfg_i18n.update_result import UpdateResult

# polib and the catalog writer load in the functions that read or write catalogs: a warm
# run that finds nothing to do goes without.
if TYPE_CHECKING:
    import polib

    from cfg_i18n.options import ExtractOptions

# --- extract --------------------------------------------------------------------------------


@dataclass(slots=True)
class LanguageReport:
    """What ``extract`` did to the catalogs of one language."""

    language: str
    """Language code."""
    catalogs: int = 0
    """Catalogs of live pages."""
    messages: int = 0
    """Active entries over those catalogs."""
    translated: int = 0
    """Entries with a translation that is not fuzzy."""
    fuzzy: int = 0
    """Entries marked fuzzy (to be reviewed)."""
    untranslated: int = 0
    """Entries without translation."""
    obsolete: int = 0
    """Obsolete entries kept at the end of the catalogs."""
    new: int = 0
    """Messages that appeared in this run with no translation to start from."""
    fuzzy_new: int = 0
    """Messages that got an old translation as fuzzy in this run."""
    obsoleted: int = 0
    """Entries that turned obsolete in this run."""
    borrowed: int = 0
    """Messages filled from the catalog of a renamed or deleted page."""
    created: int = 0
    """Catalogs created in this run."""

    def add(self, result: UpdateResult, created: bool) -> None:
        """Count one catalog's update."""
        self.catalogs += 1
        self.created += created
        self.messages += result.translated + result.fuzzy + result.untranslated
        self.translated += result.translated
        self.fuzzy += result.fuzzy
        self.untranslated += result.untranslated
        self.obsolete += result.obsolete
        self.new += result.new
        self.fuzzy_new += result.fuzzy_new
        self.obsoleted += result.obsoleted
        self.borrowed += result.borrowed


@dataclass(slots=True)
class ExtractReport:
    """The outcome of ``extract`` over a site; the CLI only prints it."""

    pages: int = 0
    """Source pages extracted."""
    messages: int = 0
    """Entries over all templates (one per distinct msgid per page)."""
    languages: list[LanguageReport] = field(default_factory=list)
    """One report per language, in configuration order."""
    written: list[Path] = field(default_factory=list)
    """Files whose bytes changed."""
    orphans: list[Path] = field(default_factory=list)
    """Catalogs whose source page is gone (kept until ``--prune``)."""
    pruned: list[Path] = field(default_factory=list)
    """Catalogs removed by ``--prune``."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Page warnings and notes about orphaned or pruned catalogs."""


def _donors(catalogs: Iterable[polib.POFile]) -> dict[str, polib.POEntry]:
    """msgid -> best entry over the catalogs of vanished pages (translated before fuzzy,
    active before obsolete, first catalog in path order wins)."""
    from cfg_i18n import catalog as cat

    ranked: dict[str, tuple[int, polib.POEntry]] = {}
    for po in catalogs:
        for entry in po:
            if not entry.msgid or entry.msgctxt is not None or not cat.has_translation(entry):
                continue
            rank = (cat.FUZZY in entry.flags) * 2 + bool(entry.obsolete)
            held = ranked.get(entry.msgid)
            if held is None or rank < held[0]:
                ranked[entry.msgid] = (rank, entry)
    return {msgid: entry for msgid, (_, entry) in ranked.items()}


def _render_quietly(path: Path, build: Callable[[str], str], date: str) -> tuple[str, str]:
    """Render a catalog keeping the file's ``POT-Creation-Date`` when nothing else changed.

    Returns the text and the date it carries.
    """
    from cfg_i18n import catalog as cat

    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = None
    return cat.render_keeping_date(old, build, date)


def _relative(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.site).as_posix()
    except ValueError:
        return str(path)


class _Shared(NamedTuple):
    """What every page's extract job needs besides the page (sent once to each worker)."""

    config: Config
    languages: list[str]
    options: ExtractOptions
    date: str
    donors: dict[str, dict[str, polib.POEntry]]
    cache_dir: Path | None
    """Where workers find and put parsed pages."""
    want_translated: bool
    """Whether the msgids with a translation are needed (to report orphaned catalogs)."""


class _Job(NamedTuple):
    rel: str
    ref_path: str
    file: str
    data: bytes | None = None
    """The page's bytes, or None for the worker to read them (a page extract has not seen)."""
    digest: str | None = None
    """Their content hash (None with ``data``)."""


@dataclass(slots=True)
class _PageResult:
    """One page's catalogs, staged on disk, and what the update did to them."""

    rel: str
    digest: str
    """The content hash of the page as read."""
    stamp: FileStamp
    """The page's file stamp from before it was read, when the worker read it (else None)."""
    warnings: list[Diagnostic]
    staged: dict[Path, str | None]
    """Catalog path -> its new text in a staged file (None: unchanged)."""
    messages: int
    updates: list[tuple[UpdateResult, bool]]
    """Per language: the update's counts (entries dropped) and whether the catalog is new."""
    translated: dict[str, set[str]]
    summary: tuple[bytes, bytes] | None = None
    """The page's summary as the summary store keeps it (:meth:`SummaryStore.pickled`)."""
    parsed: bytes | None = None
    """The page pickled for the parse cache, when it was parsed (not found there)."""


def _extract_chunk(jobs: list[_Job], shared: _Shared) -> list[_PageResult]:
    with gc_paused():
        return [_extract_page(job, shared) for job in jobs]


def _extract_page(job: _Job, shared: _Shared) -> _PageResult:
    """Render and stage one page's POT and PO files; runs in a worker process."""
    from cfg_i18n import catalog as cat
    from cfg_i18n.update import update_entries

    config = shared.config
    data, page_digest, stamp = job.data, job.digest, None
    if data is None or page_digest is None:  # read here, on all cores, not one by one in main
        stamp = file_stamp(job.file)
        data = read_source(job.file, job.ref_path)
        page_digest = digest(data)
    page = PageCache(shared.cache_dir, shared.options).get(page_digest, job.ref_path)
    parsed = None
    if page is None:  # the main process caches it: one writer, one transaction
        page = parse_bytes(data, job.ref_path, shared.options)
        parsed = pickled(page) if shared.cache_dir is not None else None
    template = cat.template_entries(page.segments, job.ref_path, config.references)
    project = config.project_name()
    width = config.wrap_width
    pot_path = catalog_path(config, None, job.rel)

    def build_pot(stamp: str) -> str:
        return cat.render_catalog(cat.template_catalog(project, job.ref_path, template, stamp),
                                  width)

    pot_text, pot_date = _render_quietly(pot_path, build_pot, shared.date)
    result = _PageResult(job.rel, page_digest, stamp, list(page.warnings),
                         {pot_path: stage(pot_path, pot_text.encode("utf-8"))},
                         len(template), [], {}, SummaryStore.pickled(PageSummary.of(page)),
                         parsed)
    for language in shared.languages:
        po_path = catalog_path(config, language, job.rel)
        existing = cat.read_catalog(po_path)
        update = update_entries(template, existing.entries if existing else [],
                                shared.donors[language])
        po = cat.po_catalog(existing, project, language, job.ref_path, update.entries, pot_date)
        result.staged[po_path] = stage(po_path, cat.render_catalog(po, width).encode("utf-8"))
        if shared.want_translated:
            result.translated[language] = {
                entry.msgid for entry in update.entries
                if not entry.obsolete and cat.has_translation(entry)
            }
        update.entries = []
        result.updates.append((update, existing is None))
    return result


class _PageState(NamedTuple):
    """What a page's last extract produced, to skip it while nothing changed."""

    digest: str
    outputs: dict[str, FileStamp]
    """Catalog path -> its stamp right after it was written."""
    messages: int
    updates: list[tuple[UpdateResult, bool]]
    warnings: list[Diagnostic]


def _unchanged(state: _PageState | None, data_digest: str) -> bool:
    if state is None or state.digest != data_digest:
        return False
    return all(file_stamp(name) == stamp for name, stamp in state.outputs.items())


def extract_state_key(config: Config, languages: Sequence[str]) -> str:
    """What extract's per-page state depends on besides the pages themselves."""
    return cache_key(config.extract_options(), list(languages), config.references,
                     config.wrap_width, config.project_name(), config.locale_dir,
                     config.content_dir)


def current_catalogs(config: Config, languages: Sequence[str],
                     digests: dict[str, str]) -> set[str]:
    """The pages whose POT and PO files are byte for byte what the last ``extract`` wrote
    for the page as it is now (``digests``: rel -> content hash): nothing to re-render."""
    states = Store(config.site / CACHE_DIR, f"extract-{extract_state_key(config, languages)}")
    return {rel for rel, page_digest in digests.items()
            if _unchanged(states.get(rel), page_digest)}


def _run_jobs(jobs: list[_Job], shared: _Shared, cache: PageCache, summaries: SummaryStore,
              progress: Progress | None) -> dict[str, _PageResult]:
    """Every job's result by page. The pages parsed on the way go to the parse cache in
    batches and their summaries to the summary store as they come, so that the main process
    never holds them all."""
    done: dict[str, _PageResult] = {}
    parsed: list[tuple[str, str, bytes]] = []
    for result, job in zip(parallel_iter(_extract_chunk, jobs, shared, progress, "extract"), jobs):
        done[result.rel] = result
        if result.parsed is not None:
            parsed.append((result.digest, job.ref_path, result.parsed))
            result.parsed = None
        if result.summary is not None:
            summaries.put_pickled(result.digest, result.summary)
            result.summary = None
        if len(parsed) >= 256:
            cache.put_pickled(parsed)
            parsed = []
    cache.put_pickled(parsed)
    return done


def extract_site(
    config: Config,
    languages: Sequence[str] | None = None,
    progress: Progress | None = None,
    prune: bool = False,
    use_cache: bool = True,
) -> ExtractReport:
    """Write the POT of every source page and update its PO file for each language
    (default: all configured languages).

    Catalogs of vanished pages are reported in ``orphans`` and lend their translations by
    exact msgid to the live catalogs (that is how a renamed page keeps its translations);
    with ``prune`` they are removed afterwards. Nothing is written unless every page and
    catalog could be read. A page whose bytes and catalogs did not change since the last run
    is not looked at again; the others are parsed and rendered on all cores.
    """
    from cfg_i18n import catalog as cat

    wanted = list(languages) if languages is not None else list(config.languages)
    report = ExtractReport(languages=[LanguageReport(language) for language in wanted])
    options = config.extract_options()
    pages = source_pages(config)
    live = {page.rel for page in pages}
    from cfg_i18n.sitestrings import plan_extract  # i18n tables, menus, data: read, not written
    site_strings = plan_extract(config, wanted, use_cache)

    # Catalogs of vanished pages, read before anything is written.
    orphan_pots = [Path(file) for rel, file in _catalog_files(config, None) if rel not in live]
    orphan_pos: dict[str, list[tuple[Path, polib.POFile]]] = {}
    donors: dict[str, dict[str, polib.POEntry]] = {}
    for language in wanted:
        orphan_pos[language] = [
            (Path(file), cat.load_po(Path(file)))
            for rel, file in _catalog_files(config, language)
            if rel not in live
        ]
        donors[language] = _donors(po for _, po in orphan_pos[language])

    cache_dir = config.site / CACHE_DIR if use_cache else None
    state_key = extract_state_key(config, wanted)
    has_orphans = any(orphan_pos.values())
    states = Store(cache_dir if not has_orphans else None, f"extract-{state_key}")
    jobs: list[_Job] = []
    digests: dict[str, str] = {}
    kept: dict[str, _PageState] = {}
    hashes = SourceDigests(cache_dir)
    for source in pages:
        state = states.get(source.rel)
        if state is None:  # nothing to compare with: its worker reads and hashes it
            jobs.append(_Job(source.rel, source.ref_path, source.file))
            continue
        digests[source.rel], data = hashes.of(source.file, source.ref_path)
        if _unchanged(state, digests[source.rel]):
            kept[source.rel] = state
            continue
        if data is None:
            data = read_source(source.file, source.ref_path)
        jobs.append(_Job(source.rel, source.ref_path, source.file, data, digests[source.rel]))
    shared = _Shared(config, wanted, options, cat.creation_date(), donors, cache_dir,
                     has_orphans)
    cache = PageCache(cache_dir, options)
    summaries = summary_store(cache_dir, options)
    try:
        done = _run_jobs(jobs, shared, cache, summaries, progress)
    except BaseException:
        discard_all(config.locale_path())  # nothing is written half-way
        raise
    for source in pages:
        if source.rel not in digests:  # read and hashed by its worker
            result = done[source.rel]
            digests[source.rel] = result.digest
            hashes.remember(source.file, result.stamp, result.digest)
    hashes.save()
    commit_all([(staged, path) for result in done.values()
                for path, staged in result.staged.items() if staged is not None])

    live_translated: dict[str, set[str]] = {language: set() for language in wanted}
    for source in pages:
        report.pages += 1
        if source.rel in kept:
            state = kept[source.rel]
            report.diagnostics.extend(state.warnings)
            report.messages += state.messages
            for language_report, (update, _) in zip(report.languages, state.updates):
                language_report.add(update.quiet(), created=False)
            continue
        result = done[source.rel]
        report.diagnostics.extend(result.warnings)
        report.messages += result.messages
        for language_report, (update, created) in zip(report.languages, result.updates):
            language_report.add(update, created)
            live_translated[language_report.language] |= result.translated.get(
                language_report.language, set())
        stats = {}
        for path, staged in result.staged.items():
            if staged is not None:  # put in place above
                report.written.append(path)
            stats[str(path)] = file_stamp(path)
        states.put(source.rel, _PageState(digests[source.rel], stats, result.messages,
                                          result.updates, result.warnings))
    if done and cache_dir is not None:
        cache.prune(set(digests.values()))
        summaries.save_added(set(digests.values()))
    states.keep_only(live)
    states.save()

    stale: list[tuple[Path, int]] = [(path, 0) for path in orphan_pots]
    for language in wanted:
        for path, orphan in orphan_pos[language]:
            unused = sum(
                1 for entry in orphan
                if entry.msgid and cat.has_translation(entry)
                and entry.msgid not in live_translated[language]
            )
            stale.append((path, unused))
    for path, unused in stale:
        where = _relative(config, path)
        if prune:
            path.unlink(missing_ok=True)
            report.pruned.append(path)
            if unused:
                report.diagnostics.append(Diagnostic(where, None, (
                    f"removed (--prune); {unused} of its translations matched no other page")))
        else:
            report.orphans.append(path)
            note = f" ({unused} translations no other page uses)" if unused else ""
            report.diagnostics.append(Diagnostic(
                where, None,
                f"source page is gone{note}; its translations are offered to the other "
                "catalogs; remove it with `cfg-i18n extract --prune`"))
    if site_strings is not None:
        site_strings.commit(report)
    return report
