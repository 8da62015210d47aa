"""county roles: users and API tokens scoped to a Landkreis or a Gemeinde

Revision ID: 0009_county_roles
Revises: 0008_landkreis
Create Date: 2026-12-02 14:00:00

users gain county_id / municipality_id (roles county and municipality); api_tokens.provider_id
becomes nullable and a token names exactly one scope: a Träger, a Landkreis or a Gemeinde.
"""

import sqlalchemy as sa
from alembic import op

revision = '0009_county_roles'
down_revision = '0008_landkreis'
branch_labels = None
depends_on = None

ROLES_OLD = ('admin', 'steering', 'provider', 'viewer')
ROLES_NEW = ROLES_OLD + ('county', 'municipality')
ONE_SCOPE = ("(CASE WHEN provider_id IS NULL THEN 0 ELSE 1 END + CASE WHEN county_id IS NULL THEN 0 ELSE 1 END"
             " + CASE WHEN municipality_id IS NULL THEN 0 ELSE 1 END) = 1")


def _role(values):
    return sa.Enum(*values, name='role', native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('county_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_county_id_areas'), 'areas', ['county_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_users_municipality_id_areas'), 'areas', ['municipality_id'], ['id'])
        batch_op.alter_column('role', existing_type=_role(ROLES_OLD), type_=_role(ROLES_NEW), existing_nullable=False)
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('county_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_api_tokens_county_id_areas'), 'areas', ['county_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_api_tokens_municipality_id_areas'), 'areas',
                                    ['municipality_id'], ['id'])
        batch_op.alter_column('provider_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(batch_op.f('ck_api_tokens_one_scope'), ONE_SCOPE)


def downgrade() -> None:
    op.execute("DELETE FROM api_tokens WHERE provider_id IS NULL")
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_api_tokens_one_scope'), type_='check')
        batch_op.alter_column('provider_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_api_tokens_municipality_id_areas'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_api_tokens_county_id_areas'), type_='foreignkey')
        batch_op.drop_column('municipality_id')
        batch_op.drop_column('county_id')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=_role(ROLES_NEW), type_=_role(ROLES_OLD), existing_nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_users_municipality_id_areas'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_users_county_id_areas'), type_='foreignkey')
        batch_op.drop_column('municipality_id')
        batch_op.drop_column('county_id')
