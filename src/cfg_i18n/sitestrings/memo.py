"""Remember what a command found about the site strings while none of their files changed.

A warm ``extract``, ``merge``, ``check`` or ``status`` then only reads the files' bytes, and
does not load a YAML parser for the Hugo configuration it read last time.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cfg_i18n import __version__
from cfg_i18n.fsutil import write_atomic
from cfg_i18n.hashing import blake2b_hex, sha256_hex
from cfg_i18n.parsing import read_pickle

#: Directory of the memos, relative to the site (one file per command).
MEMO_DIR = Path(".cfg-i18n") / "cache"

FileStamp = tuple[str, str]


def file_stamps(paths: Iterable[Path]) -> tuple[FileStamp, ...]:
    """``(path, content digest)`` of each file (empty for a missing one).

    Contents, not modification times: the files are few and small, and a file rewritten
    within the same clock tick with the same size must not pass for unchanged.
    """
    stamps: list[FileStamp] = []
    for path in paths:
        try:
            digest = blake2b_hex(path.read_bytes())
        except OSError:
            digest = ""
        stamps.append((str(path), digest))
    return tuple(stamps)


def settings_key(*parts: object) -> str:
    """A digest of everything besides the files that a result depends on."""
    return sha256_hex(repr((__version__, parts)).encode())[:16]


class Memo:
    """A command's last result with what it depended on, pickled in the cache directory.

    One file per command, so that a command unpickles (and imports) only its own result.
    """

    def __init__(self, site: Path, operation: str, enabled: bool = True) -> None:
        self.file = site / MEMO_DIR / f"sitestrings-{operation}.pickle" if enabled else None

    def get(self, key: str, stamps: tuple[FileStamp, ...]) -> Any:
        """The remembered value, or None when anything it depends on changed."""
        if self.file is None:
            return None
        held = read_pickle(self.file)
        if not isinstance(held, tuple) or len(held) != 3 or held[0] != key or held[1] != stamps:
            return None
        return held[2]

    def put(self, key: str, stamps: tuple[FileStamp, ...], value: object) -> None:
        """Remember a value."""
        if self.file is not None:
            write_atomic(self.file, pickle.dumps((key, stamps, value),
                                                 protocol=pickle.HIGHEST_PROTOCOL))
