"""The ``cfg-i18n`` program: the pipeline's commands in their plain form skip the option parser.

``cfg-i18n extract``, ``merge`` and ``check``, alone or with ``--site DIR``, are what hooks and
CI run after every change. With the cache warm such a run has little to do, and loading the
option parser (Typer and click) took a fifth of its time. Those command lines call the
command in :mod:`cfg_i18n.commands` directly, with the defaults that the parser would give.
Every other command line (any other option, ``--help``, a typo, a ``--site`` that is not a
folder) goes to the parser in :mod:`cfg_i18n.cli`, which validates it and explains mistakes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

#: Commands that run without the parser when no option but ``--site`` is given.
DIRECT = ("extract", "merge", "check")


def direct_call(args: Sequence[str]) -> tuple[str, Path] | None:
    """The command and site of a command line that needs no parser (``merge``,
    ``merge --site DIR``, ``merge --site=DIR``), else None."""
    if not args or args[0] not in DIRECT:
        return None
    if len(args) == 1:
        return args[0], Path(".")
    if len(args) == 2 and args[1].startswith("--site="):
        value = args[1][len("--site="):]
    elif len(args) == 3 and args[1] == "--site":
        value = args[2]
    else:
        return None
    # A value the parser would reject, or read differently, is left to it and its messages.
    if not value or value.startswith("-") or not os.path.isdir(value):
        return None
    return args[0], Path(value)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` and return the exit code (for embedding and tests)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    call = direct_call(args)
    if call is None:
        from cfg_i18n.cli import run as run_parsed

        return run_parsed(args)
    from cfg_i18n import commands

    name, site = call
    try:
        getattr(commands, name)(site)
    except SystemExit as done:
        return commands.exit_code(done)
    except KeyboardInterrupt:  # as the parser ends it
        commands.err.write("\nAborted!\n")
        return 1
    except BrokenPipeError:  # ``cfg-i18n check | head -1``: the reader left, as the parser ends it
        return 1
    return 0


def main() -> None:
    """Console-script entry point of ``cfg-i18n``.

    Leaves without the interpreter's teardown: a run holds tens of thousands of objects (page
    summaries, catalog entries, the command line's own), and freeing them one by one costs
    15–30 ms, more than a warm run's own work. Every file is written and closed by then (no
    exit handler of ours is pending); only the standard streams need flushing.
    """
    code = run()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (``cfg-i18n status | head``)
            stream.flush()
    os._exit(code)
