"""The lead Gemeinde records its Verbund (issue 17): the agreement, its members with their minimum hours
(and agreed cost share), and each quarter's booking (hours, of them ohne Landesförderung, the clients,
the actual cost when billing by cost share). Every rule that needs the database runs here, inside the
caller's write transaction, whatever the browser sent: only a Gemeinde's user creates an agreement
(its Gemeinde leads), only the lead's users change it, a member lies in the lead's Landkreis and in no
other Verbund at the same time, a quarter is booked once it has ended and until its invoice exists.
Each change is audited as `edit` with before/after and bumps the data revision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.auth.roles import PermissionDenied, Reader
from dashboard.model.formatting import fmt_date, fmt_number
from dashboard.model.verbund import Quarter, VerbundError, quarters
from dashboard.model.verbund_forms import quarter_value
from dashboard.model.vocabulary import INVOICE_STATUS_TEXT, VWV_END, AreaKind, BillingMode, Role
from dashboard.services.verbund import is_lead_user
from dashboard.services.verbund_billing import LEAD_ONLY
from data import audit
from data.revision import bump_revision
from data.schema import Area, ImPost, VerbundAgreement, VerbundBooking, VerbundInvoice, VerbundMember
from data.verbund import quarter_cost, save_agreement, save_booking, save_member, save_quarter_cost

GEMEINDE_ONLY = ("Eine Verbundvereinbarung legt die federführende Gemeinde an: nur Benutzer einer Gemeinde können "
                 "das. Bitte melden Sie sich mit dem Benutzer Ihrer Gemeinde an.")


def own_gemeinde(session: Session, reader: Reader) -> Area | None:
    """The Gemeinde of a Gemeinde's user (None for every other role)."""
    if reader.role != Role.municipality:
        return None
    return session.scalar(select(Area).where(Area.code == (reader.area_code or ""), Area.kind == AreaKind.municipality))


def agreement_by_code(session: Session, code: str | None) -> VerbundAgreement | None:
    return session.scalar(select(VerbundAgreement).where(VerbundAgreement.code == (code or "")))


def require_lead(session: Session, reader: Reader, code: str | None) -> VerbundAgreement:
    """Agreement `code`, when the reader is its lead Gemeinde's user (checked before the form is read)."""
    agreement = agreement_by_code(session, code)
    if agreement is None:
        raise VerbundError(f"Den Verbund „{code or ''}“ gibt es nicht; bitte zuerst die Vereinbarung speichern "
                           "oder einen Verbund aus der Liste wählen.")
    if not is_lead_user(reader, agreement.lead):
        raise PermissionDenied(LEAD_ONLY.format(lead=agreement.lead.name))
    return agreement


def require_gemeinde(session: Session, reader: Reader) -> Area:
    """The reader's Gemeinde: only a Gemeinde's user records agreements (checked before the form is read)."""
    own = own_gemeinde(session, reader)
    if own is None:
        raise PermissionDenied(GEMEINDE_ONLY)
    return own


def eligible_posts(session: Session, agreement: VerbundAgreement | None, lead: Area) -> list[ImPost]:
    """The posts that may serve the Verbund: those in the lead Gemeinde or in one of its members."""
    places = {lead.id} | ({m.municipality_id for m in agreement.members} if agreement else set())
    return list(session.scalars(select(ImPost).where(ImPost.municipality_id.in_(places)).order_by(ImPost.id)))


def member_candidates(session: Session, lead: Area) -> list[Area]:
    """The Gemeinden of the lead's Landkreis but the lead (the Land share is the Landkreis' allocation)."""
    return list(session.scalars(select(Area).where(Area.parent_id == lead.parent_id, Area.kind == AreaKind.municipality,
                                                   Area.id != lead.id).order_by(Area.name)))


def _finish(session: Session, actor: str, target: str, changes: dict) -> None:
    if changes:
        audit.record(session, actor, "edit", target, {k: {"before": b, "after": a} for k, (b, a) in changes.items()})
        bump_revision(session)


