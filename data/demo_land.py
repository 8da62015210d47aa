"""Synthetic Baden-Württemberg-scale demo (`im-cockpit demo --scale land`) — made up, for benchmarks.

Nothing here is real data: 44 Kreise (each a city-level area) with three Sozialräume each (132), 1.101
Planungsbezirke, about 180 IM teams of the Träger, about 1.068 IM VZÄ, 98.923 active cases plus their
closed history since 2023, volunteer projects and Projektmittel in the Heilbronn demo's proportions.
Names say "synthetisch"; the dataset label says "Demodaten". Deterministic: the same `LandScale` and
reference date give the same rows (fixed seed). Written with bulk inserts (SQLAlchemy Core) so the
whole Land loads in seconds on SQLite and PostgreSQL; only the few hundred areas and teams go
through the ORM, for their ids.

The first Kreis' teams carry the plain Träger codes (`awo`, `caritas`, `diakonie`, `stadt`) so that
the demo users of those Träger exist at this scale too.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dashboard.model.months import add_months
from dashboard.model.vocabulary import VWV_END
from data.demo_county import _largest_remainder
from data.installation import DEMO_AUTHOR, HISTORY_START, is_empty
from data.schema import (
    Area,
    AreaKind,
    Case,
    CaseOrigin,
    Catchment,
    ClosureReason,
    DatasetInfo,
    DataSource,
    Funding,
    FundsEntry,
    FundsEntryKind,
    Position,
    Programme,
    Provider,
    ProviderKind,
    SocialAreaProvider,
    VolunteerProject,
    VolunteerTopic,
)

LAND_LABEL = "Demodaten (synthetisch) – Baden-Württemberg-Maßstab"
SEED = 44
CHUNK = 5000  # rows per bulk insert
# who runs a Kreis' teams: the first three take cases by catchment, the fourth at its sites; Kreise
# with a fifth team get a DRK team with a catchment (all demo assumptions)
TRAEGER = [("stadt", "Stadt", ProviderKind.city, True), ("caritas", "Caritas", ProviderKind.provider, True),
           ("diakonie", "Diakonie", ProviderKind.provider, True), ("awo", "AWO", ProviderKind.provider, False),
           ("drk", "DRK", ProviderKind.provider, True)]
CLOSURES = [(ClosureReason.goal_reached, 22), (ClosureReason.moved_away, 10), (ClosureReason.other, 4),
            (ClosureReason.eligibility_ended, 14)]
CATEGORIES = {1: "einzeln", 2: "familie", 3: "familie", 4: "familie", 5: "grossfamilie"}
# the Heilbronn demo's proportions: 19 volunteer projects for 25 districts, 15.000 € a year for 3 Träger
PROJECTS_PER_DISTRICT = 0.76
FUNDS_PER_KREIS = Decimal("15000")
EXPENSES_PER_TEAM = 4


@dataclass(frozen=True)
class LandScale:
    """How big the synthetic Land is; `LandScale()` is Baden-Württemberg, tests pass a small one."""

    kreise: int = 44
    districts: int = 1101
    teams: int = 180
    active_cases: int = 98923
    fte: Decimal = Decimal("1068")
    closed_per_active: float = 0.6  # closed history since 2023, per active case

    def __post_init__(self) -> None:
        if self.districts < 3 * self.kreise or self.teams < 2 * self.kreise:
            raise ValueError("Je Kreis braucht es mindestens drei Bezirke und zwei Teams.")


def load_land_demo(session: Session, as_of: dt.date, scale: LandScale | None = None) -> None:
    """Write the synthetic Land (Baden-Württemberg unless `scale` says otherwise) for reference date
    `as_of` into an empty database."""
    scale = scale or LandScale()
    if not is_empty(session):
        raise RuntimeError(
            "Die Datenbank enthält bereits Daten. Demodaten nur in eine leere Datenbank laden "
            "oder mit `im-cockpit demo --scale land --reset` alles ersetzen."
        )
    rng = random.Random(SEED)
    kreise = _territory(session, rng, scale)
    teams = _teams(session, scale)
    _structure(session, rng, kreise, teams, scale)
    _bulk(session, Case, _cases(rng, kreise, teams, as_of, scale))
    _bulk(session, VolunteerProject, _projects(rng, kreise, teams, scale))
    _bulk(session, FundsEntry, _funds(rng, teams, as_of))
    session.add(DatasetInfo(id=1, as_of=as_of, source=DataSource.demo,
                            label=f"{LAND_LABEL} ({scale.kreise} Kreise)"))
    session.flush()


@dataclass
class _Kreis:
    number: int
    social_areas: list[Area]
    districts: list[tuple[int, Area]]  # (index of the Sozialraum, district)


def _bulk(session: Session, model, rows: Iterator[dict]) -> None:
    """Insert `rows` in chunks with SQLAlchemy Core (executemany, no ORM objects)."""
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            session.execute(insert(model), chunk)
            chunk = []
    if chunk:
        session.execute(insert(model), chunk)


def _split(rng: random.Random, total: int, parts: int, minimum: int) -> list[int]:
    """`total` in `parts` integers ≥ `minimum`, of random size (deterministic for the rng)."""
    weights = {f"{i:04d}": rng.uniform(10, 40) for i in range(parts)}
    extra = _largest_remainder(total - minimum * parts, weights)
    return [minimum + extra[f"{i:04d}"] for i in range(parts)]


def _territory(session: Session, rng: random.Random, scale: LandScale) -> list[_Kreis]:
    """Kreise (city level) → three Sozialräume → districts, on a grid over the Land's extent."""
    kreise, index = [], 0
    columns = max(1, round(scale.districts ** 0.5 * 1.2))
    rows = -(-scale.districts // columns)
    for k, size in enumerate(_split(rng, scale.districts, scale.kreise, 3)):
        n = k + 1
        kreis = Area(kind=AreaKind.city, code=f"bw-k{n:02d}", name=f"Kreis {n:02d} (synthetisch)",
                     sort_order=n, population=rng.randint(100_000, 600_000))
        socials = [Area(kind=AreaKind.social_area, code=f"bw-k{n:02d}-sr{s + 1}", name=f"Sozialraum {s + 1}",
                        parent=kreis, sort_order=s + 1) for s in range(3)]
        districts = []
        for d, in_social in enumerate(_split(rng, size, 3, 1)):
            for _ in range(in_social):
                row, col = divmod(index, columns)
                index += 1
                districts.append((d, Area(
                    kind=AreaKind.district, code=f"bw-k{n:02d}-b{index:04d}", name=f"Bezirk {index:04d} (Kreis {n:02d})",
                    parent=socials[d], sort_order=index,
                    lon=7.5 + (col + 0.5 + rng.uniform(-0.3, 0.3)) * 3.0 / columns,
                    lat=47.6 + (row + 0.5 + rng.uniform(-0.3, 0.3)) * 2.2 / rows,
                    anchor_note="synthetischer Ankerpunkt (Demodaten)")))
        session.add_all([kreis, *socials, *(a for _, a in districts)])
        kreise.append(_Kreis(n, socials, districts))
    session.flush()
    return kreise


def _teams(session: Session, scale: LandScale) -> list[list[Provider]]:
    """The teams of each Kreis: `teams / kreise`, the remainder one more in the first Kreise."""
    base, extra = divmod(scale.teams, scale.kreise)
    result = []
    for k in range(scale.kreise):
        n, team_list = k + 1, []
        for j in range(base + (1 if k < extra else 0)):
            code, short, kind, catchment = TRAEGER[j % len(TRAEGER)]
            suffix = "" if j < len(TRAEGER) else f"-{j // len(TRAEGER) + 1}"
            team_list.append(Provider(
                code=f"{code}{suffix}" if n == 1 else f"{code}{suffix}-k{n:02d}",
                name=f"{short}{suffix} – IM-Team Kreis {n:02d} (synthetisch)", short_name=f"{short}{suffix} K{n:02d}",
                kind=kind, sort_order=k * 10 + j, uses_catchment=catchment))
        session.add_all(team_list)
        result.append(team_list)
    session.flush()
    return result


def _catchment_team(teams: list[Provider], social_index: int) -> Provider:
    catchment = [t for t in teams if t.uses_catchment] or teams
    return catchment[social_index % len(catchment)]


def _site_team(teams: list[Provider]) -> Provider | None:
    return next((t for t in teams if not t.uses_catchment), None)


def _structure(session: Session, rng: random.Random, kreise: list[_Kreis], teams: list[list[Provider]],
               scale: LandScale) -> None:
    """Catchments, who is responsible for a Sozialraum, and the IM posts (VZÄ in quarters)."""
    catchments, responsible, positions = [], [], []
    for kreis, team_list in zip(kreise, teams, strict=True):
        for s, social in enumerate(kreis.social_areas):
            responsible.append(dict(social_area_id=social.id, provider_id=_catchment_team(team_list, s).id,
                                    valid_from=HISTORY_START))
        for s, district in kreis.districts:
            catchments.append(dict(provider_id=_catchment_team(team_list, s).id, district_id=district.id,
                                   valid_from=HISTORY_START))
    every_team = [t for team_list in teams for t in team_list]
    quarters = _largest_remainder(int(scale.fte * 4), {t.code: rng.uniform(0.6, 1.4) for t in every_team})
    for team in every_team:
        fte = Decimal(quarters[team.code]) / 4
        filled = max(Decimal(0), fte - Decimal(rng.choice([0, 0, 0, 25, 50, 100])) / 100)
        positions.append(dict(provider_id=team.id, programme=Programme.im, funding=Funding.land,
                              planned_fte=fte, filled_fte=filled, valid_from=HISTORY_START,
                              funded_until=VWV_END, updated_by=DEMO_AUTHOR,
                              note="synthetische Stelle (Demodaten Baden-Württemberg-Maßstab)"))
    _bulk(session, Catchment, iter(catchments))
    _bulk(session, SocialAreaProvider, iter(responsible))
    _bulk(session, Position, iter(positions))


def _cases(rng: random.Random, kreise: list[_Kreis], teams: list[list[Provider]], as_of: dt.date,
           scale: LandScale) -> Iterator[dict]:
    """Exactly `active_cases` active cases (open, within their eligibility) and a closed history."""
    places = [(k, s, district) for k, kreis in enumerate(kreise) for s, district in kreis.districts]
    weights = {f"{i:05d}": rng.uniform(0.3, 1.7) for i in range(len(places))}
    active = _largest_remainder(scale.active_cases, weights)
    seq = 0
    for i, (k, s, district) in enumerate(places):
        n_active = active[f"{i:05d}"]
        n_closed = round(n_active * scale.closed_per_active * rng.uniform(0.7, 1.3))
        catchment, site = _catchment_team(teams[k], s), _site_team(teams[k])
        for closed in [False] * n_active + [True] * n_closed:
            seq += 1
            direct = site is not None and rng.random() < 0.15
            yield _case(rng, seq, kreise[k].number, district.id, (site if direct else catchment).id,
                        CaseOrigin.direct if direct or rng.random() < 0.15 else CaseOrigin.case_transfer,
                        as_of, closed)


def _case(rng: random.Random, seq: int, kreis: int, district_id: int, team_id: int, origin: CaseOrigin,
          as_of: dt.date, closed: bool) -> dict:
    if closed:  # opened since 2023, closed before the reference date
        span = max(1, (as_of - HISTORY_START).days - 90)
        opened = HISTORY_START + dt.timedelta(days=rng.randrange(span))
        reason = rng.choices([r for r, _ in CLOSURES], [w for _, w in CLOSURES])[0]
        closed_on = min(as_of - dt.timedelta(days=1), opened + dt.timedelta(days=rng.randrange(60, 900)))
    else:  # opened in the last 28 months, eligible for at least three more months
        opened = as_of - dt.timedelta(days=rng.randrange(0, 28 * 30))
        reason, closed_on = None, None
    au_assigned = opened - dt.timedelta(days=rng.randrange(20, 150))
    months_open = ((closed_on or as_of) - opened).days / 30.4
    household = rng.choices([1, 2, 3, 4, 5, 6], [30, 18, 17, 17, 11, 7])[0]
    return dict(pseudonym=f"BW-{kreis:02d}-{seq:06d}", district_id=district_id, team_id=team_id, origin=origin,
                au_assigned_on=au_assigned, opened_on=opened, closed_on=closed_on, closure_reason=reason,
                eligibility_extended=rng.random() < 0.06,
                has_integration_plan=rng.random() < min(0.95, 0.45 + 0.25 * months_open),
                household_size=household, category=CATEGORIES[min(household, 5)], updated_by=DEMO_AUTHOR)


def _projects(rng: random.Random, kreise: list[_Kreis], teams: list[list[Provider]],
              scale: LandScale) -> Iterator[dict]:
    """Volunteer projects in the Heilbronn demo's proportion (0,76 per district), in random districts."""
    places = [(k, s, district) for k, kreis in enumerate(kreise) for s, district in kreis.districts]
    topics = list(VolunteerTopic)
    for n in range(round(scale.districts * PROJECTS_PER_DISTRICT)):
        k, s, district = places[rng.randrange(len(places))]
        volunteers = rng.randint(4, 14)
        bands = [0, 0, 0, 0]
        for _ in range(volunteers):
            bands[rng.choices(range(4), [18, 30, 27, 25])[0]] += 1
        topic = topics[rng.randrange(len(topics))]
        yield dict(name=f"Projekt {n + 1:04d} (synthetisch)", topic=topic,
                   provider_id=_catchment_team(teams[k], s).id, district_id=district.id,
                   site=f"Treffpunkt {district.name}", lat=district.lat, lon=district.lon, volunteers=volunteers,
                   volunteers_18_29=bands[0], volunteers_30_49=bands[1], volunteers_50_64=bands[2],
                   volunteers_65_plus=bands[3], active_from=dt.date(2023, 1, 1) if n % 2 else dt.date(2024, 9, 1),
                   updated_by=DEMO_AUTHOR)


def _funds(rng: random.Random, teams: list[list[Provider]], as_of: dt.date) -> Iterator[dict]:
    """Projektmittel: 15.000 € a year per Kreis, split among its catchment teams, and a few bookings."""
    for team_list in teams:
        takers = [t for t in team_list if t.uses_catchment] or team_list
        share = (FUNDS_PER_KREIS / len(takers)).quantize(Decimal("0.01"))
        for year in (as_of.year - 1, as_of.year):
            allocated_on = dt.date(year, 1, 15)
            for team in takers:
                if allocated_on > as_of:
                    continue
                yield dict(year=year, provider_id=team.id, kind=FundsEntryKind.allocation, amount=share,
                           booked_on=allocated_on, purpose=f"Projektmittel {year} (synthetisch)",
                           updated_by=DEMO_AUTHOR)
                for _ in range(EXPENSES_PER_TEAM):
                    booked = add_months(dt.date(year, 2, 1), rng.randrange(10)) + dt.timedelta(days=rng.randrange(27))
                    if booked <= as_of:
                        yield dict(year=year, provider_id=team.id, kind=FundsEntryKind.expense,
                                   amount=Decimal(rng.randint(5000, 150000)) / 100, booked_on=booked,
                                   purpose="Sachkosten Ehrenamtsprojekt (synthetisch)", updated_by=DEMO_AUTHOR)
