"""The structure view "Wer macht IM wo" (DOMAIN §8, the Lörrach agreement's A / B / C): the
Gemeinden's arrangements folded into the units that carry IM. Pure; no database, no dash.

- A: Gemeinden in Eigenregie; a Verbund member joins its lead Gemeinde's unit ("Rheinfelden (Baden)
  mit Schwörstadt"); a Verbund whose lead is no Gemeinde in Eigenregie (a Gemeindeverwaltungsverband)
  is its own unit in A — Eigenregie held jointly.
- B: Eigenregie delegated to a Träger, one unit per Gemeinde.
- C: left with the Landkreis, one unit per Träger the Kreis delegated to.
"""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.model.figures.county import ArrangementFact, StructureGroup, StructureUnit
from dashboard.model.vocabulary import IM_STRUCTURE_GROUPS, ImMode

NOT_RECORDED = "nicht erfasst"


def _key(fact: ArrangementFact, own: set[str]) -> tuple[str, str, str, str | None]:
    """(group, unit name, form, Träger) of one Gemeinde's arrangement."""
    if fact.mode == ImMode.own:
        return "A", fact.name, "Eigenregie", None
    if fact.mode == ImMode.verbund:
        if fact.provider_name in own:
            return "A", fact.provider_name, "Eigenregie im Verbund", None
        return "A", fact.provider_name or f"Verbund (Partner von {fact.name} nicht erfasst)", "Verbund", None
    if fact.mode == ImMode.own_provider:
        return "B", fact.name, "über Träger", fact.provider_name
    if fact.mode == ImMode.county:
        return "C", "Landkreis", "beim Landkreis", fact.provider_name
    return "–", NOT_RECORDED, NOT_RECORDED, None


def structure_groups(facts: Iterable[ArrangementFact]) -> tuple[StructureGroup, ...]:
    """The groups A, B, C (and "nicht erfasst" when any Gemeinde lacks an arrangement) with their units."""
    facts = list(facts)
    own = {f.name for f in facts if f.mode == ImMode.own}
    units: dict[tuple[str, str, str | None], list[ArrangementFact]] = {}
    forms: dict[tuple[str, str, str | None], str] = {}
    for fact in facts:
        group, name, form, provider = _key(fact, own)
        key = (group, name, provider)
        units.setdefault(key, []).append(fact)
        if forms.get(key) != "Eigenregie im Verbund":  # a lead with partners says so
            forms[key] = form
    groups = []
    for group, title in IM_STRUCTURE_GROUPS.items():
        members = sorted((k for k in units if k[0] == group), key=lambda k: (k[1], k[2] or ""))
        if not members:
            continue
        groups.append(StructureGroup(group, title, tuple(_unit(k, forms[k], units[k]) for k in members)))
    return tuple(groups)


def _unit(key: tuple[str, str, str | None], form: str, facts: list[ArrangementFact]) -> StructureUnit:
    group, name, provider = key
    lead = [f.name for f in facts if f.name == name]
    others = sorted(f.name for f in facts if f.name != name)
    basis = sorted({f.decision_ref or f.note for f in facts if f.decision_ref or f.note})
    return StructureUnit(group=group, form=form, responsible=name, gemeinden=tuple(lead + others),
                         provider=provider, valid_from=tuple(sorted({f.valid_from for f in facts if f.valid_from})),
                         basis=tuple(basis))
