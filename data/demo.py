"""Demo dataset for Stadt Heilbronn and Landkreis Heilbronn (`im-cockpit demo`).

Facts come from DOMAIN.md and the reference files in `data/reference/`: the Stellenplan of the
ARGE concept 12/2025 *with its inconsistency*, the 25 Planungsbezirke in three Sozialräume, the
Caritas catchment, the 19 volunteer projects in nine topics, the 15,000 € Projektmittel in thirds.
Cases are synthetic and deterministic for a given reference date: pseudonyms only, no personal
data. Everything that is an assumption of the demo (filled VZÄ, city shares of church posts, case
flows, bookings) is marked as such in a note or label.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from data.schema import (
    Area,
    AreaKind,
    Base,
    Case,
    CaseOrigin,
    Catchment,
    ClosureReason,
    DatasetInfo,
    DataSource,
    Funding,
    FundsEntry,
    FundsEntryKind,
    PlanTotal,
    Position,
    Programme,
    Provider,
    ProviderKind,
    SocialAreaProvider,
    VolunteerProject,
    VolunteerTopic,
)

ARGE_PLAN = "ARGE-Konzeption 12/2025"
ARGE_PLAN_BEFORE = "ARGE Flüchtlingsarbeit (bis 2025)"
PLAN_START = dt.date(2026, 1, 1)
HISTORY_START = dt.date(2023, 1, 1)
VWV_END = dt.date(2029, 12, 31)
DEMO_LABEL = "Demodaten (synthetisch) – Stadt Heilbronn"
DEMO_AUTHOR = "demo"
# synthetic case categories by household size, for the weighted-caseload setting
DEMO_CATEGORIES = {1: "einzeln", 2: "familie", 3: "familie", 4: "familie", 5: "grossfamilie"}


def reference_text(name: str) -> str:
    """Read a reference file shipped inside the `data` package."""
    return resources.files("data").joinpath("reference", name).read_text(encoding="utf-8")


def heilbronn_areas() -> dict:
    return json.loads(reference_text("heilbronn_areas.json"))


def landkreis_gemeinden() -> list[dict[str, str]]:
    return list(csv.DictReader(reference_text("lk_heilbronn_gemeinden.csv").splitlines()))


def slug(name: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
    cleaned = "".join(c if c.isalnum() else "-" for c in name.translate(table).lower())
    return "-".join(part for part in cleaned.split("-") if part)


def is_empty(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(DatasetInfo)) == 0


def clear(session: Session) -> None:
    """Delete every row, children first (the caller's transaction makes it all or nothing).

    The audit log stays: it is append-only, and it records the reset itself.
    """
    for table in reversed(Base.metadata.sorted_tables):
        if table.name == "audit_log":
            continue
        if table.name == "areas":
            # self-referencing: detach children before deleting
            session.execute(table.update().values(parent_id=None))
        session.execute(delete(table))


# --- the facts -------------------------------------------------------------------------------

PROVIDERS = [
    # code, name, short name, kind, uses_catchment
    ("awo", "AWO Kreisverband Heilbronn e. V.", "AWO", ProviderKind.provider, False),
    ("caritas", "Caritas Heilbronn-Hohenlohe", "Caritas", ProviderKind.provider, True),
    ("diakonie", "Diakonie (Kreisdiakonieverband / Diakonisches Werk Heilbronn)", "Diakonie",
     ProviderKind.provider, False),
    ("stadt", "Stadt Heilbronn – städtisches Integrationsmanagement", "Stadt", ProviderKind.city, True),
]

CARITAS_CATCHMENT = ["Frankenbach", "Böckingen-Kreuzgrund", "Böckingen-Schanz", "Alt-Böckingen",
                     "Böckingen-West", "Kirchhausen"]


@dataclass(frozen=True)
class PlanLine:
    provider: str
    programme: Programme
    funding: Funding
    planned: str
    filled: str
    site: str | None = None
    label: str | None = None
    upper_bound: bool = False
    funded_until: dt.date | None = None
    city_share: str | None = None
    city_share_min: str | None = None
    note: str | None = None


# The Stellenplan of the ARGE concept 12/2025 (DOMAIN.md §3), valid from 01.01.2026.
ARGE_PLAN_LINES = [
    PlanLine("awo", Programme.im, Funding.land, "0.5", "0.5", site="GU Mönchseestraße 83",
             funded_until=VWV_END, note="Schwerpunkt Arbeitsmarktintegration und Schuldenprävention"),
    PlanLine("awo", Programme.volunteer_coordination, Funding.city, "0.4", "0.4"),
    PlanLine("caritas", Programme.im, Funding.land, "1.0", "1.0", site="GU Mönchseestraße 83/85",
             funded_until=VWV_END,
             note="externes IM; Einzugsgebiet Frankenbach, Böckingen, Kirchhausen (bei Bedarf Biberach)"),
    PlanLine("caritas", Programme.volunteer_coordination, Funding.city, "0.1", "0.1"),
    PlanLine("caritas", Programme.migration_counselling, Funding.city, "0.3", "0.3",
             note="Präventions- und Individualberatung (MBE)"),
    PlanLine("caritas", Programme.church_volunteer, Funding.church, "0.4", "0.3", label="CaDiFa",
             upper_bound=True, funded_until=dt.date(2027, 12, 31), city_share="0.2",
             city_share_min="0.15",
             note="gemeinsam für Stadt- und Landkreis; Besetzung und Stadtanteile sind Demo-Annahmen"),
    PlanLine("diakonie", Programme.volunteer_coordination, Funding.city, "0.2", "0.2"),
    PlanLine("diakonie", Programme.migration_counselling, Funding.city, "0.2", "0.2"),
    PlanLine("diakonie", Programme.church_volunteer, Funding.church, "0.2", "0.2", label="KiDiFlü",
             upper_bound=True, funded_until=dt.date(2026, 12, 31), city_share="0.1",
             city_share_min="0.1",
             note="gemeinsam für Stadt- und Landkreis; Stadtanteile sind Demo-Annahmen"),
    PlanLine("diakonie", Programme.im, Funding.land, "0.5", "0.5",
             site="Quartierszentrum Nordstadt-Mehrgenerationenhaus", funded_until=VWV_END),
]

# Totals as the concept states them — including the two that contradict its own parts.
ARGE_PLAN_TOTALS = [
    ("provider", "awo", "0.9", Funding.church, "AWO insgesamt 0,9 VZÄ"),
    ("provider", "caritas", "1.4", Funding.church, "Caritas insgesamt 1,4 VZÄ"),
    ("provider", "diakonie", "0.4", Funding.church, "Diakonie insgesamt 0,4 VZÄ"),
    ("programme", "im", "1.5", None, "3.2 Integrationsmanagement mit insgesamt 1,5 VZÄ (AU)"),
    ("programme", "volunteer_coordination", "0.7", None,
     "Ehrenamtskoordination mit insgesamt städtischen 0,7 VZÄ"),
    ("programme", "migration_counselling", "0.5", None, "MBE mit 0,5 VZÄ (Diakonie 0,2, Caritas 0,3)"),
    ("funding", "city", "1.2", None, "insgesamt 1,2 VZÄ über städtische Mittel"),
    ("funding", "church", "0.6", None, "bis zu 0,6 VZÄ über ergänzende Mittel der kirchlichen Ehrenamtsarbeit"),
]

# District weights for synthetic case locations (an assumption of the demo, not a statistic).
DISTRICT_WEIGHTS = {
    "Kernstadt": 5, "Kernstadt-Ost": 6, "Kernstadt-Süd": 5, "Bahnhofsvorstadt": 4, "Pfühlpark": 2,
    "Gemmingstal": 1, "Herbert-Hoover-Siedlung": 2, "John-F.-Kennedy-Str.": 2, "Südviertel": 3,
    "Kernstadt-Nord": 8, "Industriegebiet": 1, "Unterer Wartberg": 3, "Neckargartach-Nord": 3,
    "Neckargartach-Süd": 4, "Frankenbach": 4, "Kirchhausen": 2, "Biberach": 1,
    "Böckingen-Kreuzgrund": 4, "Böckingen-Schanz": 5, "Alt-Böckingen": 5, "Böckingen-West": 3,
    "Sontheim-Ost": 4, "Sontheim-Mitte": 3, "Klingenberg": 1, "Horkheim": 1,
}
# Districts where the site-based AWO and Diakonie IM teams find their clients (demo assumption).
DIRECT_TEAM_DISTRICTS = {
    "awo": ["Kernstadt-Ost", "Kernstadt-Süd", "Kernstadt", "Bahnhofsvorstadt", "Pfühlpark"],
    "diakonie": ["Kernstadt-Nord", "Unterer Wartberg", "Industriegebiet", "Neckargartach-Süd"],
}

FACILITY = {
    "moenchsee": "Gemeinschaftsunterkunft Mönchseestraße 83/85 (ehem. Möbelhaus Veigel)",
    "augaertle": "Augärtle (Quartierszentrum, Ellwanger Straße 15/1; Goppeltstraße 5, 5/1)",
    "nordtreff": "Nordtreff",
    "bibliothek": "Stadtbibliothek Heilbronn (Theaterforum K3, Berliner Platz 12)",
    "gu_nord": "GU Nordstraße (Flüchtlingsunterkunft seit 2015)",
}

# name, topic, provider, district, site (facility key or free text), volunteers
VOLUNTEER_PROJECTS = [
    ("Café Brücke Zukunft", VolunteerTopic.social_participation, "awo", "Kernstadt", "Café Brücke Zukunft", 14),
    ("Formularhilfe Augärtle", VolunteerTopic.forms, "caritas", "Kernstadt-Nord", "augaertle", 7),
    ("Formularhilfe Nordtreff", VolunteerTopic.forms, "caritas", "Kernstadt-Nord", "nordtreff", 5),
    ("Formularhilfe Mönchseestraße 83", VolunteerTopic.forms, "awo", "Kernstadt-Ost", "moenchsee", 6),
    ("Treffpunkt Deutsch", VolunteerTopic.language, "awo", "Kernstadt", "bibliothek", 12),
    ("Fahrradwerkstatt", VolunteerTopic.bicycle_workshop, "diakonie", "Alt-Böckingen", "Fahrradwerkstatt Böckingen", 8),
    ("Hausaufgabenhilfe GU Nordstraße", VolunteerTopic.homework, "caritas", "Kernstadt-Nord", "gu_nord", 10),
    ("Bewerbungstraining", VolunteerTopic.labour_market, "awo", "Kernstadt-Süd", "AWO-Begegnungsstätte", 6),
    ("Job-Patenschaften", VolunteerTopic.labour_market, "caritas", "Neckargartach-Süd", "Gemeindehaus Neckargartach", 5),
    ("Arbeitsmarkt-Lotsen", VolunteerTopic.labour_market, "diakonie", "Sontheim-Mitte", "Diakonieladen Sontheim", 4),
    ("Wohnungspaten", VolunteerTopic.housing, "diakonie", "Alt-Böckingen", "Treffpunkt Böckingen", 6),
    ("Internationales Frauenfrühstück", VolunteerTopic.social_participation, "caritas", "Frankenbach", "Gemeindezentrum Frankenbach", 9),
    ("Begegnungsnachmittag", VolunteerTopic.social_participation, "diakonie", "Sontheim-Ost", "Gemeindehaus Sontheim", 8),
    ("Sprachcafé Böckingen", VolunteerTopic.language, "diakonie", "Böckingen-Schanz", "Stadtteilzentrum Böckingen", 9),
    ("Deutsch-Konversationsgruppe", VolunteerTopic.language, "caritas", "Neckargartach-Nord", "Caritas-Treff Neckargartach", 7),
    ("Budgetkurs Schuldenprävention", VolunteerTopic.debt_prevention, "awo", "Kernstadt-Ost", "moenchsee", 5),
    ("Hausaufgabenhilfe Sontheim", VolunteerTopic.homework, "diakonie", "Sontheim-Mitte", "Schule Sontheim", 11),
    ("Lernpaten Südviertel", VolunteerTopic.homework, "awo", "Südviertel", "Familienzentrum Südviertel", 10),
    ("Kinderbetreuung während der Sprachkurse", VolunteerTopic.childcare, "caritas", "Kernstadt-Nord", "augaertle", 8),
]

# Projektmittel bookings of the demo (month, day, provider, amount, purpose); an assumption.
DEMO_EXPENSES = [
    (2, 10, "awo", "412.80", "Material Café Brücke Zukunft"),
    (3, 4, "caritas", "650.00", "Honorar Dolmetschung Formularhilfe"),
    (3, 21, "diakonie", "289.90", "Ersatzteile Fahrradwerkstatt"),
    (4, 15, "awo", "1250.00", "Honorar Sprachgruppe Treffpunkt Deutsch"),
    (5, 6, "caritas", "318.45", "Fahrtkosten Ehrenamtliche"),
    (6, 18, "diakonie", "1120.00", "Qualifizierung Ehrenamtliche (Schulung)"),
    (7, 2, "awo", "980.35", "Fest der Begegnung"),
    (7, 22, "caritas", "1404.20", "Lernmaterial Hausaufgabenhilfe"),
    (9, 12, "diakonie", "760.00", "Raummiete Begegnungsnachmittag"),
    (10, 8, "awo", "1535.60", "Ehrenamtsfahrt und Dankeschön-Abend"),
    (10, 28, "caritas", "499.99", "Laptop für Formularhilfe"),
    (11, 5, "diakonie", "312.50", "Material Sprachcafé"),
]
DEMO_TRANSFER = dict(month=5, day=20, provider="diakonie", to="awo", amount="800.00",
                     decision=(5, 12), purpose="Übertragung für Sprachgruppen im Sozialraum 1")


def load_demo(session: Session, as_of: dt.date, *, funds_per_year: int = 15000) -> None:
    """Write the demo dataset for reference date `as_of` into an empty database."""
    if not is_empty(session):
        raise RuntimeError(
            "Die Datenbank enthält bereits Daten. Demodaten nur in eine leere Datenbank laden "
            "oder mit `im-cockpit demo --reset` alles ersetzen."
        )
    ref = heilbronn_areas()
    providers = _providers(session)
    districts = _territory(session, ref, providers)
    _positions(session, providers)
    _catchments(session, providers, districts)
    _cases(session, providers, districts, as_of)
    _volunteer_projects(session, ref, providers, districts)
    _funds(session, providers, as_of, funds_per_year)
    session.add(DatasetInfo(id=1, as_of=as_of, source=DataSource.demo, label=DEMO_LABEL))
    session.flush()


STRUCTURE_LABEL = "Stadt Heilbronn"
STRUCTURE_AUTHOR = "Konzeption 12/2025"


def load_structure(session: Session, as_of: dt.date) -> None:
    """Write Heilbronn's structure — Träger, territory with Sozialräume and Landkreis Gemeinden,
    catchments, the Stellenplan of the ARGE concept — into an empty database, without any case,
    project or booking: the start of a real installation, whose figures then come by import.
    Filled VZÄ start equal to the planned ones (the concept states plans only); the Personal page or
    an import of positions corrects them."""
    if not is_empty(session):
        raise RuntimeError("Die Datenbank enthält bereits Daten; die Grundstruktur wird nur in eine leere "
                           "Datenbank geladen.")
    providers = _providers(session)
    districts = _territory(session, heilbronn_areas(), providers)
    _positions(session, providers)
    for position in session.new:
        if isinstance(position, Position):
            position.filled_fte = position.planned_fte
            position.updated_by = STRUCTURE_AUTHOR
    _catchments(session, providers, districts)
    session.add(DatasetInfo(id=1, as_of=as_of, source=DataSource.imported, label=STRUCTURE_LABEL))
    session.flush()


def _providers(session: Session) -> dict[str, Provider]:
    providers = {}
    for order, (code, name, short, kind, uses_catchment) in enumerate(PROVIDERS):
        providers[code] = Provider(code=code, name=name, short_name=short, kind=kind,
                                   sort_order=order, uses_catchment=uses_catchment)
    session.add_all(providers.values())
    session.flush()
    return providers


def _territory(session: Session, ref: dict, providers: dict[str, Provider]) -> dict[str, Area]:
    gemeinden = landkreis_gemeinden()
    hn = next(g for g in gemeinden if g["AGS"] == "08121000")
    city = Area(kind=AreaKind.city, code="hn", name="Stadt Heilbronn", ags=hn["AGS"],
                lat=float(hn["centroid_lat"]), lon=float(hn["centroid_lon"]),
                population=int(hn["EWZ_BKG2013"]))
    session.add(city)
    anchors = {a["name"]: a for a in ref["areas"]}
    districts: dict[str, Area] = {}
    order = 0
    for number, social in sorted(ref["social_areas"].items()):
        sr = Area(kind=AreaKind.social_area, code=f"hn-sr{number}", name=f"Sozialraum {number}",
                  parent=city, sort_order=int(number))
        session.add(sr)
        provider = providers[social["provider"].lower()]
        session.add(SocialAreaProvider(social_area=sr, provider=provider, valid_from=HISTORY_START))
        for name in social["districts"]:
            anchor = anchors[name]
            order += 1
            districts[name] = Area(
                kind=AreaKind.district, code=f"hn-{slug(name)}", name=name, parent=sr,
                lat=anchor["lat"], lon=anchor["lon"], sort_order=order,
                anchor_note=f"Ankerpunkt ungefähr ({anchor['confidence']}): {anchor['method']}",
            )
            session.add(districts[name])
    county = Area(kind=AreaKind.county, code="lk-08125", name="Landkreis Heilbronn")
    session.add(county)
    for order, g in enumerate(sorted((g for g in gemeinden if g["AGS"].startswith("08125")),
                                     key=lambda g: g["name"])):
        session.add(Area(kind=AreaKind.municipality, code=f"ags-{g['AGS']}", name=g["name"],
                         ags=g["AGS"], parent=county, lat=float(g["centroid_lat"]),
                         lon=float(g["centroid_lon"]), population=int(g["EWZ_BKG2013"]),
                         sort_order=order))
    session.flush()
    return districts


def _positions(session: Session, providers: dict[str, Provider]) -> None:
    for line in ARGE_PLAN_LINES:
        session.add(Position(
            provider=providers[line.provider], programme=line.programme, funding=line.funding,
            planned_fte=Decimal(line.planned), filled_fte=Decimal(line.filled),
            planned_is_upper_bound=line.upper_bound, valid_from=PLAN_START,
            funded_until=line.funded_until, valid_to=line.funded_until, site=line.site,
            label=line.label,
            city_share_fte=Decimal(line.city_share) if line.city_share else None,
            city_share_min_fte=Decimal(line.city_share_min) if line.city_share_min else None,
            plan=ARGE_PLAN, note=line.note, updated_by=DEMO_AUTHOR,
        ))
    for scope, code, stated, excluded, quote in ARGE_PLAN_TOTALS:
        session.add(PlanTotal(plan=ARGE_PLAN, scope=scope, scope_code=code,
                              stated_fte=Decimal(stated), excluded_funding=excluded, quote=quote))
    # Before 2026: 0.9 VZÄ per Träger (0.4 city + 0.5 Land) for volunteer coordination.
    last_day = PLAN_START - dt.timedelta(days=1)
    for code in ("awo", "caritas", "diakonie"):
        for funding, fte in ((Funding.city, "0.4"), (Funding.land, "0.5")):
            session.add(Position(
                provider=providers[code], programme=Programme.volunteer_coordination,
                funding=funding, planned_fte=Decimal(fte), filled_fte=Decimal(fte),
                valid_from=HISTORY_START, valid_to=last_day, plan=ARGE_PLAN_BEFORE,
                updated_by=DEMO_AUTHOR,
            ))
    # The city's own external IM: "rund 2 VZÄ" (concept 3.2); not part of the ARGE plan.
    session.add(Position(
        provider=providers["stadt"], programme=Programme.im, funding=Funding.land,
        planned_fte=Decimal("2.0"), filled_fte=Decimal("2.0"), valid_from=HISTORY_START,
        funded_until=VWV_END, site="GU Mönchseestraße 85", updated_by=DEMO_AUTHOR,
        note="externes IM der Stadt, \"rund 2 VZÄ\" laut Konzeption 12/2025, Abschnitt 3.2",
    ))


def _catchments(session: Session, providers: dict[str, Provider], districts: dict[str, Area]) -> None:
    last_day = PLAN_START - dt.timedelta(days=1)
    for name, district in districts.items():
        session.add(Catchment(provider=providers["stadt"], district=district,
                              valid_from=HISTORY_START, valid_to=last_day))
        team = "caritas" if name in CARITAS_CATCHMENT else "stadt"
        note = "bei Bedarf Caritas (Konzeption 3.2)" if name == "Biberach" else None
        session.add(Catchment(provider=providers[team], district=district, valid_from=PLAN_START,
                              note=note))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, last))


def _cases(session: Session, providers: dict[str, Provider], districts: dict[str, Area],
           as_of: dt.date) -> None:
    """Simulate monthly case flows from 2023 to `as_of` (deterministic for a given date)."""
    rng = random.Random(20260101)
    names = list(DISTRICT_WEIGHTS)
    weights = [DISTRICT_WEIGHTS[n] for n in names]
    month = HISTORY_START
    seq = 0
    while month <= as_of:
        streams = [("catchment", 12)]
        if month >= PLAN_START:
            streams += [("awo", 4), ("diakonie", 4)]
        for stream, rate in streams:
            for _ in range(max(0, round(rng.gauss(rate, 2.0)))):
                seq += 1
                opened = month + dt.timedelta(days=rng.randrange(28))
                if opened > as_of:
                    continue
                if stream == "catchment":
                    district_name = rng.choices(names, weights)[0]
                    team = "caritas" if (opened >= PLAN_START and district_name in CARITAS_CATCHMENT) else "stadt"
                    origin = CaseOrigin.case_transfer if rng.random() < 0.85 else CaseOrigin.direct
                else:
                    district_name = rng.choice(DIRECT_TEAM_DISTRICTS[stream])
                    team = stream
                    origin = CaseOrigin.direct if rng.random() < 0.8 else CaseOrigin.case_transfer
                session.add(_synthetic_case(rng, seq, opened, as_of, districts[district_name],
                                            providers[team], origin))
        month = _add_months(month, 1)


def _synthetic_case(rng: random.Random, seq: int, opened: dt.date, as_of: dt.date,
                    district: Area, team: Provider, origin: CaseOrigin) -> Case:
    au_assigned = opened - dt.timedelta(days=rng.randrange(20, 420))
    extended = rng.random() < 0.06
    deadline = _add_months(au_assigned, 48 if extended else 36)
    draw = rng.random()
    if draw < 0.22:
        outcome = (_add_months(opened, rng.randrange(8, 30)), ClosureReason.goal_reached)
    elif draw < 0.32:
        outcome = (_add_months(opened, rng.randrange(3, 24)), ClosureReason.moved_away)
    elif draw < 0.36:
        outcome = (_add_months(opened, rng.randrange(2, 24)), ClosureReason.other)
    else:
        outcome = (deadline, ClosureReason.eligibility_ended)
    closed_on, reason = min(outcome, (deadline, ClosureReason.eligibility_ended), key=lambda o: o[0])
    if closed_on > as_of:
        closed_on, reason = None, None
    months_open = ((closed_on or as_of) - opened).days / 30.4
    has_plan = rng.random() < min(0.95, 0.45 + 0.25 * months_open)
    household = rng.choices([1, 2, 3, 4, 5, 6], [30, 18, 17, 17, 11, 7])[0]
    return Case(
        pseudonym=f"HN-{opened.year}-{seq:05d}",
        district=district, team=team, origin=origin, au_assigned_on=au_assigned,
        opened_on=opened, closed_on=closed_on, closure_reason=reason,
        eligibility_extended=extended, has_integration_plan=has_plan, household_size=household,
        # a synthetic case category for the weighted-caseload setting (IMC_CASE_WEIGHTS)
        category=DEMO_CATEGORIES[min(household, 5)],
        updated_by=DEMO_AUTHOR,
    )


def _volunteer_projects(session: Session, ref: dict, providers: dict[str, Provider],
                        districts: dict[str, Area]) -> None:
    rng = random.Random(150)
    facilities = {f["name"]: f for f in ref["facilities"]}
    for name, topic, provider, district_name, site, volunteers in VOLUNTEER_PROJECTS:
        district = districts[district_name]
        if site in FACILITY:
            facility = facilities[FACILITY[site]]
            site_name, lat, lon = facility["name"], facility["lat"], facility["lon"]
        else:
            site_name, lat, lon = site, district.lat, district.lon
        bands = [0, 0, 0, 0]
        for _ in range(volunteers):
            bands[rng.choices(range(4), [18, 30, 27, 25])[0]] += 1
        session.add(VolunteerProject(
            name=name, topic=topic, provider=providers[provider], district=district,
            site=site_name, lat=lat, lon=lon, volunteers=volunteers,
            volunteers_18_29=bands[0], volunteers_30_49=bands[1], volunteers_50_64=bands[2],
            volunteers_65_plus=bands[3], active_from=dt.date(2023, 1, 1) if len(name) % 2 else dt.date(2024, 9, 1),
            updated_by=DEMO_AUTHOR,
        ))


def _funds(session: Session, providers: dict[str, Provider], as_of: dt.date, per_year: int) -> None:
    third = (Decimal(per_year) / 3).quantize(Decimal("0.01"))
    for year in (as_of.year - 1, as_of.year):
        closed_year = year < as_of.year
        for code in ("awo", "caritas", "diakonie"):
            allocated_on = dt.date(year, 1, 15)
            if allocated_on <= as_of:
                session.add(FundsEntry(year=year, provider=providers[code], kind=FundsEntryKind.allocation,
                                       amount=third, booked_on=allocated_on,
                                       purpose=f"Projektmittel {year}: ein Drittel von {per_year} €",
                                       updated_by=DEMO_AUTHOR))
        for month, day, code, amount, purpose in DEMO_EXPENSES:
            booked = dt.date(year, month, day)
            if booked <= as_of:
                session.add(FundsEntry(year=year, provider=providers[code], kind=FundsEntryKind.expense,
                                       amount=Decimal(amount), booked_on=booked, purpose=purpose,
                                       updated_by=DEMO_AUTHOR))
        t = DEMO_TRANSFER
        booked = dt.date(year, t["month"], t["day"])
        if booked <= as_of and not closed_year:
            decided = dt.date(year, *t["decision"])
            session.add(FundsEntry(
                year=year, provider=providers[t["provider"]], to_provider=providers[t["to"]],
                kind=FundsEntryKind.transfer, amount=Decimal(t["amount"]), booked_on=booked,
                purpose=t["purpose"], decision_date=decided,
                decision_ref=f"Koordinierungskreis vom {decided:%d.%m.%Y}, TOP 4",
                updated_by=DEMO_AUTHOR,
            ))
