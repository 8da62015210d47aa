"""Synthetic survey counts for the demo's Landkreise Heilbronn and Lörrach (DOMAIN §8) — not official figures.

The Landratsamt's real survey (persons assigned to Anschlussunterbringung per Gemeinde) is not
public. The demo's counts are made up, per Gemeinde and assignment month, so that they reproduce
the two amounts the seeds state: **Nordheim 31.234,00 €** in the first tranche 2025 (seed 002) and
**Cleebronn about 11.000 €** a year (seed 003), with Land funds of 1.499.911 € (≈ 1,5 Mio €, DOMAIN
§8): 2.209 persons in the window 2020–2022 → 679 € per person. The other Gemeinden's counts follow
their population with noise; the years 2023 and 2024 move the counts, so that the re-survey for 2026
and 2027 shifts money between Gemeinden as the public examples show. Deterministic (fixed seeds).

Landkreis Lörrach: the Gemeinden from the reference file, who runs IM where as the Kooperations-
vereinbarung of 17.05.2018 says (data/county_structure.py, real), and **synthetic** Land funds
(1.045.200 € for 2025), survey counts (1.560 persons 2020–2022 → 670 € per person, spread by
population with noise) and posts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.county_structure import add_county, loerrach_arrangements
from data.reference_files import KREISE
from data.schema import Area, AreaKind, CountyFunds, ImArrangement, ImMode, ImPost, ProofOfUse, TargetGroupCount

DEMO_COUNTY_FUNDS = {2025: Decimal("1499911.00")}
WINDOW_TOTAL = 2209  # persons in the target group 2020–2022 for the whole Kreis
FIXED = {"08125074": 46, "08125017": 16}  # Nordheim (seed 002), Cleebronn (seed 003)
# how the later years' assignments compare with the 2020–2022 average per year (Kreis-wide and a few
# Gemeinden that swing: a new AU site opens, one closes)
LATER_YEARS = {2023: Decimal("0.80"), 2024: Decimal("0.65")}
SWINGS = {"08125013": Decimal("1.6"), "08125005": Decimal("0.3"), "08125074": Decimal("0.9")}


def _largest_remainder(total: int, weights: dict[str, float]) -> dict[str, int]:
    """`total` split in integers proportional to `weights` (Hare: floors, then the largest remainders)."""
    scale = total / sum(weights.values())
    exact = {key: w * scale for key, w in weights.items()}
    result = {key: int(v) for key, v in exact.items()}
    left = total - sum(result.values())
    for key in sorted(exact, key=lambda k: (exact[k] - result[k], k), reverse=True)[:left]:
        result[key] += 1
    return result


def _spread(rng: random.Random, persons: int, months: Sequence[dt.date]) -> dict[dt.date, int]:
    """`persons` assignments spread over `months` at random (a multinomial draw)."""
    per_month = dict.fromkeys(months, 0)
    for _ in range(persons):
        per_month[rng.choice(months)] += 1
    return per_month


def survey_counts(gemeinden: Sequence[dict[str, str]]) -> list[tuple[str, dt.date, int]]:
    """(AGS, assignment month, persons) for 2020–2024 for the Gemeinden of the reference file."""
    rng = random.Random(2025)
    members = [g for g in gemeinden if g.get("type") != "Stadt" or g["AGS"] != "08121000"]
    weights = {g["AGS"]: int(g["EWZ_BKG2013"]) * rng.uniform(0.7, 1.3) for g in members if g["AGS"] not in FIXED}
    window = {**_largest_remainder(WINDOW_TOTAL - sum(FIXED.values()), weights), **FIXED}
    counts: list[tuple[str, dt.date, int]] = []
    first = [dt.date(y, m, 1) for y in (2020, 2021, 2022) for m in range(1, 13)]
    for g in members:
        ags = g["AGS"]
        counts += [(ags, month, n) for month, n in _spread(rng, window[ags], first).items() if n]
        for year, factor in LATER_YEARS.items():
            persons = round(Decimal(window[ags]) / 3 * factor * SWINGS.get(ags, Decimal(1)))
            months = [dt.date(year, m, 1) for m in range(1, 13)]
            counts += [(ags, month, n) for month, n in _spread(rng, persons, months).items() if n]
    return counts


# who runs IM where: Nordheim (seed 002) and Brackenheim–Cleebronn (seed 003) as the seeds say, the
# rest demo assumptions (Lörrach's A/B/C pattern, DOMAIN §8), so the page shows every kind
ARRANGEMENTS = {
    "08125074": (ImMode.county, None, "Gemeinderat Nordheim: IM beim Landkreis belassen (Vorlage 15.04.2024)"),
    "08125013": (ImMode.own, None, "Eigenregie mit eigener Stelle, Verbund mit Cleebronn (Vorlage 2024)"),
    "08125017": (ImMode.verbund, "Brackenheim", "Verbund mit Brackenheim ab 01.01.2025, mind. 15 Std./Woche"),
    "08125065": (ImMode.own, None, "Demo-Annahme"),  # Neckarsulm
    "08125006": (ImMode.own_provider, "Diakonie", "Demo-Annahme"),  # Bad Rappenau
    "08125026": (ImMode.own_provider, "Caritas", "Demo-Annahme"),  # Eppingen
}
POSTS = {  # AGS: [(employer, label, VZÄ, filled)]
    "08125013": [("Stadt Brackenheim", "Stelle 1", Decimal("1.0"), True)],
    "08125017": [("Stadt Brackenheim (Verbund)", "Stelle Cleebronn", Decimal("0.4"), True)],  # ≥ 15 Std./Woche
    "08125065": [("Stadt Neckarsulm", "Stelle 1", Decimal("1.0"), True),
                 ("Stadt Neckarsulm", "Stelle 2", Decimal("0.75"), False)],
    "08125006": [("Diakonie (für Bad Rappenau)", "Stelle 1", Decimal("1.25"), True)],
    "08125026": [("Caritas (für Eppingen)", "Stelle 1", Decimal("1.0"), True)],
}
# the Verwendungsnachweise 2025 of the Gemeinden that got their share passed on (A, B, Verbund) —
# synthetic: who sent one when, and what it states (received on, spent, note); None = still missing
PROOFS_2025 = {
    "08125013": (dt.date(2026, 2, 27), Decimal("71250.00"), "Demo: Nachweis mit Stellenbeleg"),
    "08125065": (dt.date(2026, 3, 16), Decimal("96480.50"), "Demo: zweite Stelle erst ab 2026 besetzt"),
    "08125006": (dt.date(2026, 3, 31), Decimal("88900.00"), "Demo: über die Diakonie abgerechnet"),
    "08125017": (None, None, "Demo: Nachweis fehlt, Erinnerung am 15.04.2026"),
    "08125026": (None, None, "Demo: Nachweis fehlt"),
}
FROM = dt.date(2025, 1, 1)
FUNDED_UNTIL = dt.date(2029, 12, 31)


def load_county_demo(session: Session, gemeinden: Sequence[dict[str, str]], as_of: dt.date | None = None) -> None:
    """Write the Landkreis demo (funds, survey counts, arrangements, posts, proofs of use 2025) for the
    Gemeinden in the database; a proof dated after `as_of` is still missing."""
    county = session.scalar(select(Area).where(Area.kind == AreaKind.county, Area.code == KREISE["heilbronn"].code))
    areas = {a.ags: a for a in session.scalars(select(Area).where(Area.kind == AreaKind.municipality,
                                                                  Area.parent_id == county.id))}
    for year, amount in DEMO_COUNTY_FUNDS.items():
        session.add(CountyFunds(county=county, year=year, amount=amount,
                                note="Demo: ≈ 1,5 Mio € (DOMAIN §8); so gewählt, dass Nordheim 31.234,00 € erhält"))
    for ags, month, persons in survey_counts(gemeinden):
        session.add(TargetGroupCount(municipality=areas[ags], month=month, persons=persons))
    for ags, area in areas.items():
        mode, provider, note = ARRANGEMENTS.get(ags, (ImMode.county, None, "Demo-Annahme"))
        session.add(ImArrangement(municipality=area, valid_from=FROM, mode=mode, provider_name=provider,
                                  note=note))
        for employer, label, fte, filled in POSTS.get(ags, []):
            session.add(ImPost(municipality=area, employer=employer, label=label, fte=fte, filled=filled,
                               funded_until=FUNDED_UNTIL, note="Demo-Annahme"))
        if ags in PROOFS_2025:
            received, spent, note = PROOFS_2025[ags]
            if received and as_of and received > as_of:
                received, spent, note = None, None, "Demo: Nachweis noch nicht eingegangen"
            session.add(ProofOfUse(municipality=area, year=2025, received_on=received, amount_spent=spent,
                                   note=note, updated_by="demo"))
    session.flush()


LOERRACH_FUNDS = {2025: Decimal("1045200.00")}
LOERRACH_WINDOW_TOTAL = 1560  # synthetic: 670 € per person
LOERRACH_SWINGS = {"08336069": Decimal("1.5"), "08336091": Decimal("0.5")}  # a new AU site opens, one closes
LOERRACH_POSTS = {  # AGS: [(employer, VZÄ, filled)] — demo assumptions
    "08336069": [("Stadt Rheinfelden (Baden)", Decimal("1.5"), True)],
    "08336105": [("Gemeinde Grenzach-Wyhlen", Decimal("1.0"), True)],
    "08336014": [("Gemeinde Efringen-Kirchen", Decimal("0.5"), True)],
    "08336008": [("GVV Vorderes Kandertal (für die Verbandsgemeinden)", Decimal("1.0"), True)],
    "08336050": [("Caritasverband Lörrach (Welcome-Center)", Decimal("2.0"), True),
                 ("Diakonisches Werk Lörrach (Welcome-Center)", Decimal("1.5"), False)],
    "08336091": [("Diakonisches Werk Lörrach (für Weil am Rhein)", Decimal("2.0"), True)],
}


def loerrach_survey_counts() -> list[tuple[str, dt.date, int]]:
    """(AGS, assignment month, persons) 2020–2024 for Landkreis Lörrach's Gemeinden (synthetic)."""
    rng = random.Random(2018)
    gemeinden = KREISE["loerrach"].gemeinden()
    weights = {g.ags: g.population * rng.uniform(0.7, 1.3) for g in gemeinden}
    window = _largest_remainder(LOERRACH_WINDOW_TOTAL, weights)
    counts: list[tuple[str, dt.date, int]] = []
    first = [dt.date(y, m, 1) for y in (2020, 2021, 2022) for m in range(1, 13)]
    for g in gemeinden:
        counts += [(g.ags, month, n) for month, n in _spread(rng, window[g.ags], first).items() if n]
        for year, factor in LATER_YEARS.items():
            persons = round(Decimal(window[g.ags]) / 3 * factor * LOERRACH_SWINGS.get(g.ags, Decimal(1)))
            months = [dt.date(year, m, 1) for m in range(1, 13)]
            counts += [(g.ags, month, n) for month, n in _spread(rng, persons, months).items() if n]
    return counts


def load_loerrach_demo(session: Session) -> None:
    """The second demo Kreis: Landkreis Lörrach with the agreement's structure and synthetic figures."""
    county, areas = add_county(session, KREISE["loerrach"])
    loerrach_arrangements(session, areas)
    for year, amount in LOERRACH_FUNDS.items():
        session.add(CountyFunds(county=county, year=year, amount=amount,
                                note="Demo: synthetischer Betrag (keine veröffentlichte Zahl)"))
    for ags, month, persons in loerrach_survey_counts():
        session.add(TargetGroupCount(municipality=areas[ags], month=month, persons=persons))
    for ags, posts in LOERRACH_POSTS.items():
        for employer, fte, filled in posts:
            session.add(ImPost(municipality=areas[ags], employer=employer, fte=fte, filled=filled,
                               funded_until=FUNDED_UNTIL, note="Demo-Annahme"))
    session.flush()
