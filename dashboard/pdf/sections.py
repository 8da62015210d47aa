"""The sections of the PDF reports: each takes the figures of one reporting function and returns
flowables. Charts are matplotlib PNGs (Agg backend, no display, no internet)."""

from __future__ import annotations

import io
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")  # before pyplot: render without a display
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import CondPageBreak, Image, KeepTogether, PageBreak, Paragraph, Spacer  # noqa: E402

from dashboard.model.capacity import Status  # noqa: E402
from dashboard.model.figures.caseload import Caseload  # noqa: E402
from dashboard.model.figures.funds import FundsFigures  # noqa: E402
from dashboard.model.figures.maps import MapView  # noqa: E402
from dashboard.model.figures.overview import Overview  # noqa: E402
from dashboard.model.figures.scenarios import Compared  # noqa: E402
from dashboard.model.figures.staffing import StaffingFigures  # noqa: E402
from dashboard.model.figures.volunteering import VolunteeringFigures  # noqa: E402
from dashboard.model.formatting import (  # noqa: E402
    fmt_date,
    fmt_eur,
    fmt_fte,
    fmt_int,
    fmt_month_name,
    fmt_number,
    fmt_pct,
    fmt_time,
)
from dashboard.model.vocabulary import STATUS_ICON  # noqa: E402
from dashboard.model.vocabulary import STATUS_TEXT as STATUS_LABEL  # noqa: E402
from dashboard.pdf.document import chart_text, styles, table, text  # noqa: E402
from dashboard.settings import Settings  # noqa: E402

STATUS_TEXT = {str(s): f"{STATUS_ICON[s]} {STATUS_LABEL[s]}" for s in Status}
WIDTH = 174 * mm  # A4 minus margins


def _status(status: str | None) -> str:
    return STATUS_TEXT.get(status or Status.no_capacity, str(status))


def _chart(fig) -> Image:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=200, bbox_inches="tight")
    plt.close(fig)
    buffer.seek(0)
    width, height = fig.get_size_inches()
    return Image(buffer, width=WIDTH, height=WIDTH * height / width)


def _german_axis(axis, digits: int = 0) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_number(v, digits) if digits else fmt_int(v)))


def cover(doc, overview: Overview, period: str) -> list:
    s = doc.styles
    return [
        Spacer(1, 30 * mm),
        Paragraph(text(doc.title), s["h1"]),
        Paragraph(text(doc.subtitle), s["h2"]),
        Spacer(1, 4 * mm),
        Paragraph(text(period), s["body"]),
        Paragraph(text(doc.stand_text), s["body"]),
        Paragraph(f"erstellt am {fmt_date(doc.created)} um {fmt_time(doc.created)} Uhr mit dem IM-Cockpit", s["small"]),
        Spacer(1, 10 * mm),
        Paragraph("Inhalt: Kennzahlen · Fallzahlen und Kapazität · Karte · Personal (VZÄ) · Projektmittel · Ehrenamt",
                  s["body"]),
        Spacer(1, 6 * mm),
        Paragraph("Alle Zahlen sind aggregiert. Fälle tragen nur Pseudonyme; kleine Fallzahlen auf Ebene der "
                  "Stadtteile werden nicht ausgewiesen (Datenschutz).", s["small"]),
        PageBreak(),
    ]


