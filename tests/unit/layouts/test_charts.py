"""Chart details seen on a 1280×720 beamer: no line through a label, no unreadable ticks, whole projects."""

import datetime as dt

from dashboard.model.figures.caseload import HorizonMonth
from dashboard.model.figures.overview import TeamFigures
from dashboard.model.figures.volunteering import HistoryPoint
from dashboard.model.vocabulary import Status
from layouts import charts, volunteering
from tests.helpers import contrast


def team(name: str, pct: float, status: Status) -> TeamFigures:
    return TeamFigures(team_id=1, code=name.lower(), team=name, name=name, cases=int(pct * 0.9), fte=1.0,
                       capacity=90.0, cases_per_fte=pct * 0.9, utilisation_pct=pct, status=status,
                       fte_needed=pct / 100, fte_gap=0.0, headroom=0.0)


def test_utilisation_labels_sit_on_an_opaque_ground_above_the_norm_line():
    fig = charts.team_utilisation([team("AWO", 86.7, Status.ok), team("Diakonie", 91.1, Status.ok),
                                   team("Caritas", 122.2, Status.critical)], 90)
    labels = [a for a in fig.layout.annotations if "%" in a.text and "Norm" not in a.text]
    assert [a.text.split()[0] for a in labels] == ["86,7", "91,1", "122,2"]
    assert {a.bgcolor for a in labels} == {"white"}
    assert [a.x for a in labels] == [86.7, 91.1, 122.2]  # at the end of each bar
    norm = [s for s in fig.layout.shapes if s.x0 == 100]
    assert norm and norm[0].layer == "below"
    assert fig.data[0].text is None  # no bar text the line could run through


def test_eligibility_ticks_are_horizontal_with_the_year_only_where_it_changes():
    months = [dt.date(2026, 12, 1)] + [dt.date(2027, m, 1) for m in range(1, 12)]
    fig = charts.eligibility_horizon([HorizonMonth(m, 3, 1, 4) for m in months])
    assert fig.layout.xaxis.tickangle == 0
    ticks = list(fig.layout.xaxis.ticktext)
    assert ticks[:3] == ["Dez<br>2026", "Jan<br>2027", "Feb"]
    assert sum("<br>" in t for t in ticks) == 2
    assert len(set(fig.data[0].x)) == 12  # one bar per month, none merged by a repeated label
    assert fig.layout.uniformtext.minsize >= 16


def test_the_project_axis_counts_whole_projects():
    history = [HistoryPoint(dt.date(2026, m, 1), p, 10 * p) for m, p in ((1, 11), (6, 19))]
    axis = volunteering.history_chart(history).layout.yaxis2
    assert axis.tickformat == "d" and axis.dtick == 4
    assert volunteering.project_tick([HistoryPoint(dt.date(2026, 1, 1), 2, 5)]) == 1


def test_every_series_colour_has_3_to_1_against_the_white_chart():
    from layouts import components, scenarios, staffing_funding

    colours = {**{f"Träger {k}": v for k, v in components.PROVIDER_COLORS.items()},
               **{label: colour for _, label, colour, _ in charts.FLOW_SERIES},
               **{f"Szenario {i}": c for i, c in enumerate(scenarios.OTHER_COLORS)},
               **{f"Finanzierung {k}": v for k, v in staffing_funding.FUNDING_COLORS.items()}}
    months = [dt.date(2026, 12, 1)]
    colours.update({t.name: t.marker.color for t in charts.eligibility_horizon([HorizonMonth(months[0], 1, 1, 2)]).data})
    weak = {name: round(contrast(c), 2) for name, c in colours.items() if contrast(c) < 3}
    assert not weak, f"unter 3:1 auf Weiß: {weak}"
    assert round(contrast("#56B4E9"), 1) == 2.3  # the old Stadt line, as the issue measured
