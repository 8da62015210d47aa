"""Projektmittel ledger arithmetic (DOMAIN.md §6), exact in Decimal cents, never floats.

remaining = allocation − expenses − transfers out + transfers in
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .formatting import fmt_date, fmt_eur, fmt_exact
from .forms import FormError, check_form_text, parse_date

CENT = Decimal("0.01")


def cents(value: Decimal | int | str) -> Decimal:
    """Normalise an amount to two decimals; floats are refused to keep the ledger exact."""
    if isinstance(value, float):
        raise TypeError("Beträge müssen als Decimal oder Text übergeben werden, nicht als float.")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LedgerLine:
    provider: int
    kind: str  # allocation | expense | transfer
    amount: Decimal
    to_provider: int | None = None


@dataclass(frozen=True)
class FundsBalance:
    allocated: Decimal = Decimal("0.00")
    spent: Decimal = Decimal("0.00")
    transferred_out: Decimal = Decimal("0.00")
    transferred_in: Decimal = Decimal("0.00")

    @property
    def available(self) -> Decimal:
        return self.allocated - self.transferred_out + self.transferred_in

    @property
    def remaining(self) -> Decimal:
        return self.available - self.spent


def balances(lines: Iterable[LedgerLine], providers: Iterable[int]) -> dict[int, FundsBalance]:
    """Balance per provider (every provider listed, also those without entries)."""
    acc = {p: {"allocated": CENT * 0, "spent": CENT * 0, "out": CENT * 0, "in": CENT * 0}
           for p in providers}
    for line in lines:
        amount = cents(line.amount)
        row = acc.setdefault(line.provider, {"allocated": CENT * 0, "spent": CENT * 0,
                                             "out": CENT * 0, "in": CENT * 0})
        if line.kind == "allocation":
            row["allocated"] += amount
        elif line.kind == "expense":
            row["spent"] += amount
        elif line.kind == "transfer":
            row["out"] += amount
            target = acc.setdefault(line.to_provider, {"allocated": CENT * 0, "spent": CENT * 0,
                                                       "out": CENT * 0, "in": CENT * 0})
            target["in"] += amount
        else:
            raise ValueError(f"Unbekannte Buchungsart: {line.kind!r}")
    return {p: FundsBalance(r["allocated"], r["spent"], r["out"], r["in"]) for p, r in acc.items()}


# --- Projektmittel page: rule checks, German amount input and the burn-down projection ---------
# (added for the page "Projektmittel"; the functions above stay as they are)

AMOUNT_MAX = Decimal("9999999999.99")  # Numeric(12, 2)
PURPOSE_MAX = 300
DECISION_REF_MAX = 120
_GERMAN_AMOUNT = re.compile(r"\d{1,3}(\.\d{3})+(,\d*)?|\d+(,\d*)?")  # 1.234,56 · 1234,56 · 1234
_POINT_AMOUNT = re.compile(r"\d+\.\d*")  # 1234.56 (point as decimal separator)


class FundsRuleError(FormError):
    """A booking breaks a Projektmittel rule. The message is German, names the field and the fix;
    `field` says which form field is wrong (None: the booking as a whole)."""


def parse_amount(text: str | None, label: str = "Betrag") -> Decimal:
    """A euro amount typed by a person: "1.234,56", "1234,56", "1234.56" or "1234" ("1.234" is
    1234: the German thousands point). Refuses empty, non-numeric, ≤ 0 and more than two decimals."""
    raw = "" if text is None else str(text).strip()
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", raw)
    if not cleaned:
        raise FundsRuleError(f"{label}: Bitte einen Betrag in Euro eingeben, z. B. 1.234,56.", "amount")
    if cleaned[0] in "-−":
        raise FundsRuleError(f"{label}: Der Betrag muss größer als 0 sein (eingegeben: „{raw}“). "
                             "Bitte einen positiven Betrag eingeben.", "amount")
    if _GERMAN_AMOUNT.fullmatch(cleaned):
        number = cleaned.replace(".", "").replace(",", ".")
    elif _POINT_AMOUNT.fullmatch(cleaned):
        number = cleaned
    else:
        raise FundsRuleError(f"{label}: „{raw}“ ist kein gültiger Betrag. Bitte nur Ziffern und ein "
                             "Komma vor den Cent eingeben, z. B. 1.234,56 oder 1234,56.", "amount")
    whole, _, fraction = number.partition(".")
    if len(fraction) > 2:  # "12,500" is refused, not silently read as 12,50 (or 12.500)
        raise FundsRuleError(f"{label}: Höchstens zwei Nachkommastellen (Cent) sind möglich, "
                             f"z. B. 12,50 statt {raw}.", "amount")
    return check_amount(Decimal(f"{whole}.{fraction or '0'}"), label)


def check_amount(amount: Decimal, label: str = "Betrag") -> Decimal:
    """An amount for the ledger: a Decimal (never float), > 0, at most two decimals."""
    if isinstance(amount, float):
        raise TypeError("Beträge müssen als Decimal oder Text übergeben werden, nicht als float.")
    amount = Decimal(amount)
    if not amount.is_finite():
        raise FundsRuleError(f"{label}: Bitte einen Betrag in Euro eingeben, z. B. 1.234,56.", "amount")
    if amount <= 0:
        raise FundsRuleError(f"{label}: Der Betrag muss größer als 0 sein (eingegeben: "
                             f"{fmt_eur(amount)}). Bitte einen positiven Betrag eingeben.", "amount")
    if -amount.as_tuple().exponent > 2 and amount != amount.quantize(CENT):
        raise FundsRuleError(f"{label}: Höchstens zwei Nachkommastellen (Cent) sind möglich, "
                             f"z. B. 12,50 statt {fmt_exact(amount)}.", "amount")
    if amount > AMOUNT_MAX:
        raise FundsRuleError(f"{label}: Der Betrag ist zu groß (höchstens {fmt_eur(AMOUNT_MAX)}).",
                             "amount")
    return amount.quantize(CENT)


def parse_day(value: str | dt.date | None, label: str = "Datum", field: str = "booked_on",
              required: bool = True) -> dt.date | None:
    """A date from a form (ISO as the date picker sends it, or TT.MM.JJJJ)."""
    return parse_date(value, label, field, required=required, error=FundsRuleError)


def check_in_year(day: dt.date, year: int, label: str = "Datum", field: str = "booked_on") -> dt.date:
    """Bookings belong to the chosen year: the date must lie in it."""
    start, end = year_bounds(year)
    if not start <= day <= end:
        raise FundsRuleError(f"{label}: Der {fmt_date(day)} liegt nicht im Jahr {year}. Bitte ein Datum "
                             f"zwischen {fmt_date(start)} und {fmt_date(end)} wählen "
                             "oder oben das Jahr wechseln.", field)
    return day


def _text(value) -> str:
    """A text field's value; a number a callback put into the field counts as its digits."""
    return "" if value is None else value if isinstance(value, str) else str(value)


