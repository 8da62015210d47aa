"""Figures and downloads of the page "Projektmittel": the ledger per Träger, the burn-down with its
projection, the ledger lines, and the parsing of the two booking forms.

`page_figures` returns typed figures (`dashboard.model.figures.funds`: money as `Decimal`, exact to
the cent; dates as `date`); the layout and the PDF render them, the downloads are built from the same
functions and only `im-cockpit kpis --json` turns them into text (`services.serialize.jsonable`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy.orm import Session

from dashboard import services
from dashboard.model.figures.funds import FundsFigures, FundsSeries, FundsTotals, LedgerRow, ProviderFunds
from dashboard.model.formatting import fmt_date, fmt_eur
from dashboard.model.forms import FormResult
from dashboard.model.funds import (
    FundsRuleError,
    LedgerLine,
    cents,
    check_decision_ref,
    check_in_year,
    check_purpose,
    check_transfer,
    parse_amount,
    parse_day,
    project_remaining,
    projection_day,
    remaining_series,
    year_bounds,
)
from dashboard.settings import Settings
from dashboard.urls import QueryError
from data import ledger, queries
from data.exports import Column, Table
from data.schema import Provider

KIND_TEXT = {"allocation": "Zuweisung", "expense": "Ausgabe", "transfer": "Übertragung"}
TOTAL = "Alle Träger"
YEAR_MIN, YEAR_MAX = 2000, 2100


# --- year (URL state ?jahr=) --------------------------------------------------------------------

def parse_year(value: str | None) -> int | None:
    """`?jahr=2026` → 2026; empty → None; anything else → QueryError with a German message."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if text.isdigit() and len(text) == 4 and YEAR_MIN <= int(text) <= YEAR_MAX:
        return int(text)
    raise QueryError(f"Das Jahr „{value}“ in der Adresse ist ungültig. Bitte als vierstellige "
                     f"Jahreszahl angeben, z. B. jahr=2026. Angezeigt wird das Jahr des Datenstands.")


def default_year(session: Session) -> int:
    return services.default_day(session).year


def resolve_year(session: Session, value: str | None) -> tuple[int, str | None]:
    """The year to show and, for an invalid value, the German message (falls back to the Stand)."""
    try:
        year = parse_year(value)
    except QueryError as error:
        return default_year(session), str(error)
    return (year or default_year(session)), None


def query_year(session: Session, query: dict) -> int:
    return resolve_year(session, query.get("jahr"))[0]


def revision(session: Session) -> int | None:
    """The data revision (grows with every change): the page redraws when it moves."""
    info = services.stand(session)
    return info["revision"] if info else None


def year_options(session: Session, year: int) -> list[int]:
    """Years for the selector: those with ledger entries, the Stand's year and the shown year."""
    return sorted({*ledger.funds_years(session), default_year(session), year})


# --- figures --------------------------------------------------------------------------------------

def funded_providers(session: Session) -> pd.DataFrame:
    providers = queries.providers(session)
    return providers[providers["kind"] == "provider"]


def _lines(entries: pd.DataFrame) -> list[tuple[dt.date, LedgerLine]]:
    return [(e.booked_on, LedgerLine(int(e.provider_id), str(e.kind), Decimal(e.amount),
                                     None if pd.isna(e.to_provider_id) else int(e.to_provider_id)))
            for e in entries.itertuples()]


MONEY = ("allocated", "spent", "transferred_out", "transferred_in", "remaining")


