"""Work done in order, in worker processes when it pays: the engine behind ``-j``/``--jobs``.

:class:`Runner` applies a function to a stream of tasks and yields the
results in the tasks' order, whatever order the workers finish in. Each
worker receives the run's context (a :class:`~dedupe_article.batch.BatchJob`)
once, when it starts, not with every task.

A pool costs a fork per worker and a pickle per task, which a small input
does not repay: the pool starts only when a stream has a second task, and
with no more workers than tasks seen (so one file, or a JSON Lines file of
one chunk, is cleaned in this process, and two files start two workers
however many CPUs there are).
"""

from __future__ import annotations

import itertools
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:  # the pool is imported when one starts: most runs never need one
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
C = TypeVar("C")

Jobs = int | Literal["auto"]
"""A number of worker processes, or ``"auto"``: one per usable CPU (see :func:`usable_cpus`)."""

# Tasks in flight per worker: enough to keep every worker busy, few enough
# that input is read only a little ahead of output and memory stays flat.
TASKS_PER_WORKER = 4


def usable_cpus() -> int:
    """The number of CPUs this process may run on (at least 1).

    ``os.process_cpu_count()`` on Python 3.13+; before, the CPUs of the
    process's affinity mask (``os.sched_getaffinity``) where the platform
    has one (Linux), else ``os.cpu_count()``. A container or ``taskset``
    limit is thus respected where the platform reports it.
    """
    process_cpu_count: Callable[[], int | None] | None = getattr(os, "process_cpu_count", None)
    if process_cpu_count is not None:
        count = process_cpu_count()
    elif hasattr(os, "sched_getaffinity"):
        count = len(os.sched_getaffinity(0))
    else:
        count = os.cpu_count()
    return max(1, count or 1)


def resolve_jobs(jobs: Jobs) -> int:
    """The number of worker processes ``jobs`` asks for: itself, or :func:`usable_cpus` for ``"auto"``.

    Raises:
        ValueError: ``jobs`` is neither a positive integer nor ``"auto"``.
    """
    if jobs == "auto":
        return usable_cpus()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer or 'auto', not {jobs!r}")
    return jobs


_WORKER_CONTEXT: Any = None


def _init_worker(context: object) -> None:
    global _WORKER_CONTEXT  # each worker process receives the context once, not with every task
    _WORKER_CONTEXT = context
    # Ctrl-C reaches the whole process group; the main process handles it
    # and shuts the pool down, so workers must not die printing tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call_in_worker(function: Callable[..., T], args: tuple[Any, ...]) -> T:
    return function(_WORKER_CONTEXT, *args)


class Runner(Generic[C]):
    """Applies functions to tasks in order, in up to ``jobs`` processes.

    ``function(context, *task)`` is called for each task. With one job, or
    a stream of one task, everything runs in this process. Otherwise a pool
    of as many workers as the stream has tasks, up to ``jobs``, is started
    (once, and again larger only if a later stream needs more) and kept
    until :meth:`close`; at most :data:`TASKS_PER_WORKER` tasks per worker
    are in flight.
    """

    def __init__(self, context: C, jobs: Jobs = 1) -> None:
        self.context = context
        self.jobs = resolve_jobs(jobs)
        self.pool: ProcessPoolExecutor | None = None
        self.workers = 0

    def map(self, function: Callable[..., T], tasks: Iterable[tuple[Any, ...]]) -> Iterator[T]:
        """``function(context, *task)`` for each task, in the tasks' order."""
        tasks = iter(tasks)
        ahead = list(itertools.islice(tasks, self.jobs)) if self.jobs > 1 else []
        if len(ahead) < 2:  # one job, or one task: no pool
            for args in itertools.chain(ahead, tasks):
                yield function(self.context, *args)
            return
        pool = self._pool(len(ahead))
        window = TASKS_PER_WORKER * self.workers
        pending: deque[Future[T]] = deque()
        for args in itertools.chain(ahead, tasks):
            pending.append(pool.submit(_call_in_worker, function, args))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def _pool(self, workers: int) -> ProcessPoolExecutor:
        """A pool of at least ``workers`` processes: the one running, or a larger one in its place."""
        if self.pool is None or self.workers < workers:
            from concurrent.futures import ProcessPoolExecutor

            self.close()
            self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(self.context,))
            self.workers = workers
        return self.pool

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool, self.workers = None, 0

    def __enter__(self) -> Runner[C]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
