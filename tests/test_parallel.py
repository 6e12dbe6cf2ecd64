"""Work spread over processes: every item once, in order, in chunks that shrink towards the end."""

from __future__ import annotations

import os

import pytest

from cfg_i18n.parsing import chunk_sizes, parallel_iter, parallel_map


@pytest.mark.parametrize("total", [1, 7, 48, 524, 5240])
@pytest.mark.parametrize("workers", [2, 4, 8])
def test_chunks_cover_every_item_and_shrink_towards_the_end(total: int, workers: int) -> None:
    sizes = chunk_sizes(total, workers)
    assert sum(sizes) == total
    assert all(1 <= size <= 64 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)  # the last chunks are the smallest
    assert all(size >= 8 for size in sizes[:-1])  # only the remainder may be smaller than 8
    if total >= 8 * workers * 4:
        assert sizes[-2] == 8  # the workers finish within a small chunk of each other


def _square(chunk: list[int], offset: int) -> list[int]:
    return [item * item + offset for item in chunk]


def test_parallel_map_keeps_the_order_of_the_items() -> None:
    items = list(range(300))  # more than PARALLEL_MIN: worker processes on a multi-core machine
    assert parallel_map(_square, items, 1) == [item * item + 1 for item in items]


def _twice(chunk: list[int], offset: int) -> list[int]:
    """Two results per item, as merge gives one page per language."""
    return [value for item in chunk for value in (item + offset, -item - offset)]


@pytest.mark.parametrize("cores", [1, 2])
def test_progress_counts_items_not_results(monkeypatch: pytest.MonkeyPatch, cores: int) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    seen: list[tuple[str, int, int]] = []
    items = list(range(200))
    results = list(parallel_iter(_twice, items, 1, lambda *step: seen.append(step), "merge"))
    assert results == [value for item in items for value in (item + 1, -item - 1)]
    assert all(stage == "merge" and total == 200 for stage, _, total in seen)
    done = [count for _, count, _ in seen]
    assert done == sorted(done) and done[-1] == 200
