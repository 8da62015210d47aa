"""Szenarien: what the projection assumes per team and how good it has been — the assumptions table
(inflow, exits by reason, start of the team's data, which rate stands in), the 80 % band on the
chart and the backtest table. Render functions of typed figures; no data access."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
from dash import html

from dashboard.model.figures.scenarios import Comparison, TeamFigures
from dashboard.model.formatting import fmt_date, fmt_int, fmt_month, fmt_number, fmt_pct
from dashboard.model.scenarios.backtest import HORIZONS, Backtest
from dashboard.model.scenarios.rates import SOURCE_LABELS, STARTUP, WINDOW
from layouts.components import DataTable, Section
from layouts.paging import PAGE_SIZE, LazyRows, PagedTable, page_of

PAGE = "szenarien"  # the pagers' page name of the Szenarien result tables (layouts.scenarios uses it too)

BAND_NOTE = ("Fläche: 80-%-Band – aus der beobachteten Schwankung von Zugang und Abschlüssen; "
             "in vier von fünf Fällen liegt die Auslastung darin")


def _rgba(color: str, alpha: float) -> str:
    """A '#RRGGBB' colour as plotly's 'rgba(r,g,b,a)'."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def band_traces(t: TeamFigures, x: list[str], color: str, top: float) -> list[go.Scatter]:
    """The team's 80 % band as a filled area between its low and high utilisation (none without capacity)."""
    if not t.utilisation_low or all(v is None for v in t.utilisation_high):
        return []
    high = [min(v, top) if v is not None else None for v in t.utilisation_high]
    low = [min(v, top) if v is not None else None for v in t.utilisation_low]
    line = dict(width=0, color=color)
    return [go.Scatter(x=x, y=high, mode="lines", line=line, hoverinfo="skip", showlegend=False,
                       name=f"{t.name} (80-%-Band)"),
            go.Scatter(x=x, y=low, mode="lines", line=line, fill="tonexty", fillcolor=_rgba(color, 0.16),
                       hoverinfo="skip", showlegend=False, name=f"{t.name} (80-%-Band)")]


def _assumed(t: TeamFigures) -> list:
    return [t.name, fmt_month(t.data_start) if t.data_start else "–", fmt_number(t.inflow_per_month, 1),
            fmt_number(t.exits_deadline, 1), fmt_number(t.exits_closure, 1), SOURCE_LABELS.get(t.rate_source, "–")]


def assumptions_table(fig: Comparison, growth_pct: float, query: Mapping[str, str] | None = None) -> html.Div:
    """Per team: what drives its projection and where each number comes from (the notes of the teams
    on the table's page)."""
    teams = [t for t in fig.scenario.teams if t.code is not None or t.inflow_per_month or t.cases[0]]
    page, _pages = page_of(query, "annahmen", len(teams))
    notes = [html.Li([html.Strong(f"{t.name}: "), " ".join(t.notes)])
             for t in teams[(page - 1) * PAGE_SIZE:page * PAGE_SIZE] if t.notes]
    table = PagedTable(["Team", "Daten seit", "Zugang je Monat", "Abgänge in 12 Monaten: Fristende",
                        "Abgänge in 12 Monaten: vorzeitig", "Zugang geschätzt aus"], LazyRows(teams, _assumed),
                       table_id="scen-assumptions-table", page_name=PAGE, table="annahmen", query=query,
                       noun="Teams", numeric={2, 3, 4}, downloadable=False)
    method = (f"Zugang je Team aus den letzten {fmt_int(WINDOW)} vollständigen Monaten ohne die ersten "
              f"{fmt_int(STARTUP)} Monate eines Teams; jeder Fall endet spätestens mit seiner eigenen Frist "
              "(3 Jahre ab Zuweisung in die AU, 4 mit Verlängerung), vorher nach der Abschlussquote seines "
              f"Fallalters. Kosten je VZÄ steigen um {fmt_pct(growth_pct)} je Jahr (Reiter „Geld“).")
    if not fig.scenario.has_history:
        method = ("Gespeicherte Ausgangslage ohne Verlauf je Team: ein Zugang und eine Abschlussquote für alle "
                  f"Teams. Kosten je VZÄ steigen um {fmt_pct(growth_pct)} je Jahr.")
    return Section("Annahmen je Team", [
        table,
        html.Ul(notes, className="scen-assumption-notes") if notes else None,
        html.Div(method, className="form-info"),
    ], subtitle="Zugang und Abgänge, die die Projektion treiben – mit ihrer Herkunft")


def backtest_table(bt: Backtest) -> html.Div:
    """How good the projection has been: MAPE and band coverage per team at 3, 6 and 12 months."""
    if not bt.stichtage:
        return Section("Wie gut war die Projektion? (Backtest)", html.Div(
            "Noch zu wenig Verlauf: der Backtest braucht mindestens drei Monate nach einem Stichtag.",
            className="form-info"))
    names = list(dict.fromkeys((s.code, s.name) for s in bt.scores))
    rows = []
    for code, name in names:
        row = [name]
        for h in HORIZONS:
            s = bt.score(code, h)
            row += [fmt_pct(s.mape) if s and s.mape is not None else "–",
                    fmt_pct(s.coverage, 0) if s and s.coverage is not None else "–",
                    fmt_int(s.runs if s else 0)]
        rows.append(row)
    header = ["Team"] + [label for h in HORIZONS for label in (f"Fehler {h} Monate", f"im Band {h} Monate",
                                                               f"Stichtage {h} Monate")]
    return Section("Wie gut war die Projektion? (Backtest)", [
        DataTable(header, rows, table_id="scen-backtest-table", numeric=set(range(1, len(header)))),
        html.Div(f"Die Projektion ohne Änderungen, gerechnet von {fmt_int(bt.stichtage)} Monatsenden "
                 f"({fmt_date(bt.first)} bis {fmt_date(bt.last)}) mit dem damaligen Stand, verglichen mit den "
                 "tatsächlichen Fällen danach. Fehler = mittlerer absoluter Fehler in % der tatsächlichen "
                 "Fälle; im Band = wie oft die Wirklichkeit im 80-%-Band lag (Ziel: 80 %). Ein Team zählt ab "
                 "dem ersten Stichtag mit eigenen Fällen; Umschnitte der Einzugsgebiete danach zählen nicht "
                 "als Fehler.", className="form-info"),
    ], subtitle="Fehler und Trefferquote je Team nach 3, 6 und 12 Monaten – aktuelle Daten")
