"""The Szenarien' process cache (dashboard.services.scenarios._cached): a live baseline or backtest of a
newer data revision replaces the older ones at once (at Land scale each holds tens of MB: 16 of them
were the worker's RSS after a few data changes); saved scenarios and other settings stay."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from dashboard.services import scenarios as report


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setattr(report, "_CACHE", OrderedDict())


def test_a_newer_revision_replaces_the_older_live_baselines_and_backtests():
    for kind in ("live", "backtest"):
        report._cached((kind, "einstellungen", "2026-11-22", 1), lambda: "alt")
        report._cached((kind, "einstellungen", "2026-10-31", 1), lambda: "anderer Stichtag, alt")
        report._cached((kind, "andere", "2026-11-22", 1), lambda: "andere Einstellungen")
    report._cached(("saved", "sqlite:///x", 7, "2026-11-01"), lambda: "gespeichert")
    assert report._cached(("live", "einstellungen", "2026-11-22", 2), lambda: "neu") == "neu"
    assert list(report._CACHE) == [("live", "andere", "2026-11-22", 1),
                                   ("backtest", "einstellungen", "2026-11-22", 1),
                                   ("backtest", "einstellungen", "2026-10-31", 1), ("backtest", "andere", "2026-11-22", 1),
                                   ("saved", "sqlite:///x", 7, "2026-11-01"), ("live", "einstellungen", "2026-11-22", 2)]


def test_an_older_revision_asked_for_later_does_not_push_out_the_newer():
    report._cached(("live", "s", "2026-11-22", 5), lambda: "neu")
    assert report._cached(("live", "s", "2026-11-22", 4), lambda: "alt") == "alt"  # a page still open on it
    assert report._cached(("live", "s", "2026-11-22", 5), lambda: pytest.fail("computed again")) == "neu"
    report._cached(("live", "s", "2026-11-22", 6), lambda: "neuer")
    assert [k[-1] for k in report._CACHE] == [6]


def test_without_a_revision_nothing_is_dropped():
    report._cached(("live", "s", "2026-11-22", None), lambda: "ohne")
    report._cached(("live", "s", "2026-11-22", 1), lambda: "mit")
    assert len(report._CACHE) == 2


def test_a_second_caller_waits_for_the_first_ones_result_and_builds_itself_only_if_that_failed():
    """The page's backtest job while the warming computes it: one computation, not two."""
    import threading

    key, started, release, builds = ("backtest", "einstellungen", "2026-11-22", 3), threading.Event(), \
        threading.Event(), []

    def slow():
        builds.append("warming")
        started.set()
        release.wait(10)
        return "ergebnis"

    first = threading.Thread(target=lambda: report._cached(key, slow))
    first.start()
    assert started.wait(10)
    answers = []
    second = threading.Thread(target=lambda: answers.append(report._cached(key, lambda: builds.append("job") or "x")))
    second.start()
    second.join(0.2)
    assert second.is_alive() and answers == []  # waits rather than computing a second time
    release.set()
    first.join(10), second.join(10)
    assert answers == ["ergebnis"] and builds == ["warming"] and report._BUILDING == {}

    def fails():
        raise RuntimeError("kaputt")

    with pytest.raises(RuntimeError):
        report._cached(("live", "e", "2026-11-22", 4), fails)
    assert report._cached(("live", "e", "2026-11-22", 4), lambda: "selbst") == "selbst" and report._BUILDING == {}
