"""What a command reports about the site strings: the values the memos keep.

Apart from the modules that compute them, so that unpickling a memo imports these classes
and not the parsers and catalog code beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from cfg_i18n.errors import Diagnostic

if TYPE_CHECKING:
    from cfg_i18n.check import Finding
    from cfg_i18n.status import PageStatus
    from cfg_i18n.update_result import UpdateResult


class ExtractCounts(NamedTuple):
    """What an extract run did, without the entries (what the memo keeps)."""

    messages: int
    updates: list[tuple[str, UpdateResult, bool]]
    """``(language, update, created)`` per catalog."""
    warnings: list[Diagnostic]


@dataclass(slots=True)
class SiteMergeResult:
    """What ``merge`` did to one language's site strings."""

    language: str
    """Language code."""
    written: list[str] = field(default_factory=list)
    """Site-relative files written (new or changed)."""
    unchanged: int = 0
    """Files that already held the same bytes."""
    removed: list[str] = field(default_factory=list)
    """Files written earlier that the tool no longer produces."""
    messages: int = 0
    """Messages of the site catalog."""
    applied: int = 0
    """Messages whose translation was applied."""
    fallbacks: list[Diagnostic] = field(default_factory=list)
    """Unsafe or incomplete translations that were not applied."""
    conflicts: list[Diagnostic] = field(default_factory=list)
    """Files in the way that the tool did not write (left alone)."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """Settings of the user's configuration that compete with the generated file."""


@dataclass(slots=True)
class CheckOutcome:
    """What the checks of the site catalog found (what the memo keeps)."""

    findings: list[Finding] = field(default_factory=list)
    statuses: dict[str, PageStatus] = field(default_factory=dict)
    """Language -> the site catalog's counts, as one page."""
    catalogs: int = 0
    """Site catalogs checked."""
