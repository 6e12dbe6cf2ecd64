"""Parse every source page once per run, and not at all when it has not changed.

Extract, merge and check all start from the same parsed pages. A cache (the site's
``.cfg-i18n/cache/``) maps each page's content hash to its parsed form; it is keyed by the
tool's version and the segmentation options, so a new version or a changed configuration
starts afresh. Work over many pages is spread over the available cores.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from cfg_i18n import __version__
from cfg_i18n.errors import Diagnostic, InputError
from cfg_i18n.fsutil import FileStamp, file_stamp, read_file, write_atomic
from cfg_i18n.hashing import blake2b_hex, sha256_hex

if TYPE_CHECKING:
    from cfg_i18n.options import ExtractOptions
    from cfg_i18n.page import Page

#: Changes whenever what the caches hold changes shape, so that no run reads an older one.
CACHE_FORMAT = 5

#: What unpickling a damaged or outdated cache entry can raise: each is only a cache miss.
UNPICKLING_ERRORS = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
                     ValueError)

#: Below this many pages, starting worker processes costs more than it saves.
PARALLEL_MIN = 48

Progress = Callable[[str, int, int], None]
Item = TypeVar("Item")
Result = TypeVar("Result")


def cache_key(options: ExtractOptions, *more: object) -> str:
    """What a cached result depends on besides the page's bytes."""
    stable = (__version__, CACHE_FORMAT, options.front_matter_keys, options.shortcode_text_params,
              sorted(options.takes_inner), more)  # a frozenset's repr changes with the hash seed
    return sha256_hex(repr(stable).encode())[:16]


def digest(data: bytes) -> str:
    """Content hash of a page's bytes."""
    return blake2b_hex(data)


def read_source(file: str | os.PathLike[str], path: str) -> bytes:
    """A page's bytes, or an :class:`InputError` naming it."""
    try:
        return read_file(file)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path) from None


def parse_bytes(data: bytes, path: str, options: ExtractOptions) -> Page:
    """Decode and segment one page."""
    from cfg_i18n.document import decode, parse_document
    from cfg_i18n.page import segment_document

    return segment_document(parse_document(decode(data, path), path), path, options)


class Store:
    """A pickled ``name -> value`` map in the cache directory, written back only if changed."""

    def __init__(self, cache_dir: Path | None, name: str) -> None:
        self.file = cache_dir / f"{name}.pickle" if cache_dir else None
        self.data: dict[str, Any] = _load(self.file) if self.file else {}
        self.changed = False

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def put(self, key: str, value: object) -> None:
        self.data[key] = value
        self.changed = True

    def keep_only(self, keys: set[str]) -> None:
        """Forget entries of pages that are gone."""
        for key in [k for k in self.data if k not in keys]:
            del self.data[key]
            self.changed = True

    def save(self) -> None:
        if self.file is None or not self.changed:
            return
        prefix = self.file.name.split("-", 1)[0]
        if self.file.parent.is_dir():
            for stale in self.file.parent.glob(f"{prefix}-*.pickle"):
                if stale != self.file:
                    stale.unlink(missing_ok=True)
        write_atomic(self.file, pickle.dumps(self.data, protocol=pickle.HIGHEST_PROTOCOL))


class SourceDigests:
    """Content hashes of the source pages, remembered by their :func:`file_stamp`, so that a
    warm run reads only the pages that changed.

    A page written less than a second before its hash was taken is hashed again by the next
    run: its modification time might not show a second write within the same clock tick (the
    "racy" files of git's index).
    """

    #: How long before a hash a file must have been written for its stamp to be trusted.
    SETTLED_NS = 1_000_000_000

    def __init__(self, cache_dir: Path | None) -> None:
        self.store = Store(cache_dir, "digests")
        self.seen: set[str] = set()

    def of(self, file: str, path: str) -> tuple[str, bytes | None]:
        """The page's content hash, and its bytes when they had to be read."""
        self.seen.add(file)
        stamp = file_stamp(file)
        held = self.store.get(file)
        if stamp is not None and held is not None and held[0] == stamp:
            return held[1], None
        data = read_source(file, path)
        page_digest = digest(data)
        self.remember(file, stamp, page_digest)
        return page_digest, data

    def remember(self, file: str, stamp: FileStamp, page_digest: str) -> None:
        """Note the hash of the page's bytes as read after its stamp was taken (by this
        process or a worker); trusted next time unless the page was written just before."""
        self.seen.add(file)
        if stamp is not None and stamp[1] < time.time_ns() - self.SETTLED_NS:
            self.store.put(file, (stamp, page_digest))
        elif self.store.get(file) is not None:
            self.store.put(file, None)

    def save(self) -> None:
        """Remember the hashes, forgetting pages no longer asked for."""
        self.store.keep_only(self.seen)
        self.store.save()


