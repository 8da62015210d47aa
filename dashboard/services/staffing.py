"""Figures of the page "Personal (VZÄ)" and its downloadable tables.

Queries (data) composed with the pure model (`dashboard.model.plan_checks`, `.costs`): the
Stellenplan on a Stichtag (planned vs filled VZÄ per Träger × programme × funding), the city's share
of church-funded posts shared with the Landkreis, fixed-term funding with its warning period, the
plan's consistency checks and the yearly costs. Typed figures (`dashboard.model.figures.staffing`):
VZÄ as floats (summed exactly in Decimal first), money as `Decimal`, dates as `date`, statuses as
the model's enums; only `im-cockpit kpis --json` turns them into text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy.orm import Session

from dashboard import services
from dashboard.model import costs as cost_model
from dashboard.model import plan_checks
from dashboard.model.figures.staffing import (
    CostFigureParameters,
    CostFigures,
    FundingEnd,
    PlanChecks,
    PlanTotalCheck,
    Position,
    PositionCost,
    ProviderChoice,
    ProviderStaff,
    SharedPost,
    SmallPost,
    StaffingFigures,
    StaffLine,
)
from dashboard.model.formatting import fmt_eur, fmt_fte, fmt_number
from dashboard.model.vocabulary import FUNDING_TEXT, PROGRAMME_SHORT, PROGRAMME_TEXT
from dashboard.services.tables import query_day, stand_text
from dashboard.settings import Settings
from data import positions as position_data
from data import queries
from data.exports import Column, Table

SHARE_TEXT = {"ok": "✔ erfüllt", "below_minimum": "✖ unter Minimum", "no_minimum": "– kein Minimum",
              "no_share": "✖ kein Stadtanteil"}
FUNDING_STATUS_TEXT = {"ok": "✔ finanziert", "warning": "▲ endet bald", "ended": "✖ ausgelaufen",
                       "open": "– unbefristet"}
CHECK_TEXT = {True: "✔ stimmig", False: "✖ Widerspruch"}
SCOPE_ORDER = {"provider": 0, "programme": 1, "funding": 2}


def _value(value):
    """None for missing values that pandas turned into NaN/NaT."""
    if value is None:
        return None
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def _dec(value) -> Decimal | None:
    value = _value(value)
    return None if value is None else Decimal(value)


def _fte(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def post_name(provider: str, programme: str, label: str | None, *, short: bool = False) -> str:
    """"Caritas · kirchliche Ehrenamtskoordination (CaDiFa)" or, short, "Caritas · kirchl. EA (CaDiFa)"."""
    text = (PROGRAMME_SHORT if short else PROGRAMME_TEXT).get(programme, programme)
    return f"{provider} · {text} ({label})" if label else f"{provider} · {text}"


def _posts(session: Session, day: dt.date) -> list[dict]:
    """Positions valid on `day` with their Träger, in the Träger's order, Decimal values kept."""
    providers = queries.providers(session).set_index("provider_id")
    frame = queries.positions(session, day)
    posts = []
    for row in frame.itertuples(index=False):
        provider = providers.loc[row.provider_id]
        programme, funding = str(row.programme), str(row.funding)
        label = _value(row.label)
        planned, filled = Decimal(row.planned_fte), Decimal(row.filled_fte)
        posts.append({
            "position_id": int(row.position_id), "provider": provider["short_name"],
            "provider_code": provider["code"], "provider_kind": str(provider["kind"]),
            "sort_order": int(provider["sort_order"]), "programme": programme,
            "programme_text": PROGRAMME_TEXT.get(programme, programme), "funding": funding,
            "funding_text": FUNDING_TEXT.get(funding, funding), "label": label,
            "site": _value(row.site), "plan": _value(row.plan),
            "upper_bound": bool(row.upper_bound), "planned_d": planned, "filled_d": filled,
            "funded_until": _value(row.funded_until), "city_share": _dec(row.city_share_fte),
            "city_share_min": _dec(row.city_share_min_fte),
            "name": post_name(provider["short_name"], programme, label),
            "short_name": post_name(provider["short_name"], programme, label, short=True),
        })
    posts.sort(key=lambda p: (p["sort_order"], p["position_id"]))
    return posts


