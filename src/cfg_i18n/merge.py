"""``cfg-i18n merge``: localised pages from the source pages and the translated catalogs.

Only translated, non-fuzzy entries that pass the safety check are applied; an unsafe one
falls back to the source text with a warning naming the PO file and line, so a translation
can never break the Hugo build. Pages below ``publish_threshold`` are left out, and links to
them are kept working (see :mod:`cfg_i18n.links`). A manifest records what was written, so
that pages the tool no longer produces are removed and nothing else ever is.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cfg_i18n.config import Config
from cfg_i18n.errors import Diagnostic
from cfg_i18n.fsutil import (
    FileStamp,
    commit_all,
    discard_all,
    file_stamp,
    read_file,
    stage,
    write_atomic,
)
from cfg_i18n.hashing import sha256_hex
from cfg_i18n.links import SiteMap, localize, url_of
from cfg_i18n.parsing import (
    PageCache,
    PageFacts,
    Store,
    cache_key,
    facts_of,
    gc_paused,
    parallel_iter,
    summaries_of,
    summary_store,
)
from cfg_i18n.poread import Message, read_messages
from cfg_i18n.safe_entries import (
    entry_problems,
    foreign_lang,
    link_allower,
    reference_labels,
    site_of,
)
from cfg_i18n.sources import CACHE_DIR, SourcePage, catalog_file, source_digests, source_pages
from cfg_i18n.splice import SourceSpans, source_spans, splice

if TYPE_CHECKING:
    from cfg_i18n.options import ExtractOptions
    from cfg_i18n.page import Page
    from cfg_i18n.segments import Segment
    from cfg_i18n.sitestrings import SiteMergeResult

MANIFEST = Path(".cfg-i18n") / "manifest.json"

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class LanguageResult:
    """What ``merge`` did for one language."""

    language: str
    written: list[str] = field(default_factory=list)
    """Site-relative paths of pages written (new or changed)."""
    unchanged: int = 0
    """Pages whose output already held the same bytes."""
    removed: list[str] = field(default_factory=list)
    """Pages written earlier that the tool no longer produces."""
    left_out: list[tuple[str, float]] = field(default_factory=list)
    """Pages below ``publish_threshold``, with their completeness in percent."""
    foreign: list[str] = field(default_factory=list)
    """Source pages whose front matter says they are in another language."""
    fallbacks: list[Diagnostic] = field(default_factory=list)
    """Unsafe translations that were not applied."""
    conflicts: list[Diagnostic] = field(default_factory=list)
    """Files in the way that the tool did not write (left alone)."""


@dataclass(slots=True)
class MergeReport:
    """What ``merge`` did, per language."""

    languages: list[LanguageResult] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    site_strings: list[SiteMergeResult] = field(default_factory=list)
    """Per language: the i18n table, config file and data files written from the site
    catalog (:mod:`cfg_i18n.sitestrings`)."""


def output_path(config: Config, language: str, rel: str) -> Path:
    """Where the ``language`` version of the source page ``rel`` goes.

    Hugo reads a name ending in ``.<source language>.md`` as a source-language page wherever it
    lies (codefor.de has ``…-Launch-Verfassungsschutzberichte.de.md``), so the localised page
    takes the target language's suffix instead: ``x.de.md`` -> ``x.en.md``.
    """
    return config.site / output_key(config, language, rel)


def output_key(config: Config, language: str, rel: str) -> str:
    """:func:`output_path` relative to the site, with ``/`` (as the manifest records it)."""
    source_suffix = f".{config.source_language}"
    if rel.endswith(source_suffix):
        name = f"{rel[: -len(source_suffix)]}.{language}.md"
    elif config.output == "suffix":
        name = f"{rel}.{language}.md"
    else:
        name = f"{rel}.md"
    folder = config.content_dir if config.output == "suffix" else \
        config.target_dir.format(lang=language)
    return posixpath.normpath(posixpath.join(folder, name))


class _Target(NamedTuple):
    """One language as the page jobs see it."""

    language: str
    site: SiteMap
    previous: frozenset[str]
    """Outputs the manifest says merge wrote before."""


class _Shared(NamedTuple):
    """What every page job needs (sent once to each worker)."""

    config: Config
    targets: list[_Target]
    options: ExtractOptions
    cache_dir: Path | None


class _Job(NamedTuple):
    """One page to merge into some languages; the worker loads the page once for all of them
    and reads its catalogs, so that the main process never holds a whole site in memory."""

    rel: str
    ref_path: str
    digest: str
    file: str
    catalogs: list[tuple[int, Path]]
    """Per language to write: its index in :attr:`_Shared.targets` and the page's catalog."""


