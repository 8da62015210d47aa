"""Background jobs (dashboard.background): a job acts as the person who started it, reports its steps,
never shares a result with another start, and each app's manager runs only its own callbacks."""

from __future__ import annotations

from types import SimpleNamespace

from dashboard import identity
from dashboard.background import _job, make_manager, report_progress
from tests.helpers import make_settings

PERSON = {"name": "gremium", "role": "steering", "provider": None, "area": None}


class Engine:
    def __init__(self):
        self.disposed = 0

    def dispose(self, close=True):
        self.disposed += 1


def test_the_job_acts_as_the_person_and_reports_its_steps():
    seen = []

    def callback(a, b):
        report_progress(f"Schritt 1 von 1: {a}+{b}")
        return identity.current_user_name(), identity.current_role(), a + b

    job = _job(SimpleNamespace(), callback, Engine(), progress=True)
    assert job(seen.append, _person=PERSON, _values=[2, 3]) == ("gremium", "steering", 5)
    assert seen == ["Schritt 1 von 1: 2+3"]
    assert identity.current_user_name() == identity.ANONYMOUS  # outside the job: nobody again


def test_named_values_and_no_progress_outside_a_job():
    def callback(*, ref, listed):
        report_progress("ignoriert")  # no setter: a direct call (tests) or a job without progress
        return ref, listed

    job = _job(SimpleNamespace(), callback, Engine(), progress=False)
    assert job(_person=PERSON, _values={"ref": 1, "listed": []}) == (1, [])


def test_a_forked_job_opens_its_own_connections(monkeypatch):
    import os

    engine = Engine()
    job = _job(SimpleNamespace(), lambda: None, engine, progress=False)
    job(_person=PERSON, _values=[])
    assert engine.disposed == 0  # the process that made the app: its pool is its own
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as in the process forked for the job
    job(_person=PERSON, _values=[])
    job(_person=PERSON, _values=[])
    assert engine.disposed == 1  # once per process, without closing the parent's connections


def test_two_starts_with_the_same_values_are_two_jobs(tmp_path):
    manager = make_manager(make_settings(tmp_path, "sqlite:///unbenutzt.sqlite3"))

    def fn(a):
        return a

    keys = {manager.build_cache_key(fn, [1], [], None) for _ in range(2)}
    assert len(keys) == 2
    assert (tmp_path / "jobs").is_dir()


def test_each_manager_runs_only_its_own_apps_callbacks(tmp_path):
    one = make_manager(make_settings(tmp_path / "a", "sqlite:///a.sqlite3"))
    two = make_manager(make_settings(tmp_path / "b", "sqlite:///b.sqlite3"))
    job = _job(one, lambda: None, Engine(), progress=False)
    for manager in (one, two):  # Dash hands every callback to every manager of the process
        manager.register("schluessel", job, False)
    assert "schluessel" in one.func_registry and "schluessel" not in two.func_registry


def _start(manager, callback, values):
    """Start `callback(*values)` as Dash starts a background callback; (result key, job id)."""
    key = manager.build_cache_key(callback, values, [], None)
    job_fn = manager.make_job_fn(_job(manager, callback, Engine(), progress=True), True, key)
    return key, manager.call_job_fn(key, job_fn, values, {"args": {}})


def _wait(predicate, seconds=10.0):
    import time

    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "der Auftrag kam nicht so weit"
        time.sleep(0.01)


def test_an_embedded_job_runs_in_a_thread_of_this_process_and_leaves_its_result_in_the_store(tmp_path):
    """Not in a process forked from the threaded web worker (dashboard.background: such a child can hang)."""
    import os
    import threading

    manager = make_manager(make_settings(tmp_path, "sqlite:///unbenutzt.sqlite3"))
    release, seen = threading.Event(), {}

    def callback(a):
        seen["pid"], seen["thread"] = os.getpid(), threading.current_thread().name
        report_progress("Schritt 1 von 1: rechnen")
        release.wait(10)
        return a * 2

    key, job = _start(manager, callback, [21])
    _wait(lambda: manager.get_progress(key))
    assert manager.job_running(job) and manager.result_ready(key) is False
    release.set()
    _wait(lambda: manager.result_ready(key))
    assert manager.get_result(key, job) == 42
    assert seen["pid"] == os.getpid() and seen["thread"].startswith("imc-job-")
    _wait(lambda: not manager.job_running(job))
    assert manager.job_running(None) is False and manager.job_running("4711-unbekannt") is False


def test_a_superseded_job_stops_at_its_next_step(tmp_path):
    import threading

    manager = make_manager(make_settings(tmp_path, "sqlite:///unbenutzt.sqlite3"))
    release, steps = threading.Event(), []

    def callback():
        for step in range(1, 4):
            report_progress(f"Schritt {step} von 3")
            steps.append(step)
            release.wait(10)
            release.clear()
        return "fertig"

    key, job = _start(manager, callback, [])
    _wait(lambda: steps == [1])
    manager.terminate_job(job)  # Dash: a newer start of the same callback, or the page was left
    release.set()
    _wait(lambda: not manager.job_running(job))
    assert steps == [1] and "background_callback_error" in manager.get_result(key, None)
    assert manager.handle.get(manager.STOPPING + job) is None  # the job store keeps no marker of it


def test_a_job_whose_worker_is_gone_is_over(tmp_path):
    manager = make_manager(make_settings(tmp_path, "sqlite:///unbenutzt.sqlite3"))
    manager.handle.set(manager.RUNNING + "99999999-abc", 99999999)  # no such process
    assert manager.job_running("99999999-abc") is False
