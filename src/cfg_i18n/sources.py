"""The site on disk: its source pages and where their catalogs are.

Layout (DESIGN "Contracts"): a source page ``<content_dir>/<rel>.md`` has the template
``<locale_dir>/templates/<rel>.pot`` and one catalog ``<locale_dir>/<lang>/<rel>.po`` per language.

Apart from ``extract`` (:mod:`cfg_i18n.site`): merge, check and status list the pages and
find their catalogs without loading extract's code and report types.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cfg_i18n.config import Config
from cfg_i18n.errors import Diagnostic
from cfg_i18n.parsing import (
    PageSummary,
    SourceDigests,
    parse_sources,
    summaries_of,
    summary_store,
)

if TYPE_CHECKING:
    import polib

    from cfg_i18n.page import Page

#: ``progress(stage, done, total)``: called after each unit of work of a long run.
Progress = Callable[[str, int, int], None]

#: Where the parse cache lives, relative to the site.
CACHE_DIR = Path(".cfg-i18n") / "cache"
TEMPLATES = "templates"
POT_SUFFIX = ".pot"
PO_SUFFIX = ".po"


class SourcePage(NamedTuple):
    """One source page of the site."""

    file: str
    """Absolute path of the Markdown file (a string: a warm run lists every page, and a
    ``Path`` per page costs more than the rest of the listing)."""
    rel: str
    """Path below ``content_dir`` without ``.md`` (``blog/2024-foo``, ``_index``): the catalog name."""
    ref_path: str
    """Site-relative path of the file (``content/de/blog/2024-foo.md``), as catalogs reference it."""


def _excluded_roots(config: Config) -> set[str]:
    """Target trees that lie inside the source tree (``output = "dir"``), as real paths."""
    if config.output != "dir":
        return set()
    source = config.content_path().resolve()
    roots = set()
    for language in config.languages:
        target = (config.site / config.target_dir.format(lang=language)).resolve()
        if target != source and target.is_relative_to(source):
            roots.add(str(target))
    return roots


def _files(root: Path, suffix: str, excluded: set[str] | None = None) -> Iterator[tuple[str, str]]:
    """``(path below root without suffix, full path)`` of the files ending in ``suffix``,
    hidden files and directories and the ``excluded`` directories (real paths) left out.

    Plain strings and ``os.scandir``: a run that finds nothing to do spends most of its time
    listing files, and ``pathlib`` costs several times more per file.
    """
    stack = [("", str(root))]
    while stack:
        prefix, directory = stack.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):  # as os.walk: links not followed
                    if not excluded or os.path.realpath(entry.path) not in excluded:
                        stack.append((f"{prefix}{name}/", entry.path))
                elif name.endswith(suffix):
                    yield f"{prefix}{name[: -len(suffix)]}", entry.path


def source_pages(config: Config) -> list[SourcePage]:
    """The source pages, sorted by ``rel``.

    Left out: hidden files and directories, localised outputs (``page.<lang>.md`` in suffix
    mode, the target trees in dir mode when they lie below ``content_dir``).
    """
    from cfg_i18n.errors import ConfigError

    root = config.content_path()
    if not root.is_dir():
        raise ConfigError(
            f"content_dir: {config.content_dir!r} is not a directory of {config.site}",
            str(config.config_file) if config.config_file else None,
        )
    suffixes = tuple(f".{language}" for language in config.languages)
    pages = [
        SourcePage(file, rel, f"{config.content_dir}/{rel}.md")
        for rel, file in _files(root, ".md", _excluded_roots(config))
        if not (config.output == "suffix" and rel.endswith(suffixes))
    ]
    pages.sort(key=lambda page: page.rel)
    return pages


def catalog_path(config: Config, language: str | None, rel: str) -> Path:
    """The POT (``language`` None) or PO file of page ``rel``."""
    return Path(catalog_file(config, language, rel))


def catalog_file(config: Config, language: str | None, rel: str) -> str:
    """:func:`catalog_path` as a string: a warm run looks at every page's catalog, and
    joining paths costs several times more than formatting one."""
    root = _locale_root(config.site, config.locale_dir)
    if language is None:
        return f"{root}/{TEMPLATES}/{rel}{POT_SUFFIX}"
    return f"{root}/{language}/{rel}{PO_SUFFIX}"


@functools.lru_cache(maxsize=16)
def _locale_root(site: Path, locale_dir: str) -> str:
    return os.fspath(site / locale_dir)


def existing_catalogs(config: Config, language: str | None) -> dict[str, Path]:
    """``rel -> path`` of the catalogs on disk for ``language`` (None: the templates)."""
    return {rel: Path(file) for rel, file in _catalog_files(config, language)}


def _catalog_files(config: Config, language: str | None) -> list[tuple[str, str]]:
    """:func:`existing_catalogs` as sorted ``(rel, file)`` strings, for a run that needs
    the paths of only a few of them (extract: the orphans)."""
    root = config.locale_path() / (TEMPLATES if language is None else language)
    if not root.is_dir():
        return []
    suffix = POT_SUFFIX if language is None else PO_SUFFIX
    return sorted(item for item in _files(root, suffix)
                  if item[0] != config.site_catalog)  # the site strings' catalog: no page's


def load_po(path: Path) -> polib.POFile:
    """Read a catalog with polib; a syntax error is an InputError naming the file and line."""
    from cfg_i18n import catalog as cat

    return cat.load_po(path)


def parsed_pages(
    config: Config, warnings: list[Diagnostic] | None = None, progress: Progress | None = None,
    use_cache: bool = True,
) -> dict[str, Page]:
    """Every source page parsed once (or taken from the cache): ``rel -> Page``; page
    warnings go to ``warnings``."""
    sources = [(s.rel, s.file, s.ref_path) for s in source_pages(config)]
    cache_dir = config.site / CACHE_DIR if use_cache else None
    result = parse_sources(sources, config.extract_options(), cache_dir, progress)
    if warnings is not None:
        for page in result.values():
            warnings.extend(page.warnings)
    return result


def source_digests(cache_dir: Path | None, sources: Sequence[SourcePage]) -> dict[str, str]:
    """Every source page's content hash (``rel -> hash``), taken from the remembered ones
    while a page's file stamp is unchanged; the remembered hashes are then updated."""
    hashes = SourceDigests(cache_dir)
    digests = {source.rel: hashes.of(source.file, source.ref_path)[0] for source in sources}
    hashes.save()
    return digests


def page_summaries(config: Config, sources: Sequence[SourcePage],
                   progress: Progress | None = None) -> dict[str, PageSummary]:
    """Every source page's summary (its messages, URL and language), from the store extract
    keeps, parsed for the pages it lacks: what a run that neither splices nor renders needs."""
    cache_dir = config.site / CACHE_DIR
    options = config.extract_options()
    digests = source_digests(cache_dir, sources)
    store = summary_store(cache_dir, options)
    found = summaries_of([(s.rel, s.ref_path, s.file) for s in sources], digests, store, options,
                         cache_dir, progress)
    store.save_added(set(digests.values()))
    return found
