"""The caches are safe: a warm run writes byte for byte what a cold run writes.

extract, merge and check skip pages whose inputs did not change and take parsed pages from
a content-addressed cache (``.cfg-i18n/cache``). Here a site of real pages goes through
edits, renames, deletions, new pages and translator edits; after every step the warm site
(caches from all earlier runs) must hold exactly the catalogs, pages and check report of a
cold copy of it (same inputs, no cache). A changed configuration or tool version must not
reuse anything cached before.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS_CONTENT, corpus_pages

import cfg_i18n.parsing
import cfg_i18n.site
from cfg_i18n import catalog as cat
from cfg_i18n.check import check_site
from cfg_i18n.config import load_config
from cfg_i18n.merge import merge_site
from cfg_i18n.parsing import SourceDigests
from cfg_i18n.report import check_data
from cfg_i18n.site import extract_site

CONFIG = """\
source_language = "de"
languages = ["en"]
content_dir = "content/de"
project = "cache test"
"""

#: State that is not cache: it is copied to the cold twin.
STATE = Path(".cfg-i18n") / "manifest.json"


def real_pages(every: int, offset: int = 0) -> list[Path]:
    """Every ``every``-th page of the real site: a spread of its kinds of page."""
    pages = corpus_pages()
    if not pages:
        pytest.fail("the real corpus is missing: check out ../shared beside the repository")
    return pages[offset::every]


def build_site(root: Path, pages: list[Path]) -> Path:
    for page in pages:
        target = root / "content" / "de" / page.relative_to(CORPUS_CONTENT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    (root / "i18n.toml").write_text(CONFIG, encoding="utf-8")
    return root


def files(root: Path, below: str) -> dict[str, bytes]:
    base = root / below
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(base.rglob("*")) if p.is_file()} if base.is_dir() else {}


def outputs(site: Path) -> dict[str, bytes]:
    """Everything the tool writes that a user sees: catalogs and localised pages."""
    return {**files(site, "locale"), **files(site, "content/en")}


def translate_all(site: Path) -> None:
    """Fill every empty entry, as a translator would ("EN: " keeps all markup)."""
    for po_file in sorted((site / "locale" / "en").rglob("*.po")):
        catalog = cat.catalog_from_po(cat.load_po(po_file))
        changed = False
        for entry in catalog.entries:
            if entry.msgid and not entry.msgstr and not entry.obsolete:
                entry.msgstr = "EN: " + entry.msgid
                changed = True
        if changed:
            po_file.write_text(cat.render_catalog(catalog), encoding="utf-8")


def pipeline(site: Path, use_cache: bool) -> dict[str, Any]:
    """extract, translate what is new, merge, check: what a maintainer runs on each change."""
    config = load_config(site)
    extract_site(config, use_cache=use_cache)
    translate_all(site)
    extract_site(config, use_cache=use_cache)
    merge_site(config, use_cache=use_cache)
    data = check_data(check_site(config, use_cache=use_cache))
    return data


def cold_twin(site: Path, twin: Path) -> Path:
    """A copy of the site's inputs and state, without any cache."""
    if twin.exists():
        shutil.rmtree(twin)
    shutil.copytree(site, twin, ignore=shutil.ignore_patterns(".cfg-i18n"))
    if (site / STATE).exists():
        (twin / STATE).parent.mkdir(parents=True)
        shutil.copyfile(site / STATE, twin / STATE)
    return twin


def edit(site: Path) -> None:
    page = sorted((site / "content" / "de").rglob("*.md"))[3]
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nEin neuer Absatz mit [einem Link](/ueber-uns/).\n", encoding="utf-8")


def rename(site: Path) -> None:
    page = sorted((site / "content" / "de").rglob("*.md"))[5]
    page.rename(page.with_name("umbenannt-" + page.name))


def delete(site: Path) -> None:
    sorted((site / "content" / "de").rglob("*.md"))[7].unlink()


def add(site: Path) -> None:
    for page in real_pages(16, offset=3)[:2]:
        target = site / "content" / "de" / "neu" / page.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)


def touch(site: Path) -> None:
    page = sorted((site / "content" / "de").rglob("*.md"))[1]
    page.write_bytes(page.read_bytes())


def retranslate(site: Path) -> None:
    po_file = sorted((site / "locale" / "en").rglob("*.po"))[2]
    catalog = cat.catalog_from_po(cat.load_po(po_file))
    catalog.entries[0].msgstr = "Anders übersetzt: " + catalog.entries[0].msgid
    po_file.write_text(cat.render_catalog(catalog), encoding="utf-8")


def edit_and_move_back(site: Path) -> None:
    """An edit undone in the next step: the cache must not serve the edited parse."""
    page = sorted((site / "content" / "de").rglob("*.md"))[4]
    page.write_text(page.read_text(encoding="utf-8").replace("e", "é", 1), encoding="utf-8")


def undo_edit(site: Path) -> None:
    page = sorted((site / "content" / "de").rglob("*.md"))[4]
    page.write_text(page.read_text(encoding="utf-8").replace("é", "e", 1), encoding="utf-8")


STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("nothing changed", lambda site: None),
    ("page edited", edit),
    ("page touched", touch),
    ("page renamed", rename),
    ("page deleted", delete),
    ("pages added", add),
    ("translation edited", retranslate),
    ("page edited", edit_and_move_back),
    ("edit undone", undo_edit),
]


