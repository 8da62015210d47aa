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
from collections.abc import Callable, Hashable, Iterable

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from dashboard.services.cache import FiguresCache

log = logging.getLogger(__name__)
View = Callable[[Session], tuple[Callable, tuple, dict]]
# scopes warmed even before anybody looked: the city-wide roles (no Träger, no area)
DEFAULT_SCOPES: tuple[Hashable, ...] = (("admin", None), ("steering", None), ("viewer", None))


class Warmer:
    """One background thread that warms `views` whenever a committed write bumped the revision."""

    def __init__(self, sessions: sessionmaker[Session], cache: FiguresCache, views: Iterable[View],
                 scopes: Iterable[Hashable] = DEFAULT_SCOPES, tasks: Iterable[Callable[[Session], object]] = ()):
        """`tasks`: more work for the new revision that keeps its own result (the Szenarien' baseline in
        this process and the shared cache, its backtest): called with a session after the views."""
        self.sessions, self.cache, self.views = sessions, cache, list(views)
        self.tasks = list(tasks)
        self.default_scopes = tuple(scopes)
        self._wanted = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.runs = 0

    def listen(self) -> None:
        """Warm after every commit of `sessions` whose transaction bumped the revision."""
        event.listen(self.sessions, "after_commit", self._after_commit)
        event.listen(self.sessions, "after_rollback", lambda session: session.info.pop("revision_bumped", None))

    def _after_commit(self, session: Session) -> None:
        if session.info.pop("revision_bumped", False):
            self.request()

    def request(self) -> None:
        """Warm soon (several writes in a row are folded into one run for the newest revision)."""
        with self._lock:
            self._idle.clear()
            self._wanted.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="imc-cache-warming", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no warming is pending (tests, the CLI); True when idle."""
        return self._idle.wait(timeout)

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._wanted.is_set():
                    self._idle.set()
                    self._thread = None
                    return
                self._wanted.clear()
            self.warm()

    def warm(self) -> None:
        """Compute every view for the current revision and store it for the scopes in use."""
        scopes = list(dict.fromkeys([*self.default_scopes, *list(self.cache.scopes)]))
        with self.sessions() as session:
            for view in self.views:
                try:
                    fn, args, kwargs = view(session)
                    self.cache.put(session, scopes, fn, *args, **kwargs)
                except Exception as error:  # noqa: BLE001 - warming only saves time; the page computes it itself
                    log.warning("Vorberechnung einer Seite fehlgeschlagen (%s); sie wird beim Aufruf berechnet.",
                                error)
                    session.rollback()
            for task in self.tasks:
                try:
                    task(session)
                except Exception as error:  # noqa: BLE001 - as above
                    log.warning("Vorberechnung fehlgeschlagen (%s); sie wird beim Aufruf berechnet.", error)
                    session.rollback()
        self.runs += 1