def _line(planned: Decimal, filled: Decimal, upper_bound: bool) -> dict:
    return {"planned": float(planned), "filled": float(filled),
            "vacant": float(max(Decimal(0), planned - filled)),
            "over": float(max(Decimal(0), filled - planned)), "upper_bound": upper_bound}


def _sum_line(posts: list[dict]) -> dict:
    """Planned, filled and over of `posts` summed; vacant counts single posts (an over-staffed post
    fills no other)."""
    line = _line(sum((p["planned_d"] for p in posts), Decimal(0)), sum((p["filled_d"] for p in posts), Decimal(0)),
                 any(p["upper_bound"] for p in posts))
    return line | {"vacant": float(sum((max(Decimal(0), p["planned_d"] - p["filled_d"]) for p in posts), Decimal(0)))}


POSITION_FIELDS = tuple(f.name for f in dataclasses.fields(Position))


def stellenplan(posts: list[dict]) -> tuple[tuple[Position, ...], tuple[ProviderStaff, ...], StaffLine]:
    """The positions, the subtotal of each Träger and the total."""
    rows = tuple(Position(**({k: v for k, v in p.items() if k in POSITION_FIELDS}
                             | _line(p["planned_d"], p["filled_d"], p["upper_bound"]))) for p in posts)
    by_provider = []
    for code in dict.fromkeys(p["provider_code"] for p in posts):
        mine = [p for p in posts if p["provider_code"] == code]
        by_provider.append(ProviderStaff(provider=mine[0]["provider"], code=code, **_sum_line(mine)))
    return rows, tuple(by_provider), StaffLine(**_sum_line(posts))


def shared_posts(posts: list[dict]) -> list[SharedPost]:
    """Church-funded posts shared with the Landkreis: credited city share vs contractual minimum."""
    rows = []
    for p in posts:
        if p["city_share"] is None and p["city_share_min"] is None:
            continue
        status = plan_checks.city_share_status(p["city_share"], p["city_share_min"])
        difference = (p["city_share"] - p["city_share_min"]
                      if p["city_share"] is not None and p["city_share_min"] is not None else None)
        rows.append(SharedPost(
            position_id=p["position_id"], name=p["name"], short_name=p["short_name"], provider=p["provider"],
            label=p["label"], funding_text=p["funding_text"], planned=float(p["planned_d"]),
            filled=float(p["filled_d"]), upper_bound=p["upper_bound"], city_share=_fte(p["city_share"]),
            city_share_min=_fte(p["city_share_min"]), difference=_fte(difference), status=status,
            status_text=SHARE_TEXT[status.value]))
    return rows


def funding_ends(posts: list[dict], day: dt.date, warning_months: int) -> list[FundingEnd]:
    """Posts with fixed-term funding, earliest end first, each with its warning status."""
    rows = []
    for p in posts:
        until = p["funded_until"]
        if until is None:
            continue
        status = plan_checks.funding_status(until, day, warning_months)
        rows.append(FundingEnd(
            position_id=p["position_id"], name=p["name"], provider=p["provider"], provider_code=p["provider_code"],
            programme_text=p["programme_text"], funding_text=p["funding_text"], label=p["label"],
            short_name=p["short_name"], planned=float(p["planned_d"]), upper_bound=p["upper_bound"],
            funded_until=until, months_left=plan_checks.months_left(day, until), status=status,
            status_text=FUNDING_STATUS_TEXT[status.value]))
    rows.sort(key=lambda r: (r.funded_until, r.name))
    return rows


