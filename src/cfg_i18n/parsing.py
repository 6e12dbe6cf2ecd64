"""Parse every source page once per run, and not at all when it has not changed.

Extract, merge and check all start from the same parsed pages. A cache (the site's
``.cfg-i18n/cache/``) maps each page's content hash to its parsed form; it is keyed by the
tool's version and the segmentation options, so a new version or a changed configuration
starts afresh. Pages that must be parsed are spread over the available cores.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from cfg_i18n import __version__
from cfg_i18n.document import decode, parse_document
from cfg_i18n.errors import InputError
from cfg_i18n.fsutil import write_atomic
from cfg_i18n.page import ExtractOptions, Page, segment_document

#: Below this many pages to parse, starting worker processes costs more than it saves.
PARALLEL_MIN = 64

Progress = Callable[[str, int, int], None]


def cache_key(options: ExtractOptions) -> str:
    """What a cached parse depends on besides the page's bytes."""
    stable = (__version__, options.front_matter_keys, options.shortcode_text_params,
              sorted(options.takes_inner))  # a frozenset's repr changes with the hash seed
    return hashlib.sha256(repr(stable).encode()).hexdigest()[:16]


def parse_sources(sources: Sequence[tuple[str, Path, str]], options: ExtractOptions,
                  cache_dir: Path | None, progress: Progress | None = None) -> dict[str, Page]:
    """Parse pages given as ``(rel, file, path for messages)``: ``rel -> Page``, in order.

    With a ``cache_dir``, unchanged pages come from the cache and the cache is updated.
    Raises :class:`~cfg_i18n.errors.InputError` for a page that cannot be read.
    """
    cache_file = cache_dir / f"pages-{cache_key(options)}.pickle" if cache_dir else None
    cached: dict[str, tuple[str, Page]] = _load(cache_file) if cache_file else {}
    pages: dict[str, Page] = {}
    todo: list[tuple[str, str, bytes, str]] = []
    fresh: dict[str, tuple[str, Page]] = {}
    for rel, file, path in sources:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", path) from None
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        hit = cached.get(rel)
        if hit is not None and hit[0] == digest and hit[1].path == path:
            pages[rel] = hit[1]
            fresh[rel] = hit
        else:
            todo.append((rel, path, data, digest))
    for rel, page, digest in _parse_all(todo, options, progress):
        pages[rel] = page
        fresh[rel] = (digest, page)
    if cache_file and (todo or len(fresh) != len(cached)):
        _store(cache_file, fresh)
    return {rel: pages[rel] for rel, _, _ in sources}


def _parse_one(item: tuple[str, str, bytes, str], options: ExtractOptions) -> tuple[str, Page, str]:
    rel, path, data, digest = item
    doc = parse_document(decode(data, path), path)
    return rel, segment_document(doc, path, options), digest


def _parse_chunk(chunk: list[tuple[str, str, bytes, str]], options: ExtractOptions
                 ) -> list[tuple[str, Page, str]]:
    return [_parse_one(item, options) for item in chunk]


def _parse_all(todo: list[tuple[str, str, bytes, str]], options: ExtractOptions,
               progress: Progress | None) -> list[tuple[str, Page, str]]:
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) < PARALLEL_MIN or workers < 2:
        done = []
        for index, item in enumerate(todo, 1):
            done.append(_parse_one(item, options))
            if progress:
                progress("parse", index, len(todo))
        return done
    size = max(16, len(todo) // (workers * 4))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    done = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(_parse_chunk, chunks, [options] * len(chunks)):
            done.extend(result)
            if progress:
                progress("parse", len(done), len(todo))
    return done


def _load(path: Path) -> dict[str, tuple[str, Page]]:
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _store(path: Path, pages: dict[str, tuple[str, Page]]) -> None:
    for stale in path.parent.glob("pages-*.pickle") if path.parent.is_dir() else ():
        if stale != path:
            stale.unlink(missing_ok=True)
    write_atomic(path, pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL))
