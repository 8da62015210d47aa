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


def _big() -> tuple[int, int]:
    ballast = bytearray(200 * 1024 * 1024)  # the working set: 200 MB, written so that it is resident
    ballast[::4096] = b"x" * len(ballast[::4096])
    return os.getpid(), len(ballast)


def _fails(message: str):
    raise ValueError(message)


def test_work_in_a_child_returns_its_result_and_leaves_its_memory_there():
    import psutil

    before = psutil.Process().memory_info().rss
    child_pid, size = memory.in_child(_big)
    assert child_pid != os.getpid() and size == 200 * 1024 * 1024
    assert psutil.Process().memory_info().rss - before < 50 * 1024 * 1024  # the 200 MB were the child's


def test_a_failing_child_raises_here_with_its_message():
    with pytest.raises(memory.ChildFailed, match="ValueError: kaputt"):
        memory.in_child(_fails, "kaputt")
    with pytest.raises(memory.ChildFailed, match=r"ohne Ergebnis \(Exitcode 3\)"):
        memory.in_child(os._exit, 3)


def _marked() -> bool:
    return getattr(memory, "imc_test_marker", False)


def test_the_child_is_a_new_process_not_a_fork_of_this_one(monkeypatch):
    """A fork of this threaded process could inherit a lock held by another thread (dashboard.memory)."""
    monkeypatch.setattr(memory, "imc_test_marker", True, raising=False)
    assert _marked() is True and memory.in_child(_marked) is False  # a fork would have kept the marker
