"""The per-worker batcher: concurrent items answered together, each its own answer or error."""

from __future__ import annotations

import gc
import threading
import time
import weakref
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


def test_clients_that_ask_again_at_once_are_gathered_into_one_batch() -> None:
    batches: list[list[int]] = []
    begun, release = threading.Event(), threading.Event()

    def answer_many(items: Sequence[int]) -> list[int]:
        batches.append(list(items))
        begun.set()
        release.wait(timeout=10)  # the first batch, until the others are queued
        time.sleep(0.02)  # a batch's work
        return [2 * i for i in items]

    batcher: Batcher[int, int] = Batcher(answer_many, again=0.3)

    def client(number: int) -> None:
        for turn in range(5):
            assert batcher.answer(number * 100 + turn) == 2 * (number * 100 + turn)
            time.sleep(0.015)  # its answer read, the next sent: longer than ``linger``

    with ThreadPoolExecutor(4) as pool:
        clients = [pool.submit(client, 0)]
        assert begun.wait(timeout=10)
        clients += [pool.submit(client, number) for number in (1, 2, 3)]
        deadline = time.monotonic() + 10
        while batcher._queue.qsize() < 3 and time.monotonic() < deadline:
            time.sleep(0.001)
        release.set()
        for done in clients:
            done.result(timeout=30)
    # The first client alone (the batcher was idle); then the others, queued meanwhile, with
    # the first one's next question, waited for; then all four together, until the first
    # client, a question ahead, is done. Taking only what is queued, the two would stay apart.
    assert [len(batch) for batch in batches] == [1, 4, 4, 4, 4, 3]


def test_a_lone_client_is_never_kept_waiting_for_others() -> None:
    doubler = Doubler()
    doubler.release.set()
    batcher: Batcher[int, int] = Batcher(doubler, again=5.0)
    start = time.monotonic()
    assert [batcher.answer(1), batcher.answer(2), batcher.answer(3)] == [2, 4, 6]
    assert time.monotonic() - start < 2.5  # not the 5 s of ``again``
    assert doubler.batches == [[1], [2], [3]]


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _frozen_within(seconds: float) -> bool:
    # The batcher's thread freezes after it has given the answers: wait for it.
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if gc.get_freeze_count():
            return True
        time.sleep(0.01)
    return False


def test_what_the_first_batch_loaded_is_moved_out_of_the_collectors_reach() -> None:
    gc.unfreeze()
    try:
        loaded: list[_Cycle] = []

        def answer_many(items: Sequence[int]) -> list[int]:
            loaded.append(_Cycle())  # as the packs and the catalogue, kept for the worker's life
            return [2 * i for i in items]

        batcher: Batcher[int, int] = Batcher(answer_many)
        gone = _Cycle()
        dead = weakref.ref(gone)
        gc.disable()  # no collection of its own may take the garbage away first
        try:
            del gone
            assert dead() is not None
            assert batcher.answer(1) == 2
            assert _frozen_within(5)
        finally:
            gc.enable()
        assert dead() is None  # the garbage of the moment was collected, not frozen
        assert all(kept is not loaded[0] for kept in gc.get_objects())  # frozen
        # Only after the first batch: later ones leave the collector alone.
        gc.unfreeze()
        assert batcher.answer(2) == 4
        assert not _frozen_within(0.3)
    finally:
        gc.unfreeze()
