"""Everything the site catalog is made from, read once: i18n tables, Hugo config, data files."""

from __future__ import annotations

from dataclasses import dataclass, field

from cfg_i18n.config import Config
from cfg_i18n.errors import Diagnostic
from cfg_i18n.sitestrings.datafiles import DataFile, data_messages, read_data_file
from cfg_i18n.sitestrings.files import check_name, data_file_paths, table_files
from cfg_i18n.sitestrings.hugoconfig import (
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
from cfg_i18n.sitestrings.tables import Table, read_table, table_messages


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
