"""One configuration object: defaults, then the site's config file, then command-line flags.

The file is ``[tool.cfg-i18n]`` in the site's ``pyproject.toml`` or an ``i18n.toml`` at the site
root (same keys, no table prefix). A key the tool does not know, or a value of the wrong type, is
a :class:`~cfg_i18n.errors.ConfigError` that names the key and the file: a typo must not silently
fall back to a default.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from cfg_i18n.errors import ConfigError
from cfg_i18n.languages import check_language
from cfg_i18n.options import DEFAULT_FRONT_MATTER_KEYS, DEFAULT_SHORTCODE_TEXT_PARAMS

if TYPE_CHECKING:
    from cfg_i18n.options import ExtractOptions

PYPROJECT = "pyproject.toml"
I18N_TOML = "i18n.toml"
TABLE = "cfg-i18n"



@dataclass(slots=True)
class Config:
    """Everything a command needs to know about a site."""

    site: Path
    """Absolute path of the site root (where ``content/`` and ``locale/`` live)."""
    config_file: Path | None = None
    """The file the settings came from; None when the site has no configuration."""
    source_language: str = "de"
    """Language of the source pages."""
    languages: list[str] = field(default_factory=lambda: ["en"])
    """Target languages, in the order they are reported."""
    content_dir: str = "content/de"
    """Source tree, relative to the site; source pages are the ``**/*.md`` files below it."""
    locale_dir: str = "locale"
    """Catalog tree, relative to the site: ``templates/<rel>.pot`` and ``<lang>/<rel>.po``."""
    output: str = "dir"
    """``dir``: localised pages in ``target_dir``; ``suffix``: ``page.<lang>.md`` beside the source."""
    target_dir: str = "content/{lang}"
    """Template of the localised tree for ``output = "dir"``, relative to the site."""
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
    """Front matter keys whose values are messages (dotted paths, ``*`` for list items)."""
    shortcode_text_params: tuple[str, ...] = DEFAULT_SHORTCODE_TEXT_PARAMS
    """Shortcode parameters whose values are messages."""
    publish_threshold: float = 0.0
    """Minimum completeness in percent for a localised page to be written."""
    min_completeness: float = 0.0
    """Completeness in percent below which ``check`` fails, for every language."""
    min_completeness_by_language: dict[str, float] = field(default_factory=dict)
    """Per-language override of ``min_completeness``."""
    wrap_width: int = 79
    """Line width of catalogs as GNU gettext counts it; 0 turns wrapping off."""
    localize_links: bool = True
    """Rewrite root-relative links to the target language's pages when they exist."""
    project: str = ""
    """``Project-Id-Version`` of the catalogs; empty means the site directory's name."""
    references: str = "line"
    """``#:`` references: ``line`` (file:line), ``file`` (no line numbers) or ``never``."""
    site_catalog: str = "_site"
    """Name of the catalog of the site strings (``locale/<lang>/<site_catalog>.po``)."""
    i18n_dirs: tuple[str, ...] = ("i18n", "themes/*/i18n")
    """Directories (globs) holding Hugo i18n tables, the one that wins a key first."""
    menu_keys: tuple[str, ...] = ("name", "title", "pre", "post")
    """Fields of the Hugo config's menu entries that are messages (empty: no menus)."""
    site_params: tuple[str, ...] = ("title", "copyright", "params.description")
    """Hugo config keys (dotted, ``*`` for any) whose values are messages."""
    data_files: tuple[DataFileRule, ...] = ()
    """Data files whose configured values are messages."""
    compendia: tuple[str, ...] = ()
    """PO or TMX files whose translations the translation memory also offers (site-relative;
    ``{lang}`` stands for the language code)."""
    tm_min_score: float = 75.0
    """Least similarity in percent for the translation memory to suggest a translation."""

    def extract_options(self) -> ExtractOptions:
        """The segmentation options this configuration asks for."""
        from cfg_i18n.options import ExtractOptions
        from cfg_i18n.theme import shortcode_dirs, shortcodes_taking_inner

        return ExtractOptions(
            front_matter_keys=tuple(self.front_matter_keys),
            shortcode_text_params=tuple(self.shortcode_text_params),
            takes_inner=shortcodes_taking_inner(shortcode_dirs(self.site)),
        )

    def content_path(self) -> Path:
        """Absolute path of the source tree."""
        return self.site / self.content_dir

    def locale_path(self) -> Path:
        """Absolute path of the catalog tree."""
        return self.site / self.locale_dir

    def project_name(self) -> str:
        """What the catalogs' ``Project-Id-Version`` says."""
        return self.project or self.site.name

    def completeness_required(self, language: str) -> float:
        """The minimum completeness ``check`` demands of ``language``."""
        return self.min_completeness_by_language.get(language, self.min_completeness)


class DataFileRule(NamedTuple):
    """Which data files hold text, and which of their values."""

    glob: str
    """Site-relative glob (``data/projekte/*.yaml``; ``**`` for any depth)."""
    keys: tuple[str, ...] = ()
    """Dotted key paths of plain text values (``*`` for any list item or key)."""
    markdown_keys: tuple[str, ...] = ()
    """Dotted key paths of Markdown values, segmented like a page body."""


