"""The cache of page figures, valid for one data revision: in this process, or in Redis for all servers.

In a meeting many people look at the same figures; they change only when the data does (every
write bumps `dataset_info.revision`). An entry's key is the reporting function, the revision, the
day, the caller's access scope (role and Träger: results are never shared across scopes) and every
argument. The revision is read from the database on every call, so a data change written by any
server makes every server compute afresh: that is the invalidation, and it holds across instances.

Two stores behind one `FiguresCache`:
- `MemoryStore` (the embedded default): LRU bounded by bytes (each value's pickled size), entries of
  older revisions dropped as soon as a newer one is seen; thread-safe; each gunicorn worker has its own.
- `RedisStore` (`IMC_CACHE_URL`): one cache for every worker and server; values pickled, keys carry the
  database and revision, older revisions are deleted when a newer one is written and expire anyway.
  In front of it a small `MemoryStore` (32 MB) keeps what this process read or wrote last, unpickled:
  the revision is still read from the database on every call, so it never serves another revision.
  Redis must be private to the installation (it holds pickled figures: loopback or a password).
Callers must treat the returned figures as read-only.

Computed once: while this process computes an entry (a page, or the warming after a write), a second
request for the same entry waits for that result instead of computing it again (`_Flights`). A
revision newer than any this process has seen (a write by another server, the CLI, a restore) is
reported to `listeners` (the warming, so the views of a change made elsewhere are computed here too,
with Redis by one server for all; the rendered pages, which let go of the old revision's figures).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import memory
from data.schema import DatasetInfo

log = logging.getLogger(__name__)
MISSING = object()
DEFAULT_MAX_BYTES = 128 * 1024 * 1024
LOCAL_BYTES = 32 * 1024 * 1024  # in front of Redis: the entries this process used last, unpickled


def size_of(value: Any) -> int:
    """What a value costs the cache: its pickled size in bytes (what Redis would hold, too)."""
    return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


class MemoryStore:
    """An LRU of `(revision, rest) -> value`, bounded by the values' pickled size in bytes."""

    kind = "memory"

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0
        self._latest: Any = None

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, revision, rest: tuple):
        with self._lock:
            entry = self._entries.get((revision, rest))
            if entry is None:
                return MISSING
            self._entries.move_to_end((revision, rest))
            return entry[0]

    def set(self, revision, rest: tuple, value: Any, size: int | None = None) -> None:
        """`size`: the value's pickled size when the caller has it (else pickled here to find it)."""
        size = size_of(value) if size is None else size
        dropped = False
        with self._lock:
            if revision != self._latest and isinstance(revision, int) \
                    and (self._latest is None or revision > self._latest):
                dropped = self._drop_older(revision)
            if size > self.max_bytes:
                return  # larger than the whole cache: computed each time rather than emptying it
            old = self._entries.pop((revision, rest), None)
            if old is not None:
                self.bytes -= old[1]
            self._entries[(revision, rest)] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _key, (_value, freed) = self._entries.popitem(last=False)
                self.bytes -= freed
        if dropped:
            memory.release()  # the old revision's figures are gone: their pages back to the system

    def claim(self, revision) -> bool:
        """Warm `revision` here? Always: this store is this process's own."""
        return True

    def release(self, revision) -> None:
        return None

    def _drop_older(self, revision: int) -> bool:
        """A newer revision was seen: entries of older ones can never be asked for again (True: some went)."""
        self._latest = revision
        old = [k for k in self._entries if isinstance(k[0], int) and k[0] < revision]
        for key in old:
            self.bytes -= self._entries.pop(key)[1]
        return bool(old)


class RedisStore:
    """The figures in Redis under `imc:fig:<database>:<revision>:<hash of the rest>`, shared by all servers."""

    kind = "redis"

    def __init__(self, url: str, namespace: str, expire_seconds: int = 24 * 3600, client=None,
                 local_bytes: int = LOCAL_BYTES):
        import redis

        self.client = client or redis.Redis.from_url(url)
        self.prefix = f"imc:fig:{hashlib.sha256(namespace.encode()).hexdigest()[:12]}:"
        self.expire_seconds = expire_seconds
        self._latest: Any = None
        # what this process read or wrote last, unpickled: the same revision and key give the same
        # object again (no unpickling; the page's rendered components stay valid, `Derived`)
        self.local = MemoryStore(local_bytes)

    def _key(self, revision, rest: tuple) -> str:
        return f"{self.prefix}{revision}:{hashlib.sha256(repr(rest).encode()).hexdigest()}"

    def get(self, revision, rest: tuple):
        value = self.local.get(revision, rest)
        if value is not MISSING:
            return value
        raw = self.client.get(self._key(revision, rest))
        if raw is None:
            return MISSING
        value = pickle.loads(raw)  # noqa: S301 - our own figures, private Redis
        self.local.set(revision, rest, value, size=len(raw))
        return value

    def set(self, revision, rest: tuple, value: Any) -> None:
        raw = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.client.set(self._key(revision, rest), raw, ex=self.expire_seconds)
        self.local.set(revision, rest, value, size=len(raw))
        if isinstance(revision, int) and (self._latest is None or revision > self._latest):
            self._latest = revision
            self.drop_older(revision)

    def claim(self, revision, seconds: int = 600) -> bool:
        """Warm `revision` here? True for the one server that claims it first (until `release` or
        `seconds`); the others read what it stores."""
        return bool(self.client.set(self._claim_key(revision), b"1", nx=True, ex=seconds))

    def release(self, revision) -> None:
        self.client.delete(self._claim_key(revision))

    def _claim_key(self, revision) -> str:
        return self.prefix.replace("imc:fig:", "imc:warm:", 1) + str(revision)

    def drop_older(self, revision: int) -> int:
        """Delete the entries of revisions before `revision` (every server's); returns how many."""
        old = [key for key in self.client.scan_iter(match=self.prefix + "*", count=500)
               if _revision_of(key, self.prefix) is not None and _revision_of(key, self.prefix) < revision]
        if old:
            self.client.delete(*old)
        return len(old)

    def __len__(self) -> int:
        return sum(1 for _ in self.client.scan_iter(match=self.prefix + "*", count=500))


