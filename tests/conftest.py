"""Shared test fixtures: where the real corpus and the seed page live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "codefor.de"
CORPUS_CONTENT = CORPUS / "content"
SEED = SHARED / "corpus" / "seed" / "_index.md"
SEED_MSGIDS = SHARED / "fixtures" / "seed.msgids"


def corpus_pages() -> list[Path]:
    """Every Markdown page of the real site, sorted (empty when ../shared is missing)."""
    return sorted(CORPUS_CONTENT.rglob("*.md")) if CORPUS_CONTENT.is_dir() else []


@pytest.fixture(scope="session")
def corpus_content() -> Path:
    if not CORPUS_CONTENT.is_dir():
        pytest.fail(f"the real corpus is missing at {CORPUS_CONTENT}: check out ../shared beside the repository")
    return CORPUS_CONTENT
