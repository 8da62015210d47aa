"""dashboard.memory: freed memory goes back to the system after a newer revision replaced the figures."""

from __future__ import annotations

import os
import sys

import pytest

from dashboard import memory
from dashboard.services.cache import MemoryStore


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_glibc_takes_both_calls():
    assert memory.limit_arenas() is True
    assert isinstance(memory.release(), bool)


def test_a_newer_revision_releases_the_older_ones_memory(monkeypatch):
    released = []
    monkeypatch.setattr(memory, "release", lambda: released.append(True) or True)
    store = MemoryStore(max_bytes=10 * 1024 * 1024)
    store.set(1, ("a",), b"x" * 1000)
    store.set(1, ("b",), b"y" * 1000)
    assert released == []  # nothing was dropped
    store.set(2, ("a",), b"z" * 1000)
    assert released == [True] and len(store) == 1
    store.set(2, ("b",), b"w")
    assert released == [True]


def test_without_glibc_nothing_is_called(monkeypatch):
    monkeypatch.setattr(memory, "_libc", lambda: None)
    assert memory.limit_arenas() is False and memory.release() is False


def test_work_in_a_child_returns_its_result_and_leaves_its_memory_there():
    import os

    import psutil

    before = psutil.Process().memory_info().rss

    def big() -> tuple[int, int]:
        ballast = bytearray(200 * 1024 * 1024)  # the working set: 200 MB, written so that it is resident
        ballast[::4096] = b"x" * len(ballast[::4096])
        return os.getpid(), len(ballast)

    child_pid, size = memory.in_child(big)
    assert child_pid != os.getpid() and size == 200 * 1024 * 1024
    assert psutil.Process().memory_info().rss - before < 50 * 1024 * 1024  # the 200 MB were the child's


def test_a_failing_child_raises_here_with_its_message():
    def fails():
        raise ValueError("kaputt")

    with pytest.raises(memory.ChildFailed, match="ValueError: kaputt"):
        memory.in_child(fails)
    with pytest.raises(memory.ChildFailed, match="ohne Ergebnis"):
        memory.in_child(lambda: os._exit(3))
