"""Giving freed memory back: a worker's RSS should follow what its caches hold, not their high-water mark.

The figures cache drops an older revision's entries as soon as a newer one is seen (services.cache), but
glibc keeps the freed pages in its heaps and spreads a threaded server's allocations over up to 8 arenas
per core, so at Land scale a worker's RSS grew with every data change (bench.replay: 389 MB after the
first, 602 MB after 20). Two calls into glibc, no-ops elsewhere (macOS, musl) or when they fail:

- `limit_arenas()` once per process (the app factory): at most two malloc arenas;
- `release()` after a newer revision replaced the cached figures: `malloc_trim(0)` returns the free pages.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging

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
