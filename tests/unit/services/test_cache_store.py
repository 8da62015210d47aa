"""The embedded figures store: bounded by the values' pickled size, not by their number; entries of an
older revision go as soon as a newer one is stored."""

from __future__ import annotations

import pickle

from dashboard.services.cache import MISSING, MemoryStore, size_of


def blob(n: int, tag: str) -> bytes:
    """A value whose pickled size is known: n bytes of payload plus pickle's fixed framing."""
    return tag.encode() * n


def test_size_of_is_the_pickled_size():
    value = {"a": [1, 2, 3], "b": "Fälle"}
    assert size_of(value) == len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def test_the_store_evicts_least_recently_used_by_bytes():
    one = size_of(blob(1000, "a"))  # 1.000 payload bytes + framing: all four values are the same size
    store = MemoryStore(max_bytes=3 * one)
    for i, tag in enumerate("abc"):
        store.set(1, (tag,), blob(1000, tag))
        assert store.bytes == (i + 1) * one
    assert store.get(1, ("a",)) == blob(1000, "a")  # "a" is now the most recently used
    store.set(1, ("d",), blob(1000, "d"))  # a fourth does not fit: the least recently used ("b") goes
    assert store.get(1, ("b",)) is MISSING
    assert [store.get(1, (t,)) == blob(1000, t) for t in "acd"] == [True, True, True]
    assert len(store) == 3 and store.bytes == 3 * one <= store.max_bytes


def test_many_small_values_fit_where_few_large_ones_do():
    large = size_of(blob(10_000, "x"))
    store = MemoryStore(max_bytes=2 * large)
    for i in range(5):
        store.set(1, ("large", i), blob(10_000, "x"))
    assert len(store) == 2  # a count bound of 256 would have kept all five
    for i in range(100):
        store.set(1, ("small", i), i)
    assert store.bytes <= store.max_bytes
    assert store.get(1, ("small", 99)) == 99


def test_a_value_larger_than_the_whole_store_is_not_kept():
    store = MemoryStore(max_bytes=500)
    store.set(1, ("small",), 7)
    store.set(1, ("huge",), blob(1000, "h"))
    assert store.get(1, ("huge",)) is MISSING
    assert store.get(1, ("small",)) == 7  # and it did not push out what fits


def test_a_newer_revision_drops_the_older_ones():
    store = MemoryStore(max_bytes=10_000)
    store.set(4, ("overview",), "alt")
    store.set(4, ("staffing",), "alt")
    store.set(5, ("overview",), "neu")
    assert store.get(4, ("overview",)) is MISSING and store.get(4, ("staffing",)) is MISSING
    assert store.get(5, ("overview",)) == "neu"
    assert store.bytes == size_of("neu")



def test_derived_results_are_kept_for_the_same_cached_object_only():
    from dashboard.services.cache import Derived

    derived, calls = Derived(size=2), []

    def build(value):
        calls.append(value)
        return f"gerendert {value['n']}"

    first, same, other = {"n": 1}, {"n": 1}, {"n": 2}
    assert derived.get(first, "inhalt", lambda: build(first)) == "gerendert 1"
    assert derived.get(first, "inhalt", lambda: build(first)) == "gerendert 1"
    assert derived.get(same, "inhalt", lambda: build(same)) == "gerendert 1"  # equal, but another object
    assert derived.get(first, "tabelle", lambda: build(first)) == "gerendert 1"  # another key
    assert len(calls) == 3 and (derived.hits, derived.misses) == (1, 3)
    derived.get(other, "inhalt", lambda: build(other))
    assert len(derived._entries) == 2  # bounded: the oldest went
    assert all(entry[0] is not None for entry in derived._entries.values())  # each entry keeps its object
