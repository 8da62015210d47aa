"""dashboard.memory: freed memory goes back to the system after a newer revision replaced the figures."""

from __future__ import annotations

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
