"""The proposal solves each independent part (Sozialräume linked by their teams) alone (issue 18, item 4)."""

from dashboard.model.proposal import propose
from dashboard.model.scenarios import AddPost, Baseline, CaseGroup, District, Post, Team
from tests.unit.model.proposal_baselines import DAY, LATE


def kreise(loads: dict[str, tuple[int, int]]) -> Baseline:
    """Per Kreis k: catchment teams a-k and b-k (1 VZÄ each), a Sozialraum „SR 1“ (the same name in
    every Kreis, told apart by its code) with two districts of the given cases on a-k and an empty one on b-k."""
    teams, posts, districts, cases = [], [], [], []
    for k, (first, second) in loads.items():
        for name in ("a", "b"):
            teams.append(Team(f"{name}-{k}", f"{name.upper()} {k}", uses_catchment=True))
            posts.append(Post(f"p{name}-{k}", f"{name}-{k}", "im", "land", 1.0))
        for i, n in enumerate((first, second, 0)):
            code = f"{k}-d{i}"
            districts.append(District(code, code, "SR 1", f"{'b' if i == 2 else 'a'}-{k}", f"{k}-sr1"))
            if n:
                cases.append(CaseGroup(None, code, LATE, True, n))
    return Baseline(as_of=DAY, teams=tuple(teams), posts=tuple(posts), districts=tuple(districts),
                    cases=tuple(cases))


def test_two_parts_give_what_each_gives_alone_and_stay_apart():
    both = propose(kreise({"k1": (90, 90), "k2": (60, 60)}))
    alone = [propose(kreise({"k1": (90, 90)})), propose(kreise({"k2": (60, 60)}))]
    assert sorted(both.changes, key=repr) == sorted(alone[0].changes + alone[1].changes, key=repr)
    assert len(both.changes) == 2  # one district to b-k in each Kreis: 100 % and 66,7 %
    for change in both.changes:
        assert change.district.split("-")[0] == change.team.split("-")[1]  # never to the other Kreis
    assert both.worst_after == 100.0 and both.gap_points is not None and both.gap_points <= 0.1


def test_a_budget_across_parts_goes_to_the_worst_team():
    proposal = propose(kreise({"k1": (90, 90), "k2": (60, 60)}), reassign=False, budget_fte=1.0)
    # the worst (a-k1, 200 %) first, then both worst together: 180 / (1,8 × 90) = 120 / (1,2 × 90) = 111,1 %
    assert proposal.changes == [AddPost("a-k1", 0.8), AddPost("a-k2", 0.2)]
    assert round(proposal.worst_after, 1) == 111.1
