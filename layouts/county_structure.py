"""The Landkreis page's structure view "Wer macht IM wo" (the Lörrach agreement's A / B / C with the
Träger): one table per group, rendered from `CountyFigures.structure`."""

from __future__ import annotations

from dash import html

from dashboard.model.formatting import fmt_date, fmt_int
from layouts import ids
from layouts.components import DataTable, EmptyState, Section

TABLE_KEYS = {"A": "a", "B": "b", "C": "c", "–": "offen"}


def table_id(group: str) -> str:
    return f"{ids.COUNTY_STRUCTURE}-{TABLE_KEYS.get(group, 'offen')}"


def structure_section(fig, page: str) -> html.Div:
    """Gemeinden grouped A / B / C (Verbünde within A) with who is responsible, the Träger doing the
    work (for C the Träger the Kreis delegated to), valid from and the decision."""
    parts = []
    for group in fig.structure:
        rows = [[u.responsible, u.form, ", ".join(u.gemeinden), u.provider or "–",
                 ", ".join(fmt_date(d) for d in u.valid_from) or "–", "; ".join(u.basis) or "–"]
                for u in group.units]
        parts += [html.H3(f"{group.title} · {fmt_int(group.gemeinden)} Gemeinden", className="h6 mt-3"),
                  DataTable(["Verantwortlich", "Form", "Gemeinden", "Träger", "Gültig ab",
                             "Beschluss / Grundlage"], rows, table_id=table_id(group.key))]
    body = parts or [EmptyState("Für die Gemeinden dieses Landkreises ist noch nicht erfasst, wer das "
                                "Integrationsmanagement erbringt (Import „Aufgabenerledigung der Gemeinden“).")]
    return Section(f"Wer macht IM wo – {fig.county_name}", html.Div(body, id=ids.COUNTY_STRUCTURE),
                   subtitle=f"Regelungen in Kraft am 31.12.{fig.year}: A Eigenregie (auch im Verbund), "
                            "B Eigenregie über einen Träger, C beim Landkreis", download=(page, "structure"))
