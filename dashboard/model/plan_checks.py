"""Plan consistency checks and funding deadlines for the Stellenplan (pure, exact decimals).

A plan document states totals ("Diakonie insgesamt 0,4 VZÄ") next to its lines. A steering tool
shows where the two disagree instead of correcting either (DOMAIN.md §3): `check_totals` compares
every stated total with the sum of the plan's posts in its scope. Further checks: posts below a
minimum size (`MIN_POST_FTE`, a constant the page names), programmes without any post, the city's
credited share of posts shared with the Landkreis against its contractual minimum, and fixed-term
funding that ends within a warning period.

Codes are the plain strings of `data.schema` enums ("im", "land", …); this module imports neither
the database nor the UI. The German names below are shared by the page and the downloads.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .months import add_months, months_left  # noqa: F401 (re-exported for the services)
from .vocabulary import PROGRAMME_TEXT

# A post smaller than this is hardly workable (constant, shown on the page).
MIN_POST_FTE = Decimal("0.1")

SCOPE_TEXT = {"provider": "Träger", "programme": "Programm", "funding": "Finanzierung"}


class PlanCheckError(ValueError):
    """A stated total cannot be checked (unknown scope); German message."""


@dataclass(frozen=True)
class PlanPost:
    """One line of a plan, reduced to what the checks need."""

    provider: str  # provider code, e.g. "diakonie"
    programme: str
    funding: str
    planned: Decimal
    upper_bound: bool = False
    name: str = ""  # how the line is shown, e.g. "Diakonie IM"


@dataclass(frozen=True)
class StatedTotal:
    """A total as the plan states it; a provider total may leave one funding source out."""

    scope: str  # provider | programme | funding
    code: str
    stated: Decimal
    excluded_funding: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class TotalCheck:
    total: StatedTotal
    parts: tuple[PlanPost, ...]

    @property
    def parts_sum(self) -> Decimal:
        return sum((Decimal(p.planned) for p in self.parts), Decimal(0))

    @property
    def difference(self) -> Decimal:
        """Parts minus stated total: positive when the lines add up to more than the plan says."""
        return self.parts_sum - Decimal(self.total.stated)

    @property
    def consistent(self) -> bool:
        return self.difference == 0


def in_scope(total: StatedTotal, post: PlanPost) -> bool:
    if total.scope not in SCOPE_TEXT:
        raise PlanCheckError(
            f"Unbekannter Bereich „{total.scope}“ einer Plan-Summe: erlaubt sind "
            "provider (Träger), programme (Programm) und funding (Finanzierung).")
    if total.excluded_funding is not None and post.funding == total.excluded_funding:
        return False
    value = {"provider": post.provider, "programme": post.programme, "funding": post.funding}
    return value[total.scope] == total.code


def check_totals(totals: Iterable[StatedTotal], posts: Sequence[PlanPost]) -> list[TotalCheck]:
    """Each stated total against the exact sum of the plan's posts in its scope, in given order."""
    return [TotalCheck(t, tuple(p for p in posts if in_scope(t, p))) for t in totals]


def small_posts(posts: Iterable[PlanPost], minimum: Decimal = MIN_POST_FTE) -> list[PlanPost]:
    """Posts planned below `minimum` VZÄ (a post of 0 VZÄ counts as too small as well)."""
    return [p for p in posts if Decimal(p.planned) < minimum]


def programmes_without_posts(posts: Iterable[PlanPost],
                             programmes: Iterable[str] = tuple(PROGRAMME_TEXT)) -> list[str]:
    """Programmes (in the given order) that have no post with planned VZÄ above zero."""
    staffed = {p.programme for p in posts if Decimal(p.planned) > 0}
    return [code for code in programmes if code not in staffed]


class ShareStatus(enum.StrEnum):
    ok = "ok"  # credited city share at or above the contractual minimum
    below_minimum = "below_minimum"
    no_minimum = "no_minimum"  # no minimum agreed: nothing to check
    no_share = "no_share"  # a minimum is agreed but no share credited


def city_share_status(share: Decimal | None, minimum: Decimal | None) -> ShareStatus:
    """The city's credited share of a post shared with the Landkreis against its minimum."""
    if minimum is None:
        return ShareStatus.no_minimum
    if share is None:
        return ShareStatus.no_share
    return ShareStatus.ok if Decimal(share) >= Decimal(minimum) else ShareStatus.below_minimum


class FundingStatus(enum.StrEnum):
    ok = "ok"  # funded beyond the warning period
    warning = "warning"  # funding ends within the warning period
    ended = "ended"  # funding ended before the Stichtag
    open = "open"  # no end date: not fixed-term






def funding_status(funded_until: dt.date | None, day: dt.date, warning_months: int) -> FundingStatus:
    """Whether a post's money ends within `warning_months` of the Stichtag `day`."""
    if funded_until is None:
        return FundingStatus.open
    if funded_until < day:
        return FundingStatus.ended
    if funded_until <= add_months(day, warning_months):
        return FundingStatus.warning
    return FundingStatus.ok
