"""The structure of an installation for Stadt Heilbronn (`im-cockpit setup heilbronn`, and the base
of the demo): Träger, the territory with Sozialräume, districts and the Landkreis Gemeinden,
catchments, and the Stellenplan of the ARGE concept 12/2025 *with its inconsistency* (DOMAIN §3).
No case, project or booking: those come by import (or from the synthetic demo, data/demo.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dashboard.model.vocabulary import VWV_END
from data.county_structure import add_county
from data.reference_files import KREISE, heilbronn_areas, landkreis_gemeinden, slug
from data.schema import (
    Area,
    AreaKind,
    Base,
    Catchment,
    DatasetInfo,
    DataSource,
    Funding,
    PlanTotal,
    Position,
    Programme,
    Provider,
    ProviderKind,
    SocialAreaProvider,
)

ARGE_PLAN = "ARGE-Konzeption 12/2025"


ARGE_PLAN_BEFORE = "ARGE Flüchtlingsarbeit (bis 2025)"


PLAN_START = dt.date(2026, 1, 1)


HISTORY_START = dt.date(2023, 1, 1)


DEMO_AUTHOR = "demo"


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
    add_county(session, KREISE["heilbronn"])
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
