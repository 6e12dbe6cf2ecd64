"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
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


_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
#: Bytes asked for by each read: a catalog or page in one read, and one more read to see the end.
_CHUNK = 1 << 16


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file, read with plain system calls.

    ``open()`` and ``Path.read_bytes`` build a buffered reader around the file first, which
    costs more than reading a catalog-sized file; merge reads a catalog per page and language.
    """
    fd = os.open(path, _READ)
    try:
        chunks = []
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` and close it (no buffered writer, as for reading)."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


_serial = itertools.count()
_pid = os.getpid()


def _forked() -> None:
    global _pid
    _pid = os.getpid()


if hasattr(os, "register_at_fork"):  # each process its own names (no fork on Windows)
    os.register_at_fork(after_in_child=_forked)


def _create_beside(path: str | os.PathLike[str], suffix: str) -> tuple[int, str]:
    """A new, empty file in ``path``'s directory, open for writing, that no other process or
    thread can have picked (the process id and a counter in its name, ``O_EXCL``).

    Created with the permissions the user's umask gives a new file, as an editor would
    create it (``tempfile.mkstemp`` makes every catalog and page private, mode 0600).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    directory, base = os.path.split(os.fspath(path))
    while True:
        name = os.path.join(directory, f".{base}.{_pid}-{next(_serial)}{suffix}")
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
        if read_file(path) == data:
            return False
    except FileNotFoundError:
        pass
    fd, tmp = _create_beside(path, ".tmp")
    try:
        _write_all(fd, data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


#: Suffix of files prepared by :func:`stage`; :func:`discard_all` finds leftovers by it.
STAGED_SUFFIX = ".cfg-i18n-staged"


def stage(path: str | os.PathLike[str], data: bytes, compare: bool = True) -> str | None:
    """Write ``data`` beside ``path`` in a temporary file, to be put in place by :func:`commit`.

    Returns the temporary file's path, or None when ``path`` already holds these bytes
    (``compare=False``: the caller has looked, and they differ). Lets many files be prepared
    (in worker processes, say) and then all put in place, or none if something failed. (A
    plain string: a worker sends thousands of them to the main process.)
    """
    try:
        if compare and os.stat(path).st_size == len(data) and read_file(path) == data:
            return None
    except FileNotFoundError:
        pass
    fd, tmp = _create_beside(path, STAGED_SUFFIX)
    try:
        _write_all(fd, data)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def commit(staged: str, path: str | os.PathLike[str]) -> None:
    """Put a file prepared by :func:`stage` in place."""
    os.replace(staged, path)


#: From this many files on, :func:`commit_all` renames on two threads.
_THREADED_COMMIT_MIN = 64


def commit_all(files: Sequence[tuple[str, str | os.PathLike[str]]]) -> None:
    """Put many files prepared by :func:`stage` in place: ``(staged, path)`` pairs.

    A rename is work in the kernel, during which the interpreter lets other threads run: two
    threads put a site's pages in place in half the time of one. Each takes half of the
    list, in order, so that they work in different folders more often than not.
    """
    if len(files) < _THREADED_COMMIT_MIN:
        _commit_each(files)
        return
    from concurrent.futures import ThreadPoolExecutor

    half = len(files) // 2
    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in [pool.submit(_commit_each, part) for part in (files[:half], files[half:])]:
            done.result()


def _commit_each(files: Sequence[tuple[str, str | os.PathLike[str]]]) -> None:
    for staged, path in files:
        commit(staged, path)


def discard_all(root: Path) -> None:
    """Remove every file :func:`stage` left below ``root`` (after a run that failed)."""
    if root.is_dir():
        for leftover in root.rglob(f".*{STAGED_SUFFIX}"):
            leftover.unlink(missing_ok=True)
