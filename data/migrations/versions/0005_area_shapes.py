"""area shapes: display geometry per area (GeoJSON text, schematic or imported)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'area_shapes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('geometry', sa.Text(), nullable=False),
        sa.Column('source', sa.Enum('schematic', 'imported', name='shapesource', native_enum=False,
                                    create_constraint=True, length=32), nullable=False),
        sa.Column('source_name', sa.String(length=300), nullable=True),
        sa.Column('imported_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'),
                  nullable=False),
        sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_area_shapes_area_id_areas'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_area_shapes')),
        sa.UniqueConstraint('area_id', name=op.f('uq_area_shapes_area_id')),
    )


def downgrade() -> None:
    op.drop_table('area_shapes')
