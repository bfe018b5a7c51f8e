"""Concurrent requests of one worker answered together (micro-batching).

Evaluating rules with Polars costs mostly per plan, not per row: ten self-assessments evaluated as
one frame cost about twice one alone. A ``Batcher`` queues the requests a worker receives; one
thread of the worker takes everything queued when it is free (an idle worker never waits for more;
a busy one a few milliseconds, and, where asked to, for the clients it has just answered) and
hands it to a core function that answers many at once, then gives each request its own answer or
its own error. It only queues and dispatches: what an answer is, is the core function's business.

Nothing is shared between workers or kept between batches: a worker's queue is in its own
memory, and an answer is made for the requests that asked for it (a batch's size is the only thing
a batch tells the next).
"""

from __future__ import annotations

import gc
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

Item = TypeVar("Item")
Answer = TypeVar("Answer")


class Batcher(Generic[Item, Answer]):
    """Answers items with ``answer_many(items)``, which returns for each item, in order, its
    answer or the exception to raise for it alone; at most ``most`` items at a time, taken as
    they are queued (after a batch of several, for at most ``linger`` seconds more).

    ``again``: for clients that ask again as soon as they are answered, the seconds after a
    batch ends within which the next one waits for as many items as that batch held and the
    queue held at its end, while fewer are queued."""

    def __init__(
        self,
        answer_many: Callable[[Sequence[Item]], Sequence[Answer | Exception]],
        *,
        most: int = 32,
        linger: float = 0.005,
        again: float = 0.0,
        name: str = "batcher",
    ) -> None:
        self._answer_many = answer_many
        self._most = most
        self._linger = linger
        self._again = again
        self._name = name
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[tuple[Item, Future[Answer]]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()

    def answer(self, item: Item) -> Answer:
        """The item's answer (blocking until its batch is done), or its own error raised."""
        future: Future[Answer] = Future()
        self._running().put((item, future))
        return future.result()

    def _running(self) -> queue.SimpleQueue[tuple[Item, Future[Answer]]]:
        with self._lock:
            if self._pid != os.getpid():
                # A forked worker has neither the parent's thread nor its waiting requests.
                self._queue, self._thread, self._pid = queue.SimpleQueue(), None, os.getpid()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._serve, args=(self._queue,), name=self._name, daemon=True
                )
                self._thread.start()
            return self._queue

    def _serve(self, waiting: queue.SimpleQueue[tuple[Item, Future[Answer]]]) -> None:
        busy = False
        first = True
        expect, again_until = 1, 0.0
        while True:
            batch = [waiting.get()]
            # When the last batch held several requests, their clients are likely to ask again
            # within moments: wait for them a little (``linger``), rather than start a batch of
            # one and make them wait for it. An idle worker answers a request at once.
            until = time.monotonic() + (self._linger if busy else 0.0)
            while len(batch) < self._most:
                try:
                    batch.append(waiting.get_nowait())
                    continue
                except queue.Empty:
                    pass
                # Taking only what is queued splits clients that ask again at once into two
                # halves, one queued while the other's batch runs, and the batches stay half
                # as large as they could be (ten clients of a worker: batches of four or five,
                # each profile's CPU some 40 % more than in batches of ten). Waiting a little
                # (``again``) for the last batch's clients joins the halves into one batch.
                deadline = max(until, again_until) if len(batch) < expect else until
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    batch.append(waiting.get(timeout=left))
                except queue.Empty:
                    break
            busy = len(batch) > 1
            self._dispatch(batch)
            expect = len(batch) + waiting.qsize()
            again_until = time.monotonic() + self._again
            if first:
                _keep()
                first = False

    def _dispatch(self, batch: list[tuple[Item, Future[Answer]]]) -> None:
        try:
            answers = self._answer_many([item for item, _ in batch])
            if len(answers) != len(batch):
                raise RuntimeError(f"{self._name}: {len(answers)} answers for {len(batch)}")
        except BaseException as error:  # every request of the batch hears of it
            for _, future in batch:
                future.set_exception(error)
            if not isinstance(error, Exception):
                raise  # the thread ends; the next request starts another
            return
        for (_, future), answer in zip(batch, answers, strict=True):
            if isinstance(answer, Exception):
                future.set_exception(answer)
            else:
                future.set_result(answer)


def _keep() -> None:
    """What a worker's first batch loads stays for the worker's life (the rule packs, the award
    catalogue, the rules compiled for the day: some 200,000 objects), and each full pass of
    Python's cycle collector walked all of it again: about a millisecond of every
    self-assessment on average, in pauses of some 100 ms that every waiting request shared.
    Moved out of the collector's reach once, after the answers are sent (``gc.freeze``), they
    are never walked again; what is garbage by then is collected first, not kept."""
    gc.collect()
    gc.freeze()
