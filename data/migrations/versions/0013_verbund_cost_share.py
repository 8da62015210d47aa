"""Verbund: billing by the agreed share of the lead's actual cost (per agreement), the members' agreed
share, the actual cost per quarter, and the invoice's frozen share and cost (issue 17)

Revision ID: 0013_verbund_cost_share
Revises: 0012_meetings
Create Date: 2026-12-03 15:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013_verbund_cost_share'
down_revision = '0012_meetings'
branch_labels = None
depends_on = None


def _billing() -> sa.Column:
    return sa.Column('billing', sa.Enum('hours', 'cost_share', name='billingmode', native_enum=False,
                                        create_constraint=True, length=32), server_default='hours', nullable=False)


def upgrade() -> None:
    op.create_table('verbund_quarter_costs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('quarter_start', sa.Date(), nullable=False),
    sa.Column('actual_cost', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.CheckConstraint('actual_cost >= 0', name=op.f('ck_verbund_quarter_costs_cost_valid')),
    sa.ForeignKeyConstraint(['agreement_id'], ['verbund_agreements.id'],
                            name=op.f('fk_verbund_quarter_costs_agreement_id_verbund_agreements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verbund_quarter_costs')),
    sa.UniqueConstraint('agreement_id', 'quarter_start', name='uq_verbund_quarter_costs_quarter'),
    )
    with op.batch_alter_table('verbund_quarter_costs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verbund_quarter_costs_agreement_id'), ['agreement_id'], unique=False)
    with op.batch_alter_table('verbund_agreements', schema=None) as batch_op:
        batch_op.add_column(_billing())
    with op.batch_alter_table('verbund_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cost_share_pct', sa.Numeric(precision=5, scale=2), nullable=True))
        batch_op.create_check_constraint(
            'share_range', 'cost_share_pct IS NULL OR (cost_share_pct > 0 AND cost_share_pct <= 100)')
    with op.batch_alter_table('verbund_invoices', schema=None) as batch_op:
        batch_op.add_column(_billing())
        batch_op.add_column(sa.Column('cost_share_pct', sa.Numeric(precision=5, scale=2), nullable=True))
        batch_op.add_column(sa.Column('actual_cost', sa.Numeric(precision=12, scale=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('verbund_invoices', schema=None) as batch_op:
        batch_op.drop_column('actual_cost')
        batch_op.drop_column('cost_share_pct')
        batch_op.drop_constraint('billingmode', type_='check')
        batch_op.drop_column('billing')
    with op.batch_alter_table('verbund_members', schema=None) as batch_op:
        batch_op.drop_constraint('share_range', type_='check')
        batch_op.drop_column('cost_share_pct')
    with op.batch_alter_table('verbund_agreements', schema=None) as batch_op:
        batch_op.drop_constraint('billingmode', type_='check')
        batch_op.drop_column('billing')
    with op.batch_alter_table('verbund_quarter_costs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verbund_quarter_costs_agreement_id'))
    op.drop_table('verbund_quarter_costs')
