"""The Verbund forms of the lead Gemeinde (issue 17): an agreement, a member with its minimum hours
(and agreed cost share), and the booking of a quarter. Each parser reads what a person typed (German
numbers and dates), collects every error at once with the field it names, and returns plain values
for `data.verbund`. The rules that need the database (who leads, which quarters have invoices) are
`dashboard.services.verbund_edit`'s. Pure: no app, database or UI.
"""

from __future__ import annotations

import re
from decimal import Decimal

from dashboard.model.formatting import fmt_date
from dashboard.model.forms import FormError, FormResult, check_form_text, parse_count, parse_date, parse_decimal
from dashboard.model.verbund import WEEKS_PER_QUARTER, Quarter
from dashboard.model.vocabulary import BillingMode, VatMode

CODE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9-]{1,19}")
MAX_WEEKLY_HOURS = Decimal(60)  # the schema's bound for a member's minimum hours a week
MAX_QUARTER_HOURS = MAX_WEEKLY_HOURS * WEEKS_PER_QUARTER  # 780 h: more cannot be booked in a quarter
DEFAULT_VAT_PCT = Decimal(19)


def _code(value) -> str:
    code = (value or "").strip().upper()
    if not CODE_PATTERN.fullmatch(code):
        raise FormError("Kürzel: 2 bis 20 Zeichen aus Großbuchstaben, Ziffern und Bindestrich, z. B. BRA-CLE "
                        f"(eingegeben: „{value or ''}“). Es steht in jeder Rechnungsnummer.", "code")
    return code


def _text(value, label: str, field: str, *, required: bool, limit: int) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise FormError(f"{label}: Bitte angeben.", field)
        return None
    if len(text) > limit:
        raise FormError(f"{label}: höchstens {limit} Zeichen (eingegeben: {len(text)}).", field)
    check_form_text(text, label, field)
    return text


def _choice(value, kind, label: str, field: str):
    try:
        return kind(value)
    except ValueError:
        raise FormError(f"{label}: Bitte eine der angebotenen Möglichkeiten wählen.", field) from None


def _ids(values) -> list[int]:
    try:
        return sorted({int(v) for v in (values or [])})
    except (TypeError, ValueError):
        raise FormError("Stellen: Bitte nur Stellen aus der Liste wählen.", "posts") from None


def agreement_form(code, name, valid_from, valid_to, billing, cost_per_fte, pay_group, overhead_pct, overhead_cap,
                   vat_mode, vat_rate, offset, decision_ref, posts) -> FormResult:
    """The agreement's values: code, name, validity, billing, cost basis, VAT, offset, decision, posts."""
    form = FormResult()
    form.take("code", _code, code)
    form.take("name", _text, name, "Name", "name", required=True, limit=200)
    start = form.take("valid_from", parse_date, valid_from, "gültig ab", "valid_from")
    end = form.take("valid_to", parse_date, valid_to, "gültig bis", "valid_to")
    if start and end and end < start:
        form.errors.append(FormError(f"gültig bis: Das Ende ({fmt_date(end)}) liegt vor dem Beginn "
                                     f"({fmt_date(start)}); bitte korrigieren.", "valid_to"))
    form.take("billing", _choice, billing or BillingMode.hours.value, BillingMode, "Abrechnung", "billing")
    form.take("cost_per_fte", parse_decimal, cost_per_fte, "Arbeitgeberkosten je VZÄ und Jahr", "cost_per_fte",
              minimum=1000, maximum=500000, required=False, unit="€")
    form.take("pay_group", _text, pay_group, "Entgeltgruppe", "pay_group", required=False, limit=100)
    form.take("overhead_pct", parse_decimal, overhead_pct if overhead_pct not in (None, "") else "10",
              "Gemeinkostenzuschlag", "overhead_pct", maximum=100, unit="%")
    form.take("overhead_cap", parse_decimal, overhead_cap, "Obergrenze des Zuschlags", "overhead_cap",
              maximum=500000, required=False, unit="€")
    mode = form.take("vat_mode", _choice, vat_mode or VatMode.taxable.value, VatMode, "Umsatzsteuer", "vat_mode")
    if mode == VatMode.not_taxable:
        form.values["vat_rate_pct"] = Decimal(0)
    else:
        form.take("vat_rate_pct", parse_decimal, vat_rate if vat_rate not in (None, "") else DEFAULT_VAT_PCT,
                  "Umsatzsteuersatz", "vat_rate", maximum=100, unit="%")
    form.values["offset_land_share"] = bool(offset)
    form.take("decision_ref", _text, decision_ref, "Beschluss", "decision_ref", required=False, limit=200)
    form.take("posts", _ids, posts)
    return form


