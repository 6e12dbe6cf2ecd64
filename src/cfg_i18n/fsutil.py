"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: A file as caches remember it: (size, modification time, change time, inode), times in ns;
#: None when it is missing. The change time and inode as well, as git's index keeps them: a
#: file put back with an old modification time (cp -p, tar, rsync -t) or replaced by a rename
#: has new ones.
FileStamp = tuple[int, int, int, int] | None


def file_stamp(path: str | os.PathLike[str]) -> FileStamp:
    """What tells a cache whether a file changed since it last looked."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Returns False, leaving the file untouched, when it already holds exactly these bytes:
    that keeps timestamps and git quiet on re-runs.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


#: Suffix of files prepared by :func:`stage`; :func:`discard_all` finds leftovers by it.
STAGED_SUFFIX = ".cfg-i18n-staged"


def stage(path: Path, data: bytes) -> Path | None:
    """Write ``data`` beside ``path`` in a temporary file, to be put in place by :func:`commit`.

    Returns None when ``path`` already holds these bytes. Lets many files be prepared (in
    worker processes, say) and then all put in place, or none if something failed.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return None
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=STAGED_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def commit(staged: Path, path: Path) -> None:
    """Put a file prepared by :func:`stage` in place."""
    os.replace(staged, path)


def discard(staged: Path | None) -> None:
    """Remove a file prepared by :func:`stage` that will not be used."""
    if staged is not None:
        staged.unlink(missing_ok=True)


def discard_all(root: Path) -> None:
    """Remove every file :func:`stage` left below ``root`` (after a run that failed)."""
    if root.is_dir():
        for leftover in root.rglob(f".*{STAGED_SUFFIX}"):
            leftover.unlink(missing_ok=True)
