"""Menus and site parameters of Hugo's configuration: messages out, a per-language file back in.

Hugo reads its configuration from one file at the site root (``hugo.toml|yaml|json``, or the
older ``config.*``) and from the configuration directory ``config/_default/``, where a file is
named after the key it holds (``menus.yaml`` is ``menus``, ``menus.de.yaml`` is
``languages.de.menus``, ``hugo.de.yaml`` is ``languages.de``). The source language's menus are
``languages.<src>.menus`` when it has its own, else the site's ``menus`` (or ``menu``); its
parameters are the site's with ``languages.<src>`` on top.

``merge`` never edits the user's configuration. It writes the target language's title,
parameters and complete menus into ``config/_default/hugo.<lang>.<ext>``, which Hugo merges
over the root file's ``languages.<lang>`` (menus are replaced as a whole, parameters merged
key by key). Settings for the target language elsewhere in the user's files are reported,
since they would compete with the generated file.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfg_i18n.errors import Diagnostic
from cfg_i18n.segments import normalize_msgid
from cfg_i18n.sitestrings.files import CONFIG_DIR, FORMATS, ROOT_FILES
from cfg_i18n.sitestrings.formats import KeyPath, Scan, dump, read_scan
from cfg_i18n.sitestrings.model import MENU, SITE_PARAM, SiteMessage

#: Names of configuration-directory files whose content is the whole configuration.
_WHOLE = ("hugo", "config")
_MENU_KEYS = ("menus", "menu")


@dataclass(slots=True)
class ConfigFile:
    """One file of the Hugo configuration and where its content sits in the whole."""

    rel: str
    """Site-relative path."""
    scan: Scan
    """Its values and their lines."""
    prefix: KeyPath
    """Where its content goes: ``()`` for the root file, ``("menus",)`` for ``menus.yaml``,
    ``("languages", "de")`` for ``hugo.de.yaml`` …"""

    def get(self, path: KeyPath) -> tuple[bool, Any]:
        """``(found, value)`` of a path of the whole configuration in this file."""
        if tuple(_lower(p) for p in path[: len(self.prefix)]) != self.prefix \
                or len(path) < len(self.prefix):
            return False, None
        node = self.scan.data
        for part in path[len(self.prefix):]:
            found, node = _child(node, part)
            if not found:
                return False, None
        return True, node

    def line(self, path: KeyPath) -> int | None:
        """The line of a path of the whole configuration in this file."""
        local = self._local(path[len(self.prefix):])
        return self.scan.line(local) if local else 1

    def _local(self, path: KeyPath) -> KeyPath:
        """The path as the file spells its keys (Hugo's keys are case-insensitive)."""
        node = self.scan.data
        spelled: list[str | int] = []
        for part in path:
            if isinstance(node, dict):
                name = next((k for k in node if _lower(k) == _lower(part)), part)
                spelled.append(name)
                node = node.get(name)
            else:
                spelled.append(part)
                node = node[part] if isinstance(node, list) and isinstance(part, int) \
                    and part < len(node) else None
        return tuple(spelled)


def _lower(part: str | int) -> str | int:
    return part.lower() if isinstance(part, str) else part


def _child(node: Any, part: str | int) -> tuple[bool, Any]:
    if isinstance(node, dict):
        for key, value in node.items():
            if _lower(key) == _lower(part):
                return True, value
        return False, None
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


@dataclass(slots=True)
class HugoConfig:
    """The site's Hugo configuration files, lowest precedence first."""

    files: list[ConfigFile] = field(default_factory=list)
    generated: set[str] = field(default_factory=set)
    """Site-relative files that ``merge`` writes (left out of :attr:`files`)."""

    @property
    def main_format(self) -> str:
        """The format of the user's main configuration file (``yaml`` when there is none)."""
        return self.files[0].scan.format if self.files else "yaml"

    def lookup(self, path: KeyPath) -> tuple[ConfigFile, Any] | None:
        """The file that sets ``path`` last (Hugo's precedence) and the value there."""
        for config_file in reversed(self.files):
            found, value = config_file.get(path)
            if found:
                return config_file, value
        return None

    def defines(self, language: str) -> bool:
        """Whether the configuration has ``languages.<language>``."""
        return self.lookup(("languages", language.lower())) is not None or any(
            config_file.prefix[:2] == ("languages", language.lower())
            for config_file in self.files)


def generated_name(language: str, fmt: str) -> str:
    """Site-relative path of the file ``merge`` writes for ``language``."""
    suffix = {"yaml": ".yaml", "toml": ".toml", "json": ".json"}[fmt]
    return (CONFIG_DIR / f"hugo.{language}{suffix}").as_posix()


def read_hugo_config(site: Path, targets: Sequence[str]) -> HugoConfig:
    """Read the root configuration file and ``config/_default/`` (the generated files of the
    ``targets`` languages left out)."""
    config = HugoConfig()
    for name in ROOT_FILES:
        if (site / name).is_file():
            config.files.append(ConfigFile(name, read_scan(site / name, name), ()))
            break
    directory = site / CONFIG_DIR
    if not directory.is_dir():
        return config
    generated = {generated_name(lang, fmt) for lang in targets for fmt in ("yaml", "toml", "json")}
    generated |= {g.replace(".yaml", ".yml") for g in generated}
    for file in sorted(directory.iterdir()):
        if not file.is_file() or file.suffix.lower() not in FORMATS:
            continue
        rel = file.relative_to(site).as_posix()
        if rel in generated:
            config.generated.add(rel)
            continue
        parts = file.name[: -len(file.suffix)].split(".")
        key, language = parts[0].lower(), (parts[1].lower() if len(parts) > 1 else None)
        prefix: KeyPath = () if key in _WHOLE else (key,)
        if language is not None:
            prefix = ("languages", language) + prefix
        config.files.append(ConfigFile(rel, read_scan(file, rel), prefix))
    return config


# --- what to translate --------------------------------------------------------------------------


@dataclass(slots=True)
class MenuSource:
    """The source language's menus: where they are and what they hold."""

    menus: dict[str, tuple[ConfigFile, KeyPath, list[Any]]]
    """Menu name -> the file and path of its entry list, and the entries."""


def source_menus(config: HugoConfig, source: str) -> MenuSource:
    """The menus Hugo builds for the source language: its own (``languages.<src>.menus``)
    if it has any, else the site's. Within each, later files win per menu name."""
    for base in (("languages", source.lower()), ()):
        menus: dict[str, tuple[ConfigFile, KeyPath, list[Any]]] = {}
        for config_file in config.files:
            for key in _MENU_KEYS:
                found, value = config_file.get(base + (key,))
                if not found or not isinstance(value, dict):
                    continue
                for name, entries in value.items():
                    if isinstance(entries, list):
                        menus[str(name)] = (config_file, base + (key, str(name)), entries)
        if menus:
            return MenuSource(menus)
    return MenuSource({})


def menu_messages(menus: MenuSource, keys: Sequence[str]) -> list[SiteMessage]:
    """One message per configured field (``name``, ``title``, ``pre``, ``post``) of each entry."""
    wanted = [key.lower() for key in keys]
    messages: list[SiteMessage] = []
    for name, (config_file, path, entries) in menus.menus.items():
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for key, value in entry.items():
                if str(key).lower() not in wanted or not isinstance(value, str):
                    continue
                msgid = normalize_msgid(value)
                if not msgid:
                    continue
                messages.append(SiteMessage(
                    msgid=msgid, kind=f"{MENU} {name}: {str(key).lower()}", path=config_file.rel,
                    line=config_file.line(path + (index, str(key))),
                    markdown=False))
    return messages


@dataclass(slots=True)
class ParamValue:
    """One configured site parameter of the source language."""

    level: KeyPath
    """Language-level path as the file spells it: ``("title",)``, ``("params", "description")``."""
    full: KeyPath
    """Path in the whole configuration (``languages.<src>.…`` when set per language)."""
    value: str
    """The source text."""
    file: ConfigFile
    """Where it is set."""


def source_params(config: HugoConfig, source: str, patterns: Sequence[str]) -> list[ParamValue]:
    """The string values of the configured keys (``title``, ``params.description``,
    ``params.strings.*``) as the source language sees them: the site's values with
    ``languages.<src>`` on top, later files over earlier ones. Menus are not parameters."""
    from cfg_i18n.frontmatter import compile_patterns, matches

    compiled = [tuple(part.lower() for part in pattern) for pattern in compile_patterns(patterns)]
    own_base = ("languages", source.lower())
    found: dict[KeyPath, ParamValue] = {}
    for own in (False, True):
        for config_file in config.files:
            for local, value in _leaves(config_file.scan.data, ()):
                full = config_file.prefix + local
                lowered = tuple(_lower(part) for part in full)
                if lowered[:2] == own_base:
                    if not own:
                        continue
                    level = full[2:]
                elif own or (lowered and lowered[0] == "languages"):
                    continue
                else:
                    level = full
                key = tuple(_lower(part) for part in level)
                if not key or key[0] in _MENU_KEYS or not isinstance(value, str):
                    continue
                if matches(key, compiled) is not None and value.strip():
                    found[key] = ParamValue(level, full, value, config_file)
    return list(found.values())


def _leaves(node: Any, path: KeyPath) -> list[tuple[KeyPath, Any]]:
    if isinstance(node, dict):
        out: list[tuple[KeyPath, Any]] = []
        for key, value in node.items():
            out += _leaves(value, path + (str(key),))
        return out
    if isinstance(node, list):
        out = []
        for index, value in enumerate(node):
            out += _leaves(value, path + (index,))
        return out
    return [(path, node)]


def param_messages(params: Sequence[ParamValue]) -> list[SiteMessage]:
    """One message per configured parameter."""
    return [SiteMessage(msgid=normalize_msgid(param.value),
                        kind=f"{SITE_PARAM}: {'.'.join(str(p) for p in param.level)}",
                        path=param.file.rel, line=param.file.line(param.full))
            for param in params if normalize_msgid(param.value)]


# --- the target language's file -----------------------------------------------------------------

Lookup = Callable[[str], "str | None"]


def target_config(menus: MenuSource, menu_keys: Sequence[str], params: Sequence[ParamValue],
                  translate: Lookup) -> dict[str, Any]:
    """``languages.<lang>`` as the generated file holds it: the translated parameters (and
    the untranslated ones the source language sets for itself only, which the target would
    otherwise lack), and every menu of the source language with its configured fields
    translated and everything else copied."""
    data: dict[str, Any] = {}
    wanted = [key.lower() for key in menu_keys]
    for param in params:
        text = translate(normalize_msgid(param.value))
        if text is None and _lower(param.full[0]) == "languages":
            text = param.value  # set for the source language only: the target needs it too
        if text is not None:
            _set(data, param, text)
    if menus.menus:
        target: dict[str, Any] = {}
        for name, (_, _, entries) in menus.menus.items():
            copied = copy.deepcopy(entries)
            for entry in copied:
                if not isinstance(entry, dict):
                    continue
                for key, value in list(entry.items()):
                    if str(key).lower() in wanted and isinstance(value, str):
                        text = translate(normalize_msgid(value))
                        if text is not None:
                            entry[key] = text
            target[name] = copied
        data["menus"] = target
    return data


def _set(data: dict[str, Any], param: ParamValue, text: str) -> None:
    """Set a parameter; a value inside a list takes the whole list along (Hugo replaces
    lists, it does not merge them)."""
    level = param.level
    node: Any = data
    for depth, part in enumerate(level[:-1]):
        if isinstance(node, dict):
            if part not in node:
                if isinstance(level[depth + 1], int):
                    ok, found = param.file.get(param.full[: len(param.full) - len(level)
                                                          + depth + 1])
                    if not ok or not isinstance(found, list):
                        return
                    node[part] = copy.deepcopy(found)
                else:
                    node[part] = {}
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return
    last = level[-1]
    if isinstance(node, dict):
        node[str(last)] = text
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = text


def competing_settings(config: HugoConfig, language: str, data: Mapping[str, Any],
                       target: str) -> list[Diagnostic]:
    """Settings of ``languages.<lang>`` in the user's files that the generated file also
    makes: the configuration directory wins over the root file, and a ``hugo.yaml`` inside
    ``config/_default`` wins over the generated file, so both are worth a warning."""
    found: list[Diagnostic] = []
    base: KeyPath = ("languages", language.lower())
    for config_file in config.files:
        for key, value in data.items():
            keys = _MENU_KEYS if key == "menus" else (key,)
            for spelled in keys:
                paths = [base + (spelled,)]
                if isinstance(value, dict) and key != "menus":
                    paths = [base + (spelled,) + path for path, _ in _leaves(value, ())]
                for path in paths:
                    ok, _ = config_file.get(path)
                    if ok:
                        found.append(Diagnostic(
                            config_file.rel, config_file.line(path),
                            f"{'.'.join(str(p) for p in path)} is set here and also written to "
                            f"{target} from the catalog; remove it here so that the catalog's "
                            "translation is the one Hugo uses"))
    return found


def config_note(catalog: str) -> str:
    """The comment at the top of the generated file."""
    return (f"Menus and site parameters of this language, written by cfg-i18n merge from\n"
            f"{catalog}; do not edit (translate in the catalog). Hugo merges this file over\n"
            "the site configuration's languages.<lang> settings.")


def render_target(data: dict[str, Any], fmt: str, catalog: str) -> str:
    """The generated file's text."""
    return dump(data, fmt, config_note(catalog))