def ledger_rows(session: Session, year: int, entries: pd.DataFrame | None = None) -> list[LedgerRow]:
    """The ledger of `year` in booking order, with Träger names and the transfer's decision."""
    entries = queries.funds_entries(session, year) if entries is None else entries
    providers = queries.providers(session)
    names = dict(zip(providers["provider_id"], providers["short_name"]))
    rows = []
    for e in entries.itertuples():
        kind = str(e.kind)
        to_name = None if pd.isna(e.to_provider_id) else names.get(int(e.to_provider_id))
        decision = None if e.decision_date is None or pd.isna(e.decision_date) else e.decision_date
        ref = None if e.decision_ref is None or pd.isna(e.decision_ref) else str(e.decision_ref)
        note = []
        if kind == "transfer":
            note = [f"an {to_name}", f"Beschluss Koordinierungskreis vom {fmt_date(decision)}"]
            if ref:
                note.append(ref)
        rows.append(LedgerRow(
            entry_id=int(e.entry_id), date=e.booked_on, provider=names.get(int(e.provider_id)),
            kind=kind, kind_text=KIND_TEXT.get(kind, kind), amount=cents(Decimal(e.amount)),
            purpose=e.purpose, to_provider=to_name, decision_date=decision,
            decision_ref=ref, note=" · ".join(note),
        ))
    return rows


def page_figures(session: Session, settings: Settings, year: int) -> FundsFigures:
    """Every number of the page "Projektmittel" for `year`."""
    summary = services.funds_summary(session, settings, year)
    providers = funded_providers(session)
    entries = queries.funds_entries(session, year)
    lines = _lines(entries)
    start, end = year_bounds(year)
    day = projection_day(year, services.default_day(session), [d for d, _ in lines])
    by_code = {r["code"]: r for r in summary["by_provider"]}

    series = []
    total_spent = sum((Decimal(r["spent"]) for r in summary["by_provider"]), Decimal("0.00"))
    for key, provider_id, label, code, spent in (
        [("total", None, TOTAL, None, total_spent)]
        + [(f"p{p.provider_id}", int(p.provider_id), p.short_name, p.code,
            Decimal(by_code[p.code]["spent"])) for p in providers.itertuples()]
    ):
        points = remaining_series(lines, provider_id, until=day if lines else None)
        now = points[-1][1] if points else Decimal("0.00")
        series.append(FundsSeries(key=key, provider_id=provider_id, label=label, code=code,
                                  points=tuple((d, cents(v)) for d, v in points),
                                  projection=project_remaining(now, spent, start, day, end)))

    totals = FundsTotals(**{k: cents(sum((Decimal(r[k]) for r in summary["by_provider"]), Decimal("0.00")))
                            for k in MONEY})
    return FundsFigures(
        year=year,
        years=tuple(year_options(session, year)),
        stand=services.stand(session),
        revision=revision(session),
        day=day, start=start, end=end,
        budget=cents(Decimal(summary["budget"])),
        by_provider=tuple(ProviderFunds(provider_id=int(p.provider_id), provider=r["provider"], code=r["code"],
                                        **{k: cents(Decimal(r[k])) for k in MONEY})
                          for p in providers.itertuples() for r in [by_code[p.code]]),
        totals=totals,
        series=tuple(series),
        ledger=tuple(ledger_rows(session, year, entries)),
    )


# --- forms ----------------------------------------------------------------------------------------

def _provider_id(value, label: str, field_name: str, what: str) -> int:
    if value in (None, ""):
        raise FundsRuleError(f"{label}: Bitte {what} auswählen.", field_name)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise FundsRuleError(f"{label}: Bitte einen Träger aus der Liste auswählen.", field_name) from None


def _dated(value, year: int, label: str, field_name: str, in_year: bool = True):
    day = parse_day(value, label, field_name)
    return check_in_year(day, year, label, field_name) if in_year else day


def expense_form(year: int, provider, booked_on, amount, purpose) -> FormResult:
    form = FormResult(values={"year": year})
    form.take("provider_id", _provider_id, provider, "Träger", "provider", "den Träger")
    form.take("booked_on", _dated, booked_on, year, "Datum", "booked_on")
    form.take("amount", parse_amount, amount, "Betrag")
    form.take("purpose", check_purpose, purpose, "Zweck")
    return form


