"""The domain's vocabulary, defined once: codes (StrEnums), their German labels, the defaults of the
rules and the calendar words. Everything that shows or parses a code uses these; nothing here
imports anything but the standard library.
"""

from __future__ import annotations

import datetime as dt
import enum

# --- defaults of the rules (settings, scenario baselines and thresholds start from these) ----------

DEFAULT_STAFF_RATIO = 90  # 1:90 — active cases per full-time integration manager
DEFAULT_OK_MAX = 100.0  # utilisation in % up to which the status is "im Rahmen"
DEFAULT_ATTENTION_MAX = 110.0  # up to here "Achtung", above "kritisch"
DEFAULT_SMALL_COUNT_THRESHOLD = 5  # district counts 1..4 are hidden (DOMAIN §9)
VWV_END = dt.date(2029, 12, 31)  # end of the VwV Integrationsmanagement (the scenario horizon)

# --- codes ------------------------------------------------------------------------------------------

class AreaKind(enum.StrEnum):
    """Level of an area in the one territory hierarchy."""

    county = "county"  # Landkreis
    city = "city"  # Stadtkreis / kreisfreie Stadt
    social_area = "social_area"  # Sozialraum
    district = "district"  # Planungsbezirk / Stadtteil
    municipality = "municipality"  # Gemeinde


class ProviderKind(enum.StrEnum):
    provider = "provider"  # freier Träger (AWO, Caritas, Diakonie)
    city = "city"  # the city's own team (städtisches Integrationsmanagement)


class Programme(enum.StrEnum):
    im = "im"  # Integrationsmanagement
    volunteer_coordination = "volunteer_coordination"  # Ehrenamtskoordination
    migration_counselling = "migration_counselling"  # MBE
    church_volunteer = "church_volunteer"  # kirchliche Ehrenamtskoordination (CaDiFa, KiDiFlü)


class Funding(enum.StrEnum):
    land = "land"  # Land Baden-Württemberg, VwV Integrationsmanagement
    city = "city"  # Stadt (kommunale Förderung)
    church = "church"  # kirchliche Mittel


class CaseOrigin(enum.StrEnum):
    case_transfer = "case_transfer"  # Fallüberleitung from the city's IM after moving out of the GU
    direct = "direct"  # new case taken on directly


class ClosureReason(enum.StrEnum):
    goal_reached = "goal_reached"
    moved_away = "moved_away"
    eligibility_ended = "eligibility_ended"  # 3-year limit (4 years with extension)
    other = "other"


class VolunteerTopic(enum.StrEnum):
    labour_market = "labour_market"  # Arbeitsmarktzugang
    housing = "housing"  # Wohnraumvermittlung
    forms = "forms"  # Formularunterstützung
    social_participation = "social_participation"  # Soziale Teilhabe
    language = "language"  # Sprachgruppen
    debt_prevention = "debt_prevention"  # Schuldenprävention
    homework = "homework"  # Hausaufgabenunterstützung
    childcare = "childcare"  # Kinderbetreuung
    bicycle_workshop = "bicycle_workshop"  # Fahrradwerkstatt


class FundsEntryKind(enum.StrEnum):
    allocation = "allocation"  # Zuweisung (one third of the annual Projektmittel)
    expense = "expense"  # Buchung / Ausgabe
    transfer = "transfer"  # Übertragung to another Träger (Koordinierungskreis decision)


class DataSource(enum.StrEnum):
    demo = "demo"
    imported = "imported"


class Role(enum.StrEnum):
    admin = "admin"  # the city: everything, users, tokens, imports
    steering = "steering"  # Steuerungsgremium: all aggregates and scenarios, no case-level data
    provider = "provider"  # a Träger: edits and imports its own records, reads aggregates
    viewer = "viewer"  # reads aggregates
    county = "county"  # a Landkreis administration: its Kreis' Landkreis page, imports its Kreis' county data
    municipality = "municipality"  # a Gemeinde of a Landkreis: only its own Gemeinde's rows and the Kreis totals


class ShapeSource(enum.StrEnum):
    schematic = "schematic"  # derived from anchor points (Voronoi), not an official boundary
    imported = "imported"  # from an official boundary file (im-cockpit geo import)


class Status(enum.StrEnum):
    """Utilisation against the staff ratio (model.capacity)."""

    ok = "ok"
    attention = "attention"
    critical = "critical"
    no_capacity = "no_capacity"


class ImMode(enum.StrEnum):
    """Who runs Integrationsmanagement for a Gemeinde of a Landkreis (DOMAIN §8, Landkreis Lörrach's A/B/C)."""

    own = "own"  # A: Eigenregie, the Gemeinde employs the integration managers
    own_provider = "own_provider"  # B: Eigenregie, delegated to a freier Träger
    county = "county"  # C: left with the Landkreis (which may delegate to Träger)
    verbund = "verbund"  # member of a Verbund of Gemeinden (one lead Gemeinde employs)


