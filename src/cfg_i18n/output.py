"""Where the command line prints: plain lines straight to the stream, rich only when needed.

Most runs print a handful of plain lines, and importing rich costs a good part of a warm
run's time; so rich is loaded only for what needs it (tables, styled check lines, the
progress bar on a terminal). The stream is looked up at every write, so redirecting
``sys.stdout`` (as test runners do) works.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console


class Output:
    """Standard output or standard error, with a rich console made on first use."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._rich: Console | None = None

    @property
    def stream(self) -> TextIO:
        return sys.stderr if self._stderr else sys.stdout

    @property
    def is_terminal(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    @property
    def rich(self) -> Console:
        """A rich console on the same stream (no highlighting, no wrapping of long lines)."""
        if self._rich is None:
            from rich.console import Console

            self._rich = Console(stderr=self._stderr, highlight=False, soft_wrap=True)
        return self._rich

    def write(self, text: str) -> None:
        """Write ``text`` as it is, without adding a line end."""
        self.stream.write(text)

    def print(self, text: Any, markup: bool = True, **options: Any) -> None:
        """Print a line: a plain string as it is (``markup=False``), anything else with rich."""
        if isinstance(text, str) and not markup and not options:
            self.stream.write(text + "\n")
        else:
            self.rich.print(text, markup=markup, **options)
