"""Verbund: agreements between a lead Gemeinde and member Gemeinden, the lead's posts serving them,
hours booked per member and quarter, and the numbered quarterly invoices (issue 17)

Revision ID: 0011_verbund
Revises: 0010_proofs_of_use (the integrator re-chains it after 0011)
Create Date: 2026-12-03 07:14:32
"""

import sqlalchemy as sa
from alembic import op

revision = '0011_verbund'
down_revision = '0010_proofs_of_use'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('verbund_agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('cost_per_fte', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('pay_group', sa.String(length=100), nullable=True),
    sa.Column('overhead_pct', sa.Numeric(precision=5, scale=2), server_default='10', nullable=False),
    sa.Column('overhead_cap', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('vat_mode', sa.Enum('taxable', 'not_taxable', name='vatmode', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('vat_rate_pct', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('offset_land_share', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('decision_ref', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.CheckConstraint('overhead_pct >= 0 AND overhead_pct <= 100', name=op.f('ck_verbund_agreements_overhead_range')),
    sa.CheckConstraint('valid_to >= valid_from', name=op.f('ck_verbund_agreements_valid_range')),
    sa.CheckConstraint('vat_rate_pct >= 0 AND vat_rate_pct <= 100', name=op.f('ck_verbund_agreements_vat_range')),
    sa.ForeignKeyConstraint(['lead_id'], ['areas.id'], name=op.f('fk_verbund_agreements_lead_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verbund_agreements')),
    sa.UniqueConstraint('code', name=op.f('uq_verbund_agreements_code'))
    )
    with op.batch_alter_table('verbund_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verbund_agreements_lead_id'), ['lead_id'], unique=False)

    op.create_table('verbund_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('min_hours_per_week', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.CheckConstraint('min_hours_per_week >= 0 AND min_hours_per_week <= 60', name=op.f('ck_verbund_members_hours_range')),
    sa.ForeignKeyConstraint(['agreement_id'], ['verbund_agreements.id'], name=op.f('fk_verbund_members_agreement_id_verbund_agreements')),
    sa.ForeignKeyConstraint(['municipality_id'], ['areas.id'], name=op.f('fk_verbund_members_municipality_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verbund_members')),
    sa.UniqueConstraint('agreement_id', 'municipality_id', name='uq_verbund_members_gemeinde')
    )
    with op.batch_alter_table('verbund_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verbund_members_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_verbund_members_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('verbund_posts',
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['verbund_agreements.id'], name=op.f('fk_verbund_posts_agreement_id_verbund_agreements')),
    sa.ForeignKeyConstraint(['post_id'], ['im_posts.id'], name=op.f('fk_verbund_posts_post_id_im_posts')),
    sa.PrimaryKeyConstraint('agreement_id', 'post_id', name=op.f('pk_verbund_posts'))
    )
    op.create_table('verbund_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('quarter_start', sa.Date(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('hours_unfunded', sa.Numeric(precision=7, scale=2), server_default='0', nullable=False),
    sa.Column('cases_funded', sa.Integer(), nullable=True),
    sa.Column('cases_unfunded', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.CheckConstraint('hours >= 0 AND hours_unfunded >= 0 AND hours_unfunded <= hours', name=op.f('ck_verbund_bookings_hours_valid')),
    sa.ForeignKeyConstraint(['member_id'], ['verbund_members.id'], name=op.f('fk_verbund_bookings_member_id_verbund_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verbund_bookings')),
    sa.UniqueConstraint('member_id', 'quarter_start', name='uq_verbund_bookings_quarter')
    )
    with op.batch_alter_table('verbund_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verbund_bookings_member_id'), ['member_id'], unique=False)

    op.create_table('verbund_invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('quarter_start', sa.Date(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('hours_unfunded', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('minimum_hours', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('hourly_rate', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('net', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('vat_mode', sa.Enum('taxable', 'not_taxable', name='vatmode', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('vat_rate_pct', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('vat', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('gross', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('land_share', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('land_share_assumed', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('offset_land_share', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'issued', 'paid', name='invoicestatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['verbund_members.id'], name=op.f('fk_verbund_invoices_member_id_verbund_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verbund_invoices')),
    sa.UniqueConstraint('member_id', 'quarter_start', name='uq_verbund_invoices_quarter'),
    sa.UniqueConstraint('number', name=op.f('uq_verbund_invoices_number'))
    )
    with op.batch_alter_table('verbund_invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verbund_invoices_member_id'), ['member_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('verbund_invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verbund_invoices_member_id'))

    op.drop_table('verbund_invoices')
    with op.batch_alter_table('verbund_bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verbund_bookings_member_id'))

    op.drop_table('verbund_bookings')
    op.drop_table('verbund_posts')
    with op.batch_alter_table('verbund_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verbund_members_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_verbund_members_agreement_id'))

    op.drop_table('verbund_members')
    with op.batch_alter_table('verbund_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verbund_agreements_lead_id'))

    op.drop_table('verbund_agreements')