def _stable(value):
    """An argument as the key holds it: settings by what changes figures (not the port of one server)."""
    fingerprint = getattr(value, "cache_fingerprint", None)
    return fingerprint() if callable(fingerprint) else value


def _revision_of(key: bytes | str, prefix: str) -> int | None:
    text = key.decode() if isinstance(key, bytes) else key
    revision = text[len(prefix):].split(":", 1)[0]
    return int(revision) if revision.isdigit() else None


class _Flights:
    """The entries being computed in this process: a second caller waits for the first one's result."""

    WAIT_SECONDS = 120.0  # then it computes itself (the first may have failed or hang)

    def __init__(self):
        self._lock = threading.Lock()
        self._running: dict[tuple, threading.Event] = {}
        self._pid = os.getpid()

    def _here(self) -> None:
        """In a forked process (a Celery pool process) the computing threads did not come along: forget them."""
        if os.getpid() != self._pid:
            self._lock = threading.Lock()
            self._running, self._pid = {}, os.getpid()

    def start(self, keys: list[tuple]) -> threading.Event | None:
        """Mark `keys` as being computed (None: the first of them already is; wait on `running(key)`)."""
        self._here()
        with self._lock:
            if any(key in self._running for key in keys):
                return None
            done = threading.Event()
            for key in keys:
                self._running[key] = done
            return done

    def running(self, key: tuple) -> threading.Event | None:
        self._here()
        with self._lock:
            return self._running.get(key)

    def finish(self, keys: list[tuple], done: threading.Event) -> None:
        with self._lock:
            for key in keys:
                if self._running.get(key) is done:
                    del self._running[key]
        done.set()