def _scope_text(total: plan_checks.StatedTotal, provider_names: dict[str, str]) -> str:
    if total.scope == "provider":
        text = f"Träger {provider_names.get(total.code, total.code)}"
        if total.excluded_funding:
            text += f" ohne {FUNDING_TEXT.get(total.excluded_funding, total.excluded_funding)}"
        return text
    if total.scope == "programme":
        return f"Programm {PROGRAMME_TEXT.get(total.code, total.code)}"
    return f"Finanzierung {FUNDING_TEXT.get(total.code, total.code)}"


def _part_text(post: plan_checks.PlanPost, scope: str, provider_names: dict[str, str]) -> str:
    provider = provider_names.get(post.provider, post.provider)
    what = PROGRAMME_SHORT.get(post.programme, post.programme)
    name = {"provider": what, "programme": provider}.get(scope, f"{provider} {what}")
    if post.name:  # a label such as CaDiFa says more than the programme
        name = f"{name} {post.name}" if scope != "programme" else f"{provider} {post.name}"
    return f"{name} {'bis zu ' if post.upper_bound else ''}{fmt_fte(post.planned)}"


def _total_order(total: plan_checks.StatedTotal, provider_order: dict[str, int]):
    order = {"provider": provider_order, "programme": {c: i for i, c in enumerate(PROGRAMME_TEXT)},
             "funding": {c: i for i, c in enumerate(FUNDING_TEXT)}}.get(total.scope, {})
    return SCOPE_ORDER.get(total.scope, 9), order.get(total.code, 99), total.code


def plan_consistency(session: Session, posts: list[dict]) -> PlanChecks:
    """Stated totals vs the sum of their plan's lines; posts below the minimum; empty programmes."""
    providers = queries.providers(session)
    names = dict(zip(providers["code"], providers["short_name"]))
    provider_order = dict(zip(providers["code"], providers["sort_order"]))
    lines = position_data.plan_lines(session)
    totals = queries.plan_totals(session)
    rows = []
    for plan in dict.fromkeys(totals["plan"]):
        plan_posts = [plan_checks.PlanPost(provider=line.code, programme=str(line.programme),
                                           funding=str(line.funding), planned=Decimal(line.planned_fte),
                                           upper_bound=bool(line.planned_is_upper_bound),
                                           name=line.label or "")
                      for line in lines if line.plan == plan]
        stated = [plan_checks.StatedTotal(
            scope=t.scope, code=t.scope_code, stated=Decimal(t.stated_fte),
            excluded_funding=None if _value(t.excluded_funding) is None else str(t.excluded_funding),
            quote=_value(t.quote)) for t in totals[totals["plan"] == plan].itertuples()]
        stated.sort(key=lambda t: _total_order(t, provider_order))
        for check in plan_checks.check_totals(stated, plan_posts):
            t = check.total
            upper = any(p.upper_bound for p in check.parts)
            scope_text = _scope_text(t, names)
            rows.append(PlanTotalCheck(
                plan=plan, scope=t.scope, scope_code=t.code, scope_text=scope_text,
                quote=t.quote or f"{scope_text} insgesamt {fmt_fte(t.stated)} VZÄ",
                stated=float(t.stated), parts_sum=float(check.parts_sum),
                difference=float(check.difference), consistent=check.consistent,
                status_text=CHECK_TEXT[check.consistent], upper_bound=upper,
                parts_text=" + ".join(_part_text(p, t.scope, names) for p in check.parts)
                or "keine Stellen im Plan",
            ))
    current = [plan_checks.PlanPost(p["provider_code"], p["programme"], p["funding"], p["planned_d"],
                                    p["upper_bound"], p["name"]) for p in posts]
    small = plan_checks.small_posts(current)
    empty = plan_checks.programmes_without_posts(current)
    return PlanChecks(
        min_fte=float(plan_checks.MIN_POST_FTE),
        totals=tuple(rows),
        inconsistent=sum(1 for r in rows if not r.consistent),
        small_posts=tuple(SmallPost(p.name, float(p.planned)) for p in small),
        empty_programmes=tuple(PROGRAMME_TEXT.get(code, code) for code in empty),
    )