def kpis(overview: Overview, settings: Settings) -> list:
    s = styles()
    im = overview.im
    cards = [["Aktive Fälle", fmt_int(im.cases)], ["VZÄ besetzt (IM)", fmt_fte(im.fte)],
             [f"Kapazität (1:{overview.staff_ratio})", fmt_int(im.capacity)],
             ["Auslastung", f"{fmt_pct(im.utilisation_pct)} {_status(im.status)}"],
             ["VZÄ nötig für 1:" + str(overview.staff_ratio), fmt_fte(im.fte_needed)],
             ["Projektmittel verbleibend", fmt_eur(overview.funds.remaining)]]
    rows = [[t.team, fmt_int(t.cases), fmt_fte(t.fte), fmt_int(t.capacity),
             fmt_number(t.cases_per_fte) if t.cases_per_fte is not None else "–",
             fmt_pct(t.utilisation_pct) if t.utilisation_pct is not None else "–", _status(t.status),
             fmt_fte(t.fte_needed)] for t in overview.teams]
    return [
        Paragraph(f"Kennzahlen am {fmt_date(overview.as_of)}", s["h2"]),
        table(["Kennzahl", "Wert"], cards, widths=[70 * mm, 60 * mm], numeric={1}),
        Paragraph("Je Team", s["h3"]),
        table(["Team", "Fälle", "VZÄ", "Kapazität", "Fälle je VZÄ", "Auslastung", "Status", "VZÄ nötig"], rows,
              numeric={1, 2, 3, 4, 5, 7},
              widths=[24 * mm, 15 * mm, 14 * mm, 20 * mm, 20 * mm, 22 * mm, 33 * mm, 20 * mm]),
        Paragraph(f"Status: bis {fmt_pct(settings.status_ok_max, 0)} im Rahmen, bis "
                  f"{fmt_pct(settings.status_attention_max, 0)} Achtung, darüber kritisch.", s["small"]),
    ]


def caseload_year(figures: Caseload, year: int, settings: Settings) -> list:
    s = styles()
    months = [m for m in figures.history if m.month.year == year]
    if not months:
        return [Paragraph("Fallzahlen und Kapazität", s["h2"]), Paragraph(f"Keine Fälle im Jahr {year}.", s["body"])]
    labels = [fmt_month_name(m.month, abbreviated=True) for m in months]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.bar(labels, [m.active for m in months], color="#4c78a8", label="aktive Fälle")
    ax.step(labels, [m.capacity for m in months], where="mid", color="#1b1b1b", linewidth=2,
            label=f"Kapazität (VZÄ × {figures.staff_ratio})")
    _german_axis(ax.yaxis)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, fontsize=8, frameon=False)
    ax.set_title(f"Aktive Fälle und Kapazität {year} (Monatsende)", fontsize=11, loc="left", pad=22)
    ax.spines[["top", "right"]].set_visible(False)
    rows = [[fmt_month_name(m.month, abbreviated=True), fmt_int(m.active), fmt_number(m.capacity, 0),
             fmt_pct(100 * m.active / m.capacity) if m.capacity else "–",
             fmt_int(m.inflow_case_transfer), fmt_int(m.inflow_direct), fmt_int(m.outflow_goal_reached),
             fmt_int(m.outflow_moved_away), fmt_int(m.outflow_eligibility_ended), fmt_int(m.outflow_other)]
            for m in months]
    plan = figures.plan
    return [
        CondPageBreak(90 * mm),
        Paragraph("Fallzahlen und Kapazität", s["h2"]),
        _chart(fig),
        table(["Monat", "aktiv", "Kapazität", "Auslastung", "Zugang aus GU", "Zugang direkt", "Ziel erreicht",
               "verzogen", "Ende Anspruch", "sonstige Abgänge"], rows, numeric=set(range(1, 10)),
              widths=[14 * mm, 14 * mm, 19 * mm, 21 * mm, 17 * mm, 17 * mm, 17 * mm, 18 * mm, 18 * mm, 19 * mm]),
        Paragraph(f"Integrationsplan: {fmt_int(plan.with_plan)} von {fmt_int(plan.active)} aktiven Fällen "
                  f"({fmt_pct(plan.share_pct)}).", s["body"]),
    ]


