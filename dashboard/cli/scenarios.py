"""`im-cockpit scenario run FILE.json [--json]`, `scenario new` and `scenario backtest`: the same engine
and file format as the page "Szenarien". A file that cannot be read gets a German message naming the
field, exit 2. `backtest` runs the projection from past Stichtage against what then happened."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.model.formatting import fmt_date, fmt_fte, fmt_int, fmt_pct
from dashboard.settings import Settings

if TYPE_CHECKING:  # the engine (scipy, pandas) is imported by the scenario commands only, not by every command
    from dashboard.model.figures.scenarios import ScenarioFigures
    from dashboard.model.scenarios import Scenario


def read_file(path: str) -> Scenario:
    """Read and check a scenario file; ScenarioError (German, with the field) when it is wrong."""
    from dashboard.model.scenarios import ScenarioError, scenario_from_dict

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"Die Datei „{path}“ gibt es nicht. Bitte den Pfad prüfen.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"Die Datei „{path}“ kann nicht gelesen werden ({error}). Erwartet wird "
                            "eine JSON-Datei in UTF-8.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(f"Die Datei „{path}“ ist kein gültiges JSON: {error.msg} in Zeile "
                            f"{error.lineno}, Spalte {error.colno}.") from None
    if not isinstance(data, dict):
        raise ScenarioError("Die Datei muss ein JSON-Objekt {…} enthalten.")
    return scenario_from_dict(data)


def text_report(scenario: Scenario, result: ScenarioFigures) -> str:
    from dashboard.model.scenarios import month_name

    end = result.months[-1]
    lines = [f"Szenario „{scenario.name}“ – Ausgangslage Stichtag "
             f"{fmt_date(result.as_of)}, Personalschlüssel 1:{result.staff_ratio}"]
    for change in result.changes:
        lines.append(f"  Änderung: {change}")
    lines.append(f"{'Team':<22}{'Fälle':>8}{'VZÄ':>7}{'Auslastung':>12}{month_name(end):>18}{'fehlende VZÄ':>14}")
    for t in result.teams:
        lines.append(f"{t.name:<22}{round(t.cases[0]):>8}{fmt_fte(t.fte[0]):>7}"
                     f"{fmt_pct(t.utilisation_pct[0]):>12}{fmt_pct(t.utilisation_pct[-1]):>18}"
                     f"{fmt_fte(t.max_gap):>14}")
    lines.extend(result.summary)
    return "\n".join(lines)


def cmd_scenario(args, settings: Settings) -> int:
    from dashboard.model.figures.scenarios import ScenarioFigures
    from dashboard.model.scenarios import ScenarioError
    from dashboard.services.serialize import jsonable

    if args.scenario_command == "new":
        return _new(args, settings)
    if args.scenario_command == "backtest":
        return _backtest(args, settings)
    try:
        scenario = read_file(args.file)
    except ScenarioError as error:
        print(f"Fehler in der Szenariodatei: {error}", file=sys.stderr)
        return 2
    result = ScenarioFigures.of(scenario.run())
    if args.json:
        print(json.dumps({"name": scenario.name, "author": scenario.author, **jsonable(result)},
                         ensure_ascii=False, indent=2))
    else:
        print(text_report(scenario, result))
    return 0


def _new(args, settings: Settings) -> int:
    from dashboard.cli.common import NoData, data_session, report_no_data
    from dashboard.model.scenarios import Scenario, scenario_to_dict
    from dashboard.services import scenarios as report

    try:
        with data_session(settings) as session:
            base = report.baseline(session, settings, args.date)
    except NoData:
        return report_no_data()
    scenario = Scenario(name=args.name, baseline=base, author="cli",
                        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    print(json.dumps(scenario_to_dict(scenario), ensure_ascii=False, indent=1))
    return 0


def backtest_report(bt) -> str:
    """The backtest as a German text table: MAPE and band coverage per team at 3, 6 and 12 months."""
    from dashboard.model.scenarios.backtest import HORIZONS

    if not bt.stichtage:
        return "Backtest: zu wenig Verlauf (es braucht mindestens drei Monate nach einem Stichtag)."
    lines = [f"Backtest der Projektion: {fmt_int(bt.stichtage)} Stichtage von {fmt_date(bt.first)} bis "
             f"{fmt_date(bt.last)}, ohne Änderungen gerechnet und mit dem Eingetretenen verglichen",
             "MAPE = mittlerer absoluter Fehler in % der tatsächlichen Fälle; im Band = Anteil der Stichtage, "
             "an denen die Wirklichkeit im 80-%-Band lag",
             f"{'Team':<16}" + "".join(f"{f'MAPE {h} Mon.':>14}{'im Band':>10}{'n':>5}" for h in HORIZONS)]
    names = list(dict.fromkeys((s.code, s.name) for s in bt.scores))
    for code, name in names:
        row = f"{name:<16}"
        for h in HORIZONS:
            s = bt.score(code, h)
            row += (f"{fmt_pct(s.mape) if s and s.mape is not None else '–':>14}"
                    f"{fmt_pct(s.coverage, 0) if s and s.coverage is not None else '–':>10}"
                    f"{fmt_int(s.runs if s else 0):>5}")
        lines.append(row)
    return "\n".join(lines)


def _backtest(args, settings: Settings) -> int:
    from dashboard.cli.common import NoData, data_session, report_no_data
    from dashboard.services.scenario_backtest import backtest
    from dashboard.services.serialize import jsonable

    try:
        with data_session(settings) as session:
            bt = backtest(session, settings, args.date, args.months)
    except NoData:
        return report_no_data()
    if args.json:
        print(json.dumps(jsonable(bt), ensure_ascii=False, indent=2))
    else:
        print(backtest_report(bt))
    return 0


def add_parsers(sub) -> None:
    from dashboard.cli.common import iso_date

    scenario = sub.add_parser("scenario", help="Szenarien (Was-wäre-wenn) rechnen")
    scenario_sub = scenario.add_subparsers(dest="scenario_command", required=True, metavar="AKTION")
    scenario_run = scenario_sub.add_parser("run", help="eine Szenariodatei (JSON) rechnen")
    scenario_run.add_argument("file", metavar="DATEI.json", help="Szenariodatei, wie die Seite sie speichert")
    scenario_run.add_argument("--json", action="store_true", help="Ergebnis als JSON (Standard: Text)")
    scenario_new = scenario_sub.add_parser("new", help="Szenariodatei mit der Ausgangslage aus der "
                                                        "Datenbank ausgeben (ohne Änderungen)")
    scenario_new.add_argument("--date", type=iso_date, help="Stichtag (Standard: Stand der Daten)")
    scenario_new.add_argument("--name", default="Ausgangslage", help="Name des Szenarios")
    scenario_backtest = scenario_sub.add_parser("backtest", help="die Projektion von vergangenen Stichtagen aus "
                                                                 "gegen das Eingetretene prüfen (MAPE, Band)")
    scenario_backtest.add_argument("--date", type=iso_date, help="Stand der Daten (Standard: Stand der Daten)")
    scenario_backtest.add_argument("--months", type=int, default=24, choices=range(12, 37), metavar="12–36",
                                   help="Stichtage: die Monatsenden der letzten N Monate (Standard: 24)")
    scenario_backtest.add_argument("--json", action="store_true", help="Ergebnis als JSON (Standard: Text)")


COMMANDS = {"scenario": cmd_scenario}
