"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 02:53:22.818358
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('county', 'city', 'social_area', 'district', 'municipality', name='areakind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('ags', sa.String(length=8), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('anchor_note', sa.Text(), nullable=True),
    sa.CheckConstraint('ags IS NULL OR length(ags) = 8', name=op.f('ck_areas_ags_length')),
    sa.ForeignKeyConstraint(['parent_id'], ['areas.id'], name=op.f('fk_areas_parent_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_areas')),
    sa.UniqueConstraint('ags', name=op.f('uq_areas_ags')),
    sa.UniqueConstraint('code', name=op.f('uq_areas_code'))
    )
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_areas_parent_id'), ['parent_id'], unique=False)

    op.create_table('dataset_info',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('source', sa.Enum('demo', 'imported', name='datasource', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dataset_info'))
    )
    op.create_table('plan_totals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan', sa.String(length=120), nullable=False),
    sa.Column('scope', sa.String(length=32), nullable=False),
    sa.Column('scope_code', sa.String(length=64), nullable=False),
    sa.Column('stated_fte', sa.Numeric(precision=6, scale=3), nullable=False),
    sa.Column('excluded_funding', sa.Enum('land', 'city', 'church', name='funding', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_totals')),
    sa.UniqueConstraint('plan', 'scope', 'scope_code', name='uq_plan_totals_scope')
    )
    op.create_table('providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.Enum('provider', 'city', name='providerkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('uses_catchment', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_providers')),
    sa.UniqueConstraint('code', name=op.f('uq_providers_code'))
    )
    op.create_table('scenarios',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('baseline_date', sa.Date(), nullable=False),
    sa.Column('baseline', sa.JSON(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scenarios'))
    )
    op.create_table('caseload_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('active_cases', sa.Integer(), nullable=False),
    sa.CheckConstraint('active_cases >= 0', name=op.f('ck_caseload_counts_active_cases_non_negative')),
    sa.ForeignKeyConstraint(['district_id'], ['areas.id'], name=op.f('fk_caseload_counts_district_id_areas')),
    sa.ForeignKeyConstraint(['team_id'], ['providers.id'], name=op.f('fk_caseload_counts_team_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caseload_counts')),
    sa.UniqueConstraint('as_of', 'team_id', 'district_id', name='uq_caseload_counts_key')
    )
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pseudonym', sa.String(length=64), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('origin', sa.Enum('case_transfer', 'direct', name='caseorigin', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('au_assigned_on', sa.Date(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closure_reason', sa.Enum('goal_reached', 'moved_away', 'eligibility_ended', 'other', name='closurereason', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('eligibility_extended', sa.Boolean(), nullable=False),
    sa.Column('has_integration_plan', sa.Boolean(), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.CheckConstraint('(closed_on IS NULL) = (closure_reason IS NULL)', name=op.f('ck_cases_closure_reason_iff_closed')),
    sa.CheckConstraint('closed_on IS NULL OR closed_on >= opened_on', name=op.f('ck_cases_closed_after_opened')),
    sa.CheckConstraint('household_size BETWEEN 1 AND 30', name=op.f('ck_cases_household_size_range')),
    sa.ForeignKeyConstraint(['district_id'], ['areas.id'], name=op.f('fk_cases_district_id_areas')),
    sa.ForeignKeyConstraint(['team_id'], ['providers.id'], name=op.f('fk_cases_team_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('pseudonym', name=op.f('uq_cases_pseudonym'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_closed_on'), ['closed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_opened_on'), ['opened_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_team_id'), ['team_id'], unique=False)

    op.create_table('catchments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['district_id'], ['areas.id'], name=op.f('fk_catchments_district_id_areas')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_catchments_provider_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catchments'))
    )
    with op.batch_alter_table('catchments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catchments_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_catchments_provider_id'), ['provider_id'], unique=False)

    op.create_table('funds_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('allocation', 'expense', 'transfer', name='fundsentrykind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('booked_on', sa.Date(), nullable=False),
    sa.Column('purpose', sa.String(length=300), nullable=False),
    sa.Column('to_provider_id', sa.Integer(), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('decision_ref', sa.String(length=120), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.CheckConstraint("kind <> 'transfer' OR (to_provider_id IS NOT NULL AND decision_date IS NOT NULL AND to_provider_id <> provider_id)", name=op.f('ck_funds_entries_transfer_needs_decision')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_funds_entries_amount_positive')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_funds_entries_provider_id_providers')),
    sa.ForeignKeyConstraint(['to_provider_id'], ['providers.id'], name=op.f('fk_funds_entries_to_provider_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funds_entries'))
    )
    with op.batch_alter_table('funds_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funds_entries_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funds_entries_year'), ['year'], unique=False)
        batch_op.create_index('ix_funds_entries_year_provider', ['year', 'provider_id'], unique=False)

    op.create_table('positions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('programme', sa.Enum('im', 'volunteer_coordination', 'migration_counselling', 'church_volunteer', name='programme', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('funding', sa.Enum('land', 'city', 'church', name='funding', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('planned_fte', sa.Numeric(precision=6, scale=3), nullable=False),
    sa.Column('filled_fte', sa.Numeric(precision=6, scale=3), nullable=False),
    sa.Column('planned_is_upper_bound', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('funded_until', sa.Date(), nullable=True),
    sa.Column('site', sa.String(length=200), nullable=True),
    sa.Column('label', sa.String(length=120), nullable=True),
    sa.Column('city_share_fte', sa.Numeric(precision=6, scale=3), nullable=True),
    sa.Column('city_share_min_fte', sa.Numeric(precision=6, scale=3), nullable=True),
    sa.Column('staff_ratio', sa.Integer(), nullable=True),
    sa.Column('plan', sa.String(length=120), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.CheckConstraint('planned_fte >= 0 AND filled_fte >= 0', name=op.f('ck_positions_fte_non_negative')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_positions_valid_range')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_positions_provider_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_positions'))
    )
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_positions_provider_id'), ['provider_id'], unique=False)

    op.create_table('social_area_providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('social_area_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_social_area_providers_provider_id_providers')),
    sa.ForeignKeyConstraint(['social_area_id'], ['areas.id'], name=op.f('fk_social_area_providers_social_area_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_social_area_providers'))
    )
    with op.batch_alter_table('social_area_providers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_social_area_providers_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_social_area_providers_social_area_id'), ['social_area_id'], unique=False)

    op.create_table('volunteer_projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('topic', sa.Enum('labour_market', 'housing', 'forms', 'social_participation', 'language', 'debt_prevention', 'homework', 'childcare', 'bicycle_workshop', name='volunteertopic', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('site', sa.String(length=200), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('volunteers', sa.Integer(), nullable=False),
    sa.Column('volunteers_18_29', sa.Integer(), nullable=False),
    sa.Column('volunteers_30_49', sa.Integer(), nullable=False),
    sa.Column('volunteers_50_64', sa.Integer(), nullable=False),
    sa.Column('volunteers_65_plus', sa.Integer(), nullable=False),
    sa.Column('active_from', sa.Date(), nullable=False),
    sa.Column('active_to', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.CheckConstraint('volunteers = volunteers_18_29 + volunteers_30_49 + volunteers_50_64 + volunteers_65_plus', name=op.f('ck_volunteer_projects_age_bands_sum')),
    sa.ForeignKeyConstraint(['district_id'], ['areas.id'], name=op.f('fk_volunteer_projects_district_id_areas')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_volunteer_projects_provider_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_projects'))
    )
    with op.batch_alter_table('volunteer_projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_projects_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_projects_provider_id'), ['provider_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('volunteer_projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_projects_provider_id'))
        batch_op.drop_index(batch_op.f('ix_volunteer_projects_district_id'))

    op.drop_table('volunteer_projects')
    with op.batch_alter_table('social_area_providers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_social_area_providers_social_area_id'))
        batch_op.drop_index(batch_op.f('ix_social_area_providers_provider_id'))

    op.drop_table('social_area_providers')
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_positions_provider_id'))

    op.drop_table('positions')
    with op.batch_alter_table('funds_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_funds_entries_year_provider')
        batch_op.drop_index(batch_op.f('ix_funds_entries_year'))
        batch_op.drop_index(batch_op.f('ix_funds_entries_provider_id'))

    op.drop_table('funds_entries')
    with op.batch_alter_table('catchments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catchments_provider_id'))
        batch_op.drop_index(batch_op.f('ix_catchments_district_id'))

    op.drop_table('catchments')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_team_id'))
        batch_op.drop_index(batch_op.f('ix_cases_opened_on'))
        batch_op.drop_index(batch_op.f('ix_cases_district_id'))
        batch_op.drop_index(batch_op.f('ix_cases_closed_on'))

    op.drop_table('cases')
    op.drop_table('caseload_counts')
    op.drop_table('scenarios')
    op.drop_table('providers')
    op.drop_table('plan_totals')
    op.drop_table('dataset_info')
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_areas_parent_id'))

    op.drop_table('areas')