def cost_parameters(settings: Settings) -> cost_model.CostParameters:
    return cost_model.CostParameters(
        cost_per_fte=Decimal(settings.cost_per_fte),
        overhead_rate_pct=Decimal(str(settings.overhead_rate_pct)),
        land_funds_per_fte=Decimal(settings.land_funds_per_fte),
    )


def cost_figures(posts: list[dict], settings: Settings) -> CostFigures:
    """Yearly costs of the planned VZÄ (upper bounds at their maximum)."""
    params = cost_parameters(settings)
    rows, all_costs = [], []
    for p in posts:
        cost = cost_model.post_cost(p["planned_d"], p["programme"], p["funding"], params,
                                    passed_on=p["provider_kind"] != "city")
        all_costs.append((p, cost))
        rows.append(PositionCost(
            position_id=p["position_id"], name=p["name"], short_name=p["short_name"], provider=p["provider"],
            programme=p["programme"], programme_text=p["programme_text"], funding_text=p["funding_text"],
            planned=float(p["planned_d"]), upper_bound=p["upper_bound"], **dataclasses.asdict(cost)))
    return CostFigures(
        parameters=CostFigureParameters(cost_per_fte=cost_model.cents(params.cost_per_fte),
                                        overhead_rate_pct=float(params.overhead_rate_pct),
                                        land_funds_per_fte=cost_model.cents(params.land_funds_per_fte),
                                        subsidy_cap_per_fte=cost_model.cents(params.cap)),
        rows=tuple(rows), total=cost_model.total_cost(c for _, c in all_costs),
        im=cost_model.total_cost(c for p, c in all_costs if p["programme"] == "im"),
        planned=float(sum((p["planned_d"] for p in posts), Decimal(0))),
        im_fte=float(sum((p["planned_d"] for p in posts if p["programme"] == "im"), Decimal(0))),
    )


def staffing(session: Session, settings: Settings, day: dt.date | None = None) -> StaffingFigures:
    """Every number of the page "Personal (VZÄ)" on the Stichtag `day`."""
    day = day or services.default_day(session)
    posts = _posts(session, day)
    positions, by_provider, total = stellenplan(posts)
    ends = funding_ends(posts, day, settings.funding_warning_months)
    providers = queries.providers(session)
    stand = services.stand(session)
    return StaffingFigures(
        as_of=day, stand=stand, revision=stand["revision"] if stand else None,
        providers=tuple(ProviderChoice(int(p.provider_id), p.code, p.short_name) for p in providers.itertuples()),
        positions=positions, by_provider=by_provider, total=total,
        shared=tuple(shared_posts(posts)),
        funding=tuple(ends),
        warning_months=settings.funding_warning_months,
        warning_until=plan_checks.add_months(day, settings.funding_warning_months),
        funding_warnings=sum(1 for r in ends if r.ends_soon),
        checks=plan_consistency(session, posts),
        costs=cost_figures(posts, settings),
    )


# --- downloads ---------------------------------------------------------------------------------

def _bound(upper: bool) -> str:
    return "bis zu" if upper else ""


def stellenplan_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = staffing(session, settings, day)
    asdict = dataclasses.asdict
    rows = []
    for line in fig.by_provider:
        for p in fig.positions_of(line.code):
            rows.append({**asdict(p), "bound": _bound(p.upper_bound), "label": p.label or ""})
        rows.append({**asdict(line), "provider": f"Summe {line.provider}", "bound": _bound(line.upper_bound)})
    if fig.by_provider:
        rows.append({**asdict(fig.total), "provider": "Gesamt", "bound": _bound(fig.total.upper_bound)})
    return Table(
        name=f"stellenplan-{day.isoformat()}", title="Stellenplan (VZÄ)", stand=stand_text(session, day),
        rows=rows,
        columns=[Column("provider", "Träger"), Column("programme_text", "Programm"),
                 Column("label", "Bezeichnung"), Column("funding_text", "Finanzierung"),
                 Column("bound", "Obergrenze"), Column("planned", "VZÄ Soll", "fte"),
                 Column("filled", "VZÄ besetzt", "fte"), Column("vacant", "VZÄ unbesetzt", "fte"),
                 Column("over", "VZÄ über Soll", "fte"), Column("site", "Standort"),
                 Column("funded_until", "Förderung bis", "date")],
    )


