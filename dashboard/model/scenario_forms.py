"""The controls of the page "Szenarien" as scenario changes: the sliders ↔ changes, a form's values →
a checked change (German message naming the field), and editing the list of changes.

The sliders set an assumption directly (a change only where they differ from the baseline); the
forms add a change to a list the browser holds as change dicts (the scenario file's format). Pure:
no Dash, no database.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dashboard.model import scenarios as model
from dashboard.model.funds import FundsRuleError, parse_amount
from dashboard.model.scenarios import Baseline, Change, ScenarioError
from dashboard.model.scenarios.rates import estimate

# the controls that set an assumption directly (sliders); the others add changes to a list
SLIDER_KINDS = {"set_ratio", "case_inflow", "closure_rate", "eligibility_limit", "land_funds", "cost_per_fte"}

FIELD_LABELS = {"fte": "VZÄ", "from_team": "Von", "to_team": "An", "team": "Team", "start": "ab", "end": "bis",
                "district": "Stadtteil", "amount": "Betrag", "post": "Stelle", "ratio": "Schlüssel",
                "per_month": "Zugang je Monat", "pct_per_month": "Abschlussquote", "years": "Anspruchsdauer",
                "pct": "Landesmittel", "growth_pct": "Steigerung", "type": "Art"}


@dataclass(frozen=True)
class Sliders:
    """The seven direct controls as the browser sends them (None or "": as in the baseline)."""

    ratio: Any = None
    inflow: Any = None
    closure: Any = None
    limit: Any = None
    land_pct: Any = None
    cost: Any = None
    growth: Any = None


@dataclass(frozen=True)
class SliderValues:
    """What the direct controls show: the baseline's values, or a saved scenario's."""

    ratio: int
    inflow: float
    inflow_max: float  # the inflow slider's end
    closure: float
    limit: int
    land_pct: float
    cost: int
    growth: float


def slider_defaults(base: Baseline) -> SliderValues:
    inflow = round(sum(f.per_month for f in estimate(base).streams), 1)  # what the projection assumes
    return SliderValues(ratio=base.staff_ratio, inflow=inflow, inflow_max=max(10.0, round(2 * inflow)),
                        closure=round(base.closure_rate_pct, 1), limit=base.limit_years, land_pct=0,
                        cost=int(base.money.cost_per_fte), growth=float(base.money.cost_growth_pct))


def split_changes(base: Baseline, changes) -> tuple[SliderValues, list[dict]]:
    """Slider values and the list of the other changes (for opening a saved scenario)."""
    values: dict[str, Any] = {}
    listed = []
    for c in changes:
        if isinstance(c, model.SetRatio) and c.team is None:
            values["ratio"] = c.ratio
        elif isinstance(c, model.CaseInflow):
            values["inflow"] = c.per_month
        elif isinstance(c, model.ClosureRate):
            values["closure"] = c.pct_per_month
        elif isinstance(c, model.EligibilityLimit):
            values["limit"] = c.years
        elif isinstance(c, model.LandFunds):
            values["land_pct"] = c.pct
        elif isinstance(c, model.CostPerFte):
            values["cost"], values["growth"] = int(c.amount), c.growth_pct or 0.0
        else:
            listed.append(c.to_dict())
    return dataclasses.replace(slider_defaults(base), **values), listed


def _given(value) -> bool:
    return value not in (None, "")


def slider_changes(base: Baseline, sliders: Sliders) -> list[Change]:
    """Changes for the sliders that differ from the baseline (None and empty fields: unchanged)."""
    d = slider_defaults(base)
    s = sliders
    changes: list[Change] = []
    if _given(s.ratio) and int(s.ratio) != d.ratio:
        changes.append(model.SetRatio(int(s.ratio)))
    if _given(s.inflow) and abs(float(s.inflow) - d.inflow) > 1e-9:
        changes.append(model.CaseInflow(float(s.inflow)))
    if _given(s.closure) and abs(float(s.closure) - d.closure) > 1e-9:
        changes.append(model.ClosureRate(float(s.closure)))
    if _given(s.limit) and int(s.limit) != d.limit:
        changes.append(model.EligibilityLimit(int(s.limit)))
    if _given(s.land_pct) and float(s.land_pct) != 0:
        changes.append(model.LandFunds(float(s.land_pct)))
    amount = _cost(s.cost) if _given(s.cost) else Decimal(d.cost)
    rate = _growth(s.growth) if _given(s.growth) else None
    if amount != Decimal(d.cost) or (rate is not None and rate != d.growth):
        changes.append(model.CostPerFte(amount, rate))
    return changes


def _cost(text) -> Decimal:
    try:
        return parse_amount(str(text), "Kosten je VZÄ und Jahr")
    except FundsRuleError as error:
        raise ScenarioError(str(error), "cost") from None


def _growth(text) -> float:
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        value = None
    if value is None or not 0 <= value <= 100:
        raise ScenarioError(f"Steigerung je Jahr: „{text}“ ist kein Prozentsatz zwischen 0 und 100. "
                            "Bitte z. B. 2,5 eingeben.", "growth")
    return value


def all_changes(base: Baseline, listed: list[dict] | None, sliders: Sliders) -> list[Change]:
    """The listed changes, then the sliders' (the order the engine applies them in)."""
    return [*model.changes_from_list(listed or []), *slider_changes(base, sliders)]