class PageCache:
    """Parsed pages on disk, keyed by content hash and path, in one SQLite file.

    A run reads only the pages it needs (a warm extract that finds one page edited reads
    none) and adds only the pages it parsed. One file rather than a file per page: creating
    hundreds of small files is what a cold run on a busy file system pays for most. It is a
    cache: a file that cannot be read is deleted and the pages are parsed again.
    """

    def __init__(self, cache_dir: Path | None, options: ExtractOptions) -> None:
        self.root = cache_dir
        self.file = cache_dir / f"pages-{cache_key(options)}.sqlite" if cache_dir else None

    def get(self, page_digest: str, path: str) -> Page | None:
        db = _database(self.file)
        if db is None:
            return None
        try:
            row = db.execute("SELECT data FROM pages WHERE digest = ? AND path = ?",
                             (page_digest, path)).fetchone()
            page = pickle.loads(row[0]) if row else None
        except (sqlite3.Error, *UNPICKLING_ERRORS):
            return None
        return page if getattr(page, "path", None) == path else None

    def load(self, page_digest: str, path: str, data: bytes | str, options: ExtractOptions
             ) -> Page:
        """The page from the cache, or parsed from ``data`` (its bytes, or its file, read only
        on a miss) and then cached."""
        page = self.get(page_digest, path)
        if page is None:
            if isinstance(data, str):
                data = read_source(data, path)
            page = parse_bytes(data, path, options)
            self.put(page_digest, page)
        return page

    def put(self, page_digest: str, page: Page) -> None:
        self.put_pickled([(page_digest, page.path, pickled(page))])

    def put_pickled(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Add pages already pickled (by :func:`pickled`), as ``(digest, path, bytes)``, in
        one transaction."""
        rows = list(rows)
        db = _database(self.file, create=True) if rows else None
        if db is None:
            return
        try:
            with _transaction(db):
                db.executemany("INSERT OR REPLACE INTO pages (digest, path, data) VALUES (?, ?, ?)",
                               rows)
        except sqlite3.Error:
            pass  # a cache that cannot be written only costs a parse next time

    def prune(self, live_digests: set[str]) -> None:
        """Drop pages no source has any more, and caches of other versions or options."""
        if self.root is None or self.file is None or not self.root.is_dir():
            return
        for other in [*self.root.glob("pages-*"), *self.root.glob("summary-*")]:
            if other.name.startswith(self.file.name):
                continue
            _forget(other)
            if other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
            else:
                other.unlink(missing_ok=True)
        db = _database(self.file)
        if db is None:
            return
        try:
            stored = {row[0] for row in db.execute("SELECT DISTINCT digest FROM pages")}
            gone = [(key,) for key in stored - live_digests]
            if gone:
                with _transaction(db):
                    db.executemany("DELETE FROM pages WHERE digest = ?", gone)
        except sqlite3.Error:
            pass


def pickled(page: Page) -> bytes:
    """A page as the cache stores it (also what a worker sends back to be cached)."""
    return pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)


#: Open cache databases of this process, by file; a forked worker opens its own.
_open: dict[Path, tuple[tuple[int, int], sqlite3.Connection]] = {}


def _database(file: Path | None, create: bool = False) -> sqlite3.Connection | None:
    """The process's connection to a cache database, or None without one (or if it is not
    there yet and ``create`` is false)."""
    if file is None:
        return None
    try:
        identity = (os.getpid(), os.stat(file).st_ino)
    except OSError:
        identity = None
    held = _open.get(file)
    if held is not None and held[0] == identity:
        return held[1]
    _forget(file)  # opened by the parent process, or the file was deleted or replaced
    if not create and identity is None:
        return None
    for _ in range(2):
        db = None
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(file, timeout=60, isolation_level=None)
            # The default rollback journal: the few write transactions of a run (pages go in
            # batches) each make and delete it; readers only look whether it is there.
            # (A kept journal, PERSIST, made every one of the many reads open it.)
            db.execute("PRAGMA synchronous = OFF")  # a cache: a torn file is rebuilt
            # Pages of 64 KiB (on a new file): a cached page is ~14 KiB, and with SQLite's
            # 4 KiB pages a cold run on 5,000 pages made 26,000 writes of one page each.
            db.execute("PRAGMA page_size = 65536")
            db.execute("CREATE TABLE IF NOT EXISTS pages "
                       "(digest TEXT, path TEXT, data BLOB, PRIMARY KEY (digest, path))")
            db.execute("CREATE TABLE IF NOT EXISTS summaries "
                       "(digest TEXT PRIMARY KEY, facts BLOB, msgids BLOB)")
        except sqlite3.DatabaseError:
            if db is not None:
                db.close()
            for leftover in (file, file.with_name(file.name + "-journal")):
                leftover.unlink(missing_ok=True)  # not a database (any more): start afresh
            continue
        except OSError:
            return None
        _open[file] = ((os.getpid(), os.stat(file).st_ino), db)
        return db
    return None


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: the connection runs in autocommit mode, where each statement
    of an ``executemany`` would otherwise be a transaction (and a journal file) of its own."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _forget(file: Path) -> None:
    """Close this process's connection to ``file``, if any."""
    held = _open.pop(file, None)
    if held is not None and held[0][0] == os.getpid():
        held[1].close()