def transfer_form(year: int, provider, to_provider, booked_on, amount, decision_date, decision_ref,
                  purpose) -> FormResult:
    form = FormResult(values={"year": year})
    form.take("provider_id", _provider_id, provider, "Von (Träger)", "provider", "den abgebenden Träger")
    form.take("to_provider_id", _provider_id, to_provider, "An (Träger)", "to_provider",
              "den empfangenden Träger")
    form.take("booked_on", _dated, booked_on, year, "Datum der Übertragung", "booked_on")
    form.take("amount", parse_amount, amount, "Betrag")
    form.take("decision_date", parse_day, decision_date, "Beschluss Koordinierungskreis vom",
              "decision_date", required=False)
    form.take("decision_ref", check_decision_ref, decision_ref)
    form.take("purpose", check_purpose, purpose, "Zweck")
    v = form.values
    if not form.fields & {"provider", "to_provider", "booked_on", "decision_date"}:
        # the static transfer rules (receiver, decision) now; the balance is checked when booking
        form.take("_rules", check_transfer, Decimal("Infinity"), Decimal("0.01"),
                  from_provider=v["provider_id"], to_provider=v["to_provider_id"],
                  booked_on=v["booked_on"], decision_date=v["decision_date"])
    v.pop("_rules", None)
    return form


def expense_done(session: Session, entry) -> str:
    """The success message after an expense (read in the booking's transaction)."""
    name = session.get(Provider, entry.provider_id).short_name
    left = ledger.balance(session, entry.year, entry.provider_id).remaining
    return (f"Gebucht: Ausgabe der {name} über {fmt_eur(entry.amount)} am {fmt_date(entry.booked_on)} "
            f"(„{entry.purpose}“). Verbleibend {name}: {fmt_eur(left)}.")


def transfer_done(session: Session, entry) -> str:
    """The success message after a transfer (read in the booking's transaction)."""
    giver = session.get(Provider, entry.provider_id).short_name
    taker = session.get(Provider, entry.to_provider_id).short_name
    left_giver = ledger.balance(session, entry.year, entry.provider_id).remaining
    left_taker = ledger.balance(session, entry.year, entry.to_provider_id).remaining
    return (f"Gebucht: Übertragung von {fmt_eur(entry.amount)} von {giver} an {taker} am "
            f"{fmt_date(entry.booked_on)}, Beschluss Koordinierungskreis vom "
            f"{fmt_date(entry.decision_date)}. Verbleibend {giver}: {fmt_eur(left_giver)}, "
            f"{taker}: {fmt_eur(left_taker)}.")


# --- downloads ------------------------------------------------------------------------------------

def _stand_text(session: Session, year: int) -> str:
    info = services.stand(session)
    label = info["label"] if info else "keine Daten"
    return f"Jahr {year} · {label}"


def provider_table(session: Session, settings: Settings, query: dict) -> Table:
    year = query_year(session, query)
    fig = page_figures(session, settings, year)
    rows = [dataclasses.asdict(r) for r in fig.by_provider]
    rows.append({"provider": "Summe", **dataclasses.asdict(fig.totals)})
    return Table(
        name=f"projektmittel-je-traeger-{year}", title=f"Projektmittel {year} je Träger",
        stand=_stand_text(session, year), rows=rows,
        columns=[Column("provider", "Träger"), Column("allocated", "Zuweisung", "eur"),
                 Column("spent", "Ausgaben", "eur"), Column("transferred_out", "Übertragung ab", "eur"),
                 Column("transferred_in", "Übertragung zu", "eur"),
                 Column("remaining", "Verbleibend", "eur")],
    )


def ledger_table(session: Session, settings: Settings, query: dict) -> Table:
    year = query_year(session, query)
    return Table(
        name=f"projektmittel-buchungen-{year}", title=f"Buchungen Projektmittel {year}",
        stand=_stand_text(session, year), rows=[dataclasses.asdict(r) for r in ledger_rows(session, year)],
        columns=[Column("date", "Datum", "date"), Column("provider", "Träger"),
                 Column("kind_text", "Art"), Column("amount", "Betrag", "eur"),
                 Column("purpose", "Zweck"), Column("to_provider", "Übertragung an"),
                 Column("decision_date", "Beschluss Koordinierungskreis vom", "date"),
                 Column("decision_ref", "Aktenzeichen / TOP")],
    )


FUNDS_TABLES = {"providers": provider_table, "ledger": ledger_table}