class _Output(NamedTuple):
    """One localised page, staged on disk (or found unchanged, or in the way)."""

    rel: str
    target: int
    """Index of the language in :attr:`_Shared.targets`."""
    key: str
    """Site-relative path of the output."""
    status: str
    """``written``, ``unchanged`` or ``conflict``."""
    staged: str | None
    digest: str
    fallbacks: list[Diagnostic]
    catalog: FileStamp
    """The catalog's stamp, taken before the worker read it: a catalog changed after that is
    read again on the next run."""


class _State(NamedTuple):
    """What a page's last merge produced, to skip it while nothing it depends on changed."""

    inputs: tuple[object, ...]
    key: str
    output_stat: FileStamp
    digest: str
    fallbacks: list[Diagnostic]


class _Plan(NamedTuple):
    """One language's share of a merge: what it publishes and which pages need work."""

    result: LanguageResult
    published: dict[str, str]
    """Pages the language has: ``rel -> URL path``."""
    catalogs: dict[str, str]
    """Page -> its catalog file."""
    site: SiteMap
    previous: dict[str, str]
    """The manifest's record of the language: output -> digest."""
    key: str
    """What every page's output depends on besides its own inputs."""
    states: dict[str, _State]
    """Per page: its last merge, kept when still valid."""
    kept: dict[str, _State]
    """Per page: its state, when the page needs no work."""
    todo: set[str]
    """The pages to merge again."""


def merge_site(config: Config, languages: Sequence[str] | None = None,
               progress: Progress | None = None, use_cache: bool = True) -> MergeReport:
    """Write the localised pages of every (or the given) target language.

    Which pages a language publishes is decided from page summaries and catalogs alone; then
    each page is loaded once and spliced into every language on all cores. A page whose
    source, catalog, output and site map did not change since the last merge is not looked at
    again. Outputs are staged and put in place only when every page of every language is done.
    """
    report = MergeReport()
    wanted = list(languages or config.languages)
    options = config.extract_options()
    cache_dir = config.site / CACHE_DIR if use_cache else None
    sources = source_pages(config)
    digests = source_digests(cache_dir, sources)
    manifest = _read_manifest(config)
    states = Store(cache_dir, "merge-" + cache_key(
        options, config.localize_links, config.output, config.target_dir, config.source_language,
        config.shortcode_text_params))
    plans = _plans(config, wanted, sources, digests, manifest, (cache_dir, states), report,
                   progress)
    try:  # nothing is put in place before every page of every language is staged
        outputs = _run_jobs(config, plans, sources, digests, options, cache_dir, progress)
    except BaseException:
        for language in wanted:
            _discard_outputs(config, language)  # nothing is written half-way
        raise
    site_dir = os.fspath(config.site)
    commit_all([(o.staged, os.path.join(site_dir, o.key)) for o in outputs.values()
                if o.staged is not None and o.status == "written"])
    for index, (language, plan) in enumerate(zip(wanted, plans)):
        current = _commit(config, plan, index, outputs, digests)
        states.put(language, (plan.key, plan.states))
        manifest[language] = dict(sorted(current.items()))
        report.languages.append(plan.result)
    states.keep_only(set(config.languages) | set(wanted))
    states.save()
    _write_manifest(config, manifest)
    from cfg_i18n.sitestrings import merge_site_strings  # i18n tables, menus, data files
    report.site_strings = merge_site_strings(config, wanted, use_cache)
    return report


def _plans(config: Config, wanted: list[str], sources: Sequence[SourcePage],
           digests: dict[str, str], manifest: dict[str, dict[str, str]],
           cache: tuple[Path | None, Store], report: MergeReport, progress: Progress | None
           ) -> list[_Plan]:
    """Every language's plan, from the page facts (and, to count against a publish
    threshold, the pages' messages), let go before the pages are merged."""
    options = config.extract_options()
    cache_dir, states = cache
    facts, msgids = _page_facts(config, sources, digests, cache_dir, progress)
    for source in sources:
        report.warnings.extend(facts[source.rel].warnings)
    counts = Store(cache_dir, f"finished-{cache_key(options)}")
    plans = [_plan(config, language, sources, digests, (facts, msgids),
                   manifest.get(language, {}), counts, states) for language in wanted]
    counts.save()
    return plans