def check_purpose(text: str | None, label: str = "Zweck") -> str:
    text = _text(text)
    check_form_text(text, label, "purpose", error=FundsRuleError)
    purpose = " ".join(text.split())
    if not purpose:
        raise FundsRuleError(f"{label}: Bitte den Zweck angeben, z. B. „Material Sprachcafé“.", "purpose")
    if len(purpose) > PURPOSE_MAX:
        raise FundsRuleError(f"{label}: Höchstens {PURPOSE_MAX} Zeichen (jetzt {len(purpose)}). "
                             "Bitte kürzer fassen.", "purpose")
    return purpose


def check_decision_ref(text: str | None, label: str = "Aktenzeichen / TOP") -> str | None:
    text = _text(text)
    check_form_text(text, label, "decision_ref", error=FundsRuleError)
    ref = " ".join(text.split())
    if len(ref) > DECISION_REF_MAX:
        raise FundsRuleError(f"{label}: Höchstens {DECISION_REF_MAX} Zeichen (jetzt {len(ref)}). "
                             "Bitte kürzer fassen.", "decision_ref")
    return ref or None


def check_expense(balance: Decimal, amount: Decimal, provider: str | None = None) -> None:
    """An expense may use at most what the Träger has left (`balance` = remaining funds)."""
    amount = check_amount(amount)
    if amount > balance:
        whose = f"der {provider} " if provider else ""
        raise FundsRuleError(
            f"Die Buchung übersteigt die verbleibenden Mittel {whose}({fmt_eur(balance)}) um "
            f"{fmt_eur(amount - balance)}. Bitte höchstens {fmt_eur(max(balance, CENT * 0))} buchen "
            "oder zuerst eine Übertragung im Koordinierungskreis beschließen lassen.", "amount")