class PageFacts(NamedTuple):
    """What a run needs to know of every page to decide what a language publishes: its URL,
    its language and its warnings, without its messages (a tenth of the size). A named
    tuple: a warm run makes one per page."""

    url_fields: tuple[tuple[str, str], ...]
    """Front matter values that decide the page's URL (``url``, ``slug``)."""
    lang: str | None
    """The front matter's ``lang``, if any."""
    warnings: tuple[Diagnostic, ...]
    """Quirks found while parsing."""

    def front_matter(self) -> dict[str, str]:
        """The summarised front matter values, as :func:`cfg_i18n.links.url_of` reads them."""
        return _front_matter(self.url_fields, self.lang)


class PageSummary(NamedTuple):
    """A page's facts and its messages: all a run needs to know of a page without loading it
    (check compares the messages with the catalogs, a publish threshold counts them)."""

    url_fields: tuple[tuple[str, str], ...]
    """As :attr:`PageFacts.url_fields`."""
    lang: str | None
    warnings: tuple[Diagnostic, ...]
    msgids: frozenset[str]
    """The page's messages."""

    def front_matter(self) -> dict[str, str]:
        """As :meth:`PageFacts.front_matter`."""
        return _front_matter(self.url_fields, self.lang)

    def facts(self) -> PageFacts:
        """The summary without its messages."""
        return PageFacts(self.url_fields, self.lang, self.warnings)

    @classmethod
    def of(cls, page: Page) -> PageSummary:
        front = page.front_matter or {}
        fields = tuple((key, front[key]) for key in ("url", "slug") if isinstance(front.get(key), str))
        lang = front.get("lang")
        return cls(fields, lang if isinstance(lang, str) else None, tuple(page.warnings),
                   frozenset(s.msgid for s in page.segments))


def _front_matter(url_fields: tuple[tuple[str, str], ...], lang: str | None) -> dict[str, str]:
    values = dict(url_fields)
    if lang is not None:
        values["lang"] = lang
    return values


