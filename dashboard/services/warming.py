"""Warming: after a write, the common page views of the new revision are computed in the background.

Every write bumps `dataset_info.revision` (data.revision), which makes every cached figure stale. The
first person to open a page after an import would pay the whole cold cost; instead the server that
committed the write computes the pages' default views (today's Stichtag, no filters) once, in a
background thread, and stores them for the access scopes seen recently. With Redis (`IMC_CACHE_URL`)
every server reads them; with the embedded cache only the warming process has them.

A view is `build(session) -> (fn, args, kwargs)`, exactly as the page's callback calls the cache
(callbacks.warming lists them), so a warmed entry is the entry the page asks for.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from dashboard.services.cache import FiguresCache

log = logging.getLogger(__name__)
View = Callable[[Session], tuple[Callable, tuple, dict]]
# scopes warmed even before anybody looked: the city-wide roles (no Träger, no area)
DEFAULT_SCOPES: tuple[Hashable, ...] = (("admin", None), ("steering", None), ("viewer", None))


class _Lane:
    """One background thread that runs `work()` whenever asked; requests while it runs fold into one more run."""

    def __init__(self, name: str, work: Callable[[], None]):
        self.name, self.work = name, work
        self._wanted = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        with self._lock:
            self._idle.clear()
            self._wanted.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._thread.start()

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._idle.wait(timeout)

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._wanted.is_set():
                    self._idle.set()
                    self._thread = None
                    return
                self._wanted.clear()
            try:
                self.work()
            except Exception as error:  # noqa: BLE001 - the database gone away, say: pages compute on use
                log.warning("Vorberechnung abgebrochen (%s); die Seiten werden beim Aufruf berechnet.", error)


class Warmer:
    """Warms `views` (and `tasks`) for the newest revision whenever a write committed here bumped it, or
    this process read a revision newer than any it had seen (a write elsewhere: another server, the CLI).

    Two lanes, each one background thread: the pages' views and `tasks` first; `slow_tasks` (the
    Szenarien' backtest: minutes at Land scale) after them in their own lane, so that the next change's
    views never wait behind them. With Redis one server warms each revision (a claim in Redis); the
    others read what it stored."""

    def __init__(self, sessions: sessionmaker[Session], cache: FiguresCache, views: Iterable[View],
                 scopes: Iterable[Hashable] = DEFAULT_SCOPES, tasks: Iterable[Callable[[Session], object]] = (),
                 slow_tasks: Iterable[Callable[[Session], object]] = ()):
        """`tasks`: more work for the new revision that keeps its own result (the Szenarien' baseline in
        this process and the shared cache): called with a session after the views."""
        self.sessions, self.cache, self.views = sessions, cache, list(views)
        self.tasks, self.slow_tasks = list(tasks), list(slow_tasks)
        self.default_scopes = tuple(scopes)
        self._views = _Lane("imc-cache-warming", self.warm)
        self._slow = _Lane("imc-cache-warming-slow", self._warm_slow)
        self.runs = 0
        # fn -> render(value): the page's components built from the warmed figures (callbacks.warming)
        self.renders: dict[Callable, Callable[[Any], object]] = {}
        self._warming = None
        self._with_slow = False
        self.warmed_revision = None  # the newest revision whose views and tasks are done (healthz)
        self.seconds: float | None = None  # how long that took

    def listen(self) -> None:
        """Warm after every commit of `sessions` whose transaction bumped the revision, and when the
        cache reads a newer revision than it had seen."""
        event.listen(self.sessions, "after_commit", self._after_commit)
        event.listen(self.sessions, "after_rollback", lambda session: session.info.pop("revision_bumped", None))
        self.cache.listeners.append(self._noticed)

    def _noticed(self, revision) -> None:
        if revision != self._warming:  # not the revision this warming has just read itself
            self.request()

    def _after_commit(self, session: Session) -> None:
        if session.info.pop("revision_bumped", False):
            self.request()

    def request(self, slow: bool = True) -> None:
        """Warm soon (several writes in a row are folded into one run for the newest revision).
        `slow=False`: the views and tasks only, not the slow lane (a server starting: each process would
        otherwise spend a minute of CPU on a backtest nobody may open)."""
        self._with_slow |= slow
        self._views.request()

    def start(self) -> None:
        """Warm the current revision's views now: a server that starts (deploy, restart) is ready when
        the first person opens a page (dashboard/cli/serve, dashboard/serving)."""
        self.request(slow=False)

    @property
    def busy(self) -> bool:
        return self._views.busy

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no warming is pending, the slow lane too (tests, the CLI); True when idle."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._views.wait(left):
                return False
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._slow.wait(left):
                return False
            if not self._views.busy:
                return True

    def warm(self) -> None:
        """Compute every view for the current revision and store it for the scopes in use (once per revision)."""
        started = time.perf_counter()
        scopes = list(dict.fromkeys([*self.default_scopes, *list(self.cache.scopes)]))
        with self.sessions() as session:
            revision = self._warming = self.cache.revision(session)
            self.cache.seen_revision(revision)
            if revision == self.warmed_revision or not self.cache.claim(revision):
                return  # done here already, or another server is warming it for all
            try:
                self._views_of(session, scopes)
                self._run(session, self.tasks)
            finally:
                self.cache.release(revision)
        self.runs += 1
        self.warmed_revision, self.seconds = revision, time.perf_counter() - started
        if self.slow_tasks and self._with_slow:
            self._with_slow = False
            self._slow.request()

    def _views_of(self, session: Session, scopes: list) -> None:
        for view in self.views:
            try:
                fn, args, kwargs = view(session)
                value = self.cache.put(session, scopes, fn, *args, **kwargs)
                if fn in self.renders:
                    self.renders[fn](value)
            except Exception as error:  # noqa: BLE001 - warming only saves time; the page computes it itself
                log.warning("Vorberechnung einer Seite fehlgeschlagen (%s); sie wird beim Aufruf berechnet.", error)
                session.rollback()

    def _warm_slow(self) -> None:
        with self.sessions() as session:
            self._run(session, self.slow_tasks)

    @staticmethod
    def _run(session: Session, tasks) -> None:
        for task in tasks:
            try:
                task(session)
            except Exception as error:  # noqa: BLE001 - as above
                log.warning("Vorberechnung fehlgeschlagen (%s); sie wird beim Aufruf berechnet.", error)
                session.rollback()