@pytest.mark.parametrize("every", [40, 9], ids=["14 pages, one process", "59 pages, on all cores"])
def test_warm_runs_equal_cold_runs(tmp_path: Path, every: int) -> None:
    site = build_site(tmp_path / "warm", real_pages(every))
    assert len(list((site / "content" / "de").rglob("*.md"))) > (
        cfg_i18n.parsing.PARALLEL_MIN if every == 9 else 0)
    pipeline(site, use_cache=True)
    for name, step in STEPS:
        twin = cold_twin(site, tmp_path / "cold")
        step(site)
        step(twin)
        settle(site)
        warm = pipeline(site, use_cache=True)
        cold = pipeline(twin, use_cache=False)
        assert outputs(site) == outputs(twin), f"after '{name}': warm and cold outputs differ"
        assert warm == cold, f"after '{name}': warm and cold check reports differ"
        assert not (twin / ".cfg-i18n" / "cache").exists()


def settle(site: Path) -> None:
    """Date the pages written in the last seconds a minute back, as if edited a while ago: the
    warm run then trusts the remembered hashes of pages whose stamp did not change (a page
    written just before a run is hashed again anyway)."""
    recent = time.time_ns() - 5 * SourceDigests.SETTLED_NS
    for page in (site / "content" / "de").rglob("*.md"):
        if page.stat().st_mtime_ns > recent:
            settled = time.time_ns() - 60 * SourceDigests.SETTLED_NS
            os.utime(page, ns=(settled, settled))


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every page parsed in this process."""
    parsed: list[str] = []
    real = cfg_i18n.parsing.parse_bytes

    def counting(data: bytes, path: str, options: Any) -> Any:
        parsed.append(path)
        return real(data, path, options)

    monkeypatch.setattr(cfg_i18n.parsing, "parse_bytes", counting)
    monkeypatch.setattr(cfg_i18n.site, "parse_bytes", counting)
    return parsed


def test_a_warm_run_parses_only_changed_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    site = build_site(tmp_path / "site", real_pages(40))
    pipeline(site, use_cache=True)
    parsed = count_parses(monkeypatch)
    edit(site)
    pipeline(site, use_cache=True)
    assert len(set(parsed)) == 1


def test_a_new_tool_version_reuses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    site = build_site(tmp_path / "site", real_pages(40))
    pages = len(list((site / "content" / "de").rglob("*.md")))
    before = pipeline(site, use_cache=True)
    monkeypatch.setattr(cfg_i18n.parsing, "__version__", "999.0")
    parsed = count_parses(monkeypatch)
    after = pipeline(site, use_cache=True)
    assert len(set(parsed)) == pages
    assert after == before
    caches = sorted(p.name for p in (site / ".cfg-i18n" / "cache").glob("pages-*"))
    assert len([name for name in caches if name.endswith(".sqlite")]) == 1, caches


def test_a_changed_configuration_reuses_nothing(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    site = build_site(tmp_path / "site", real_pages(40))
    pipeline(site, use_cache=True)
    changed = CONFIG + 'front_matter_keys = ["title", "description", "summary", "subtitle"]\n' \
        "wrap_width = 60\n"
    (site / "i18n.toml").write_text(changed, encoding="utf-8")
    parsed = count_parses(monkeypatch)
    warm = pipeline(site, use_cache=True)
    assert len(set(parsed)) == len(list((site / "content" / "de").rglob("*.md")))
    twin = cold_twin(site, tmp_path / "cold")
    shutil.rmtree(twin / "locale")
    shutil.copytree(site / "locale", twin / "locale")
    assert pipeline(twin, use_cache=False) == warm
    assert outputs(site) == outputs(twin)


def test_a_broken_cache_file_is_parsed_again(tmp_path: Path) -> None:
    site = build_site(tmp_path / "site", real_pages(40))
    cold = pipeline(site, use_cache=True)
    before = outputs(site)
    for cached in (site / ".cfg-i18n" / "cache").iterdir():
        cached.write_bytes(b"not what it was")
    shutil.rmtree(site / "content" / "en")
    assert pipeline(site, use_cache=True) == cold
    assert outputs(site) == before


def test_source_hashes_are_remembered_only_for_settled_files(tmp_path: Path) -> None:
    from cfg_i18n.parsing import digest

    page = tmp_path / "site" / "content" / "de" / "seite.md"
    page.parent.mkdir(parents=True)
    cache = tmp_path / "site" / ".cfg-i18n" / "cache"
    page.write_text("# Alt\n", encoding="utf-8")
    hashes = SourceDigests(cache)
    assert hashes.of(page, "seite.md") == (digest(b"# Alt\n"), b"# Alt\n")
    assert hashes.store.get(str(page)) is None  # just written: its stamp proves nothing yet
    old = page.stat().st_mtime_ns - 5 * SourceDigests.SETTLED_NS
    os.utime(page, ns=(old, old))
    assert hashes.of(page, "seite.md")[1] is not None
    hashes.save()
    again = SourceDigests(cache)
    assert again.of(page, "seite.md") == (digest(b"# Alt\n"), None)  # not read again
    page.write_text("# Neu\n", encoding="utf-8")  # same size, new time
    assert again.of(page, "seite.md") == (digest(b"# Neu\n"), b"# Neu\n")


def test_a_file_put_back_with_its_old_time_is_hashed_again(tmp_path: Path) -> None:
    from cfg_i18n.parsing import digest

    page = tmp_path / "seite.md"
    page.write_text("# Alt\n", encoding="utf-8")
    old = page.stat().st_mtime_ns - 5 * SourceDigests.SETTLED_NS
    os.utime(page, ns=(old, old))
    hashes = SourceDigests(tmp_path / "cache")
    hashes.of(page, "seite.md")
    hashes.save()
    page.write_text("# Neu\n", encoding="utf-8")  # same size, and the old time put back,
    os.utime(page, ns=(old, old))                  # as cp -p, tar or rsync -t do
    assert SourceDigests(tmp_path / "cache").of(page, "seite.md") == (digest(b"# Neu\n"),
                                                                      b"# Neu\n")