def check_transfer(balance: Decimal, amount: Decimal, *, from_provider: int | None,
                   to_provider: int | None, booked_on: dt.date, decision_date: dt.date | None,
                   provider: str | None = None) -> None:
    """A transfer needs another Träger as receiver, a Koordinierungskreis decision on or before
    the transfer date, and cannot give away more than the giver has left (`balance`)."""
    if from_provider is None:
        raise FundsRuleError("Von (Träger): Bitte den abgebenden Träger auswählen.", "provider")
    if to_provider is None:
        raise FundsRuleError("An (Träger): Bitte den empfangenden Träger auswählen.", "to_provider")
    if from_provider == to_provider:
        raise FundsRuleError("An (Träger): Geber und Empfänger sind derselbe Träger. Bitte als "
                             "Empfänger einen anderen Träger wählen.", "to_provider")
    if decision_date is None:
        raise FundsRuleError("Beschluss Koordinierungskreis vom: Eine Übertragung braucht einen "
                             "Beschluss des Koordinierungskreises. Bitte das Datum des Beschlusses "
                             "eintragen.", "decision_date")
    if decision_date > booked_on:
        raise FundsRuleError(
            f"Beschluss Koordinierungskreis vom: Der Beschluss ({fmt_date(decision_date)}) liegt nach "
            f"der Übertragung ({fmt_date(booked_on)}). Die Übertragung kann erst am Tag des "
            "Beschlusses oder danach gebucht werden – bitte beide Daten prüfen.", "decision_date")
    amount = check_amount(amount)
    if amount > balance:
        whose = f"der {provider} " if provider else ""
        raise FundsRuleError(
            f"Die Übertragung übersteigt die verbleibenden Mittel {whose}({fmt_eur(balance)}) um "
            f"{fmt_eur(amount - balance)}. Bitte höchstens {fmt_eur(max(balance, CENT * 0))} "
            "übertragen.", "amount")


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def projection_day(year: int, as_of: dt.date, entry_days: Iterable[dt.date] = ()) -> dt.date:
    """The day the projection starts: the data's Stand (or the last booking, if later), kept
    inside the year (31.12. for past years, 01.01. for future ones)."""
    start, end = year_bounds(year)
    day = max([as_of, *[d for d in entry_days if start <= d <= end]])
    return min(max(day, start), end)


def _change(line: LedgerLine, provider: int | None) -> Decimal:
    amount = cents(line.amount)
    if line.kind not in ("allocation", "expense", "transfer"):
        raise ValueError(f"Unbekannte Buchungsart: {line.kind!r}")
    if provider is None:  # all Träger together: a transfer moves money, it does not change the sum
        return {"allocation": amount, "expense": -amount}.get(line.kind, CENT * 0)
    change = CENT * 0
    if line.provider == provider:
        change += {"allocation": amount, "expense": -amount, "transfer": -amount}[line.kind]
    if line.kind == "transfer" and line.to_provider == provider:
        change += amount
    return change


def remaining_series(entries: Iterable[tuple[dt.date, LedgerLine]], provider: int | None = None,
                     until: dt.date | None = None) -> list[tuple[dt.date, Decimal]]:
    """Remaining funds at the end of each day with a booking (of `provider`, or of all Träger
    together for None), in date order; with `until`, a last point holds the value to that day."""
    by_day: dict[dt.date, Decimal] = {}
    for day, line in entries:
        involved = (line.kind != "transfer" if provider is None
                    else provider in (line.provider, line.to_provider))
        if involved:
            by_day[day] = by_day.get(day, CENT * 0) + _change(line, provider)
    points, running = [], CENT * 0
    for day in sorted(by_day):
        running += by_day[day]
        points.append((day, running))
    if until is not None and (not points or points[-1][0] < until):
        points.append((until, running))
    return points


@dataclass(frozen=True)
class Projection:
    """Straight-line projection of remaining funds from `day` to `end` at the spending rate so far
    (expenses from 01.01. to `day`, per day). Transfers are one-off and not part of the rate."""

    day: dt.date
    end: dt.date
    remaining: Decimal
    rate_per_day: Decimal
    projected_end: Decimal  # remaining on `end`, in cents; negative = not enough money
    runs_out_on: dt.date | None  # the day the money is used up, if before or on `end`

    @property
    def lasts(self) -> bool:
        return self.projected_end >= 0

    @property
    def days_left(self) -> int:
        return max(0, (self.end - self.day).days)

    @property
    def closed(self) -> bool:
        """The year is over: nothing is projected any more."""
        return self.days_left == 0

    @property
    def rate_per_month(self) -> Decimal:
        start, end = year_bounds(self.end.year)
        return cents(self.rate_per_day * ((end - start).days + 1) / 12)


def spending_rate(spent: Decimal, start: dt.date, day: dt.date) -> Decimal:
    """Expenses per day from `start` to `day` (both inclusive); 0 before `start`."""
    elapsed = (day - start).days + 1
    if elapsed <= 0:
        return CENT * 0
    return cents(spent) / elapsed


def project_remaining(remaining: Decimal, spent: Decimal, start: dt.date, day: dt.date,
                      end: dt.date) -> Projection:
    """Project `remaining` (on `day`) to `end` at the rate `spent` / days since `start`."""
    remaining = cents(remaining)
    rate = spending_rate(spent, start, day)
    days_left = max(0, (end - day).days)
    projected = cents(remaining - rate * days_left)
    runs_out = None
    if remaining <= 0:
        runs_out = min(day, end)
    elif rate > 0 and projected < 0:
        runs_out = day + dt.timedelta(days=math.ceil(remaining / rate))
    return Projection(day=day, end=end, remaining=remaining, rate_per_day=rate,
                      projected_end=projected, runs_out_on=runs_out)
