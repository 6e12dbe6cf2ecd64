"""Writing files: all or nothing, only when the bytes change, with the permissions of any new file."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cfg_i18n import fsutil
from cfg_i18n.cli import app
from cfg_i18n.fsutil import STAGED_SUFFIX, commit, discard_all, stage, write_atomic

SITE = Path(__file__).parent / "fixtures" / "catalog" / "site"


def _new_file_mode() -> int:
    """What the umask leaves of 0666: the mode an editor gives a file it creates."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_atomic_writes_once_and_leaves_nothing_beside(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "page.po"
    assert write_atomic(target, b"msgid \"\"\n")
    assert target.read_bytes() == b"msgid \"\"\n"
    before = target.stat().st_mtime_ns, target.stat().st_ino
    assert not write_atomic(target, b"msgid \"\"\n")  # same bytes: the file is not touched
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == before
    assert write_atomic(target, b"changed\n")
    assert target.read_bytes() == b"changed\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.po"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_new_files_get_the_umask_permissions_not_private_ones(tmp_path: Path) -> None:
    written = tmp_path / "written.po"
    write_atomic(written, b"x")
    staged = stage(tmp_path / "staged.md", b"y")
    assert staged is not None
    commit(staged, tmp_path / "staged.md")
    assert _mode(written) == _mode(tmp_path / "staged.md") == _new_file_mode()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_catalogs_and_pages_of_a_run_are_readable_like_any_new_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    for command in ("extract", "merge"):
        result = CliRunner().invoke(app, [command, "--site", str(site)])
        assert result.exit_code == 0, result.output
    written = [*(site / "locale").rglob("*.po*"), *(site / "content" / "en").rglob("*.md")]
    assert len(written) > 30
    assert {_mode(path) for path in written} == {_new_file_mode()}


def test_a_leftover_of_a_killed_run_does_not_block_the_next(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import itertools

    monkeypatch.setattr(fsutil, "_serial", itertools.count())
    target = tmp_path / "page.po"
    leftover = tmp_path / f".page.po.{os.getpid()}-0.tmp"  # the name the next write would pick
    leftover.write_bytes(b"half")
    assert write_atomic(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert leftover.read_bytes() == b"half"  # someone else's file: not touched


def test_staged_files_are_hidden_until_committed_and_discarded_after_a_failure(tmp_path: Path) -> None:
    pages = [tmp_path / "en" / f"p{index}.md" for index in range(3)]
    staged = [stage(page, f"page {index}".encode()) for index, page in enumerate(pages)]
    assert all(s is not None and Path(s).name.startswith(".") and s.endswith(STAGED_SUFFIX)
               and Path(s).parent == tmp_path / "en" for s in staged)
    assert not any(page.exists() for page in pages)
    discard_all(tmp_path)
    assert list((tmp_path / "en").iterdir()) == []
    staged = [stage(page, b"same") for page in pages]
    for s, page in zip(staged, pages):
        assert s is not None
        commit(s, page)
    assert stage(pages[0], b"same") is None  # unchanged bytes: nothing to put in place
    assert sorted(p.name for p in (tmp_path / "en").iterdir()) == ["p0.md", "p1.md", "p2.md"]