# --- validation of single values --------------------------------------------------------------

Validator = Callable[[str, object, str], object]


def _fail(key: str, where: str, expected: str, value: object) -> ConfigError:
    return ConfigError(f"{key}: expected {expected}, got {value!r}", where)


def _string(key: str, value: object, where: str) -> str:
    if not isinstance(value, str):
        raise _fail(key, where, "a string", value)
    return value


def _relative_dir(key: str, value: object, where: str) -> str:
    text = _string(key, value, where).strip().replace("\\", "/").rstrip("/")
    path = PurePosixPath(text)
    if not text or path.is_absolute() or ".." in path.parts:
        raise _fail(key, where, "a directory relative to the site root", value)
    return str(path)


def _string_tuple(key: str, value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise _fail(key, where, "a list of non-empty strings", value)
    return tuple(str(item) for item in value)


def _languages(key: str, value: object, where: str) -> list[str]:
    items = list(_string_tuple(key, value, where))
    for code in items:
        check_language(code, key=key, path=where)
    duplicates = sorted({code for code in items if items.count(code) > 1})
    if duplicates:
        raise ConfigError(f"{key}: language listed twice: {', '.join(duplicates)}", where)
    return items


def _language(key: str, value: object, where: str) -> str:
    return check_language(_string(key, value, where), key=key, path=where)


def _percent(key: str, value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise _fail(key, where, "a number from 0 to 100 (percent)", value)
    return float(value)


def _percent_map(key: str, value: object, where: str) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise _fail(key, where, "a table of language = percent", value)
    result: dict[str, float] = {}
    for language, percent in value.items():
        name = f"{key}.{language}"
        result[str(language)] = _percent(name, percent, where)
    return result


def _width(key: str, value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(key, where, "a whole number >= 0 (0 turns wrapping off)", value)
    return value


def _boolean(key: str, value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(key, where, "true or false", value)
    return value


def _output(key: str, value: object, where: str) -> str:
    if value not in ("dir", "suffix"):
        raise _fail(key, where, '"dir" or "suffix"', value)
    return str(value)


def _references(key: str, value: object, where: str) -> str:
    if value not in ("line", "file", "never"):
        raise _fail(key, where, '"line", "file" or "never"', value)
    return str(value)


def _target_dir(key: str, value: object, where: str) -> str:
    text = _relative_dir(key, value, where)
    if "{lang}" not in text:
        raise _fail(key, where, "a path template containing {lang}", value)
    return text


def _catalog_name(key: str, value: object, where: str) -> str:
    text = _string(key, value, where).strip()
    if not text or "/" in text or "\\" in text or text.startswith("."):
        raise _fail(key, where, "a file name without directories, e.g. \"_site\"", value)
    return text


def _data_files(key: str, value: object, where: str) -> tuple[DataFileRule, ...]:
    if not isinstance(value, list):
        raise _fail(key, where, "a list of tables {glob, keys, markdown_keys}", value)
    rules: list[DataFileRule] = []
    for index, item in enumerate(value):
        name = f"{key}[{index}]"
        if not isinstance(item, Mapping):
            raise _fail(name, where, "a table {glob, keys, markdown_keys}", item)
        unknown = sorted(set(item) - {"glob", "keys", "markdown_keys"})
        if unknown:
            raise ConfigError(f"{name}: unknown key {unknown[0]!r}; known keys: glob, keys, "
                              "markdown_keys", where)
        if "glob" not in item:
            raise ConfigError(f"{name}: glob is missing (e.g. \"data/projekte/*.yaml\")", where)
        pattern = _relative_dir(f"{name}.glob", item["glob"], where)
        keys = _string_tuple_or_empty(f"{name}.keys", item.get("keys", []), where)
        markdown = _string_tuple_or_empty(f"{name}.markdown_keys", item.get("markdown_keys", []),
                                          where)
        if not keys and not markdown:
            raise ConfigError(f"{name}: name the text values in keys or markdown_keys", where)
        rules.append(DataFileRule(pattern, keys, markdown))
    return tuple(rules)


def _string_tuple_or_empty(key: str, value: object, where: str) -> tuple[str, ...]:
    if value == []:
        return ()
    return _string_tuple(key, value, where)


_VALIDATORS: dict[str, Validator] = {
    "source_language": _language,
    "languages": _languages,
    "content_dir": _relative_dir,
    "locale_dir": _relative_dir,
    "output": _output,
    "target_dir": _target_dir,
    "front_matter_keys": _string_tuple,
    "shortcode_text_params": _string_tuple,
    "publish_threshold": _percent,
    "min_completeness": _percent,
    "min_completeness_by_language": _percent_map,
    "wrap_width": _width,
    "localize_links": _boolean,
    "project": _string,
    "references": _references,
    "site_catalog": _catalog_name,
    "i18n_dirs": _string_tuple_or_empty,
    "menu_keys": _string_tuple_or_empty,
    "site_params": _string_tuple_or_empty,
    "data_files": _data_files,
    "compendia": _string_tuple_or_empty,
    "tm_min_score": _percent,
}

#: The keys a config file may hold.
CONFIG_KEYS: tuple[str, ...] = tuple(_VALIDATORS)


# --- reading the file -------------------------------------------------------------------------


def _parse_toml(path: Path) -> dict[str, object]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 text ({error.reason}); save it as UTF-8", str(path)) from None
    except OSError as error:
        raise ConfigError(f"cannot read the file: {error.strerror}", str(path)) from None
    try:
        return dict(tomllib.loads(text))  # several times faster than tomlkit
    except tomllib.TOMLDecodeError:
        pass
    # tomlkit also reads what newer TOML allows (an inline table over several lines).
    import tomlkit
    import tomlkit.exceptions

    try:
        return dict(tomlkit.parse(text).unwrap())
    except tomlkit.exceptions.ParseError as error:
        raise ConfigError(f"not valid TOML: {error}", str(path), error.line) from None


def find_config_file(site: Path) -> tuple[Path | None, dict[str, object]]:
    """The config file of ``site`` and its raw ``cfg-i18n`` settings (empty when there is none).

    ``i18n.toml`` and a ``[tool.cfg-i18n]`` table in ``pyproject.toml`` must not both exist:
    two sources of truth would leave the user guessing which one wins.
    """
    i18n = site / I18N_TOML
    pyproject = site / PYPROJECT
    table: dict[str, object] | None = None
    if pyproject.is_file():
        tool = _parse_toml(pyproject).get("tool")
        if isinstance(tool, dict) and TABLE in tool:
            raw = tool[TABLE]
            if not isinstance(raw, dict):
                raise ConfigError("[tool.cfg-i18n] must be a table", str(pyproject))
            table = raw
    if i18n.is_file():
        if table is not None:
            raise ConfigError(
                f"configuration found both here and in {I18N_TOML}; keep only one", str(pyproject)
            )
        return i18n, _parse_toml(i18n)
    if table is not None:
        return pyproject, table
    return None, {}


def _apply(config: Config, settings: Mapping[str, object], where: str) -> None:
    for key, value in settings.items():
        validator = _VALIDATORS.get(key)
        if validator is None:
            hint = difflib.get_close_matches(key.replace("-", "_"), CONFIG_KEYS, n=1)
            advice = f"did you mean {hint[0]!r}?" if hint else f"known keys: {', '.join(CONFIG_KEYS)}"
            raise ConfigError(f"unknown key {key!r}; {advice}", where)
        setattr(config, key, validator(key, value, where))


def _check_consistency(config: Config, where: str) -> None:
    if config.source_language in config.languages:
        raise ConfigError(
            f"languages: {config.source_language!r} is the source language, not a target", where
        )
    unknown = sorted(set(config.min_completeness_by_language) - set(config.languages))
    if unknown:
        raise ConfigError(
            f"min_completeness_by_language: {', '.join(unknown)} not in languages", where
        )


def load_config(site: Path, overrides: Mapping[str, object] | None = None) -> Config:
    """Resolve the configuration of ``site``: defaults, then its config file, then ``overrides``.

    ``overrides`` uses the same keys as the file (command-line flags); None values are ignored
    so that unset flags leave the file's values alone.
    """
    root = site.expanduser().resolve()
    if not root.is_dir():
        raise ConfigError("site directory does not exist; pass --site DIR", str(site))
    config_file, settings = find_config_file(root)
    config = Config(site=root, config_file=config_file)
    where = str(config_file) if config_file else str(root)
    _apply(config, settings, where)
    if overrides:
        _apply(config, {k: v for k, v in overrides.items() if v is not None}, "command line")
    _check_consistency(config, where)
    return config


# --- recording a language --------------------------------------------------------------------


def add_language(config: Config, language: str) -> Path:
    """Record ``language`` in the site's config file, keeping its formatting and comments.

    Creates ``i18n.toml`` when the site has no configuration yet. Returns the file written.
    """
    import tomlkit  # only writing the configuration needs it

    from cfg_i18n.fsutil import write_atomic

    languages = list(config.languages)
    if language not in languages:
        languages.append(language)
    target = config.config_file or config.site / I18N_TOML
    if target.exists():
        document = tomlkit.parse(target.read_text(encoding="utf-8"))
    else:
        document = tomlkit.document()
        document.add(tomlkit.comment("cfg-i18n configuration (see the README for all keys)"))
    if target.name == PYPROJECT:
        tool = document.get("tool")
        if tool is None:
            tool = tomlkit.table(is_super_table=True)
            document["tool"] = tool
        table = tool.get(TABLE)
        if table is None:
            table = tomlkit.table()
            tool[TABLE] = table
    else:
        table = document
    existing = table.get("languages")
    if existing is not None and hasattr(existing, "append"):
        if language not in existing:
            existing.append(language)
    else:
        array = tomlkit.array()
        array.extend(languages)
        table["languages"] = array
    write_atomic(target, tomlkit.dumps(document).encode("utf-8"))
    config.languages = languages
    config.config_file = target
    return target