class SummaryStore:
    """Page summaries by content hash, beside the parsed pages in the cache's database.

    A run reads the stored ones in one query (unpickling only those it asks for) and writes
    only the new ones: a warm run that parsed one page does not rewrite the whole site's.
    The facts and the messages are stored apart, so that a run that needs only the facts
    (merge) does not read the whole site's messages.
    """

    def __init__(self, cache_dir: Path | None, options: ExtractOptions) -> None:
        self.file = PageCache(cache_dir, options).file
        self.new: dict[str, tuple[bytes, bytes]] = {}
        """Summaries added in this run, as pickled ``(facts, msgids)``."""
        self.live: set[str] | None = None
        self._stored: dict[str, tuple[bytes, bytes]] | None = None
        self._facts: dict[str, bytes] | None = None

    def _query(self, sql: str) -> list[Any]:
        db = _database(self.file)
        try:
            return db.execute(sql).fetchall() if db is not None else []
        except sqlite3.Error:
            return []

    def _rows(self) -> dict[str, tuple[bytes, bytes]]:
        """Every stored summary, pickled, read in one query on first use (a run asks for
        the summaries of most pages or none; one query each would cost more)."""
        if self._stored is None:
            self._stored = {key: (facts, msgids) for key, facts, msgids
                            in self._query("SELECT digest, facts, msgids FROM summaries")}
        return self._stored

    def _fact_rows(self) -> dict[str, bytes]:
        if self._facts is None:
            self._facts = {key: row[0] for key, row in self._stored.items()} \
                if self._stored is not None else \
                dict(self._query("SELECT digest, facts FROM summaries"))
        return self._facts

    def get(self, key: str) -> PageSummary | None:
        """The page's summary, messages included."""
        row = self.new.get(key) or self._rows().get(key)
        if row is None:
            return None
        try:
            url_fields, lang, warnings = pickle.loads(row[0])
            return PageSummary(url_fields, lang, warnings, pickle.loads(row[1]))
        except UNPICKLING_ERRORS:
            return None

    def facts(self, key: str) -> PageFacts | None:
        """The page's facts alone."""
        held = self.new.get(key)
        data = held[0] if held is not None else self._fact_rows().get(key)
        if data is None:
            return None
        try:
            url_fields, lang, warnings = pickle.loads(data)
            return PageFacts(url_fields, lang, warnings)
        except UNPICKLING_ERRORS:
            return None

    def put(self, key: str, value: PageSummary) -> None:
        self.new[key] = self.pickled(value)

    def put_pickled(self, key: str, row: tuple[bytes, bytes]) -> None:
        """Add a summary that :meth:`pickled` made (in a worker, so that the main process
        neither unpickles it from the worker's result nor pickles it again)."""
        self.new[key] = row

    @staticmethod
    def pickled(value: PageSummary) -> tuple[bytes, bytes]:
        """A summary as the store keeps it: its facts and its messages, pickled apart."""
        facts = (value.url_fields, value.lang, value.warnings)
        return (pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL),
                pickle.dumps(value.msgids, protocol=pickle.HIGHEST_PROTOCOL))

    def keep_only(self, keys: set[str]) -> None:
        """Forget, on :meth:`save`, the summaries of pages that are gone."""
        self.live = set(keys)

    def save_added(self, live: set[str]) -> None:
        """Save the summaries this run added, if any, forgetting those of pages not in
        ``live`` (content hashes); a run that added none writes nothing."""
        if self.new:
            self.keep_only(live)
            self.save()

    def save(self) -> None:
        db = _database(self.file, create=bool(self.new))
        if db is None:
            return
        rows = [(key, facts, msgids) for key, (facts, msgids) in self.new.items()]
        try:
            with _transaction(db):
                db.executemany("INSERT OR REPLACE INTO summaries (digest, facts, msgids) "
                               "VALUES (?, ?, ?)", rows)
                if self.live is not None:
                    loaded = self._stored if self._stored is not None else self._facts
                    stored = set(loaded) if loaded is not None else {
                        row[0] for row in db.execute("SELECT digest FROM summaries")}
                    stored |= set(self.new)
                    db.executemany("DELETE FROM summaries WHERE digest = ?",
                                   [(key,) for key in stored - self.live])
        except sqlite3.Error:
            return  # a cache that cannot be written only costs a parse next time
        self._stored = self._facts = None
        self.new = {}


