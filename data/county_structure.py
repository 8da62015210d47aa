"""A Landkreis and its Gemeinden from the reference files (`im-cockpit setup landkreis KEY`, and the
demo), and the structure of Landkreis Lörrach's Kooperationsvereinbarung of 17.05.2018 (seed 004,
DOMAIN §8): who runs Integrationsmanagement in which Gemeinde since 01.06.2018.

No survey counts and no funds: those come by import (or from the synthetic demo, data/demo_county.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dashboard.model.vocabulary import ImMode
from data.reference_files import KREISE, RefKreis
from data.schema import Area, AreaKind, DatasetInfo, DataSource, ImArrangement

LOERRACH_SINCE = dt.date(2018, 6, 1)  # "Diese Vereinbarung tritt am 01. Juni 2018 in Kraft."
LOERRACH_REF = "Kooperationsvereinbarung IM Landkreis Lörrach vom 17.05.2018, Ziff. 2"
GVV_KANDERTAL = "Gemeindeverwaltungsverband Vorderes Kandertal"
CARITAS_DIAKONIE = "Caritasverband Lörrach und Diakonisches Werk Lörrach"

# AGS: (mode, Träger or Verbund lead, part of Ziff. 2) — A 1.–4., B 1.–2.; every other Gemeinde is C
LOERRACH_AGREEMENT: dict[str, tuple[ImMode, str | None, str]] = {
    "08336069": (ImMode.own, None, "A 1."),  # Rheinfelden (Baden), zusammen mit Schwörstadt
    "08336082": (ImMode.verbund, "Rheinfelden (Baden)", "A 1."),  # Schwörstadt
    "08336105": (ImMode.own, None, "A 2."),  # Grenzach-Wyhlen
    "08336014": (ImMode.own, None, "A 3."),  # Efringen-Kirchen
    "08336050": (ImMode.own_provider, f"Welcome-Center mit {CARITAS_DIAKONIE}", "B 1."),  # Lörrach
    "08336091": (ImMode.own_provider, "Diakonisches Werk Lörrach", "B 2."),  # Weil am Rhein
}


def add_county(session: Session, kreis: RefKreis) -> tuple[Area, dict[str, Area]]:
    """The Landkreis and its Gemeinden (name, AGS, approximate population and centroid) as areas."""
    county = Area(kind=AreaKind.county, code=kreis.code, name=kreis.name)
    session.add(county)
    gemeinden = {}
    for order, g in enumerate(kreis.gemeinden()):
        gemeinden[g.ags] = Area(kind=AreaKind.municipality, code=f"ags-{g.ags}", name=g.name, ags=g.ags,
                                parent=county, lat=g.lat, lon=g.lon, population=g.population, sort_order=order)
        session.add(gemeinden[g.ags])
    session.flush()
    return county, gemeinden


def loerrach_arrangements(session: Session, gemeinden: dict[str, Area]) -> None:
    """Who runs IM where by the Lörrach agreement: A (with the GVV Vorderes Kandertal's members as
    its Verbund, A 4.), B with the Träger, C: the Landkreis, which delegated to Caritas and Diakonie."""
    verband = {g.ags: g.verband for g in KREISE["loerrach"].gemeinden() if g.verband}
    for ags, area in gemeinden.items():
        if ags in LOERRACH_AGREEMENT:
            mode, provider, part = LOERRACH_AGREEMENT[ags]
        elif verband.get(ags) == "GVV Vorderes Kandertal":
            mode, provider, part = ImMode.verbund, GVV_KANDERTAL, "A 4."
        else:
            mode, provider, part = ImMode.county, CARITAS_DIAKONIE, "C"
        session.add(ImArrangement(municipality=area, valid_from=LOERRACH_SINCE, mode=mode, provider_name=provider,
                                  decision_ref=f"{LOERRACH_REF} {part}"))
    session.flush()


def load_county_structure(session: Session, key: str, as_of: dt.date) -> RefKreis:
    """A real Landkreis installation in an empty database: the Kreis and its Gemeinden (for Lörrach
    with the agreement's structure), no survey counts, no funds. `key`: heilbronn or loerrach."""
    from data.installation import is_empty

    if key not in KREISE:
        raise ValueError(f"Landkreis „{key}“ ist nicht hinterlegt; möglich: {', '.join(sorted(KREISE))}.")
    if not is_empty(session):
        raise RuntimeError("Die Datenbank enthält bereits Daten; der Landkreis wird nur in eine leere "
                           "Datenbank geladen.")
    kreis = KREISE[key]
    _county, gemeinden = add_county(session, kreis)
    if key == "loerrach":
        loerrach_arrangements(session, gemeinden)
    session.add(DatasetInfo(id=1, as_of=as_of, source=DataSource.imported, label=kreis.name))
    session.flush()
    return kreis
