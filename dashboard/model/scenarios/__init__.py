"""What-if scenarios: a frozen baseline (the data at a Stichtag) plus a list of changes, projected
month by month to 31.12.2029 (end of the VwV Integrationsmanagement).

Pure: no Dash, no database. `data/scenarios.py` builds a `Baseline` from the database; the page, the
CLI and the benchmark call `run(baseline, changes)`. The parts, along the domain:

- `baseline`: the frozen data (Team, Post, District, CaseGroup, Inflow, FundsState, Money, Baseline);
- `changes`: the change kinds, each one class with its fields, words, check and effect;
- `projection`: `run` and its matrices (cases, capacity, money, Projektmittel); `result`: what it returns;
- `summary`: the result in German sentences;
- `fileformat`: the JSON file (docs/scenarios.md) read with pydantic, `Scenario`; `baseline_file`: the
  baseline's part of it;
- `values`: the value types of the file and the one German translation of pydantic's errors
  (`ScenarioError` names the field, e.g. `changes[2].fte`).

This module re-exports what the rest of the code base imports from `dashboard.model.scenarios`
(`TeamResult` for `model/figures/scenarios.py`, which main has since this branch started).
"""

from .baseline import Baseline, CaseGroup, District, FundsState, Inflow, Money, Post, Team
from .changes import (
    AddPost,
    CaseInflow,
    Change,
    ClosureRate,
    CostPerFte,
    EligibilityLimit,
    EndPost,
    FundsTransfer,
    IntakeStop,
    LandFunds,
    MoveFte,
    ReassignDistrict,
    SetRatio,
    TeamInflow,
    check_changes,
)
from .fileformat import (
    FORMAT,
    VERSION,
    Scenario,
    baseline_from_dict,
    baseline_to_dict,
    change_from_dict,
    changes_from_list,
    changes_to_list,
    scenario_from_dict,
    scenario_to_dict,
)
from .projection import run
from .result import Result, TeamResult
from .summary import month_name
from .values import ScenarioError

__all__ = [
    "FORMAT",
    "VERSION",
    "AddPost",
    "Baseline",
    "CaseGroup",
    "CaseInflow",
    "Change",
    "ClosureRate",
    "CostPerFte",
    "District",
    "EligibilityLimit",
    "EndPost",
    "FundsState",
    "FundsTransfer",
    "Inflow",
    "IntakeStop",
    "LandFunds",
    "Money",
    "MoveFte",
    "Post",
    "ReassignDistrict",
    "Result",
    "Scenario",
    "ScenarioError",
    "SetRatio",
    "Team",
    "TeamInflow",
    "TeamResult",
    "baseline_from_dict",
    "baseline_to_dict",
    "change_from_dict",
    "changes_from_list",
    "changes_to_list",
    "check_changes",
    "month_name",
    "run",
    "scenario_from_dict",
    "scenario_to_dict",
]
