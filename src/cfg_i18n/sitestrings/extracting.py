"""``extract`` for the site strings: ``locale/templates/_site.pot`` and ``locale/<lang>/_site.po``.

Everything is read and rendered before anything is written (:func:`render_plan`, which
:func:`~cfg_i18n.sitestrings.commands.plan_extract` calls when its memo does not hold the
result), and the files are put in place after the pages' catalogs
(:meth:`~cfg_i18n.sitestrings.commands.ExtractPlan.commit`), so that a broken data file or i18n
table stops the run with nothing written, like a broken page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cfg_i18n import catalog as cat
from cfg_i18n.config import Config
from cfg_i18n.sitestrings.commands import ExtractPlan
from cfg_i18n.sitestrings.files import site_catalog_path
from cfg_i18n.sitestrings.results import ExtractCounts
from cfg_i18n.sitestrings.sitecatalog import (
    render_template,
    template_entries,
    update_catalog,
)
from cfg_i18n.sitestrings.sources import collect


def render_plan(config: Config, wanted: Sequence[str]) -> ExtractPlan | None:
    """Read the site strings and render their catalogs (the plan is not yet remembered);
    None when the site has none (no messages and no site catalog on disk)."""
    pot_path = site_catalog_path(config, None)
    po_paths = {language: site_catalog_path(config, language) for language in wanted}
    sources = collect(config)
    messages = sources.messages()
    if not messages and not pot_path.exists() and not any(p.exists() for p in po_paths.values()):
        return None
    template = template_entries(messages, config.references)
    project = config.project_name()
    width = config.wrap_width
    date = cat.creation_date()
    old_pot = _read(pot_path)

    def build(stamp: str) -> str:
        return render_template(project, template, stamp, width)

    pot_text, pot_date = cat.render_keeping_date(old_pot, build, date)
    plan = ExtractPlan(config, ExtractCounts(len(template), [], sources.warnings))
    if pot_text != old_pot:
        plan.files[pot_path] = pot_text
    for language, path in po_paths.items():
        existing = cat.read_catalog(path)
        updated = update_catalog(existing, template, project, language, pot_date)
        text = cat.render_catalog(updated.catalog, width)
        if text != _read(path):
            plan.files[path] = text
        updated.result.entries = []
        plan.counts.updates.append((language, updated.result, updated.created))
    return plan


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
