"""The figures of the page "Projektmittel" (`dashboard.services.funds.page_figures`).

Field order is the JSON order of `im-cockpit kpis --json` (the ledger lines are part of it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dashboard.model.funds import Projection


@dataclass(frozen=True)
class FundsTotals:
    """Projektmittel of one year: remaining = allocated − spent − transferred out + transferred in."""

    allocated: Decimal
    spent: Decimal
    transferred_out: Decimal
    transferred_in: Decimal
    remaining: Decimal


@dataclass(frozen=True)
class ProviderFunds(FundsTotals):
    """One Träger's line of the table "Projektmittel je Träger"."""

    provider_id: int
    provider: str
    code: str


@dataclass(frozen=True)
class FundsSeries:
    """Remaining funds over the year (all Träger: key "total", provider_id None) and its projection."""

    key: str
    provider_id: int | None
    label: str
    code: str | None
    points: tuple[tuple[dt.date, Decimal], ...]
    projection: Projection


@dataclass(frozen=True)
class LedgerRow:
    """One booking, with the Träger names and, for a transfer, the Koordinierungskreis decision."""

    entry_id: int
    date: dt.date
    provider: str | None
    kind: str  # allocation | expense | transfer
    kind_text: str
    amount: Decimal
    purpose: str | None
    to_provider: str | None
    decision_date: dt.date | None
    decision_ref: str | None
    note: str


@dataclass(frozen=True)
class FundsFigures:
    """Every number of the page "Projektmittel" for `year`."""

    year: int
    years: tuple[int, ...]  # for the year selector
    stand: dict | None  # `dashboard.services.stand`
    revision: int | None
    day: dt.date  # where the projection starts (the Stand, kept inside the year)
    start: dt.date
    end: dt.date
    budget: Decimal
    by_provider: tuple[ProviderFunds, ...]
    totals: FundsTotals
    series: tuple[FundsSeries, ...]  # "total" first, then one per Träger
    ledger: tuple[LedgerRow, ...]  # in booking order