def summary_store(cache_dir: Path | None, options: ExtractOptions) -> SummaryStore:
    """Page summaries by content hash (written by extract and merge, read by both)."""
    return SummaryStore(cache_dir, options)


def summaries_of(pages: Sequence[tuple[str, str, str]], digests: Mapping[str, str],
                 store: SummaryStore, options: ExtractOptions, pages_dir: Path | None,
                 progress: Progress | None = None) -> dict[str, PageSummary]:
    """The summaries of ``pages`` (``(rel, path for messages, file)``) by rel: from ``store``,
    or, for a page it lacks, from the parse cache in ``pages_dir`` (parsed there on all cores
    when missing too) and then added to ``store``."""
    found, missing = _stored(pages, digests, store.get)
    found.update(_summarise(missing, digests, store, options, pages_dir, progress))
    return found


def facts_of(pages: Sequence[tuple[str, str, str]], digests: Mapping[str, str],
             store: SummaryStore, options: ExtractOptions, pages_dir: Path | None,
             progress: Progress | None = None) -> dict[str, PageFacts]:
    """As :func:`summaries_of`, but only the pages' facts: what merge needs of every page."""
    found, missing = _stored(pages, digests, store.facts)
    summarised = _summarise(missing, digests, store, options, pages_dir, progress)
    found.update((rel, summary.facts()) for rel, summary in summarised.items())
    return found


Held = TypeVar("Held")


def _stored(pages: Sequence[tuple[str, str, str]], digests: Mapping[str, str],
            lookup: Callable[[str], Held | None]
            ) -> tuple[dict[str, Held], list[tuple[str, str, str]]]:
    """What ``lookup`` finds for each page by its content hash, and the pages it lacks."""
    found: dict[str, Held] = {}
    missing: list[tuple[str, str, str]] = []
    for rel, path, file in pages:
        held = lookup(digests[rel])
        if held is not None:
            found[rel] = held
        else:
            missing.append((rel, path, file))
    return found, missing


def _summarise(missing: Sequence[tuple[str, str, str]], digests: Mapping[str, str],
               store: SummaryStore, options: ExtractOptions, pages_dir: Path | None,
               progress: Progress | None) -> dict[str, PageSummary]:
    """Summaries of pages the store lacks, from the parse cache or parsed, added to the store."""
    jobs = [(digests[rel], path, file) for rel, path, file in missing]
    found: dict[str, PageSummary] = {}
    for (rel, _, _), summary in zip(missing, parallel_map(_summarise_chunk, jobs,
                                                          (options, pages_dir), progress, "parse")):
        found[rel] = summary
        store.put(digests[rel], summary)
    return found


def _summarise_chunk(jobs: list[tuple[str, str, str]],
                     shared: tuple[ExtractOptions, Path | None]) -> list[PageSummary]:
    options, pages_dir = shared
    pages = PageCache(pages_dir, options)
    return [PageSummary.of(pages.load(key, path, file, options)) for key, path, file in jobs]


def parallel_map(function: Callable[[list[Item], Any], list[Result]], items: Sequence[Item],
                 shared: Any, progress: Progress | None = None, stage: str = "parse"
                 ) -> list[Result]:
    """``function(chunk, shared)`` over chunks of ``items``, on all cores when it pays.

    ``function`` must be a module-level function (it runs in worker processes); results come
    back in the order of ``items``.
    """
    return list(parallel_iter(function, items, shared, progress, stage))


