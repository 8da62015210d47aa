"""audit_log: indexes for the paged log on "Verwaltung" (newest first, filtered by person, action, period)

The page asks `ORDER BY at DESC, id DESC LIMIT 50 OFFSET n`, optionally with `actor = …`, `action = …`
and a range of `at`. (at, id), (actor, at, id) and (action, at, id) serve each of these without a sort
of the whole log; they replace the single-column indexes on at, actor and action (their prefixes).
Plain CREATE/DROP INDEX, no batch mode: on SQLite a batch would copy the table and lose the triggers
that refuse UPDATE and DELETE (migration 0004).

Revision ID: 0007_audit_index
Revises: 0006
Create Date: 2026-12-02 03:20:00
"""

from alembic import op

revision = '0007_audit_index'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_audit_log_at_id', 'audit_log', ['at', 'id'])
    op.create_index('ix_audit_log_actor_at_id', 'audit_log', ['actor', 'at', 'id'])
    op.create_index('ix_audit_log_action_at_id', 'audit_log', ['action', 'at', 'id'])
    op.drop_index('ix_audit_log_at', table_name='audit_log')
    op.drop_index('ix_audit_log_actor', table_name='audit_log')
    op.drop_index('ix_audit_log_action', table_name='audit_log')


def downgrade() -> None:
    op.create_index('ix_audit_log_action', 'audit_log', ['action'])
    op.create_index('ix_audit_log_actor', 'audit_log', ['actor'])
    op.create_index('ix_audit_log_at', 'audit_log', ['at'])
    op.drop_index('ix_audit_log_action_at_id', table_name='audit_log')
    op.drop_index('ix_audit_log_actor_at_id', table_name='audit_log')
    op.drop_index('ix_audit_log_at_id', table_name='audit_log')