def _page_facts(config: Config, sources: Sequence[SourcePage], digests: dict[str, str],
                cache_dir: Path | None, progress: Progress | None
                ) -> tuple[dict[str, PageFacts], dict[str, frozenset[str]] | None]:
    """Every page's facts from the store extract keeps (or by parsing the page), and its
    messages only when a publish threshold needs them counted."""
    options = config.extract_options()
    store = summary_store(cache_dir, options)
    pages = [(s.rel, s.ref_path, s.file) for s in sources]
    msgids = None
    if config.publish_threshold > 0:
        summaries = summaries_of(pages, digests, store, options, cache_dir, progress)
        facts = {rel: summary.facts() for rel, summary in summaries.items()}
        msgids = {rel: summary.msgids for rel, summary in summaries.items()}
    else:
        facts = facts_of(pages, digests, store, options, cache_dir, progress)
    store.save_added(set(digests.values()))
    return facts, msgids


def _finished(messages: list[Message] | None, msgids: frozenset[str]) -> int:
    """How many of the page's messages have a finished (translated, not fuzzy) entry."""
    if not messages:
        return 0
    return len({m.msgid for m in messages
                if m.msgstr and not m.fuzzy and m.msgctxt is None and m.msgid in msgids})


def _plan(config: Config, language: str, sources: Sequence[SourcePage], digests: dict[str, str],
          pages: tuple[dict[str, PageFacts], dict[str, frozenset[str]] | None],
          previous: dict[str, str], counts: Store, states: Store) -> _Plan:
    """Decide what ``language`` publishes, and which of its pages must be merged again."""
    result = LanguageResult(language)
    catalogs: dict[str, str] = {}
    published: dict[str, str] = {}
    known_counts = counts.get(language) if config.publish_threshold > 0 else None
    new_counts: dict[str, tuple[tuple[str, FileStamp], int]] = {}
    facts, msgids = pages
    for source in sources:
        summary = facts[source.rel]
        if foreign_lang(summary.lang, config):
            result.foreign.append(source.rel)
            continue
        po_file = catalogs[source.rel] = catalog_file(config, language, source.rel)
        if msgids is not None:  # every page passes a threshold of 0: nothing to count
            count = _count(po_file, digests[source.rel], msgids[source.rel], known_counts,
                           source.rel)
            new_counts[source.rel] = count
            total = len(msgids[source.rel])
            completeness = 100.0 * count[1] / total if total else 100.0
            if completeness < config.publish_threshold:
                result.left_out.append((source.rel, completeness))
                continue
        published[source.rel] = url_of(source.rel, summary.front_matter())
    if config.publish_threshold > 0 and new_counts != known_counts:
        counts.put(language, new_counts)
    site = site_of(published, [s.rel for s in sources])
    key = sha256_hex(repr((sorted(published.items()), sorted(site.pages))).encode())
    stored = states.get(language)
    old = stored[1] if isinstance(stored, tuple) and stored[0] == key else {}
    plan = _Plan(result, published, catalogs, site, previous, key, {}, {}, set())
    site_dir = os.fspath(config.site)
    for rel in published:
        state = old.get(rel)
        if isinstance(state, _State) and state.inputs == (digests[rel], file_stamp(catalogs[rel])) \
                and state.key in previous \
                and file_stamp(f"{site_dir}/{state.key}") == state.output_stat:
            plan.kept[rel] = plan.states[rel] = state
        else:
            plan.todo.add(rel)
    return plan


def _count(po_file: str, page_digest: str, msgids: frozenset[str], known: object, rel: str
           ) -> tuple[tuple[str, FileStamp], int]:
    """The page's finished messages in ``po_file``, remembered while page and catalog stay."""
    inputs = (page_digest, file_stamp(po_file))
    count = known.get(rel) if isinstance(known, dict) else None
    if isinstance(count, tuple) and count[0] == inputs:
        return count
    messages = read_messages(Path(po_file)) if inputs[1] is not None else None
    return inputs, _finished(messages, msgids)


