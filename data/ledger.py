"""Write operations on the Projektmittel ledger: book an expense, book a transfer.

Each function takes the caller's session first and never commits: the caller wraps it in
`data.db.transaction`, so one accepted change is one transaction. The rules (amount, date within the
year, purpose, enough money left, Koordinierungskreis decision for transfers) are the pure checks of
`dashboard.model.funds`; a broken rule raises `LedgerError` (a `ValueError` with a German message)
and nothing is written. Every accepted change records who made it and bumps the data revision.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.model.funds import (
    FundsBalance,
    FundsRuleError,
    LedgerLine,
    balances,
    check_amount,
    check_decision_ref,
    check_expense,
    check_in_year,
    check_purpose,
    check_transfer,
)
from data.revision import bump_revision
from data.schema import FundsEntry, FundsEntryKind, Provider, ProviderKind

LedgerError = FundsRuleError  # what the write functions raise for a broken rule


def funds_years(session: Session) -> list[int]:
    """The years that have ledger entries, ascending."""
    return list(session.scalars(select(FundsEntry.year).distinct().order_by(FundsEntry.year)))


def balance(session: Session, year: int, provider_id: int) -> FundsBalance:
    """One Träger's Projektmittel of `year` as the database holds them now."""
    rows = session.execute(
        select(FundsEntry.provider_id, FundsEntry.kind, FundsEntry.amount, FundsEntry.to_provider_id)
        .where(FundsEntry.year == year,
               (FundsEntry.provider_id == provider_id) | (FundsEntry.to_provider_id == provider_id))
    ).all()
    lines = [LedgerLine(int(p), FundsEntryKind(k).value, Decimal(a), None if t is None else int(t))
             for p, k, a, t in rows]
    return balances(lines, [provider_id])[provider_id]


def _funded_providers(session: Session, ids: dict[str, int | None]) -> dict[int, Provider]:
    """Lock the Träger rows involved (in id order) so that concurrent bookings on PostgreSQL
    see each other's balance; every one must be a Träger with Projektmittel."""
    wanted = sorted({i for i in ids.values() if i is not None})
    found = {p.id: p for p in session.scalars(
        select(Provider).where(Provider.id.in_(wanted)).order_by(Provider.id).with_for_update())}
    labels = {"provider": "Träger", "to_provider": "An (Träger)"}
    for field, provider_id in ids.items():
        if provider_id is None:
            continue
        provider = found.get(provider_id)
        if provider is None or provider.kind != ProviderKind.provider:
            raise LedgerError(f"{labels[field]}: Bitte einen der Träger aus der Liste auswählen "
                              "(Projektmittel haben nur die freien Träger).", field)
    return found


def book_expense(session: Session, *, year: int, provider_id: int | None, booked_on: dt.date,
                 amount: Decimal, purpose: str, user: str) -> FundsEntry:
    """Book an expense of a Träger; refused (LedgerError) if it exceeds what the Träger has left."""
    if provider_id is None:
        raise LedgerError("Träger: Bitte den Träger auswählen, der die Ausgabe bucht.", "provider")
    amount = check_amount(amount)
    check_in_year(booked_on, year)
    purpose = check_purpose(purpose)
    provider = _funded_providers(session, {"provider": provider_id})[provider_id]
    check_expense(balance(session, year, provider_id).remaining, amount, provider.short_name)
    entry = FundsEntry(year=year, provider_id=provider_id, kind=FundsEntryKind.expense, amount=amount,
                       booked_on=booked_on, purpose=purpose, updated_by=user)
    session.add(entry)
    session.flush()
    bump_revision(session)
    return entry


def book_transfer(session: Session, *, year: int, provider_id: int | None, to_provider_id: int | None,
                  booked_on: dt.date, amount: Decimal, decision_date: dt.date | None,
                  decision_ref: str | None, purpose: str, user: str) -> FundsEntry:
    """Transfer funds from one Träger to another on a Koordinierungskreis decision."""
    amount = check_amount(amount)
    check_in_year(booked_on, year, "Datum der Übertragung")
    purpose = check_purpose(purpose)
    decision_ref = check_decision_ref(decision_ref)
    check_transfer(Decimal("Infinity"), amount, from_provider=provider_id, to_provider=to_provider_id,
                   booked_on=booked_on, decision_date=decision_date)
    found = _funded_providers(session, {"provider": provider_id, "to_provider": to_provider_id})
    check_transfer(balance(session, year, provider_id).remaining, amount, from_provider=provider_id,
                   to_provider=to_provider_id, booked_on=booked_on, decision_date=decision_date,
                   provider=found[provider_id].short_name)
    entry = FundsEntry(year=year, provider_id=provider_id, to_provider_id=to_provider_id,
                       kind=FundsEntryKind.transfer, amount=amount, booked_on=booked_on,
                       purpose=purpose, decision_date=decision_date, decision_ref=decision_ref,
                       updated_by=user)
    session.add(entry)
    session.flush()
    bump_revision(session)
    return entry
