"""Long work as Dash background callbacks: the proposal solver and the PDF reports.

The web worker answers at once; the work runs elsewhere and the browser polls for its progress and
result (Dash `background=True`):
- embedded default: `DiskcacheManager`, the job runs in a thread of the web worker, its progress and
  result in a diskcache under `<instance>/jobs` (shared by the workers of one host). Not, as Dash does
  it, in a process forked from the worker: a fork copies only the forking thread, and when another
  thread was inside SQLite at that moment (the database, the job store), the child inherits SQLite's
  memory lock held and hangs at its first query (py-spy: `sqlite3Malloc` → `pthread_mutex_lock`; the
  Szenarien backtest job in CI, stops 27 and 28). A thread cannot be killed: a superseded job is asked
  to stop and does at its next `report_progress`;
- with `IMC_CACHE_URL`: `CeleryManager` on that Redis; `im-cockpit worker` runs the jobs, on any host.

What Dash leaves to us, the mixin adds: the job acts as the person who started it (the identity is
taken in the request and carried along; the job has no request), each start is its own job (a nonce
in the key: two people asking the same never share a result), a job in a forked Celery pool process
opens its own database connections, and each app's manager runs only its own app's callbacks (Dash
registers callbacks in a process-wide list: in a process with several apps, as in the tests, the last
one would win).
Callbacks report steps with `report_progress("…")`; called directly (tests) it does nothing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import threading
from collections.abc import Callable
from contextvars import ContextVar

from dashboard import identity
from dashboard.settings import Settings

_PROGRESS: ContextVar[Callable | None] = ContextVar("imc_progress", default=None)
_STOP: ContextVar[Callable[[], bool] | None] = ContextVar("imc_job_stop", default=None)
JOB_EXPIRE_SECONDS = 3600  # an unclaimed result (the person closed the page) is deleted after this


class JobStopped(Exception):  # noqa: N818 - what happened, not an error: a newer start superseded the job
    """The job was superseded (a newer start of the same callback, or the page was left)."""


def report_progress(text: str) -> None:
    """Show `text` (German, e.g. "Schritt 1 von 2: …") in the running callback's progress element; in a
    job that was asked to stop, raise JobStopped instead (its result would be thrown away)."""
    stop = _STOP.get()
    if stop is not None and stop():
        raise JobStopped(text)
    setter = _PROGRESS.get()
    if setter is not None:
        setter(text)


class _Jobs:
    """What both managers add to Dash's (see the module's docstring)."""

    def build_cache_key(self, fn, args, cache_args_to_ignore, triggered):
        key = super().build_cache_key(fn, args, cache_args_to_ignore, triggered)
        return hashlib.sha256(f"{key}:{secrets.token_hex(16)}".encode()).hexdigest()

    def call_job_fn(self, key, job_fn, args, context):
        return super().call_job_fn(key, job_fn, {"_person": identity.snapshot(), "_values": args}, context)

    def register(self, key, fn, progress):
        if getattr(fn, "_imc_jobs", self) is self:  # another app's callback: not ours to run
            super().register(key, fn, progress)


class _Threads:
    """The embedded default's jobs as threads of the web worker (see the module's docstring). Which jobs
    run and which were asked to stop is kept in the job store, so any worker of the host can answer the
    browser's polls; a job whose worker died is over (its pid is gone)."""

    RUNNING, STOPPING = "imc-job-running:", "imc-job-stop:"

    def call_job_fn(self, key, job_fn, args, context):
        job = f"{os.getpid()}-{secrets.token_hex(8)}"
        self.handle.set(self.RUNNING + job, os.getpid(), expire=JOB_EXPIRE_SECONDS)

        def run() -> None:
            token = _STOP.set(lambda: self.handle.get(self.STOPPING + job) is not None)
            try:
                job_fn(key, self._make_progress_key(key), args, context)
            finally:
                _STOP.reset(token)
                self.handle.delete(self.RUNNING + job)
                self.handle.delete(self.STOPPING + job)

        threading.Thread(target=run, name=f"imc-job-{job}", daemon=True).start()
        return job

    def job_running(self, job) -> bool:
        import psutil

        pid = None if job is None else self.handle.get(self.RUNNING + str(job))
        return pid is not None and psutil.pid_exists(pid)

    def terminate_job(self, job) -> None:
        if job is not None and self.job_running(job):
            self.handle.set(self.STOPPING + str(job), True, expire=JOB_EXPIRE_SECONDS)

    def terminate_unhealthy_job(self, job) -> bool:
        return False  # a thread's job is either running or over


def _job(manager, fn: Callable, engine, progress: bool) -> Callable:
    """The function Dash runs in the job: as the person, with progress, on its own connections."""
    created = [os.getpid()]

    def job(*progress_setter, _person, _values):
        if os.getpid() != created[0]:  # forked: the parent's pooled connections are not ours to use
            engine.dispose(close=False)
            created[0] = os.getpid()
        token = _PROGRESS.set(progress_setter[0] if progress else None)
        try:
            with identity.acting_as(_person):
                return fn(*_values) if isinstance(_values, list | tuple) else fn(**_values)
        finally:
            _PROGRESS.reset(token)

    job.__name__ = job.__qualname__ = getattr(fn, "__name__", "job")
    job._imc_jobs, job.callback = manager, fn
    job.__wrapped__ = fn  # what the job runs: the callback module's own function (tests read it)
    return job


def job_options(manager, fn: Callable, engine, *, progress=None) -> tuple[Callable, dict]:
    """The function and the options for `app.callback(...)` of a background callback run by `manager`."""
    job = _job(manager, fn, engine, progress is not None)
    extra = {"progress": progress} if progress is not None else {}
    return job, dict(background=True, manager=manager, **extra)


def make_manager(settings: Settings):
    """DiskcacheManager in the instance folder, or CeleryManager on `settings.cache_url`."""
    if settings.cache_url:
        from dash import CeleryManager

        class CeleryJobs(_Jobs, CeleryManager):
            pass

        return CeleryJobs(celery_app(settings.cache_url), expire=JOB_EXPIRE_SECONDS)
    import diskcache
    from dash import DiskcacheManager

    class DiskcacheJobs(_Jobs, _Threads, DiskcacheManager):
        pass

    folder = settings.instance_path / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return DiskcacheJobs(diskcache.Cache(str(folder)), expire=JOB_EXPIRE_SECONDS)


@functools.cache
def celery_app(url: str):
    """The Celery application on the Redis at `url` (broker and result store)."""
    from celery import Celery

    return Celery("im_cockpit", broker=url, backend=url, broker_connection_retry_on_startup=True,
                  result_expires=JOB_EXPIRE_SECONDS)