class FiguresCache:
    """`fn(session, *args, **kwargs)` once per data revision, scope and arguments, in `store`."""

    def __init__(self, store: MemoryStore | RedisStore | None = None):
        self.store = store if store is not None else MemoryStore()
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        self.scopes: OrderedDict[Hashable, None] = OrderedDict()  # recently seen scopes (warming)
        self._flights = _Flights()
        self.latest_revision: Any = None  # the newest revision this process has read
        self.listeners: list[Callable[[Any], None]] = []  # told of each newer revision (dashboard.app)

    @staticmethod
    def revision(session: Session):
        return session.scalar(select(DatasetInfo.revision).where(DatasetInfo.id == 1))

    @staticmethod
    def _rest(scope: Hashable, fn: Callable, args: tuple, kwargs: dict) -> tuple:
        return (fn.__module__, fn.__qualname__, dt.date.today(), scope, tuple(_stable(a) for a in args),
                tuple(sorted((k, _stable(v)) for k, v in kwargs.items())))

    def call(self, session: Session, scope: Hashable, fn: Callable, *args: Hashable, page_scope: bool = True,
             **kwargs: Hashable) -> Any:
        """`fn(session, *args, **kwargs)`, from the cache when the data has not changed since.
        `page_scope=False`: `scope` is no reader's access scope (server-side data such as the Szenarien'
        baseline), so the warming does not compute page views for it."""
        revision = self.revision(session)
        rest = self._rest(scope, fn, args, kwargs)
        if page_scope:
            self._seen(scope)
        value = self._get(revision, rest)
        if value is MISSING:
            value = self._wait_for(revision, rest)
        if value is not MISSING:
            with self._lock:
                self.hits += 1
            return value
        with self._lock:
            self.misses += 1
        return self._compute(session, revision, [rest], fn, args, kwargs)

    def put(self, session: Session, scopes, fn: Callable, *args: Hashable, **kwargs: Hashable) -> Any:
        """Compute `fn` once for the current revision and store it for each of `scopes` (warming: the
        figures do not depend on the scope, the key does so that no scope ever reads another's). An
        entry already there (another server warmed it, a reader was quicker) is not computed again.
        Returns the value (computed, or as stored)."""
        revision = self.revision(session)
        rests = [self._rest(scope, fn, args, kwargs) for scope in scopes]
        stored = [self._get(revision, rest) for rest in rests]
        wanted = [rest for rest, value in zip(rests, stored) if value is MISSING]
        if wanted:
            return self._compute(session, revision, wanted, fn, args, kwargs)
        return stored[0] if stored else None

    def _compute(self, session: Session, revision, rests: list[tuple], fn: Callable, args: tuple, kwargs: dict):
        """`fn(...)`, stored under every key in `rests`; callers of those keys meanwhile wait for it."""
        keys = [(revision, rest) for rest in rests]
        done = self._flights.start(keys)
        try:
            value = fn(session, *args, **kwargs)
            for rest in rests:
                self._set(revision, rest, value)
            return value
        finally:
            if done is not None:
                self._flights.finish(keys, done)

    def seen_revision(self, revision) -> None:
        """Note `revision` as read here; newer than an earlier one (a change): tell the listeners."""
        with self._lock:
            if not isinstance(revision, int) or (self.latest_revision is not None and revision <= self.latest_revision):
                return
            newer, self.latest_revision = self.latest_revision is not None, revision
        for listener in self.listeners if newer else ():
            try:
                listener(revision)
            except Exception as error:  # noqa: BLE001 - a listener only saves time or memory
                log.warning("Nach neuer Datenrevision: %s", error)

    def _wait_for(self, revision, rest: tuple):
        """Notice a new revision; if this entry is being computed here, its value once done (else MISSING)."""
        self.seen_revision(revision)
        running = self._flights.running((revision, rest))
        if running is None or not running.wait(_Flights.WAIT_SECONDS):
            return MISSING
        return self._get(revision, rest)

    def claim(self, revision) -> bool:
        """Warm `revision` in this process? (With Redis: unless another server is warming it.)"""
        try:
            return self.store.claim(revision)
        except Exception as error:  # noqa: BLE001 - see _get
            log.warning("Cache nicht erreichbar (%s): es wird hier vorberechnet.", error)
            return True

    def release(self, revision) -> None:
        try:
            self.store.release(revision)
        except Exception as error:  # noqa: BLE001 - the claim expires anyway
            log.warning("Cache nicht erreichbar (%s).", error)

    def _seen(self, scope: Hashable) -> None:
        with self._lock:
            self.scopes[scope] = None
            self.scopes.move_to_end(scope)
            while len(self.scopes) > 32:
                self.scopes.popitem(last=False)

    def _get(self, revision, rest: tuple):
        try:
            return self.store.get(revision, rest)
        except Exception as error:  # noqa: BLE001 - an unreachable Redis costs speed, never the page
            log.warning("Cache nicht erreichbar (%s): die Seite wird ohne Cache berechnet.", error)
            return MISSING

    def _set(self, revision, rest: tuple, value: Any) -> None:
        try:
            self.store.set(revision, rest, value)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            log.warning("Nicht zwischenspeicherbar (%s): %s", rest[:2], error)
        except Exception as error:  # noqa: BLE001 - see _get
            log.warning("Cache nicht erreichbar (%s): das Ergebnis wird nicht gespeichert.", error)


class Derived:
    """Pure results derived from a cached value (a page's components from its figures), kept while the
    figures cache hands out that same object: at Land scale building the components costs more than
    finding the figures. The key holds the value's identity and what else the result depends on; the
    entry holds the value itself, so its identity cannot pass to another object while the entry lives.
    A new data revision brings new figures, hence new keys; `clear()` lets go of the old ones at once
    (FiguresCache.listeners), else they age out (an LRU of 64: every page for a few readers and both
    colour modes; the components are kept as plain JSON, a few MB at Land scale)."""

    def __init__(self, size: int = 64):
        self.size = size
        self._entries: OrderedDict[tuple, tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def clear(self, _revision=None) -> None:
        """Forget every entry (a newer data revision: their figures are stale), and give the memory back."""
        with self._lock:
            had = bool(self._entries)
            self._entries.clear()
        if had:
            memory.release()

    def get(self, source: Any, key: Hashable, build: Callable[[], Any]) -> Any:
        """`build()`, or its earlier result for the same `source` object and `key`."""
        full = (id(source), key)
        with self._lock:
            entry = self._entries.get(full)
            if entry is not None and entry[0] is source:
                self._entries.move_to_end(full)
                self.hits += 1
                return entry[1]
        value = build()
        with self._lock:
            self.misses += 1
            self._entries[full] = (source, value)
            self._entries.move_to_end(full)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value


def make_cache(settings) -> FiguresCache:
    """The cache `settings` ask for: Redis at `cache_url`, else in this process up to `cache_max_mb`."""
    if settings.cache_url:
        return FiguresCache(RedisStore(settings.cache_url, namespace=settings.database_url))
    return FiguresCache(MemoryStore(settings.cache_max_mb * 1024 * 1024))
