"""cases: covering indexes for the caseload counts aggregated in the database

The caseload page, the map and the team loads count cases with GROUP BY (data/queries/case_counts.py)
instead of reading every case: active on a Stichtag per team and district (with category and
Integrationsplan), per AU assignment day (eligibility horizon, case age), and openings and closings
per day (the monthly history), each optionally narrowed to one team's cases (team, district). Each
index holds every column its query reads, so the query reads the index in its order and never the
table. Plain CREATE/DROP INDEX, no batch mode (no table copy on SQLite).

Revision ID: 0014_perf_indexes
Revises: 0013_verbund_cost_share
Create Date: 2026-12-03 15:30:00
"""

from alembic import op

revision = '0014_perf_indexes'
down_revision = '0013_verbund_cost_share'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_cases_team_district_counts': ['team_id', 'district_id', 'category', 'has_integration_plan', 'opened_on',
                                      'closed_on'],
    'ix_cases_assignment_counts': ['au_assigned_on', 'eligibility_extended', 'opened_on', 'closed_on', 'team_id',
                                   'district_id'],
    'ix_cases_opened_counts': ['opened_on', 'origin', 'closed_on', 'team_id', 'district_id'],
    'ix_cases_closed_counts': ['closed_on', 'closure_reason', 'opened_on', 'team_id', 'district_id'],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, 'cases', columns)


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.drop_index(name, table_name='cases')