def _run_jobs(config: Config, plans: list[_Plan], sources: Sequence[SourcePage],
              digests: dict[str, str], options: ExtractOptions, cache_dir: Path | None,
              progress: Progress | None) -> dict[tuple[int, str], _Output]:
    """Merge every page that some language must write; ``(language index, rel) -> output``."""
    jobs = []
    todo = set().union(*(plan.todo for plan in plans))  # a warm run: a few pages of many
    for source in sources:
        if source.rel not in todo:
            continue
        wanted = [(index, Path(plan.catalogs[source.rel])) for index, plan in enumerate(plans)
                  if source.rel in plan.todo]
        jobs.append(_Job(source.rel, source.ref_path, digests[source.rel], source.file, wanted))
    targets = [_Target(plan.result.language, plan.site, frozenset(plan.previous))
               for plan in plans]
    shared = _Shared(config, targets, options, cache_dir)
    stage_name = f"merge {targets[0].language}" if len(targets) == 1 else "merge"
    return {(o.target, o.rel): o
            for o in parallel_iter(_merge_chunk, jobs, shared, progress, stage_name)}


def _commit(config: Config, plan: _Plan, index: int, outputs: dict[tuple[int, str], _Output],
            digests: dict[str, str]) -> dict[str, str]:
    """Note what each of one language's pages produced (its staged pages are in place), and
    remove stale outputs; returns the language's manifest record (output -> digest)."""
    result = plan.result
    current: dict[str, str] = {}
    site_dir = os.fspath(config.site)
    for rel in plan.published:
        state = plan.kept.get(rel)
        if state is not None:
            result.unchanged += 1
            result.fallbacks.extend(state.fallbacks)
            current[state.key] = state.digest
            continue
        output = outputs.get((index, rel))
        if output is None:
            continue
        result.fallbacks.extend(output.fallbacks)
        if output.status == "conflict":
            result.conflicts.append(Diagnostic(
                output.key, None, "exists and was not written by cfg-i18n; left alone "
                "(move it away to let merge write it)"))
            continue
        target = os.path.join(site_dir, output.key)
        if output.staged is not None:  # put in place by merge_site
            result.written.append(output.key)
        else:
            result.unchanged += 1
        current[output.key] = output.digest
        plan.states[rel] = _State((digests[rel], output.catalog), output.key,
                                  file_stamp(target), output.digest, output.fallbacks)
    _remove_stale(config, plan.previous, current, result)
    return current


def _discard_outputs(config: Config, language: str) -> None:
    root = config.content_path() if config.output == "suffix" else \
        config.site / config.target_dir.format(lang=language)
    discard_all(root)


def _lookup(translations: dict[str, str], fixed: dict[int, str] | None = None
            ) -> Callable[[Segment], str | None]:
    """The splice callback: each segment's translation from ``translations``; ``fixed`` gives
    the text of particular segments (by identity), such as a page's aliases."""
    if not fixed:
        return lambda segment: translations.get(segment.msgid)
    return lambda segment: fixed.get(id(segment)) or translations.get(segment.msgid)


def _alias(alias: str, language: str) -> str:
    """A German page's alias on its translation: under the language's prefix, so that Hugo's
    redirect for the translation does not overwrite the German page (``/hn`` -> ``/en/hn``)."""
    if not alias.startswith("/") or alias.startswith(f"/{language}/"):
        return alias
    return f"/{language}{alias}"


def _with_segments(page: Page, extra: list[Segment]) -> Page:
    from dataclasses import replace

    return replace(page, segments=sorted([*page.segments, *extra], key=lambda s: s.span.start))


def _merge_chunk(jobs: list[_Job], shared: _Shared) -> list[_Output]:
    with gc_paused():
        return [output for job in jobs for output in _merge_page(job, shared)]


class _Loaded(NamedTuple):
    """One page as every language's merge of it reads it, worked out once per page."""

    page: Page
    aliases: list[Segment]
    """Hugo's redirects, found when the page was parsed."""
    with_aliases: Page
    """The page with its aliases as segments (the page itself when it has none)."""
    segments: dict[str, Segment]
    """The page's segments by msgid."""
    labels: list[str]
    """Its reference-link labels."""
    spans: SourceSpans
    """Where ``with_aliases``'s segments are in the file's text."""


