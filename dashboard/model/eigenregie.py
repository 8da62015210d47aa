"""The decision aid for a Gemeinde: Eigenregie or leave IM with the Landkreis (seed 002, Anlage 1).

The Landratsamt's list of advantages and drawbacks, as structured points, each beside the numbers
that bear on it for one Gemeinde (its allocation, the Eigenregie check, next year's swing). The texts
paraphrase the seed; the numbers come from `model.allocation`. Pure: no app, database or UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dashboard.model.allocation import EigenregieCheck, YearChange
from dashboard.model.formatting import fmt_eur, fmt_fte, fmt_pct


@dataclass(frozen=True)
class TradeOff:
    """One point of the decision: what it means in Eigenregie and with the Landkreis."""

    topic: str
    eigenregie: str
    landkreis: str
    favours: str  # "eigenregie" or "landkreis": the option the point speaks for (seed's view)


STEERING = TradeOff(
    "Steuerung",
    "Die Gemeinde steuert die Arbeit selbst; die Vorgaben der VwV Integrationsmanagement bleiben verbindlich.",
    "Kein Steuerungs- und Koordinationsaufwand, keine konzeptionelle Arbeit in der Gemeinde.",
    "eigenregie")
RESULT_AND_FINANCING = TradeOff(
    "Ergebnis- und Finanzierungsrisiko",
    "Die Gemeinde trägt die Ergebnisverantwortung. Die Mittel werden jedes Jahr an zwei Stellschrauben neu "
    "entschieden: am Landeshaushalt und an der jährlichen Erhebung der Zielgruppe – das Risiko für das eigene "
    "Personal trägt die Gemeinde.",
    "Der Landkreis gleicht Schwankungen der Zuweisung je Gemeinde mit seinem größeren Personalkörper aus.",
    "landkreis")
VACANCY = TradeOff(
    "Vakanzrisiko",
    "Der Stellenmarkt für Fachkräfte ist schwierig. Bleibt die Stelle unbesetzt, findet Integrationsmanagement "
    "in der Gemeinde nicht statt.",
    "Vakanzen und jährliche Änderungen der Stellenumfänge kann der Landkreis bis zu einem gewissen Grad ausgleichen.",
    "landkreis")
SUBSTITUTION = TradeOff(
    "Vertretung",
    "Bei Urlaub oder Krankheit einer einzelnen Fachkraft fällt das Angebot zeitweise ganz aus.",
    "Im Team des Landratsamts sind Vertretungen in der Regel möglich; kollegiale Beratung und Supervision.",
    "landkreis")
QUALIFICATION = TradeOff(
    "Qualifizierungspflicht",
    "Ohne Studium im Sozialwesen muss die Fachkraft binnen drei Monaten eine Nachqualifizierung beginnen und "
    "binnen eines Jahres abschließen; die Gemeinde organisiert das.",
    "Das Landratsamt hat eigene Fortbildungsangebote und kann Personal zwischen Integrationsmanagement und "
    "Flüchtlingssozialarbeit wechseln lassen.",
    "landkreis")
PROOF_OF_USE = TradeOff(
    "Verwendungsnachweis",
    "Die Gemeinde weist Mittel und inhaltliche Arbeit jährlich der Koordinierungsstelle des Landratsamts nach.",
    "Der Landkreis erstellt den Gesamtverwendungsnachweis selbst.",
    "landkreis")
ONE_HAND = TradeOff(
    "Integration aus einer Hand",
    "Die Gemeinde verbindet das Integrationsmanagement mit ihren eigenen Angeboten vor Ort.",
    "Flüchtlingssozialarbeit, Integrationsmanagement und Integrationsplanung arbeiten in einem Amt abgestimmt.",
    "landkreis")

TRADE_OFFS = (STEERING, RESULT_AND_FINANCING, VACANCY, SUBSTITUTION, QUALIFICATION, PROOF_OF_USE, ONE_HAND)


@dataclass(frozen=True)
class DecisionPoint:
    trade_off: TradeOff
    figures: str | None  # what the numbers say about this point for this Gemeinde, German


def decision_aid(check: EigenregieCheck, change: YearChange | None, next_year: int,
                 funds_swing_pct: Decimal = Decimal(10)) -> tuple[DecisionPoint, ...]:
    """The seed's points for one Gemeinde, with its own numbers beside those they bear on."""
    if check.passes:
        money = (f"Die Zuweisung von {fmt_eur(check.amount)} finanziert {fmt_fte(round(check.fundable_fte, 2))} "
                 f"VZÄ – genug für die Mindeststelle von {fmt_fte(check.min_post_fte)} VZÄ.")
    else:
        money = (f"Die Zuweisung von {fmt_eur(check.amount)} finanziert nur {fmt_fte(round(check.fundable_fte, 2))} "
                 f"VZÄ; für die Mindeststelle von {fmt_fte(check.min_post_fte)} VZÄ fehlen "
                 f"{fmt_eur(check.own_contribution)} im Jahr aus eigenen Mitteln (oder ein Verbund).")
    swing = (check.amount * funds_swing_pct / 100).quantize(Decimal("0.01"))
    financing = f"Landeshaushalt ±{fmt_pct(float(funds_swing_pct), 0)}: ±{fmt_eur(swing)} im Jahr."
    if change is not None:
        moved = (f"{fmt_pct(float(change.change_pct), 1)}" if change.change_pct is not None else "neu")
        financing = (f"Neuerhebung {next_year}: {fmt_eur(change.next_year)} statt {fmt_eur(change.this_year)} "
                     f"({'+' if change.change > 0 else ''}{fmt_eur(change.change)}, {moved}). " + financing)
    vacancy = None
    if check.fundable_fte < 1:
        vacancy = "Die Mittel tragen weniger als eine volle Stelle: eine einzelne Teilzeitkraft, ohne Vertretung im Haus."
    notes = {STEERING: money, RESULT_AND_FINANCING: financing, VACANCY: vacancy, SUBSTITUTION: vacancy}
    return tuple(DecisionPoint(t, notes.get(t)) for t in TRADE_OFFS)
