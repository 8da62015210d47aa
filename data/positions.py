"""Stellenplan writes: change a position's VZÄ, site and funding end, or add a position.

Rules (German messages that name the form field, raised as `PositionError`):
- VZÄ between 0 and 10 with at most 3 decimals; "0,5" and "0.5" are both accepted as text.
- filled ≤ planned, unless the change explicitly allows an over-staffing ("Überbesetzung").
- dates as TT.MM.JJJJ; the funding end must not lie before the post's start.

Every function takes the caller's session first and never commits: the caller runs one
`data.db.transaction` per change. Each write sets `updated_by` and bumps the dataset revision so
that open pages redraw. Also here: the read of all lines of a plan (independent of the Stichtag)
for the plan consistency checks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.model.text import TextRefused, check_text
from data.revision import bump_revision
from data.schema import Funding, Position, Programme, Provider

FTE_MAX = Decimal(10)
SITE_MAX = 200
FIELD_PLANNED = "VZÄ Soll"
FIELD_FILLED = "VZÄ besetzt"
FIELD_SITE = "Standort"
FIELD_FUNDED_UNTIL = "Förderung bis"
_FTE_TEXT = re.compile(r"^\d+(?:[.,]\d+)?$")


class PositionError(ValueError):
    """A change breaks a rule of the Stellenplan; the German message names the field."""


@dataclass(frozen=True)
class PositionChange:
    """The editable values of a position, already parsed."""

    planned_fte: Decimal
    filled_fte: Decimal
    site: str | None = None
    funded_until: dt.date | None = None
    allow_overstaffing: bool = False


# --- parsing form text -------------------------------------------------------------------------

def check_fte(value: Decimal, field: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise PositionError(f"{field}: bitte eine Zahl angeben, z. B. 0,5.")
    if not 0 <= value <= FTE_MAX:
        raise PositionError(f"{field}: bitte einen Wert zwischen 0 und 10 eingeben (eingegeben: {_de(value)}).")
    if value.quantize(Decimal("0.001")) != value:
        raise PositionError(f"{field}: höchstens 3 Nachkommastellen (eingegeben: {_de(value)}).")
    return value


def parse_fte(text: str | None, field: str) -> Decimal:
    """'0,5' → Decimal('0.5'); German message naming `field` when the text is not a valid VZÄ."""
    raw = (text or "").strip()
    if not raw:
        raise PositionError(f"{field}: bitte einen Wert eingeben, z. B. 0,5.")
    if raw.startswith("-"):
        raise PositionError(f"{field}: bitte einen Wert zwischen 0 und 10 eingeben (eingegeben: {raw}).")
    if not _FTE_TEXT.match(raw):
        raise PositionError(
            f"{field}: „{raw}“ ist keine gültige Zahl. Bitte z. B. 0,5 eingeben "
            "(Komma oder Punkt, ohne Tausenderpunkt).")
    decimals = len(re.split(r"[.,]", raw)[1]) if re.search(r"[.,]", raw) else 0
    if decimals > 3:
        raise PositionError(f"{field}: höchstens 3 Nachkommastellen (eingegeben: {raw}).")
    return check_fte(Decimal(raw.replace(",", ".")), field)


def parse_date(text: str | None, field: str) -> dt.date | None:
    """'31.12.2029' → date; empty → None; German message naming `field` otherwise."""
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        if not re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", raw):
            raise ValueError
        return dt.datetime.strptime(raw, "%d.%m.%Y").date()
    except ValueError:
        raise PositionError(
            f"{field}: „{raw}“ ist kein gültiges Datum. Bitte als TT.MM.JJJJ eingeben, "
            "z. B. 31.12.2029.") from None


def parse_change(planned: str | None, filled: str | None, site: str | None,
                 funded_until: str | None, allow_overstaffing: bool = False) -> PositionChange:
    """Form text → `PositionChange` (the first invalid field raises `PositionError`)."""
    change = PositionChange(
        planned_fte=parse_fte(planned, FIELD_PLANNED),
        filled_fte=parse_fte(filled, FIELD_FILLED),
        site=(site or "").strip() or None,
        funded_until=parse_date(funded_until, FIELD_FUNDED_UNTIL),
        allow_overstaffing=bool(allow_overstaffing),
    )
    validate_change(change)
    return change


def validate_change(change: PositionChange, valid_from: dt.date | None = None) -> None:
    check_fte(change.planned_fte, FIELD_PLANNED)
    check_fte(change.filled_fte, FIELD_FILLED)
    if change.filled_fte > change.planned_fte and not change.allow_overstaffing:
        raise PositionError(
            f"{FIELD_FILLED} ({_de(change.filled_fte)}) ist größer als {FIELD_PLANNED} "
            f"({_de(change.planned_fte)}). Für eine gewollte Überbesetzung bitte "
            "„Überbesetzung“ ankreuzen.")
    if change.site is not None and len(change.site) > SITE_MAX:
        raise PositionError(f"{FIELD_SITE}: höchstens {SITE_MAX} Zeichen "
                            f"(eingegeben: {len(change.site)}).")
    try:
        check_text(change.site, FIELD_SITE)
    except TextRefused as refused:
        raise PositionError(str(refused)) from None
    if change.funded_until is not None:
        if not dt.date(2000, 1, 1) <= change.funded_until <= dt.date(2100, 12, 31):
            raise PositionError(f"{FIELD_FUNDED_UNTIL}: bitte ein Datum zwischen 2000 und 2100 "
                                "angeben.")
        if valid_from is not None and change.funded_until < valid_from:
            raise PositionError(
                f"{FIELD_FUNDED_UNTIL} ({change.funded_until:%d.%m.%Y}) liegt vor dem Beginn der "
                f"Stelle ({valid_from:%d.%m.%Y}).")


def _de(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


# --- writes ------------------------------------------------------------------------------------

def provider_of(session, position_id: int | None) -> int | None:
    """The Träger (provider id) a position belongs to; None if there is no such position. Asked in the
    edit's own transaction, so the check and the write see the same row."""
    position = session.get(Position, position_id) if position_id is not None else None
    return position.provider_id if position else None


