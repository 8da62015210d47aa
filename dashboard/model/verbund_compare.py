"""Eigenregie, Verbund or Landkreis for one Gemeinde: money in (its Land share), money out (an own
post, the Verbund's invoices, or nothing), the hours of IM on site and the points the Cleebronn
Gemeinderat weighed (seed 003, Beschlussvorlage 32/2024). Pure: no app, database or UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dashboard.model.verbund import CostBasis, cents


@dataclass(frozen=True)
class Option:
    key: str  # "eigenregie", "verbund", "landkreis"
    title: str
    money_in: Decimal  # the Land share the Gemeinde receives for the year
    money_out: Decimal  # what it pays for IM in the year
    hours_per_week: Decimal | None  # IM hours on site a week (None: set by the Landkreis, not agreed)
    how: str  # what money out is made of, German

    @property
    def own_budget(self) -> Decimal:
        """What the Gemeinde adds from its own budget (≥ 0)."""
        return max(Decimal(0), self.money_out - self.money_in)


@dataclass(frozen=True)
class Point:
    topic: str
    eigenregie: str
    verbund: str
    landkreis: str


# the seed's qualitative points (Cleebronn, Vorlage 32/2024), one line per option
POINTS = (
    Point("Präsenz vor Ort",
          "eigene Fachkraft im Rathaus, kurze Dienstwege",
          "Fachkraft der federführenden Gemeinde mit festen Stunden vor Ort, direkte Anbindung an die "
          "kommunalen Strukturen",
          "Integrationsmanager betreut mehrere Gemeinden; Fahrtwege kosten Zeit, die bei den Klienten fehlt"),
    Point("Vertretung bei Urlaub und Krankheit",
          "eine einzelne Teilzeitkraft: ohne Vertretung im Haus",
          "Vertretung im Team der federführenden Gemeinde, Fallbesprechungen und Fortbildung im Team",
          "Pool des Landratsamts vertritt"),
    Point("Betreuung über drei Jahre hinaus",
          "möglich, ohne Landesförderung aus eigenen Mitteln",
          "möglich (Brackenheim berät weiter), die Stunden ohne Landesförderung werden gesondert ausgewiesen",
          "endet mit dem Förderzeitraum der VwV (3 Jahre); die Migrationsberatung der Diakonie entfällt ab 2025"),
    Point("Angebote für Klienten",
          "eigene Angebote der Gemeinde",
          "auch die Integrationsangebote der federführenden Gemeinde",
          "Angebote des Landkreises"),
    Point("Verantwortung und Risiko",
          "allein: Ergebnis-, Finanzierungs- und Vakanzrisiko bei der Gemeinde",
          "gemeinsam: beide Gemeinden verantworten das Integrationsmanagement; Abrechnung quartalsweise",
          "beim Landkreis; die Gemeinde steuert nicht selbst"),
)


def compare(share: Decimal, basis: CostBasis, min_post_fte: Decimal, verbund_cost: Decimal,
            verbund_hours: Decimal) -> tuple[Option, Option, Option]:
    """The three options for one Gemeinde and year: an own minimum post at the Verbund's cost basis,
    the Verbund (its invoices for the year), the Landkreis (the share stays with the Kreis)."""
    post_cost = cents(Decimal(min_post_fte) * basis.annual_cost)
    return (
        Option("eigenregie", "Eigenregie (eigene Stelle)", Decimal(share), post_cost,
               Decimal(min_post_fte) * basis.weekly_hours,
               f"Mindeststelle {min_post_fte} VZÄ × Jahreskosten je VZÄ einschließlich Gemeinkosten"),
        Option("verbund", "Verbund", Decimal(share), Decimal(verbund_cost), Decimal(verbund_hours),
               "Rechnungen der federführenden Gemeinde (Stunden × Stundensatz, mit Umsatzsteuer)"),
        Option("landkreis", "beim Landkreis", Decimal(0), Decimal(0), None,
               "nichts: der Anteil bleibt beim Kreis, der das Integrationsmanagement erbringt"),
    )