def member_form(municipality, min_hours, cost_share, billing: BillingMode) -> FormResult:
    """A member Gemeinde (its AGS), its minimum hours a week and — billing by cost share — its share (%)."""
    form = FormResult()
    ags = (str(municipality) if municipality not in (None, "") else "").strip()
    if not ags:
        form.errors.append(FormError("Gemeinde: Bitte die Mitgliedsgemeinde aus der Liste wählen.", "municipality"))
    form.values["ags"] = ags or None
    form.take("min_hours_per_week", parse_decimal, min_hours, "Mindeststunden je Woche", "min_hours",
              maximum=MAX_WEEKLY_HOURS, unit="Std.")
    share = form.take("cost_share_pct", parse_decimal, cost_share, "Kostenanteil", "cost_share", minimum=0,
                      maximum=100, required=billing == BillingMode.cost_share, unit="%")
    if share is not None and share == 0:
        form.errors.append(FormError("Kostenanteil: Der Anteil muss über 0 % liegen; ohne Anteil gehört die "
                                     "Gemeinde nicht zum Verbund.", "cost_share"))
    return form


def _quarter(value) -> Quarter:
    match = re.fullmatch(r"\s*(\d{4})-Q([1-4])\s*", str(value or ""))
    if not match:
        raise FormError("Quartal: Bitte ein Quartal aus der Liste wählen.", "quarter")
    return Quarter(int(match[1]), int(match[2]))


def quarter_value(quarter: Quarter) -> str:
    """A quarter as the form's value (`2025-Q1`)."""
    return f"{quarter.year}-Q{quarter.number}"


def booking_form(member, quarter, hours, hours_unfunded, cases_funded, cases_unfunded, actual_cost) -> FormResult:
    """The hours of a member and quarter, of them for clients ohne Landesförderung, the active clients
    at the quarter's end (two counts) and — billing by cost share — the lead's actual cost of the quarter."""
    form = FormResult()
    ags = (str(member) if member not in (None, "") else "").strip()
    if not ags:
        form.errors.append(FormError("Gemeinde: Bitte die Mitgliedsgemeinde aus der Liste wählen.", "member"))
    form.values["ags"] = ags or None
    form.take("quarter", _quarter, quarter)
    total = form.take("hours", parse_decimal, hours, "Gebuchte Stunden", "hours", maximum=MAX_QUARTER_HOURS,
                      unit="Std.")
    unfunded = form.take("hours_unfunded", parse_decimal, hours_unfunded if hours_unfunded not in (None, "") else "0",
                         "davon ohne Landesförderung", "hours_unfunded", maximum=MAX_QUARTER_HOURS, unit="Std.")
    if total is not None and unfunded is not None and unfunded > total:
        form.errors.append(FormError(f"davon ohne Landesförderung: {unfunded} Std. sind mehr als die {total} "
                                     "gebuchten Stunden; bitte korrigieren.", "hours_unfunded"))
    form.take("cases_funded", parse_count, cases_funded, "Klienten gefördert", "cases_funded")
    form.take("cases_unfunded", parse_count, cases_unfunded, "Klienten ohne Landesförderung", "cases_unfunded")
    form.take("actual_cost", parse_decimal, actual_cost, "Ist-Kosten des Quartals (Verbund)", "actual_cost",
              maximum=10_000_000, required=False, unit="€")
    return form  # billing by cost share without a cost: the service refuses it when none is recorded yet
