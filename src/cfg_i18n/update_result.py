"""What an update did to one catalog: its entries and the counts a report shows.

Apart from :mod:`cfg_i18n.update`, so that a run that only reports the counts remembered
from an earlier run (a warm ``extract``) loads neither polib nor the catalog writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polib


@dataclass(slots=True)
class UpdateResult:
    """The updated entries of one catalog and what happened to them."""

    entries: list[polib.POEntry]
    """Active entries in template order, then obsolete ones."""
    new: int = 0
    """Messages that had no translation source at all."""
    fuzzy_new: int = 0
    """Messages that got an old translation as fuzzy in this update."""
    obsoleted: int = 0
    """Entries that turned obsolete in this update."""
    borrowed: int = 0
    """Messages filled by an exact match from another catalog (a renamed page)."""
    translated: int = 0
    """Active entries with a non-fuzzy translation."""
    fuzzy: int = 0
    """Active entries marked fuzzy."""
    untranslated: int = 0
    """Active entries without translation."""
    obsolete: int = 0
    """Obsolete entries kept at the end of the catalog."""

    def quiet(self) -> UpdateResult:
        """The same catalog in a run that did not touch it: its counts, no events, no
        entries (what a warm run reports for a page or site catalog it skipped)."""
        return UpdateResult(entries=[], translated=self.translated, fuzzy=self.fuzzy,
                            untranslated=self.untranslated, obsolete=self.obsolete)