def checks_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = staffing(session, settings, day)
    return Table(
        name=f"plan-pruefungen-{day.isoformat()}", title="Plan-Prüfungen", stand=stand_text(session, day),
        rows=[dataclasses.asdict(r) for r in fig.checks.totals],
        columns=[Column("plan", "Plan"), Column("scope_text", "Bereich"),
                 Column("quote", "Was der Plan sagt"), Column("stated", "VZÄ laut Plan", "fte"),
                 Column("parts_text", "Einzelstellen"), Column("parts_sum", "Summe der Einzelstellen", "fte"),
                 Column("difference", "Differenz", "fte"), Column("status_text", "Status")],
    )


def shared_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = staffing(session, settings, day)
    rows = [{**dataclasses.asdict(r), "bound": _bound(r.upper_bound)} for r in fig.shared]
    return Table(
        name=f"stadtanteile-kirchlicher-stellen-{day.isoformat()}",
        title="Stadtanteile kirchlicher Stellen", stand=stand_text(session, day), rows=rows,
        columns=[Column("name", "Stelle"), Column("bound", "Obergrenze"),
                 Column("planned", "VZÄ Soll", "fte"), Column("filled", "VZÄ besetzt", "fte"),
                 Column("city_share", "Stadtanteil angerechnet", "fte"),
                 Column("city_share_min", "vertragliches Minimum", "fte"),
                 Column("difference", "Differenz", "fte"), Column("status_text", "Status")],
    )


def funding_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = staffing(session, settings, day)
    return Table(
        name=f"befristete-finanzierung-{day.isoformat()}", title="Befristete Finanzierung",
        stand=f"{stand_text(session, day)} · Warnung ab {fig.warning_months} Monaten vor Ende",
        rows=[dataclasses.asdict(r) for r in fig.funding],
        columns=[Column("name", "Stelle"), Column("funding_text", "Finanzierung"),
                 Column("planned", "VZÄ Soll", "fte"), Column("funded_until", "Förderung bis", "date"),
                 Column("months_left", "Monate bis Ende", "int"), Column("status_text", "Status")],
    )


def costs_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = staffing(session, settings, day)
    costs = fig.costs
    rows = [dataclasses.asdict(r) for r in costs.rows]
    rows.append({**dataclasses.asdict(costs.total), "name": "Gesamt", "planned": costs.planned})
    p = costs.parameters
    return Table(
        name=f"kosten-stellenplan-{day.isoformat()}", title="Kosten je Jahr (Planwerte)",
        stand=(f"{stand_text(session, day)} · Arbeitgeberkosten {fmt_eur(p.cost_per_fte, cents=False)} "
               f"je VZÄ, Pauschale {fmt_number(p.overhead_rate_pct, 1)} %, "
               f"Landesmittel {fmt_eur(p.land_funds_per_fte, cents=False)} je VZÄ"),
        rows=rows,
        columns=[Column("name", "Stelle"), Column("funding_text", "Finanzierung"),
                 Column("planned", "VZÄ Soll", "fte"), Column("personnel", "Personalkosten", "eur"),
                 Column("land_funds", "Landesmittel", "eur"),
                 Column("overhead", "Sach- und Gemeinkostenpauschale", "eur"),
                 Column("city_subsidy", "städtischer Zuschuss (max. S 11b)", "eur"),
                 Column("gap", "Lücke IM (Kosten − Landesmittel)", "eur")],
    )


STAFFING_TABLES = {"stellenplan": stellenplan_table, "checks": checks_table, "shared": shared_table,
                   "funding": funding_table, "costs": costs_table}
