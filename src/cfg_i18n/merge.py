"""``cfg-i18n merge``: localised pages from the source pages and the translated catalogs.

Only translated, non-fuzzy entries that pass the safety check are applied; an unsafe one
falls back to the source text with a warning naming the PO file and line, so a translation
can never break the Hugo build. Pages below ``publish_threshold`` are left out, and links to
them are kept working (see :mod:`cfg_i18n.links`). A manifest records what was written, so
that pages the tool no longer produces are removed and nothing else ever is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cfg_i18n.config import Config
from cfg_i18n.errors import Diagnostic
from cfg_i18n.fsutil import write_atomic
from cfg_i18n.links import SiteMap, localize
from cfg_i18n.page import Page
from cfg_i18n.poread import Message, read_messages
from cfg_i18n.safe_entries import (
    entry_problems,
    is_foreign,
    link_allower,
    reference_labels,
    site_map,
)
from cfg_i18n.segments import Segment
from cfg_i18n.site import catalog_path, parsed_pages
from cfg_i18n.splice import splice

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


@dataclass(slots=True)
class _Localised:
    page: Page
    rel: str
    translations: dict[str, str]
    completeness: float


def _lookup(translations: dict[str, str]) -> Callable[[Segment], str | None]:
    """The splice callback that takes each segment's translation from ``translations``."""
    return lambda segment: translations.get(segment.msgid)


def output_path(config: Config, language: str, rel: str) -> Path:
    """Where the ``language`` version of the source page ``rel`` goes.

    Hugo reads a name ending in ``.<source language>.md`` as a source-language page wherever it
    lies (codefor.de has ``…-Launch-Verfassungsschutzberichte.de.md``), so the localised page
    takes the target language's suffix instead: ``x.de.md`` -> ``x.en.md``.
    """
    source_suffix = f".{config.source_language}"
    if rel.endswith(source_suffix):
        name = f"{rel[: -len(source_suffix)]}.{language}.md"
    elif config.output == "suffix":
        name = f"{rel}.{language}.md"
    else:
        name = f"{rel}.md"
    if config.output == "suffix":
        return config.content_path() / name
    return config.site / config.target_dir.format(lang=language) / name


def merge_site(config: Config, languages: Sequence[str] | None = None,
               progress: Progress | None = None) -> MergeReport:
    """Write the localised pages of every (or the given) target language."""
    report = MergeReport()
    pages = parsed_pages(config, report.warnings, progress)
    manifest = _read_manifest(config)
    for language in languages or config.languages:
        report.languages.append(_merge_language(config, language, pages, manifest, progress))
    _write_manifest(config, manifest)
    return report


def _merge_language(config: Config, language: str, pages: dict[str, Page],
                    manifest: dict[str, dict[str, str]], progress: Progress | None
                    ) -> LanguageResult:
    result = LanguageResult(language)
    localised: list[_Localised] = []
    catalogs: dict[str, tuple[Path, list[Message] | None]] = {}
    for rel, page in pages.items():
        if is_foreign(page, config):
            result.foreign.append(rel)
            continue
        po_file = catalog_path(config, language, rel)
        catalogs[rel] = (po_file, read_messages(po_file) if po_file.exists() else None)
    site = site_map(pages, catalogs)  # refined below once completeness is known
    for rel, (po_file, catalog) in catalogs.items():
        page = pages[rel]
        translations = _translations(config, language, page, po_file, catalog, site, result)
        msgids = {s.msgid for s in page.segments}
        done = sum(1 for m in msgids if m in translations)
        completeness = 100.0 * done / len(msgids) if msgids else 100.0
        localised.append(_Localised(page, rel, translations, completeness))
    kept = [item for item in localised if item.completeness >= config.publish_threshold]
    result.left_out = [(item.rel, item.completeness) for item in localised
                       if item.completeness < config.publish_threshold]
    site = site_map(pages, [item.rel for item in kept])
    previous = manifest.get(language, {})
    current: dict[str, str] = {}
    for index, item in enumerate(kept, 1):
        if progress:
            progress(f"merge {language}", index, len(kept))
        text = splice(item.page, _lookup(item.translations))
        text = localize(text, language, site, item.rel, config.source_language,
                        rewrite_links=config.localize_links)
        target = output_path(config, language, item.rel)
        key = target.relative_to(config.site).as_posix()
        data = text.encode("utf-8")
        if target.exists() and key not in previous and target.read_bytes() != data:
            result.conflicts.append(Diagnostic(key, None, "exists and was not written by cfg-i18n; "
                                               "left alone (move it away to let merge write it)"))
            continue
        if write_atomic(target, data):
            result.written.append(key)
        else:
            result.unchanged += 1
        current[key] = _digest(data)
    for key, digest in previous.items():
        if key in current:
            continue
        path = config.site / key
        if not path.exists():
            continue
        if _digest(path.read_bytes()) != digest:
            result.conflicts.append(Diagnostic(key, None, "was changed by hand after cfg-i18n "
                                               "wrote it; not removed although its source is gone"))
            current[key] = digest
            continue
        path.unlink()
        _remove_empty_dirs(path.parent, config.site)
        result.removed.append(key)
    manifest[language] = dict(sorted(current.items()))
    return result


def _translations(config: Config, language: str, page: Page, po_file: Path,
                  catalog: list[Message] | None, site: SiteMap, result: LanguageResult
                  ) -> dict[str, str]:
    """The page's safe, finished translations: msgid -> msgstr."""
    if catalog is None:
        return {}
    wanted = {s.msgid: s for s in page.segments}
    labels = reference_labels(page)
    allow_link = link_allower(language, site)
    out: dict[str, str] = {}
    rel_po = po_file.relative_to(config.site).as_posix()
    for entry in catalog:
        if entry.fuzzy or not entry.msgstr or entry.msgctxt is not None or entry.msgid not in wanted:
            continue
        segment = wanted[entry.msgid]
        problems = entry_problems(entry, segment.markdown, config, allow_link, labels)
        if problems:
            result.fallbacks.append(Diagnostic(
                rel_po, entry.line,
                "translation not applied, the source text is used: "
                + "; ".join(p.message for p in problems)))
            continue
        out[entry.msgid] = entry.msgstr
    return out


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