def area_map(view: MapView) -> list:
    """The Planungsbezirke coloured by the utilisation of their team, norm 100 % in the middle of the
    scale; hidden small counts and areas without a team grey. Schematic shapes say so."""
    import geopandas as gpd
    from matplotlib.colors import TwoSlopeNorm

    s = styles()
    features = view.geojson["features"]
    if not features:
        return []
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    frame["code"] = [f["id"] for f in features]
    by_code = {a.code: a for a in view.areas}
    frame["value"] = [by_code[c].value for c in frame["code"]]
    frame["text"] = [by_code[c].text for c in frame["code"]]
    frame = frame.to_crs("EPSG:25832")  # metres: the city is not squashed
    fig, ax = plt.subplots(figsize=(8, 6.2))
    low, high = view.thresholds[0] - 25, view.thresholds[1] + 15
    grey = frame[frame["value"].isna()]
    if not grey.empty:
        grey.plot(ax=ax, color="#d0d0d0", edgecolor="white", linewidth=0.8)
    valued = frame[frame["value"].notna()]
    if not valued.empty:
        valued.plot(ax=ax, column="value", cmap="RdBu_r", edgecolor="white", linewidth=0.8, legend=True,
                    norm=TwoSlopeNorm(vmin=low, vcenter=view.norm or 100, vmax=high),
                    legend_kwds={"label": f"Auslastung in % (Norm {fmt_int(view.norm or 100)} %)", "shrink": 0.6})
    small = frame.geometry.area < frame.geometry.area.median() * 0.6  # the dense centre: the value only
    for point, name, value, tiny in zip(frame.geometry.representative_point(), frame["name"], frame["text"], small):
        ax.annotate(chart_text(value if tiny else f"{name}\n{value}"), (point.x, point.y), ha="center", va="center",
                    fontsize=5.5)
    ax.set_axis_off()
    title = f"{view.metric_label} je Planungsbezirk"
    ax.set_title(title, fontsize=11, loc="left")
    note = ("Schematische Darstellung um ungefähre Ankerpunkte, keine amtlichen Grenzen. "
            if view.schematic else "")
    return [
        CondPageBreak(150 * mm),
        Paragraph("Karte", s["h2"]),
        _chart(fig),
        Paragraph(note + "Jeder Bezirk zeigt die Auslastung des Teams, in dessen Einzugsgebiet er liegt; grau: kein "
                  "Team oder ausgeblendete kleine Fallzahl.", s["small"]),
    ]


def staffing(figures: StaffingFigures) -> list:
    s = styles()
    rows = [[p.provider, p.programme_text, p.funding_text, p.site or "",
             ("bis zu " if p.upper_bound else "") + fmt_fte(p.planned), fmt_fte(p.filled), fmt_date(p.funded_until)]
            for p in figures.positions]
    total = figures.total
    checks = [[c.quote, c.parts_text, fmt_fte(c.stated), fmt_fte(c.parts_sum), c.status_text]
              for c in figures.checks.totals]
    cost = figures.costs.total
    costs = [["Personalkosten", fmt_eur(cost.personnel, cents=False)],
             ["Landesmittel (VwV IM)", fmt_eur(cost.land_funds, cents=False)],
             ["Sach- und Gemeinkostenpauschale", fmt_eur(cost.overhead, cents=False)],
             ["Zuschuss der Stadt", fmt_eur(cost.city_subsidy, cents=False)],
             ["Finanzierungslücke", fmt_eur(cost.gap, cents=False)]]
    return [
        CondPageBreak(80 * mm),
        Paragraph("Personal (VZÄ)", s["h2"]),
        table(["Träger", "Programm", "Finanzierung", "Standort", "VZÄ Plan", "VZÄ besetzt", "befristet bis"], rows,
              numeric={4, 5}, widths=[17 * mm, 41 * mm, 27 * mm, 34 * mm, 18 * mm, 17 * mm, 20 * mm],
              footer=["Gesamt", "", "", "", fmt_fte(total.planned), fmt_fte(total.filled), ""]),
        Paragraph("Prüfung des Stellenplans", s["h3"]),
        table(["Angabe im Konzept", "Summe der Teile", "angegeben", "Summe", "Ergebnis"], checks, numeric={2, 3},
              widths=[50 * mm, 50 * mm, 20 * mm, 18 * mm, 36 * mm]),
        KeepTogether([Paragraph("Kosten je Jahr", s["h3"]),
                      table(["Posten", "Betrag"], costs, widths=[70 * mm, 40 * mm], numeric={1})]),
    ]


def funds(figures: FundsFigures) -> list:
    s = styles()
    rows = [[r.provider, fmt_eur(r.allocated), fmt_eur(r.spent), fmt_eur(r.transferred_out),
             fmt_eur(r.transferred_in), fmt_eur(r.remaining)] for r in figures.by_provider]
    totals = figures.totals
    transfers = [[fmt_date(e.date), e.provider, e.to_provider or "", fmt_eur(e.amount), fmt_date(e.decision_date),
                  e.decision_ref or ""] for e in figures.ledger if e.kind == "transfer"]
    fig, ax = plt.subplots(figsize=(8, 2.6))
    names = [chart_text(r.provider) for r in figures.by_provider]
    spent = [float(r.spent) for r in figures.by_provider]  # plotting only; the tables are exact
    remaining = [float(r.remaining) for r in figures.by_provider]
    ax.barh(names, spent, color="#4c78a8", label="ausgegeben")
    ax.barh(names, remaining, left=spent, color="#c6d4e6", label="verbleibend")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_eur(Decimal(str(v)), cents=False)))
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, fontsize=8, frameon=False)
    ax.set_title(f"Projektmittel {figures.year} je Träger", fontsize=11, loc="left", pad=22)
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)
    result = [
        CondPageBreak(90 * mm),
        Paragraph(f"Projektmittel {figures.year}", s["h2"]),
        _chart(fig),
        table(["Träger", "Zuweisung", "Ausgaben", "Übertragung ab", "Übertragung zu", "verbleibend"], rows,
              numeric={1, 2, 3, 4, 5},
              footer=["Gesamt", fmt_eur(totals.allocated), fmt_eur(totals.spent),
                      fmt_eur(totals.transferred_out), fmt_eur(totals.transferred_in),
                      fmt_eur(totals.remaining)]),
        Paragraph("verbleibend = Zuweisung − Ausgaben − Übertragungen ab + Übertragungen zu (auf den Cent).",
                  s["small"]),
    ]
    if transfers:
        result += [Paragraph("Übertragungen nach Beschluss des Koordinierungskreises", s["h3"]),
                   table(["Datum", "von", "an", "Betrag", "Beschluss vom", "Aktenzeichen / TOP"], transfers,
                         numeric={3})]
    return result


def volunteering(figures: VolunteeringFigures) -> list:
    s = styles()
    areas = [a.social_area for a in figures.social_areas]
    rows = []
    for topic in figures.coverage:
        cells = [f"{c.projects} / {c.volunteers}" if not c.gap else "✖ Lücke" for c in topic.cells]
        rows.append([topic.topic_text, *cells, f"{topic.projects} / {topic.volunteers}"])
    totals = figures.coverage_totals
    footer = ["Gesamt", *[f"{a.projects} / {a.volunteers}" for a in totals.by_area],
              f"{totals.projects} / {totals.volunteers}"]
    ages = [[a.label, fmt_int(a.volunteers), fmt_pct(a.share_pct)] for a in figures.ages]
    return [
        CondPageBreak(90 * mm),
        Paragraph("Ehrenamt: Abdeckung nach Thema und Sozialraum", s["h2"]),
        Paragraph("Projekte / Ehrenamtliche je Zelle; „✖ Lücke“: kein Projekt zu diesem Thema im Sozialraum.",
                  s["small"]),
        table(["Thema", *areas, "Gesamt"], rows, footer=footer, numeric=set(range(1, len(areas) + 2))),
        Paragraph("Altersstruktur der Ehrenamtlichen", s["h3"]),
        table(["Altersgruppe", "Ehrenamtliche", "Anteil"], ages, numeric={1, 2}, widths=[40 * mm, 30 * mm, 25 * mm]),
    ]


def scenarios(items: list[Compared], rows: list[dict]) -> list:
    """Saved scenarios chosen for the meeting, side by side as on the page "Szenarien"."""
    s = styles()
    result = [PageBreak(), Paragraph("Szenarien zur Beratung", s["h2"])]
    for item in items:
        saved_text = fmt_date(item.created_at.date()) if item.created_at else "–"
        result += [Paragraph(text(item.name), s["h3"]),
                   Paragraph(text(f"gespeichert von {item.author} am {saved_text}; Ausgangslage eingefroren zum "
                                  f"{fmt_date(item.as_of)}"), s["small"]),
                   Paragraph(text(" ".join(item.result.summary)), s["body"])]
    names = [item.name for item in items]
    width = (WIDTH - 60 * mm) / len(names)
    result += [Paragraph("Im Vergleich", s["h3"]),
               table(["Kennzahl", *names], [[r["figure"], *[r[f"s{i}"] for i in range(len(names))]] for r in rows],
                     widths=[60 * mm, *[width] * len(names)])]
    return result
