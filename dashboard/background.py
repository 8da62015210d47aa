"""Long work as Dash background callbacks: the proposal solver and the PDF reports.

The web worker answers at once; the work runs elsewhere and the browser polls for its progress and
result (Dash `background=True`):
- embedded default: `DiskcacheManager`, the job runs in a process forked from the web worker, its
  progress and result in a diskcache under `<instance>/jobs` (shared by the workers of one host);
- with `IMC_CACHE_URL`: `CeleryManager` on that Redis; `im-cockpit worker` runs the jobs, on any host.

What Dash leaves to us, the mixin adds: the job acts as the person who started it (the identity is
taken in the request and carried along; the job has no request), each start is its own job (a nonce
in the key: two people asking the same never share a result), a forked job opens its own database
connections, and each app's manager runs only its own app's callbacks (Dash registers callbacks in
a process-wide list: in a process with several apps, as in the tests, the last one would win).
Callbacks report steps with `report_progress("…")`; called directly (tests) it does nothing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
from collections.abc import Callable
from contextvars import ContextVar

from dashboard import identity
from dashboard.settings import Settings

_PROGRESS: ContextVar[Callable | None] = ContextVar("imc_progress", default=None)
JOB_EXPIRE_SECONDS = 3600  # an unclaimed result (the person closed the page) is deleted after this


def report_progress(text: str) -> None:
    """Show `text` (German, e.g. "Schritt 1 von 2: …") in the running callback's progress element."""
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

    class DiskcacheJobs(_Jobs, DiskcacheManager):
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
