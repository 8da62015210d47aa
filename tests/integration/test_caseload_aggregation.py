"""The caseload history computed in one pass equals the former month-by-month computation on the
demo data (all teams and each team, whose cases are attributed by the catchment of each month)."""

from sqlalchemy import text

from dashboard.model.months import month_ends
from dashboard.services.caseload import HISTORY_START, attribute, caseload, catchment_history
from data.queries import caseload as case_queries
from data.queries import providers
from tests.helpers import DEMO_DAY
from tests.reference_caseload import reference_flows


def reference_history(session, team_id):
    cases = case_queries.cases_overlapping(session, HISTORY_START, DEMO_DAY)
    history = catchment_history(session)
    catchment_teams = set(providers(session).query("uses_catchment")["provider_id"])
    rows = []
    for period_end in month_ends(HISTORY_START, DEMO_DAY):
        scope = cases
        if team_id is not None:
            scope = cases[attribute(cases, period_end, history, catchment_teams) == team_id]
        flow = reference_flows(scope, period_end.replace(day=1), period_end).iloc[-1]
        rows.append((period_end, int(flow["active"]), int(flow["inflow_case_transfer"]), int(flow["inflow_direct"]),
                     int(flow["outflow_goal_reached"]), int(flow["outflow_moved_away"]),
                     int(flow["outflow_eligibility_ended"]), int(flow["outflow_other"])))
    return rows


def test_history_equals_month_by_month_for_all_and_each_team(demo_reading):
    session, settings = demo_reading
    teams = providers(session)
    checked = 0
    for code, team_id in [(None, None), *zip(teams["code"], teams["provider_id"])]:
        fig = caseload(session, settings, DEMO_DAY, team=code)
        got = [(m.period_end, m.active, m.inflow_case_transfer, m.inflow_direct, m.outflow_goal_reached,
                m.outflow_moved_away, m.outflow_eligibility_ended, m.outflow_other) for m in fig.history]
        expected = reference_history(session, None if team_id is None else int(team_id))
        assert got == expected, code
        checked += sum(r[1] for r in expected)
    assert checked > 0  # the demo has cases in the history, so the comparison compares something


def test_social_area_filter_uses_the_areas_own_codes(demo_reading):
    session, settings = demo_reading
    options = caseload(session, settings, DEMO_DAY).options.social_areas
    assert [(o.value, o.label) for o in options] == [
        ("hn-sr1", "Sozialraum 1"), ("hn-sr2", "Sozialraum 2"), ("hn-sr3", "Sozialraum 3")]
    # a name two Sozialräume share (as in every Kreis of a Land: "Sozialraum 1") keeps both options
    # apart by code and names the Kreis
    session.execute(text("UPDATE areas SET name = 'Sozialraum 1' WHERE code = 'hn-sr2'"))
    options = caseload(session, settings, DEMO_DAY, social_area="hn-sr2").options.social_areas
    assert [o.value for o in options] == ["hn-sr1", "hn-sr2", "hn-sr3"]
    assert [o.label for o in options] == ["Sozialraum 1 – Stadt Heilbronn", "Sozialraum 1 – Stadt Heilbronn",
                                          "Sozialraum 3"]
    session.rollback()
