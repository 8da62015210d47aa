"""proofs of use: each Gemeinde's Verwendungsnachweis per year; a label for IM posts (import key)

Revision ID: 0010_proofs_of_use
Revises: 0008_landkreis (the integrator re-chains it after 0009)
Create Date: 2026-12-02 13:50:00

`received_on` empty means the Verwendungsnachweis is missing. `im_posts.label` ("Stelle 1", …) makes
Gemeinde + Arbeitgeber + Bezeichnung the natural key of the IM-posts import.
"""

import sqlalchemy as sa
from alembic import op

revision = '0010_proofs_of_use'
down_revision = '0009_county_roles'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('proofs_of_use',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('amount_spent', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.CheckConstraint('amount_spent IS NULL OR amount_spent >= 0', name=op.f('ck_proofs_of_use_amount_spent_non_negative')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_proofs_of_use_year_range')),
    sa.ForeignKeyConstraint(['municipality_id'], ['areas.id'], name=op.f('fk_proofs_of_use_municipality_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proofs_of_use')),
    sa.UniqueConstraint('municipality_id', 'year', name='uq_proofs_of_use_year')
    )
    with op.batch_alter_table('proofs_of_use', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proofs_of_use_municipality_id'), ['municipality_id'], unique=False)
    with op.batch_alter_table('im_posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sa.String(length=100), server_default='Stelle 1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('im_posts', schema=None) as batch_op:
        batch_op.drop_column('label')
    with op.batch_alter_table('proofs_of_use', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proofs_of_use_municipality_id'))
    op.drop_table('proofs_of_use')