def parallel_iter(function: Callable[[list[Item], Any], list[Result]], items: Sequence[Item],
                  shared: Any, progress: Progress | None = None, stage: str = "parse"
                  ) -> Iterator[Result]:
    """As :func:`parallel_map`, but each result as soon as its chunk is done, so the caller
    need not hold them all."""
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_MIN or workers < 2:
        for index, item in enumerate(items, 1):
            yield from function([item], shared)
            if progress:
                progress(stage, index, len(items))
        return
    from concurrent.futures import ProcessPoolExecutor  # not loaded by runs with little to do

    chunks = []
    start = 0
    for size in chunk_sizes(len(items), workers):
        chunks.append(list(items[start : start + size]))
        start += size
    done = 0
    # ``shared`` goes to each worker once, when it starts (inherited, not pickled, where
    # workers are forked), not with every chunk: with several languages it holds each one's
    # site map, and unpickling it again for each chunk also made every cache keyed by it miss.
    with ProcessPoolExecutor(max_workers=workers, initializer=_receive_shared,
                             initargs=(shared,)) as pool:
        for chunk, chunk_results in zip(chunks, pool.map(_run_chunk, [function] * len(chunks),
                                                         chunks)):
            done += len(chunk)
            yield from chunk_results
            if progress:
                progress(stage, done, len(items))


#: What every chunk of a worker process's parallel run gets (see :func:`parallel_iter`).
_shared: Any = None


def _receive_shared(shared: Any) -> None:
    global _shared
    _shared = shared


def _run_chunk(function: Callable[[list[Item], Any], list[Result]], chunk: list[Item]
               ) -> list[Result]:
    return function(chunk, _shared)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a chunk of page jobs.

    Parsing and merging pages allocate many short-lived objects (tokens, nodes, catalog
    entries) that reference counting frees; the collector only walked them again and again,
    about 5% of a cold extract's time. The few cycles (PyYAML's loaders) are collected after
    the chunk. (Not for check's jobs: what they leave in cycles would raise peak memory.)
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def chunk_sizes(total: int, workers: int) -> list[int]:
    """How many items each chunk of a parallel run gets: a quarter of what is left per
    worker, at most 64 and at least 8, so that chunks get smaller towards the end.

    The run ends when its last chunk does: small chunks at the end let the workers finish
    together, and big ones before keep the cost of sending each chunk low. At most 64 items,
    because a chunk's results are held until it is done.
    """
    sizes = []
    left = total
    while left > 0:
        size = min(left, max(8, min(64, left // (workers * 4))))
        sizes.append(size)
        left -= size
    return sizes


def _parse_chunk(chunk: list[tuple[str, str, bytes]], options: ExtractOptions) -> list[bytes]:
    """Parse pages in a worker; they come back pickled, as the cache stores them."""
    return [pickled(parse_bytes(data, path, options)) for _, path, data in chunk]


def parse_sources(sources: Sequence[tuple[str, str, str]], options: ExtractOptions,
                  cache_dir: Path | None, progress: Progress | None = None) -> dict[str, Page]:
    """Parse pages given as ``(rel, file, path for messages)``: ``rel -> Page``, in order.

    With a ``cache_dir``, unchanged pages come from the cache and the cache is updated.
    Raises :class:`~cfg_i18n.errors.InputError` for a page that cannot be read.
    """
    cache = PageCache(cache_dir, options)
    pages: dict[str, Page] = {}
    todo: list[tuple[str, str, bytes]] = []
    digests: dict[str, str] = {}
    for rel, file, path in sources:
        data = read_source(file, path)
        digests[rel] = digest(data)
        page = cache.get(digests[rel], path)
        if page is not None:
            pages[rel] = page
        else:
            todo.append((rel, path, data))
    rows = []
    for (rel, path, _), data in zip(todo, parallel_map(_parse_chunk, todo, options, progress)):
        pages[rel] = pickle.loads(data)
        rows.append((digests[rel], path, data))
    if todo:
        cache.put_pickled(rows)
        cache.prune(set(digests.values()))
    return {rel: pages[rel] for rel, _, _ in sources}


def read_pickle(path: Path) -> Any:
    """What a cache file holds, or None when it is missing or cannot be read (a miss)."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, *UNPICKLING_ERRORS):
        return None


def _load(path: Path) -> dict[str, Any]:
    data = read_pickle(path)
    return data if isinstance(data, dict) else {}
