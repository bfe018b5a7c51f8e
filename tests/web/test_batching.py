"""The per-worker batcher: concurrent items answered together, each its own answer or error."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from techzone.web.batching import Batcher


class Doubler:
    """Doubles numbers, refuses negative ones, fails a batch holding 13, records its batches;
    the first batch is held until ``release`` is set."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, items: Sequence[int]) -> list[int | Exception]:
        if not self.batches:
            self.started.set()
            self.release.wait(timeout=10)
        self.batches.append(list(items))
        if 13 in items:
            raise RuntimeError("unlucky batch")
        return [ValueError(f"负数 {i}") if i < 0 else 2 * i for i in items]


def _answer(batcher: Batcher[int, int], item: int) -> object:
    try:
        return batcher.answer(item)
    except Exception as error:
        return error


def test_items_queued_while_busy_are_answered_together_each_its_own() -> None:
    doubler = Doubler()
    batcher: Batcher[int, int] = Batcher(doubler, most=3)
    items = [1, 2, -3, 4, 5, 6]
    with ThreadPoolExecutor(len(items)) as pool:
        first = pool.submit(_answer, batcher, items[0])
        assert doubler.started.wait(timeout=10)
        rest = [pool.submit(_answer, batcher, item) for item in items[1:]]
        deadline = time.monotonic() + 10
        while batcher._queue.qsize() < len(rest) and time.monotonic() < deadline:
            time.sleep(0.001)
        doubler.release.set()
        answers = [first.result(timeout=10), *(f.result(timeout=10) for f in rest)]
    assert answers[:2] == [2, 4] and answers[3:] == [8, 10, 12]
    assert isinstance(answers[2], ValueError) and str(answers[2]) == "负数 -3"
    # The first alone; the five queued meanwhile in batches of at most three.
    assert doubler.batches[0] == [1]
    assert [len(batch) for batch in doubler.batches[1:]] == [3, 2]
    assert sorted(i for batch in doubler.batches for i in batch) == sorted(items)


def test_a_failed_batch_fails_its_own_requests_only() -> None:
    doubler = Doubler()
    doubler.release.set()
    batcher: Batcher[int, int] = Batcher(doubler)
    with pytest.raises(RuntimeError, match="unlucky"):
        batcher.answer(13)
    assert batcher.answer(21) == 42  # the batcher goes on


def test_an_idle_item_is_answered_alone_at_once() -> None:
    doubler = Doubler()
    doubler.release.set()
    batcher: Batcher[int, int] = Batcher(doubler)
    assert [batcher.answer(1), batcher.answer(2)] == [2, 4]
    assert doubler.batches == [[1], [2]]
