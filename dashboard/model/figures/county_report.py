"""Typed figures of the Landkreis reports: each Gemeinde's Verwendungsnachweis and the Kreis'
Gesamtverwendungsnachweis for a year (funds received and passed on, posts, cases, proofs of use)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dashboard.model.vocabulary import ImMode

# who gets the share passed on: the Gemeinden that run IM themselves (A, B) or in a Verbund; for C
# (and a Gemeinde without a recorded decision) the Kreis runs IM and keeps the share
PASSED_ON_MODES = (ImMode.own, ImMode.own_provider, ImMode.verbund)
PROOF_RECEIVED, PROOF_MISSING, PROOF_NOT_DUE = "received", "missing", "not_due"


@dataclass(frozen=True)
class ProofOfUse:
    """A Gemeinde's Verwendungsnachweis for a year; `received_on` None = missing."""

    ags: str
    name: str
    year: int
    received_on: dt.date | None
    amount_spent: Decimal | None
    note: str | None

    @property
    def status(self) -> str:
        return PROOF_RECEIVED if self.received_on else PROOF_MISSING


@dataclass(frozen=True)
class UseRow:
    """One Gemeinde in the Gesamtverwendungsnachweis. `cases`/`plans` are shown values (int or the
    hidden label "<5"), never raw small counts."""

    ags: str
    name: str
    mode_short: str
    passed_on: bool
    amount: Decimal  # the Gemeinde's share of the Land funds
    posts_fte: Decimal
    filled_fte: Decimal
    cases: int | str
    plans: int | str
    proof_status: str  # PROOF_RECEIVED, PROOF_MISSING or PROOF_NOT_DUE (share stays with the Kreis)
    proof: ProofOfUse | None

    @property
    def passed_amount(self) -> Decimal:
        return self.amount if self.passed_on else Decimal(0)

    @property
    def kept_amount(self) -> Decimal:
        return Decimal(0) if self.passed_on else self.amount


@dataclass(frozen=True)
class UseReport:
    county_name: str
    year: int
    funds: Decimal
    remainder: Decimal
    rows: tuple[UseRow, ...]
    threshold: int
    cases_total: int  # published exactly (city rule: totals are exact, small cells hidden)
    plans_total: int
    has_cases: bool

    @property
    def passed_on(self) -> Decimal:
        return sum((r.passed_amount for r in self.rows), Decimal(0))

    @property
    def kept(self) -> Decimal:
        """What stays with the Kreis: the C shares plus the Rundungsrest."""
        return sum((r.kept_amount for r in self.rows), Decimal(0)) + self.remainder

    @property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.proof_status == PROOF_RECEIVED)

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows if r.proof_status == PROOF_MISSING)

    def row(self, ags: str) -> UseRow:
        return next(r for r in self.rows if r.ags == ags)