def form_change(base: Baseline, listed: list[dict], data: dict) -> dict:
    """A change from a form (values as the controls send them), checked against the baseline and the
    changes before it. Raises ScenarioError with the German label of the field."""
    cleaned = {k: v for k, v in data.items() if _given(v)}
    if isinstance(cleaned.get("fte"), str):
        cleaned["fte"] = cleaned["fte"].strip().replace(",", ".")
    if "amount" in cleaned:
        try:
            cleaned["amount"] = str(parse_amount(str(cleaned["amount"])))
        except FundsRuleError as error:
            raise ScenarioError(str(error), "amount") from None
    try:
        change = model.change_from_dict(cleaned, "")
        model.check_changes(base, [*model.changes_from_list(listed), change])
    except ScenarioError as error:
        name = (error.field or "").rsplit(".", 1)[-1]
        label = FIELD_LABELS.get(name)
        if error.detail == "Pflichtfeld fehlt.":
            raise ScenarioError(f"{label or name}: Bitte ausfüllen.", name) from None
        raise ScenarioError(f"{label}: {error.detail}" if label else error.detail, name) from None
    return change.to_dict()


def describe(base: Baseline, listed: list[dict] | None) -> list[str]:
    return [c.describe(base) for c in model.changes_from_list(listed or [])]


# --- editing the list of changes ---------------------------------------------------------------------

@dataclass(frozen=True)
class Edited:
    """The list after an edit (None: leave it as it is) and what to tell the person."""

    changes: list[dict] | None
    success: str | None = None
    error: str | None = None


def remove(listed: list[dict] | None, index: int) -> Edited:
    """Without the change at `index` ("entfernen"); an index that is gone by now removes nothing."""
    changes = list(listed or [])
    if not isinstance(index, int) or not 0 <= index < len(changes):
        return Edited(changes)
    del changes[index]
    return Edited(changes, success="Änderung entfernt.")


def accept(listed: list[dict] | None, proposal: list[dict] | None) -> Edited:
    """The solver's proposal appended to the list."""
    return Edited(list(listed or []) + list(proposal or []), success="Vorschlag übernommen.")


def add(base: Baseline, listed: list[dict] | None, data: dict) -> Edited:
    """The form's change appended, or the German reason it cannot be (the list stays)."""
    changes = list(listed or [])
    try:
        change = form_change(base, changes, data)
    except ScenarioError as error:
        return Edited(None, error=error.detail)
    return Edited(changes + [change], success="Hinzugefügt: " + describe(base, [change])[0])
