"""The change kinds of a scenario. Each kind is one class that owns all of it:

- its fields, typed for the file (`values`; pydantic reads them in `fileformat`),
- `describe`: the change in German words,
- `check`: what it must fit in the baseline (and the changes before it), refused with a German
  `ScenarioError` naming the field,
- `apply`: what it does to the `State` the projection computes with.

A class with a `kind` registers itself in `CHANGE_TYPES`, so adding a kind means adding one class
to the module of its topic (`people`, `areas`, `cases`, `money`, the page's groups): the file format,
the checks and the projection pick it up.
"""

from .areas import ReassignDistrict
from .base import CHANGE_TYPES, TOPICS, Change, Checking, State, check_changes
from .cases import CaseInflow, ClosureRate, EligibilityLimit, IntakeStop, TeamInflow
from .money import CostPerFte, FundsTransfer, LandFunds
from .people import AddPost, EndPost, MoveFte, SetRatio

__all__ = [
    "CHANGE_TYPES",
    "TOPICS",
    "AddPost",
    "CaseInflow",
    "Change",
    "Checking",
    "ClosureRate",
    "CostPerFte",
    "EligibilityLimit",
    "EndPost",
    "FundsTransfer",
    "IntakeStop",
    "LandFunds",
    "MoveFte",
    "ReassignDistrict",
    "SetRatio",
    "State",
    "TeamInflow",
    "check_changes",
]
