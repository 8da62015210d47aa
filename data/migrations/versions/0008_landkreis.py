"""landkreis: Land funds per Kreis and year, survey counts, IM arrangements and posts

Revision ID: 0008_landkreis
Revises: 0007_audit_index
Create Date: 2026-12-02 07:07:02

Counts only, never persons (DOMAIN §9): the survey holds persons per Gemeinde and assignment month.
"""

import sqlalchemy as sa
from alembic import op

revision = '0008_landkreis'
down_revision = '0007_audit_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('county_funds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_county_funds_amount_non_negative')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_county_funds_year_range')),
    sa.ForeignKeyConstraint(['county_id'], ['areas.id'], name=op.f('fk_county_funds_county_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_funds')),
    sa.UniqueConstraint('county_id', 'year', name='uq_county_funds_year')
    )
    with op.batch_alter_table('county_funds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_funds_county_id'), ['county_id'], unique=False)

    op.create_table('im_arrangements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('mode', sa.Enum('own', 'own_provider', 'county', 'verbund', name='immode', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('provider_name', sa.String(length=200), nullable=True),
    sa.Column('decision_ref', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['areas.id'], name=op.f('fk_im_arrangements_municipality_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_im_arrangements')),
    sa.UniqueConstraint('municipality_id', 'valid_from', name='uq_im_arrangements_from')
    )
    with op.batch_alter_table('im_arrangements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_im_arrangements_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('im_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('fte', sa.Numeric(precision=6, scale=3), nullable=False),
    sa.Column('filled', sa.Boolean(), nullable=False),
    sa.Column('funded_until', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.CheckConstraint('fte > 0 AND fte <= 10', name=op.f('ck_im_posts_fte_range')),
    sa.ForeignKeyConstraint(['municipality_id'], ['areas.id'], name=op.f('fk_im_posts_municipality_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_im_posts'))
    )
    with op.batch_alter_table('im_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_im_posts_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('target_group_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('persons', sa.Integer(), nullable=False),
    sa.CheckConstraint('persons >= 0', name=op.f('ck_target_group_counts_persons_non_negative')),
    sa.ForeignKeyConstraint(['municipality_id'], ['areas.id'], name=op.f('fk_target_group_counts_municipality_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target_group_counts')),
    sa.UniqueConstraint('municipality_id', 'month', name='uq_target_group_counts_month')
    )
    with op.batch_alter_table('target_group_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_group_counts_municipality_id'), ['municipality_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('target_group_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_group_counts_municipality_id'))

    op.drop_table('target_group_counts')
    with op.batch_alter_table('im_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_im_posts_municipality_id'))

    op.drop_table('im_posts')
    with op.batch_alter_table('im_arrangements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_im_arrangements_municipality_id'))

    op.drop_table('im_arrangements')
    with op.batch_alter_table('county_funds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_funds_county_id'))

    op.drop_table('county_funds')