class VatMode(enum.StrEnum):
    """How a Verbund's invoices treat VAT (per agreement, DOMAIN §8): lending staff between public
    bodies is normally taxable; § 2b UStG exempts some public-law cooperation (transition rule)."""

    taxable = "taxable"  # 19 % Umsatzsteuer
    not_taxable = "not_taxable"  # nicht steuerbar nach § 2b UStG


class BillingMode(enum.StrEnum):
    """How a Verbund bills its members (per agreement, issue 17): the hours booked × the hourly rate,
    or each member's agreed share (%) of the lead's actual cost of the quarter."""

    hours = "hours"
    cost_share = "cost_share"


class InvoiceStatus(enum.StrEnum):
    """A Verbund invoice's state; only the lead Gemeinde moves it forward."""

    draft = "draft"
    issued = "issued"
    paid = "paid"


# --- German labels ---

FTE_MISSING = "fehlende VZÄ"  # VZÄ missing to hold the ratio: one term on every page and in the PDF
NO_TEAM = "ohne Zuständigkeit"  # cases that no team carries (neither site nor catchment)

PROGRAMME_TEXT = {
    Programme.im: "Integrationsmanagement",
    Programme.volunteer_coordination: "Ehrenamtskoordination",
    Programme.migration_counselling: "Migrationsberatung (MBE)",
    Programme.church_volunteer: "kirchliche Ehrenamtskoordination",
}
PROGRAMME_SHORT = {Programme.im: "IM", Programme.volunteer_coordination: "EA",
                   Programme.migration_counselling: "MBE", Programme.church_volunteer: "kirchl. EA"}
FUNDING_TEXT = {Funding.land: "Land (VwV IM)", Funding.city: "Stadt", Funding.church: "kirchliche Mittel"}
ORIGIN_TEXT = {CaseOrigin.case_transfer: "Fallüberleitung", CaseOrigin.direct: "direkt"}
CLOSURE_TEXT = {ClosureReason.goal_reached: "Ziel erreicht", ClosureReason.moved_away: "verzogen",
                ClosureReason.eligibility_ended: "Anspruch beendet", ClosureReason.other: "sonstiges"}
LEDGER_KIND_TEXT = {FundsEntryKind.allocation: "Zuweisung", FundsEntryKind.expense: "Ausgabe",
                    FundsEntryKind.transfer: "Übertragung"}

IM_MODE_TEXT = {ImMode.own: "A – Eigenregie", ImMode.own_provider: "B – Eigenregie über einen Träger",
                ImMode.county: "C – beim Landkreis", ImMode.verbund: "Verbund mit anderen Gemeinden"}
# the structure view "Wer macht IM wo" (Lörrach agreement, Ziff. 2)
IM_STRUCTURE_GROUPS = {"A": "A – Eigenregie (allein oder im Verbund)",
                       "B": "B – Eigenregie, Aufgabe auf einen Träger übertragen",
                       "C": "C – auf den Landkreis übertragen (mit den Trägern, an die er delegiert hat)",
                       "–": "Noch nicht erfasst"}
IM_MODE_SHORT = {ImMode.own: "A Eigenregie", ImMode.own_provider: "B über Träger", ImMode.county: "C Landkreis",
                 ImMode.verbund: "Verbund"}

# status is never colour alone: icon and text go with it (pages, PDFs, downloads)
STATUS_TEXT = {Status.ok: "im Rahmen", Status.attention: "Achtung", Status.critical: "kritisch",
               Status.no_capacity: "keine Kapazität"}
STATUS_ICON = {Status.ok: "✔", Status.attention: "▲", Status.critical: "✖", Status.no_capacity: "∅"}

