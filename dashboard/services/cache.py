"""A small in-process cache of page figures, valid for one data revision.

In a meeting many people look at the same figures; they change only when the data does (every
write bumps `dataset_info.revision`). An entry's key is the reporting function, the revision, the
day, the caller's access scope (role and Träger: results are never shared across scopes) and every
argument. Bounded (LRU), thread-safe; each gunicorn worker has its own. Callers must treat the
returned figures as read-only.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.schema import DatasetInfo


class FiguresCache:
    def __init__(self, maxsize: int = 256):
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def call(self, session: Session, scope: Hashable, fn: Callable, *args: Hashable, **kwargs: Hashable) -> Any:
        """`fn(session, *args, **kwargs)`, from the cache when the data has not changed since."""
        revision = session.scalar(select(DatasetInfo.revision).where(DatasetInfo.id == 1))
        key = (fn.__module__, fn.__qualname__, revision, dt.date.today(), scope, args,
               tuple(sorted(kwargs.items())))
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
        value = fn(session, *args, **kwargs)
        with self._lock:
            self.misses += 1
            self._entries[key] = value
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return value
