"""Changes to the people: VZÄ moved between teams, posts added or ended, the Personalschlüssel."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, ClassVar

from ...formatting import fmt_date, fmt_fte
from ..baseline import Baseline, Post
from ..values import Code, Day, FundingCode, ProgrammeCode, Ratio, ScenarioError, Text, number
from .base import Change, Checking, State, check_team, since

Fte = Annotated[float, number(0.01, 10000)]


@dataclass(frozen=True)
class MoveFte(Change):
    """Move VZÄ of a programme from one team to another (from a date)."""

    kind: ClassVar[str] = "move_fte"
    label: ClassVar[str] = "VZÄ verschieben"
    topic: ClassVar[str] = "people"
    from_team: Code
    to_team: Code
    fte: Fte
    programme: ProgrammeCode = "im"
    start: Day | None = None

    def describe(self, b: Baseline) -> str:
        return (
            f"{fmt_fte(self.fte)} VZÄ von {b.team_name(self.from_team)} zu "
            f"{b.team_name(self.to_team)}{since(self.start)}"
        )

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        check_team(b, self.from_team, f"{path}.from_team")
        check_team(b, self.to_team, f"{path}.to_team")
        if self.from_team == self.to_team:
            raise ScenarioError(
                "Von- und Zu-Team sind gleich. Bitte zwei verschiedene Teams wählen.", f"{path}.to_team"
            )
        day = max(self.start or b.as_of, b.as_of)
        have = seen.fte(self.from_team, self.programme, day)
        if self.fte > have + 1e-9:
            raise ScenarioError(
                f"{b.team_name(self.from_team)} hat am {fmt_date(day)} nur "
                f"{fmt_fte(round(have, 3))} VZÄ in diesem Programm; es können nicht "
                f"{fmt_fte(self.fte)} VZÄ verschoben werden.",
                f"{path}.fte",
            )
        # later changes see this one (before or on their day): moves in and out, new posts
        seen.add(self.from_team, self.programme, -self.fte)
        seen.add(self.to_team, self.programme, self.fte)

    def apply(self, state: State, n: int) -> None:
        b = state.baseline
        start = max(self.start or b.as_of, b.as_of)
        source = [p for p in b.posts if p.team == self.from_team and p.programme == self.programme]
        model = max(source, key=lambda p: p.fte) if source else None
        funding = model.funding if model else "land"
        state.posts.append(
            Post(
                f"s{n}a",
                self.from_team,
                self.programme,
                funding,
                -self.fte,
                -self.fte,
                start,
                model.end if model else None,
                model.ratio if model else None,
                "Szenario",
            )
        )
        state.posts.append(
            Post(
                f"s{n}b",
                self.to_team,
                self.programme,
                funding,
                self.fte,
                self.fte,
                start,
                model.end if model else None,
                None,
                "Szenario",
            )
        )


@dataclass(frozen=True)
class AddPost(Change):
    kind: ClassVar[str] = "add_post"
    label: ClassVar[str] = "Stelle hinzufügen"
    topic: ClassVar[str] = "people"
    team: Code
    fte: Fte
    programme: ProgrammeCode = "im"
    funding: FundingCode = "land"
    start: Day | None = None
    end: Day | None = None
    ratio: Ratio | None = None

    def describe(self, b: Baseline) -> str:
        until = f" bis {fmt_date(self.end)}" if self.end else ""
        return f"+{fmt_fte(self.fte)} VZÄ bei {b.team_name(self.team)}{since(self.start)}{until}"

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        check_team(b, self.team, f"{path}.team")
        if self.end is not None and self.start is not None and self.end < self.start:
            raise ScenarioError("Das Ende liegt vor dem Beginn. Bitte die Daten prüfen.", f"{path}.end")
        if self.end is None:
            seen.add(self.team, self.programme, self.fte)

    def apply(self, state: State, n: int) -> None:
        as_of = state.baseline.as_of
        state.posts.append(
            Post(
                f"s{n}",
                self.team,
                self.programme,
                self.funding,
                self.fte,
                self.fte,
                max(self.start or as_of, as_of),
                self.end,
                self.ratio,
                "Szenario",
            )
        )


@dataclass(frozen=True)
class EndPost(Change):
    """End a post on a date (e.g. a church-funded post whose money runs out)."""

    kind: ClassVar[str] = "end_post"
    label: ClassVar[str] = "Stelle beenden"
    topic: ClassVar[str] = "people"
    post: Code
    end: Day

    def describe(self, b: Baseline) -> str:
        post = next((p for p in b.posts if p.id == self.post), None)
        name = f"{b.team_name(post.team)} {post.label or post.programme}" if post else self.post
        return f"Stelle {name} endet am {fmt_date(self.end)}"

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        if all(p.id != self.post for p in b.posts):
            raise ScenarioError(f"Stelle „{self.post}“ gibt es in der Ausgangslage nicht.", f"{path}.post")

    def apply(self, state: State, n: int) -> None:
        for i, p in enumerate(state.posts):
            if p.id == self.post:
                state.posts[i] = replace(p, end=self.end if p.end is None else min(p.end, self.end))


@dataclass(frozen=True)
class SetRatio(Change):
    kind: ClassVar[str] = "set_ratio"
    label: ClassVar[str] = "Personalschlüssel ändern"
    topic: ClassVar[str] = "people"
    ratio: Ratio
    team: Text | None = None  # None: every team

    def describe(self, b: Baseline) -> str:
        scope = f" für {b.team_name(self.team)}" if self.team else ""
        return f"Personalschlüssel 1:{self.ratio}{scope}"

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        check_team(b, self.team, f"{path}.team", allow_none=True)

    def apply(self, state: State, n: int) -> None:
        if self.team is None:  # every team, every IM post: the posts' own ratios give way
            state.ratio = self.ratio
            state.team_ratio = {}
            state.posts[:] = [replace(p, ratio=None) if p.programme == "im" else p for p in state.posts]
        else:
            state.team_ratio[self.team] = self.ratio
