"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import itertools
import os
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


_serial = itertools.count()


def _create_beside(path: str | os.PathLike[str], suffix: str) -> tuple[int, str]:
    """A new, empty file in ``path``'s directory, open for writing, that no other process or
    thread can have picked (the process id and a counter in its name, ``O_EXCL``).

    Created with the permissions the user's umask gives a new file, as an editor would
    create it (``tempfile.mkstemp`` makes every catalog and page private, mode 0600).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    directory, base = os.path.split(os.fspath(path))
    while True:
        name = os.path.join(directory, f".{base}.{os.getpid()}-{next(_serial)}{suffix}")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:  # left by a run that was killed: pick the next number
            continue
        except FileNotFoundError:  # the first file of its directory: make the directory
            os.makedirs(directory, exist_ok=True)
            return os.open(name, flags, 0o666), name


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
    fd, tmp = _create_beside(path, ".tmp")
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


def stage(path: str | os.PathLike[str], data: bytes) -> str | None:
    """Write ``data`` beside ``path`` in a temporary file, to be put in place by :func:`commit`.

    Returns the temporary file's path, or None when ``path`` already holds these bytes. Lets
    many files be prepared (in worker processes, say) and then all put in place, or none if
    something failed. (A plain string: a worker sends thousands of them to the main process.)
    """
    try:
        if os.stat(path).st_size == len(data):
            with open(path, "rb") as handle:
                if handle.read() == data:
                    return None
    except FileNotFoundError:
        pass
    fd, tmp = _create_beside(path, STAGED_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def commit(staged: str, path: str | os.PathLike[str]) -> None:
    """Put a file prepared by :func:`stage` in place."""
    os.replace(staged, path)


def discard_all(root: Path) -> None:
    """Remove every file :func:`stage` left below ``root`` (after a run that failed)."""
    if root.is_dir():
        for leftover in root.rglob(f".*{STAGED_SUFFIX}"):
            leftover.unlink(missing_ok=True)