def save_agreement_edit(session: Session, reader: Reader, actor: str, values: dict) -> tuple[VerbundAgreement, bool]:
    """Create the agreement `values["code"]` (the reader's Gemeinde leads) or change it (lead only).
    Returns (agreement, created)."""
    code = values["code"]
    agreement = agreement_by_code(session, code)
    if agreement is None:
        lead = require_gemeinde(session, reader)
    else:
        if not is_lead_user(reader, agreement.lead):
            raise PermissionDenied(LEAD_ONLY.format(lead=agreement.lead.name))
        lead = agreement.lead
        outside = [b for m in agreement.members for b in session.scalars(
            select(VerbundBooking).where(VerbundBooking.member_id == m.id))
            if not values["valid_from"] <= b.quarter_start <= values["valid_to"]]
        if outside:
            first = Quarter.of(min(b.quarter_start for b in outside))
            raise VerbundError(f"gültig ab/bis: {len(outside)} Buchung(en) lägen außerhalb der neuen Laufzeit "
                               f"(zuerst {first.label}); die Laufzeit muss die gebuchten Quartale einschließen.")
    allowed = {p.id: p for p in eligible_posts(session, agreement, lead)}
    unknown = [i for i in values["posts"] if i not in allowed]
    if unknown:
        raise VerbundError("Stellen: Nur Stellen der federführenden Gemeinde oder ihrer Mitglieder können dem "
                           "Verbund dienen; bitte aus der Liste wählen.")
    record, changes = save_agreement(session, agreement, lead, code, values, [allowed[i] for i in values["posts"]], actor)
    _finish(session, actor, f"verbund:{code}", changes if agreement else {"created": (None, code), **changes})
    return record, agreement is None


def _overlapping(session: Session, agreement: VerbundAgreement, area: Area) -> VerbundAgreement | None:
    for other in session.scalars(select(VerbundAgreement).join(VerbundMember)
                                 .where(VerbundMember.municipality_id == area.id, VerbundAgreement.id != agreement.id)):
        if other.valid_from <= agreement.valid_to and agreement.valid_from <= other.valid_to:
            return other
    return None


def save_member_edit(session: Session, reader: Reader, actor: str, code: str | None, values: dict) -> VerbundMember:
    """Add a member to agreement `code` or change its minimum hours / cost share (lead only)."""
    agreement = require_lead(session, reader, code)
    area = session.scalar(select(Area).where(Area.ags == values["ags"], Area.kind == AreaKind.municipality))
    if area is None or area.parent_id != agreement.lead.parent_id or area.id == agreement.lead_id:
        raise VerbundError("Gemeinde: Mitglied kann nur eine andere Gemeinde desselben Landkreises sein; bitte aus "
                           "der Liste wählen.")
    other = _overlapping(session, agreement, area)
    if other is not None:
        raise VerbundError(f"{area.name} gehört von {fmt_date(other.valid_from)} bis {fmt_date(other.valid_to)} schon "
                           f"zum {other.name}; eine Gemeinde ist zur selben Zeit in nur einem Verbund.")
    share = values["cost_share_pct"]
    if agreement.billing == BillingMode.cost_share:
        others = sum((m.cost_share_pct or Decimal(0) for m in agreement.members if m.municipality_id != area.id),
                     Decimal(0))
        if others + share > 100:
            raise VerbundError(f"Kostenanteil: Mit {fmt_number(share, 2)} % trügen die Mitglieder zusammen "
                               f"{fmt_number(others + share, 2)} % der Kosten; höchstens 100 % sind möglich.")
    member, changes = save_member(session, agreement, area, values["min_hours_per_week"], share)
    _finish(session, actor, f"verbund:{agreement.code}:{area.ags}", changes)
    return member


def _invoice(session: Session, member_ids: list[int], quarter: Quarter) -> VerbundInvoice | None:
    return session.scalar(select(VerbundInvoice).where(VerbundInvoice.member_id.in_(member_ids),
                                                       VerbundInvoice.quarter_start == quarter.start)
                          .order_by(VerbundInvoice.id))


