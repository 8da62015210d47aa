"""The dataset's revision: every write bumps it, so open pages notice new data and redraw."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.orm import Session

from data.schema import DatasetInfo


def bump_revision(session: Session, *, as_of: dt.date | None = None) -> None:
    """Increase the revision (in the caller's transaction); optionally move the "Stand" date."""
    values = {"revision": DatasetInfo.revision + 1}
    if as_of is not None:
        values["as_of"] = as_of
    session.execute(update(DatasetInfo).where(DatasetInfo.id == 1).values(**values))
    session.info["revision_bumped"] = True  # after the commit the server warms the new revision's pages
