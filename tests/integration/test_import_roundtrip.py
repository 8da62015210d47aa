"""The full export is the import's own format: export → import gives "unchanged" for every row, and
export → empty tables → import → export reproduces the very same workbook (SQLite and PostgreSQL)."""

import io

from openpyxl import load_workbook
from sqlalchemy import delete, func, select

from data.db import make_engine, make_session_factory, transaction
from data.imports.engine import import_file
from data.imports.workbook import export_all
from data.schema import (
    Case,
    CaseloadCount,
    CountyFunds,
    FundsEntry,
    ImArrangement,
    ImPost,
    Position,
    ProofOfUse,
    TargetGroupCount,
    VerbundAgreement,
    VerbundBooking,
    VerbundInvoice,
    VerbundMember,
    VolunteerProject,
    verbund_posts,
)

LIMITS = {"max_bytes": 20_000_000, "max_rows": 50_000}
KIND_TABLES = (Case, CaseloadCount, FundsEntry, Position, VolunteerProject, CountyFunds, TargetGroupCount,
               ImArrangement, ImPost, ProofOfUse)


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


def _counts(sessions) -> dict[str, int]:
    with sessions() as session:
        return {m.__tablename__: session.scalar(select(func.count()).select_from(m)) for m in KIND_TABLES}


def test_full_export_round_trip(demo_url):
    engine = make_engine(demo_url)
    sessions = make_session_factory(engine)
    with sessions() as session:
        first = export_all(session)
    counts = _counts(sessions)
    rows = (counts["cases"] + counts["positions"] + counts["volunteer_projects"] + counts["funds_entries"]
            + counts["county_funds"] + counts["target_group_counts"] + counts["im_arrangements"]
            + counts["im_posts"] + counts["proofs_of_use"])

    same = import_file(sessions, first, "gesamt.xlsx", actor="test", commit=False, **LIMITS)
    assert same.ok, same.messages()[:5]
    assert same.kind == "all" and same.counts == {"new": 0, "updated": 0, "unchanged": rows, "rejected": 0}

    with transaction(sessions) as session:
        # the Verbund's tables are not import kinds, but they refer to the IM posts: out first
        for table in (VerbundInvoice, VerbundBooking, VerbundMember, verbund_posts, VerbundAgreement):
            session.execute(delete(table))
        for model in KIND_TABLES:
            session.execute(delete(model))
    assert set(_counts(sessions).values()) == {0}
    restored = import_file(sessions, first, "gesamt.xlsx", actor="test", commit=True, **LIMITS)
    assert restored.applied, restored.messages()[:5]
    assert restored.counts == {"new": rows, "updated": 0, "unchanged": 0, "rejected": 0}
    assert _counts(sessions) == counts
    with sessions() as session:
        second = export_all(session)
    assert _sheets(second) == _sheets(first)
    again = import_file(sessions, first, "gesamt.xlsx", actor="test", commit=True, **LIMITS)
    assert again.already_imported and not again.applied  # the ledger of imported files
    engine.dispose()
