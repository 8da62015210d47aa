"""Demo dataset for Stadt Heilbronn and Landkreis Heilbronn (`im-cockpit demo`).

Facts come from DOMAIN.md and the reference files in `data/reference/`: the Stellenplan of the
ARGE concept 12/2025 *with its inconsistency*, the 25 Planungsbezirke in three Sozialräume, the
Caritas catchment, the 19 volunteer projects in nine topics, the 15,000 € Projektmittel in thirds.
Cases are synthetic and deterministic for a given reference date: pseudonyms only, no personal
data. Everything that is an assumption of the demo (filled VZÄ, city shares of church posts, case
flows, bookings) is marked as such in a note or label.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy.orm import Session

from dashboard.model.months import add_months
from data.demo_county import load_county_demo, load_loerrach_demo
from data.demo_verbund import load_verbund_demo
from data.installation import (
    CARITAS_CATCHMENT,
    DEMO_AUTHOR,
    HISTORY_START,
    PLAN_START,
    _catchments,
    _positions,
    _providers,
    _territory,
    is_empty,
)
from data.reference_files import heilbronn_areas, landkreis_gemeinden
from data.schema import (
    Area,
    Case,
    CaseOrigin,
    ClosureReason,
    DatasetInfo,
    DataSource,
    FundsEntry,
    FundsEntryKind,
    Provider,
    VolunteerProject,
    VolunteerTopic,
)

DEMO_LABEL = "Demodaten (synthetisch) – Stadt Heilbronn"


# synthetic case categories by household size, for the weighted-caseload setting
DEMO_CATEGORIES = {1: "einzeln", 2: "familie", 3: "familie", 4: "familie", 5: "grossfamilie"}


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
    load_county_demo(session, landkreis_gemeinden(), as_of)
    load_loerrach_demo(session)
    load_verbund_demo(session, as_of)
    session.add(DatasetInfo(id=1, as_of=as_of, source=DataSource.demo, label=DEMO_LABEL))
    session.flush()




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
        month = add_months(month, 1)


def _synthetic_case(rng: random.Random, seq: int, opened: dt.date, as_of: dt.date,
                    district: Area, team: Provider, origin: CaseOrigin) -> Case:
    au_assigned = opened - dt.timedelta(days=rng.randrange(20, 420))
    extended = rng.random() < 0.06
    deadline = add_months(au_assigned, 48 if extended else 36)
    draw = rng.random()
    if draw < 0.22:
        outcome = (add_months(opened, rng.randrange(8, 30)), ClosureReason.goal_reached)
    elif draw < 0.32:
        outcome = (add_months(opened, rng.randrange(3, 24)), ClosureReason.moved_away)
    elif draw < 0.36:
        outcome = (add_months(opened, rng.randrange(2, 24)), ClosureReason.other)
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
