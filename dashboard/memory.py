"""Giving freed memory back: a worker's RSS should follow what its caches hold, not their high-water mark.

The figures cache drops an older revision's entries as soon as a newer one is seen (services.cache), but
glibc keeps the freed pages in its heaps and spreads a threaded server's allocations over up to 8 arenas
per core, so at Land scale a worker's RSS grew with every data change (bench.replay: 389 MB after the
first, 602 MB after 20). Two calls into glibc, no-ops elsewhere (macOS, musl) or when they fail:

- `limit_arenas()` once per process (the app factory): at most two malloc arenas;
- `release()` after a newer revision replaced the cached figures: `malloc_trim(0)` returns the free pages.

Work whose working set is far larger than its result (the Szenarien backtest at Land scale: 150–200 MB
for a result of kilobytes) runs through `in_child`: in a process of its own, so that its memory goes
back to the system with the process and the worker's RSS does not keep the high-water mark. The process
is started afresh (multiprocessing "spawn", about 2 s of imports), not forked from the threaded worker:
a fork taken while another thread is inside SQLite or an import inherits that lock held and hangs
(dashboard.background).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import multiprocessing
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)
M_ARENA_MAX = -8  # mallopt parameter (glibc malloc.h)
ARENAS = 2


@functools.lru_cache(maxsize=1)
def _libc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def limit_arenas() -> bool:
    """At most `ARENAS` malloc arenas for the threads of this process; True if glibc took it."""
    libc = _libc()
    return bool(libc and libc.mallopt(M_ARENA_MAX, ARENAS))


def release() -> bool:
    """Return the heaps' free pages to the operating system; True if glibc released any."""
    libc = _libc()
    if libc is None:
        return False
    try:
        return bool(libc.malloc_trim(0))
    except OSError as error:  # pragma: no cover - a libc without it was caught above
        log.debug("malloc_trim: %s", error)
        return False


class ChildFailed(RuntimeError):
    """The child process raised (its message) or died before it answered."""


def _answer(send, fn: Callable[..., Any], args: tuple) -> None:
    try:
        answer = (True, fn(*args))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        answer = (False, f"{type(error).__name__}: {error}")
    send.send(answer)
    send.close()


def in_child(fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(*args)` in a process started for it; its result, pickled, returned here. `fn` is a module's
    function and `args` can be pickled (the new process imports `fn` by its name)."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_answer, args=(send, fn, args), name="imc-child", daemon=True)
    child.start()
    send.close()
    try:
        ok, value = receive.recv()  # before join: a large answer would fill the pipe and block the child
    except EOFError:
        ok, value = False, None
    finally:
        receive.close()
        child.join()
    if value is None and not ok:
        value = f"der Prozess endete ohne Ergebnis (Exitcode {child.exitcode})"
    if not ok:
        raise ChildFailed(value)
    return value