def save_booking_edit(session: Session, reader: Reader, actor: str, code: str | None, values: dict,
                      day: dt.date) -> VerbundBooking:
    """Book a member's quarter of agreement `code` (lead only): the quarter lies in the agreement, has
    ended by `day` (the data's Stand) and has no invoice yet; billing by cost share also records (or
    requires) the quarter's actual cost, which is fixed once any member's invoice of the quarter exists."""
    agreement = require_lead(session, reader, code)
    member = next((m for m in agreement.members if m.municipality.ags == values["ags"]), None)
    if member is None:
        raise VerbundError("Gemeinde: Bitte eine Mitgliedsgemeinde dieses Verbunds wählen (erst als Mitglied "
                           "eintragen, dann buchen).")
    quarter = values["quarter"]
    if quarter not in quarters(agreement.valid_from, agreement.valid_to):
        raise VerbundError(f"Quartal: {quarter.label} liegt außerhalb der Laufzeit "
                           f"({fmt_date(agreement.valid_from)} bis {fmt_date(agreement.valid_to)}).")
    if quarter.end > day:
        raise VerbundError(f"Quartal: {quarter.label} endet erst am {fmt_date(quarter.end)}; gebucht wird ein "
                           f"abgelaufenes Quartal (Stand der Daten {fmt_date(day)}).")
    billed = _invoice(session, [member.id], quarter)
    if billed is not None:
        raise VerbundError(f"Für {member.municipality.name} und {quarter.label} gibt es schon die Rechnung "
                           f"{billed.number} ({INVOICE_STATUS_TEXT[billed.status]}); die Buchung ist damit "
                           "festgeschrieben.")
    changes = {}
    if agreement.billing == BillingMode.cost_share:
        recorded = quarter_cost(session, agreement, quarter)
        amount = values.get("actual_cost")
        if amount is None and recorded is None:
            raise VerbundError(f"Ist-Kosten des Quartals: Der Verbund rechnet nach Kostenanteil ab; bitte die "
                               f"Ist-Kosten für {quarter.label} eintragen.")
        if amount is not None and (recorded is None or recorded.actual_cost != amount):
            fixed = _invoice(session, [m.id for m in agreement.members], quarter)
            if fixed is not None:
                raise VerbundError(f"Ist-Kosten des Quartals: Für {quarter.label} gibt es schon die Rechnung "
                                   f"{fixed.number}; die Ist-Kosten sind damit festgeschrieben.")
            changes.update(save_quarter_cost(session, agreement, quarter, amount, actor))
    booking, booked = save_booking(session, member, quarter, values, actor)
    changes.update(booked)
    _finish(session, actor, f"verbund:{agreement.code}:{member.municipality.ags}:{quarter.label}", changes)
    return booking


# --- what the forms offer ----------------------------------------------------------------------------

@dataclass(frozen=True)
class FormState:
    """The forms for agreement `code` as the reader may use them."""

    enabled: bool  # a Gemeinde user with no agreement chosen, or the chosen agreement's lead
    agreement: dict  # the agreement's values for the form (empty: a new one)
    posts: list[dict]  # options
    candidates: list[dict]  # Gemeinden that may become members
    members: list[dict]  # the agreement's members
    quarters: list[dict]  # ended quarters of the agreement, newest first
    billing: BillingMode
    new_validity: dict  # a new agreement's default validity: from 1 January of the Stand's year to the VwV's end


def _plain(value) -> str:
    return "" if value is None else fmt_number(value, 2).replace(",00", "") if isinstance(value, Decimal) else str(value)


def form_state(session: Session, reader: Reader, code: str | None, day: dt.date, *, new: bool = False) -> FormState:
    agreement = None if new else agreement_by_code(session, code)
    own = own_gemeinde(session, reader)
    lead = agreement.lead if agreement else own
    enabled = own is not None and (agreement is None or is_lead_user(reader, agreement.lead))
    validity = {"valid_from": dt.date(day.year, 1, 1).isoformat(), "valid_to": VWV_END.isoformat()}
    if lead is None or not enabled:
        return FormState(enabled, {}, [], [], [], [], agreement.billing if agreement else BillingMode.hours, validity)
    posts = [{"label": f"{p.employer} · {p.label} · {fmt_number(p.fte, 2)} VZÄ", "value": p.id}
             for p in eligible_posts(session, agreement, lead)]
    candidates = [{"label": a.name, "value": a.ags} for a in member_candidates(session, lead)]
    if agreement is None:
        return FormState(True, {}, posts, candidates, [], [], BillingMode.hours, validity)
    values = {"code": agreement.code, "name": agreement.name, "valid_from": agreement.valid_from.isoformat(),
              "valid_to": agreement.valid_to.isoformat(), "billing": agreement.billing.value,
              "cost_per_fte": _plain(agreement.cost_per_fte), "pay_group": agreement.pay_group or "",
              "overhead_pct": _plain(agreement.overhead_pct), "overhead_cap": _plain(agreement.overhead_cap),
              "vat_mode": agreement.vat_mode.value, "vat_rate": _plain(agreement.vat_rate_pct),
              "offset": agreement.offset_land_share, "decision_ref": agreement.decision_ref or "",
              "posts": [p.id for p in agreement.posts]}
    members = [{"label": m.municipality.name, "value": m.municipality.ags} for m in agreement.members]
    ended = [q for q in quarters(agreement.valid_from, agreement.valid_to) if q.end <= day]
    return FormState(True, values, posts, candidates, members,
                     [{"label": q.label, "value": quarter_value(q)} for q in reversed(ended)], agreement.billing,
                     validity)
