"""The one exception family of cfg-i18n and the diagnostics it reports without failing."""

from __future__ import annotations

from typing import NamedTuple


class CfgI18nError(Exception):
    """An error the user can fix: it names the file and line and says what to do."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(CfgI18nError):
    """A file cannot be read: not UTF-8, front matter that does not parse, a broken PO file."""


class ConfigError(CfgI18nError):
    """The configuration names an unknown key or holds a bad value."""


class Diagnostic(NamedTuple):
    """Something worth telling the user that does not stop the run."""

    path: str
    """File the diagnostic is about (site-relative where known)."""
    line: int | None
    """1-based line in that file, if known."""
    message: str
    """What happened and what to do about it."""
    severity: str = "warning"
    """``warning`` or ``error``."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.severity}: {self.message}"
