"""Group commit: one writer thread gathers the writes waiting at that moment into one transaction.

A caller hands its write to `GroupCommit.submit` and blocks until the transaction holding it has been
committed (fsync included), then gets its own result. While the writer commits one batch, the next
callers queue; the writer then takes all of them at once. So a burst of N tickets costs about one fsync
per batch instead of one per ticket, and nobody waits for a timer: a lone write is committed at once.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from typing import Callable, Generic, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# The batch function gets the items and returns, for each, its result or the exception meant for its
# caller (a failed item does not fail the others); an exception it raises fails the whole batch.
WriteBatch = Callable[[Sequence[Item]], Sequence[object]]


class GroupCommit(Generic[Item, Result]):
    def __init__(self, write_batch: WriteBatch, name: str = "group-commit", max_batch: int = 256) -> None:
        self._write_batch = write_batch
        self._name = name
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[tuple[Item, Future] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, item: Item) -> Result:
        """Write `item` with the others waiting now; returns its result once committed, or raises."""
        return self.submit_future(item).result()

    def submit_future(self, item: Item) -> Future:
        """The same, without blocking: a future resolved after the commit (for `asyncio.wrap_future`)."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the storage is closed")
            if self._thread is None:  # started on first use: readers (CLI, forwarders) never start one
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._queue.put((item, future))
        return future

    def waiting(self) -> int:
        """How many writes are queued for the next batch."""
        return self._queue.qsize()

    def close(self) -> None:
        """Commit what is queued, then stop the writer."""
        with self._lock:
            self._closed = True
            thread = self._thread
            if thread is not None:
                self._queue.put(None)
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < self._max_batch:  # everything that is waiting now, without waiting more
                try:
                    entry = self._queue.get_nowait()
                except queue.Empty:
                    break
                if entry is None:
                    stopping = True
                    break
                batch.append(entry)
            self._commit(batch)

    def _commit(self, batch: list[tuple[Item, Future]]) -> None:
        try:
            results = self._write_batch([item for item, _ in batch])
        except BaseException as error:  # nothing of the batch was committed: every caller gets the error
            for _, future in batch:
                future.set_exception(error)
            return
        for (_, future), result in zip(batch, results):  # answered only now, after the commit
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)
