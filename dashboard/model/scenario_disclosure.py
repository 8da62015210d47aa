"""Which districts a what-if may move without revealing a hidden count (DOMAIN §9).

Reassigning a district moves its cases from one catchment team to another, so the receiving team's
figures change by exactly the district's count for that team. That count is published only where
its cell of the Fallzahlen tables is visible; a district whose cell is hidden cannot be moved on its
own, or the what-if would compute the very number the tables hide. The tables are rebuilt here from
the baseline's case groups the same way the page builds them from the cases (one protected whole,
model.suppression.protect_area_counts), so page and scenario hide the same cells.

Pure: pandas and the suppression model; duck-typed on the scenario Baseline (no import of it).
"""

from __future__ import annotations

import pandas as pd

from dashboard.model.suppression import protect_area_counts

NO_TEAM = None  # the column of cases that no team carries


def hidden_districts(baseline) -> frozenset[str]:
    """Codes of the districts whose count for their current team is hidden on the Stichtag."""
    cached = baseline._cache.get("hidden_districts")
    if cached is None:
        cached = baseline._cache["hidden_districts"] = _hidden(baseline)
    return cached


def _hidden(b) -> frozenset[str]:
    team_of = {d.code: d.team for d in b.districts}
    codes = [d.code for d in b.districts]
    if not codes:
        return frozenset()
    columns = [t.code for t in b.teams]
    counts: dict[tuple[str, str | None], int] = {}
    for g in b.cases:
        if g.district is None or g.district not in team_of or not g.count:
            continue
        team = g.owner if g.owner is not None else team_of[g.district]
        counts[(g.district, team)] = counts.get((g.district, team), 0) + g.count
    if any(team is NO_TEAM for _, team in counts):
        columns.append(NO_TEAM)
    matrix = pd.DataFrame(0, index=codes, columns=columns, dtype="int64")
    for (district, team), n in counts.items():
        matrix.loc[district, team] = n
    # the page's parents are the Sozialräume themselves (their ids), not their names: several Kreise
    # may each have a „Sozialraum 1“
    parent_of = {d.code: d.social_area_key for d in b.districts}
    parents = list(dict.fromkeys(d.social_area_key for d in b.districts))
    insiders = [t.code for t in b.teams if t.kind == "provider"]
    _areas, districts = protect_area_counts(matrix, parent_of, parents, b.small_count_threshold,
                                            insiders=insiders, total="__total__")
    return frozenset(d for d in codes if bool(districts.mask.loc[d, team_of[d]]))