def _merge_page(job: _Job, shared: _Shared) -> list[_Output]:
    """Load one page and splice it into each language of the job; runs in a worker process."""
    page = PageCache(shared.cache_dir, shared.options).load(job.digest, job.ref_path, job.file,
                                                            shared.options)
    aliases = page.aliases
    with_aliases = _with_segments(page, aliases) if aliases else page
    loaded = _Loaded(page, aliases, with_aliases, {s.msgid: s for s in page.segments},
                     reference_labels(page), source_spans(with_aliases))
    return [_merge_language(job, shared, index, po_file, loaded)
            for index, po_file in job.catalogs]


def _merge_language(job: _Job, shared: _Shared, index: int, po_file: Path, loaded: _Loaded
                    ) -> _Output:
    """Splice one page's translations into one language and stage the result."""
    config = shared.config
    target_language = shared.targets[index]
    language = target_language.language
    fallbacks: list[Diagnostic] = []
    stamp = file_stamp(po_file)
    try:
        messages: list[Message] | None = read_messages(po_file)
    except FileNotFoundError:  # no catalog: the page goes out in the source language
        messages = None
    translations = _translations(config, language, loaded, po_file, messages,
                                 target_language.site, fallbacks)
    fixed = {id(s): _alias(s.msgid, language) for s in loaded.aliases}
    text = splice(loaded.with_aliases, _lookup(translations, fixed), loaded.spans)
    text = localize(text, language, target_language.site, job.rel, config.source_language,
                    rewrite_links=config.localize_links)
    key = output_key(config, language, job.rel)
    target = os.path.join(config.site, key)
    encoded = text.encode("utf-8")
    out_digest = sha256_hex(encoded)
    try:
        existing: bytes | None = read_file(target)
    except FileNotFoundError:
        existing = None
    if existing == encoded:
        return _Output(job.rel, index, key, "unchanged", None, out_digest, fallbacks, stamp)
    if existing is not None and key not in target_language.previous:
        return _Output(job.rel, index, key, "conflict", None, out_digest, fallbacks, stamp)
    return _Output(job.rel, index, key, "written", stage(target, encoded, compare=False),
                   out_digest, fallbacks, stamp)


def _remove_stale(config: Config, previous: dict[str, str], current: dict[str, str],
                  result: LanguageResult) -> None:
    """Remove outputs of earlier runs that merge no longer produces, unless edited by hand."""
    for key, old_digest in previous.items():
        if key in current:
            continue
        path = config.site / key
        if not path.exists():
            continue
        if sha256_hex(path.read_bytes()) != old_digest:
            result.conflicts.append(Diagnostic(key, None, "was changed by hand after cfg-i18n "
                                               "wrote it; not removed although its source is gone"))
            current[key] = old_digest
            continue
        path.unlink()
        _remove_empty_dirs(path.parent, config.site)
        result.removed.append(key)


def _translations(config: Config, language: str, loaded: _Loaded, po_file: Path,
                  catalog: list[Message] | None, site: SiteMap, fallbacks: list[Diagnostic]
                  ) -> dict[str, str]:
    """The page's safe, finished translations: msgid -> msgstr."""
    if catalog is None:
        return {}
    wanted, labels = loaded.segments, loaded.labels
    allow_link = link_allower(language, site)
    out: dict[str, str] = {}
    for entry in catalog:
        msgid, msgstr, fuzzy, _, msgctxt = entry
        if fuzzy or not msgstr or msgctxt is not None:
            continue
        segment = wanted.get(msgid)
        if segment is None:
            continue
        problems = entry_problems(entry, segment.markdown, config, allow_link, labels)
        if problems:
            fallbacks.append(Diagnostic(
                po_file.relative_to(config.site).as_posix(), entry.line,
                "translation not applied, the source text is used: "
                + "; ".join(p.message for p in problems)))
            continue
        out[msgid] = msgstr
    return out


def _read_manifest(config: Config) -> dict[str, dict[str, str]]:
    path = config.site / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    files = data.get("files", {}) if isinstance(data, dict) else {}
    return {lang: dict(entries) for lang, entries in files.items() if isinstance(entries, dict)}


def _write_manifest(config: Config, manifest: dict[str, dict[str, str]]) -> None:
    data = {"version": 1, "files": dict(sorted(manifest.items()))}
    write_atomic(config.site / MANIFEST,
                 (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def _remove_empty_dirs(directory: Path, stop: Path) -> None:
    while directory != stop and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent
