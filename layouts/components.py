"""Shared widgets: KPI cards, status badges, tables, empty states. German text, projector-sized."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.formatting import fmt_pct, fmt_signed
from dashboard.model.vocabulary import STATUS_ICON, STATUS_TEXT, Status
from layouts import ids

# Okabe–Ito colours (colour-blind safe); status is never colour alone: icon and text go with it.
STATUS_COLORS = {Status.ok: ("#007a5a", "#ffffff"), Status.attention: ("#E69F00", "#1b1b1b"),
                 Status.critical: ("#C0392B", "#ffffff"), Status.no_capacity: ("#5f6b76", "#ffffff")}
STATUS_STYLE = {str(s): {"label": STATUS_TEXT[s], "icon": STATUS_ICON[s], "color": color, "text": text}
                for s, (color, text) in STATUS_COLORS.items()}

# Dash 4's dcc.Dropdown speaks English unless told (its `labels` prop); every dropdown passes these
DROPDOWN_LABELS = {"select_all": "Alle auswählen", "deselect_all": "Keine auswählen",
                   "selected_count": "{num_selected} ausgewählt", "search": "Suchen", "clear_search": "Suche löschen",
                   "clear_selection": "Auswahl löschen", "no_options_found": "Keine Einträge gefunden"}

PROVIDER_COLORS = {"awo": "#0072B2", "caritas": "#CC79A7", "diakonie": "#009E73", "stadt": "#6F6F6F"}  # each ≥ 3:1 on white (WCAG 1.4.11)


def status_label(status: str) -> str:
    style = STATUS_STYLE[status]
    return f"{style['icon']} {style['label']}"


def StatusBadge(status: str, **kwargs) -> html.Span:
    style = STATUS_STYLE[status]
    return html.Span(
        status_label(status),
        className="status-badge",
        style={"backgroundColor": style["color"], "color": style["text"]},
        title=f"Status: {style['label']}",
        **kwargs,
    )


def KpiCard(title: str, value: str, detail: str | list | None = None, *, value_id: str,
            badge: html.Span | None = None) -> dbc.Card:
    """A large number with its label; `value_id` lets tests and screen readers find it."""
    return dbc.Card(
        dbc.CardBody([
            html.Div(title, className="kpi-title"),
            html.Div(value, id=value_id, className="kpi-value"),
            html.Div(badge, className="kpi-badge") if badge is not None else None,
            html.Div(detail, className="kpi-detail") if detail else None,
        ]),
        className="kpi-card h-100",
    )


def DataTable(header: list[str], rows: list[list], *, table_id: str, numeric: set[int] = frozenset(),
              footer: list | None = None) -> dbc.Table:
    """A plain, large, high-contrast table; columns in `numeric` are right-aligned, their values never
    break (their headings may, so that a table of many columns fits its card without a scrollbar)."""
    def cell(tag, value, index, wrap=False):
        return tag(value, className=("text-end" if wrap else "text-end text-nowrap") if index in numeric else None)

    body = [html.Tr([cell(html.Td, v, i) for i, v in enumerate(r)]) for r in rows]
    parts = [html.Thead(html.Tr([cell(html.Th, h, i, wrap=True) for i, h in enumerate(header)])), html.Tbody(body)]
    if footer:
        parts.append(html.Tfoot(html.Tr([cell(html.Th, v, i) for i, v in enumerate(footer)])))
    return dbc.Table(parts, id=table_id, className="data-table", striped=True, hover=False,
                     responsive=True)


def DownloadButtons(page: str, table: str) -> html.Div:
    """CSV and XLSX buttons for one table; the page's download callback builds the file."""
    return html.Div([
        dbc.Button(label, id={"type": ids.DOWNLOAD_BUTTON, "page": page, "table": table, "format": fmt},
                   color="light", size="sm", className="download-button",
                   title=f"Tabelle als {label} herunterladen")
        for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX"))
    ], className="download-buttons")


def Section(title: str, children, *, subtitle: str | None = None,
            download: tuple[str, str] | None = None) -> dbc.Card:
    """A titled card; `download=(page, table)` adds CSV/XLSX buttons to its header."""
    return dbc.Card([
        dbc.CardHeader(html.Div([
            html.Div([html.H2(title, className="section-title"),
                      html.Div(subtitle, className="section-subtitle") if subtitle else None]),
            DownloadButtons(*download) if download else None,
        ], className="d-flex justify-content-between align-items-start gap-2")),
        dbc.CardBody(children),
    ], className="section-card h-100")


def signed_pct_marks(values) -> dict[int, str]:
    """Slider marks of a change in %: "−50 %" (a true minus), "0 %", "+25 %"."""
    return {v: fmt_signed(v, lambda x: fmt_pct(x, 0)) for v in values}


def EditArea(children, *, offered: bool, refusal: str) -> html.Div:
    """A page's form, offered only to a role that may submit it. Otherwise the controls stay in the
    page (its callbacks need them) but hidden and disabled, and one sentence says who changes this."""
    return html.Div([
        html.Fieldset(children, disabled=not offered, hidden=not offered, className="edit-area"),
        None if offered else html.P(["ℹ ", refusal], className="edit-refusal text-body-secondary mb-0"),
    ])


def EmptyState(message: str, hint: str | None = None) -> dbc.Alert:
    return dbc.Alert([html.Strong(message), html.Div(hint) if hint else None], color="secondary",
                     className="empty-state")


def PageSync(location_id: str, revision_id: str, interval_id: str) -> html.Div:
    """The page's own URL, data revision and refresh timer (never the shell's: see callbacks/common.py).

    The interval starts at 30 s; the page's main callback sets it to the configured refresh period.
    """
    return html.Div([dcc.Location(id=location_id, refresh="callback-nav"), dcc.Store(id=revision_id),
                     dcc.Interval(id=interval_id, interval=30_000)], hidden=True)


def graph_config(filename: str | None = None, *buttons: str, **extra) -> dict:
    """The one chart toolbar: German, no plotly logo, "als PNG herunterladen" plus `buttons`;
    `filename` names the PNG, `extra` adds plotly config keys (e.g. scrollZoom on the map)."""
    config = {"displaylogo": False, "modeBarButtons": [["toImage", *buttons]], "locale": "de",
              "locales": {"de": {"dictionary": {"Download plot as a png": "Diagramm als PNG herunterladen",
                                                "Download plot": "Diagramm herunterladen"}}}}
    if filename:
        config["toImageButtonOptions"] = {"filename": filename}
    return {**config, **extra}


GRAPH_CONFIG = graph_config()


def FormField(label: str, control, field_id: str, hint: str | None = None, **col):  # noqa: N802 (a widget)
    """One labelled form control with an optional hint; with grid arguments (md=6 …) as a column."""
    children = [dbc.Label(label, html_for=field_id, className="form-label-strong"), control,
                dbc.FormText(hint) if hint else None]
    return dbc.Col(children, **col) if col else html.Div(children, className="mb-2")



def date_input(field_id: str, placeholder: str = "TT.MM.JJJJ", **kwargs) -> html.Div:
    """A German date picker (TT.MM.JJJJ, weeks from Monday) for a form."""
    return html.Div(dcc.DatePickerSingle(id=field_id, display_format="DD.MM.YYYY", first_day_of_week=1,
                                         placeholder=placeholder, clearable=True, **kwargs),
                    className="form-date")


def amount_input(field_id: str, placeholder: str = "z. B. 1.234,56") -> dbc.Input:
    """A text field for a number typed the German way (read by the model's parsers)."""
    return dbc.Input(id=field_id, type="text", inputMode="decimal", placeholder=placeholder, autoComplete="off")


def warning(text: str) -> dbc.Alert:
    """A page-level warning (e.g. an invalid value in the URL; the page then shows the default)."""
    return dbc.Alert(text, color="warning")


FEEDBACK_STYLE = {"success": ("✔ ", "success"), "info": ("ℹ ", "info"), "error": ("✖ ", "danger")}


def form_feedback(errors: list[str] | str | None = None, success=None, *, title: str | None = "Nicht gespeichert:",
                  info=None) -> dbc.Alert | None:
    """The one answer to a form: icon + text + colour (✔ done, ℹ nothing to do, ✖ why not).

    `success`/`info`: text or children; `errors`: every German reason (listed under `title`; without a
    title a single reason follows the icon). None when there is nothing to say.
    """
    if success:
        return _feedback("success", success)
    if info:
        return _feedback("info", info)
    if not errors:
        return None
    errors = [errors] if isinstance(errors, str) else list(errors)
    if title:
        return _feedback("error", html.Ul([html.Li(m) for m in errors], className="mb-0 mt-1"), head=title)
    return _feedback("error", errors[0] if len(errors) == 1 else html.Ul([html.Li(m) for m in errors]))


def _feedback(kind: str, children, head: str = "") -> dbc.Alert:
    icon, color = FEEDBACK_STYLE[kind]
    body = children if isinstance(children, list) else [children]
    return dbc.Alert([html.Strong(icon + head), *body], color=color, className="form-feedback")