# the map's choices (page "Karte")
TERRITORIES = {"stadt": "Stadt Heilbronn", "landkreis": "Landkreis Heilbronn"}  # the demo's; the page names the data's
CITIES_LABEL = "Alle {n} Städte und Kreise"  # "stadt" where the data holds several (a Land installation)
NO_COUNTY_LABEL = "Landkreis (keine Gemeinden erfasst)"  # "landkreis" where the data holds no Landkreis
NO_CITY_LABEL = "Stadt (keine Planungsbezirke erfasst)"  # "stadt" where the data holds no city yet
LEVELS = {"district": "Planungsbezirke", "social_area": "Sozialräume"}
METRICS = {
    "utilisation": "Auslastung des zuständigen Teams (%)",
    "cases_per_fte": "Fälle je VZÄ des zuständigen Teams",
    "active_cases": "Aktive Fälle",
    "projects": "Ehrenamtsprojekte",
    "provider": "Zuständiger Träger (Sozialraum)",
}
LANDKREIS_METRICS = {
    "allocation": "Zuweisung der Landesmittel (€)",
    "allocation_per_inhabitant": "Zuweisung je Einwohner (€)",
    "im_mode": "Wer erbringt IM (A/B/C/Verbund)",
    "utilisation": "Auslastung des IM-Teams der Gemeinde (%)",
    "population": "Einwohner (BKG 2013)",
}
NO_CASE_DATA = "keine Falldaten für diese Gemeinde"
NO_MODE = "nicht erfasst"
# the map's colours for who runs IM; each at least 3:1 against the white map background
IM_MODE_COLORS = {ImMode.own: "#0072B2", ImMode.own_provider: "#B35900", ImMode.county: "#007A5A",
                  ImMode.verbund: "#A8327D"}

ROLE_LABELS = {Role.admin: "Administration (Stadt)", Role.steering: "Steuerungsgremium",
               Role.provider: "Träger", Role.viewer: "Lesezugriff",
               Role.county: "Landkreisverwaltung", Role.municipality: "Gemeinde"}

# German month names come from babel: dashboard.model.formatting.month_names / fmt_month

# presentation mode (the projector): the URL switch, the slide parameter and the German labels
PRESENTATION_PARAM = "praesentation"
SLIDE_PARAM = "folie"
PRESENTATION_LABELS = {
    "present": "Präsentieren",
    "present_hint": "Seite als Folien für den Beamer zeigen (Bild ab/auf, Pfeiltasten, Esc beendet)",
    "leave": "Beenden",
    "leave_hint": "Präsentation beenden (Esc)",
    "previous": "Vorige Folie (Bild auf)",
    "next": "Nächste Folie (Bild ab)",
    "counter": "Folie {n} von {total}",
    "more": "+ {n} weitere {noun}",
    "rows": "Zeilen",
    "slides": "Folien dieser Seite",
}
# a meeting's slide sequence ("Sitzung", dashboard.model.meeting): the bodies that meet, the URL parameters
# of a played Sitzung and the German labels of playing it
MEETING_BODIES = {"steering": "Steuerungsgremium", "coordination": "Koordinierungskreis"}
MEETING_PARAM = "sitzung"
STEP_PARAM = "schritt"
MEETING_LABELS = {
    "step": "Schritt {n} von {total}",
    "auto": "Automatisch: alle {s} s",
    "paused": "Angehalten (Taste oder Klick); weiter mit Bild ab",
    "interval": "automatisch weiterschalten alle … s",
}
MEETING_INTERVAL_MIN, MEETING_INTERVAL_MAX = 10, 600
# a Gemeinde's Verwendungsnachweis (dashboard.model.figures.county_report): icon + text, never colour alone
PROOF_STATUS_TEXT = {"received": "✔ eingegangen", "missing": "✖ fehlt", "not_due": "– nicht nötig (beim Kreis)"}
PROOF_STATUS_COLOUR = {"received": "success", "missing": "danger", "not_due": "secondary"}
# Verbund (issue 17): VAT per agreement, invoice states (icon + text, never colour alone)
VAT_MODE_TEXT = {VatMode.taxable: "umsatzsteuerpflichtig", VatMode.not_taxable: "nicht steuerbar (§ 2b UStG)"}
BILLING_MODE_TEXT = {BillingMode.hours: "Stunden × Stundensatz",
                     BillingMode.cost_share: "vereinbarter Anteil an den Ist-Kosten"}
VAT_TRANSITION_END = dt.date(2026, 12, 31)  # the § 2b UStG transition rule (§ 27 Abs. 22 UStG) ends
VAT_TRANSITION_NOTE = ("Hinweis: Die Übergangsregelung zu § 2b UStG endet am 31.12.2026; ab 2027 ist die "
                       "Personalgestellung zwischen Gemeinden in der Regel umsatzsteuerpflichtig (19 %).")
INVOICE_STATUS_TEXT = {InvoiceStatus.draft: "✎ entworfen", InvoiceStatus.issued: "➤ gestellt",
                       InvoiceStatus.paid: "✔ bezahlt"}
INVOICE_STATUS_COLOUR = {InvoiceStatus.draft: "secondary", InvoiceStatus.issued: "primary",
                         InvoiceStatus.paid: "success"}
UNFUNDED_TEXT = "ohne Landesförderung"  # clients past the VwV window (3 years, 4 in justified cases)
UNDER_MINIMUM_TEXT = "▼ unter Mindeststunden"
