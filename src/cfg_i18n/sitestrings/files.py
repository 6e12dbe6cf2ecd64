"""Where the site strings come from and where they go: paths only, no file parsed.

Apart from the readers (:mod:`.tables`, :mod:`.hugoconfig`, :mod:`.datafiles`), so that a warm
command, which only stamps these files to see that none changed (:mod:`.commands`), loads no
YAML or TOML parser and no catalog code.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cfg_i18n.errors import ConfigError
from cfg_i18n.fsutil import write_atomic

if TYPE_CHECKING:
    from cfg_i18n.config import Config, DataFileRule

#: File suffix -> format name.
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".json": "json"}

#: Root configuration files in Hugo's order of preference (the first one found is used).
ROOT_FILES = tuple(f"{name}{suffix}" for name in ("hugo", "config")
                   for suffix in (".toml", ".yaml", ".yml", ".json"))
CONFIG_DIR = Path("config") / "_default"

#: What ``merge`` wrote for the site strings, relative to the site (see :mod:`.merging`).
MANIFEST = Path(".cfg-i18n") / "site-strings.json"


def site_catalog_path(config: Config, language: str | None) -> Path:
    """The site catalog's POT (``language`` None) or PO file."""
    from cfg_i18n.sources import catalog_path

    return catalog_path(config, language, config.site_catalog)


def table_files(site: Path, dirs: Sequence[str], language: str) -> list[Path]:
    """The ``<language>.<ext>`` tables in the i18n directories (globs allowed), in order of
    precedence: an ID in an earlier file wins, as the project's table wins over a theme's."""
    found: list[Path] = []
    for pattern in dirs:
        for directory in sorted(glob.glob(str(site / pattern))):
            for suffix in FORMATS:
                candidate = Path(directory) / f"{language}{suffix}"
                if candidate.is_file() and candidate not in found:
                    found.append(candidate)
    return found


def data_file_paths(site: Path, rules: Sequence[DataFileRule], targets: Sequence[str]
                    ) -> list[tuple[Path, str, DataFileRule]]:
    """The files the rules' globs find, sorted (a file takes the first rule that finds it).

    The localised trees ``data/<lang>/`` that merge writes are not sources.
    """
    found: dict[str, tuple[Path, str, DataFileRule]] = {}
    for rule in rules:
        for name in glob.glob(str(site / rule.glob), recursive=True):
            file = Path(name)
            if not file.is_file() or file.suffix.lower() not in FORMATS:
                continue
            rel = file.relative_to(site).as_posix()
            parts = rel.split("/")
            if len(parts) > 2 and parts[1] in targets:
                continue
            found.setdefault(rel, (file, rel, rule))
    return [found[rel] for rel in sorted(found)]


def input_files(config: Config) -> list[Path]:
    """The files the site strings may come from (existing or not), without reading any:
    what a memo of a command's result is stamped with."""
    site = config.site
    files = [site / name for name in ROOT_FILES]
    directory = site / CONFIG_DIR
    if directory.is_dir():
        files += sorted(path for path in directory.iterdir() if path.is_file())
    files += table_files(site, config.i18n_dirs, config.source_language)
    files += [file for file, _, _ in data_file_paths(site, config.data_files, config.languages)]
    files.append(_clash(config))
    return files


def _clash(config: Config) -> Path:
    """The source page whose catalog would be the site catalog."""
    return config.content_path() / f"{config.site_catalog}.md"


def check_name(config: Config) -> None:
    """A source page whose catalog would be the site catalog is a configuration error."""
    if _clash(config).exists():
        raise ConfigError(
            f"site_catalog: the page {config.content_dir}/{config.site_catalog}.md would share "
            f"its catalog with the site strings; set another name, e.g. site_catalog = "
            f"\"_site_strings\"", str(config.config_file) if config.config_file else None)


def read_manifest(config: Config) -> dict[str, dict[str, str]]:
    """Language -> site-relative file -> digest of what ``merge`` wrote last (empty when
    none or unreadable)."""
    try:
        data = json.loads((config.site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files", {}) if isinstance(data, dict) else {}
    return {lang: dict(entries) for lang, entries in files.items() if isinstance(entries, dict)}


def write_manifest(config: Config, manifest: dict[str, dict[str, str]]) -> None:
    """Record what ``merge`` wrote (no file for a site that never had any)."""
    kept = {lang: files for lang, files in sorted(manifest.items()) if files}
    path = config.site / MANIFEST
    if not kept and not path.exists():
        return
    data = {"version": 1, "files": kept}
    write_atomic(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
