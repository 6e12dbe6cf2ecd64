"""Site strings: the text of a Hugo site that is not in its content pages.

Hugo i18n tables (:mod:`.tables`), the menus and configured parameters of the Hugo
configuration (:mod:`.hugoconfig`) and configured values of data files (:mod:`.datafiles`) go
into one more catalog beside the page catalogs, ``locale/templates/_site.pot`` and
``locale/<lang>/_site.po`` (``site_catalog`` names it), with the pages' rules for update,
check, status and safety. ``merge`` writes what Hugo reads for the target language:
``i18n/<lang>.<ext>``, ``config/_default/hugo.<lang>.<ext>`` and ``data/<lang>/…``.

The commands reach this package through one call each: :func:`plan_extract` (and the plan's
``commit``), :func:`merge_site_strings`, :func:`check_site_strings` and
:func:`add_site_strings_status`, all in :mod:`.commands`, which answers from the memo of the
last run while no file changed and imports the readers only when it must. A site without any
of these sources gets no site catalog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cfg_i18n.sitestrings.commands import (
        ExtractPlan,
        add_site_strings_status,
        check_site_strings,
        merge_site_strings,
        plan_extract,
    )
    from cfg_i18n.sitestrings.files import site_catalog_path
    from cfg_i18n.sitestrings.results import SiteMergeResult

__all__ = [
    "ExtractPlan",
    "SiteMergeResult",
    "add_site_strings_status",
    "check_site_strings",
    "merge_site_strings",
    "plan_extract",
    "site_catalog_path",
]

# Each command loads only the light modules of the memo check (see :mod:`.commands`).
_LAZY = {"add_site_strings_status": "commands", "check_site_strings": "commands",
         "ExtractPlan": "commands", "plan_extract": "commands",
         "merge_site_strings": "commands", "site_catalog_path": "files",
         "SiteMergeResult": "results"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"cfg_i18n.sitestrings.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'cfg_i18n.sitestrings' has no attribute {name!r}")
