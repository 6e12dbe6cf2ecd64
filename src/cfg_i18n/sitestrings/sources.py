"""Everything the site catalog is made from, read once: i18n tables, Hugo config, data files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cfg_i18n.config import Config
from cfg_i18n.errors import ConfigError, Diagnostic
from cfg_i18n.sitestrings.datafiles import DataFile, data_file_paths, data_messages, read_data_file
from cfg_i18n.sitestrings.hugoconfig import (
    CONFIG_DIR,
    ROOT_FILES,
    HugoConfig,
    MenuSource,
    ParamValue,
    menu_messages,
    param_messages,
    read_hugo_config,
    source_menus,
    source_params,
)
from cfg_i18n.sitestrings.model import SiteMessage
from cfg_i18n.sitestrings.tables import Table, read_table, table_files, table_messages


@dataclass(slots=True)
class SiteSources:
    """The source language's site strings and the files they come from."""

    tables: list[Table] = field(default_factory=list)
    """i18n tables, the one that wins an ID first."""
    hugo: HugoConfig = field(default_factory=HugoConfig)
    """The Hugo configuration files."""
    menus: MenuSource = field(default_factory=lambda: MenuSource({}))
    """The source language's menus."""
    params: list[ParamValue] = field(default_factory=list)
    """The configured site parameters."""
    data: list[DataFile] = field(default_factory=list)
    """Data files with their configured values."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """What looked odd while reading."""
    menu_keys: tuple[str, ...] = ()
    """The menu entry fields that are messages."""

    def messages(self) -> list[SiteMessage]:
        """All messages: tables, menus, parameters, data files (the catalog's order)."""
        found = table_messages(self.tables)
        found += menu_messages(self.menus, self.menu_keys)
        found += param_messages(self.params)
        for data in self.data:
            found += data_messages(data)
        return found


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
    content_clash = config.content_path() / f"{config.site_catalog}.md"
    files.append(content_clash)
    return files


def check_name(config: Config) -> None:
    """A source page whose catalog would be the site catalog is a configuration error."""
    clash = config.content_path() / f"{config.site_catalog}.md"
    if clash.exists():
        raise ConfigError(
            f"site_catalog: the page {config.content_dir}/{config.site_catalog}.md would share "
            f"its catalog with the site strings; set another name, e.g. site_catalog = "
            f"\"_site_strings\"", str(config.config_file) if config.config_file else None)


def collect(config: Config) -> SiteSources:
    """Read every source of site strings; unreadable files raise :class:`InputError`."""
    check_name(config)
    site = config.site
    sources = SiteSources(menu_keys=tuple(config.menu_keys))
    for file in table_files(site, config.i18n_dirs, config.source_language):
        table, warnings = read_table(file, file.relative_to(site).as_posix())
        sources.tables.append(table)
        sources.warnings += warnings
    if config.menu_keys or config.site_params:
        sources.hugo = read_hugo_config(site, config.languages)
        if config.menu_keys:
            sources.menus = source_menus(sources.hugo, config.source_language)
        if config.site_params:
            sources.params = source_params(sources.hugo, config.source_language,
                                           config.site_params)
    if config.data_files:
        options = config.extract_options()
        for file, rel, rule in data_file_paths(site, config.data_files, config.languages):
            data, warnings = read_data_file(file, rel, rule, options)
            sources.data.append(data)
            sources.warnings += warnings
    return sources