def update_position(session: Session, position_id: int, change: PositionChange, *,
                    user: str) -> Position:
    """Change planned/filled VZÄ, site and funding end of one position (caller commits)."""
    position = session.get(Position, position_id) if isinstance(position_id, int) else None
    if position is None:
        raise PositionError("Stelle: die gewählte Stelle gibt es nicht (mehr). Bitte die Seite neu laden.")
    validate_change(change, position.valid_from)
    position.planned_fte = change.planned_fte
    position.filled_fte = change.filled_fte
    position.site = change.site
    position.funded_until = change.funded_until
    position.updated_by = user
    session.flush()
    bump_revision(session)
    return position


def add_position(session: Session, *, provider_id: int, programme: str, funding: str,
                 change: PositionChange, valid_from: dt.date, user: str,
                 upper_bound: bool = False, label: str | None = None) -> Position:
    """Add a position valid from `valid_from` (open end, no plan document) (caller commits)."""
    provider = session.get(Provider, provider_id) if isinstance(provider_id, int) else None
    if provider is None:
        raise PositionError("Träger: bitte einen Träger auswählen.")
    try:
        programme_value = Programme(programme)
    except ValueError:
        raise PositionError("Programm: bitte ein Programm auswählen.") from None
    try:
        funding_value = Funding(funding)
    except ValueError:
        raise PositionError("Finanzierung: bitte eine Finanzierung auswählen.") from None
    validate_change(change, valid_from)
    position = Position(
        provider_id=provider.id, programme=programme_value, funding=funding_value,
        planned_fte=change.planned_fte, filled_fte=change.filled_fte,
        planned_is_upper_bound=upper_bound, valid_from=valid_from, site=change.site,
        funded_until=change.funded_until, label=label, updated_by=user,
    )
    session.add(position)
    session.flush()
    bump_revision(session)
    return position


# --- reads -------------------------------------------------------------------------------------

def position_values(session: Session, position_id: int) -> dict | None:
    """The editable values of one position (for the form), or None."""
    position = session.get(Position, position_id)
    if position is None:
        return None
    return {"position_id": position.id, "planned_fte": position.planned_fte,
            "filled_fte": position.filled_fte, "site": position.site,
            "funded_until": position.funded_until, "valid_from": position.valid_from,
            "updated_by": position.updated_by}


def plan_lines(session: Session) -> list:
    """Every position that belongs to a plan document, whatever its dates (for the plan checks)."""
    return session.execute(
        select(Position.id, Position.plan, Position.provider_id, Provider.code, Provider.short_name,
               Position.programme, Position.funding, Position.planned_fte,
               Position.planned_is_upper_bound, Position.label)
        .join(Provider, Provider.id == Position.provider_id)
        .where(Position.plan.is_not(None))
        .order_by(Provider.sort_order, Position.id)
    ).all()
