"""The one data model of IM-Cockpit (SQLAlchemy 2.x typed ORM).

It holds territory (Stadtkreis → Sozialraum → Planungsbezirk; Landkreis → Gemeinde), providers and
teams, catchments, positions (Stellenplan), pseudonymised cases and aggregated caseload counts,
volunteer projects, the project-funds ledger, scenarios and the dataset's "Stand".

Personal data never enters this schema (DOMAIN.md §9): a case has a pseudonym, a district, dates,
status and flags, never a name, birth date or address. Money is `Numeric(12, 2)` and VZÄ
`Numeric(6, 3)`, read back as `Decimal`. Every schema change goes through an Alembic migration in
`data/migrations/versions`; a test checks that the migrations and these classes agree.
This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# the codes are the domain's vocabulary (defined once, in the model); the schema stores them
from dashboard.model.vocabulary import (  # noqa: F401 (re-exported for the data layer's callers)
    AreaKind,
    CaseOrigin,
    ClosureReason,
    DataSource,
    Funding,
    FundsEntryKind,
    ImMode,
    Programme,
    ProviderKind,
    Role,
    ShapeSource,
    VolunteerTopic,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: type[enum.Enum], length: int = 32) -> Enum:
    # Stored as plain strings with a CHECK constraint: portable between SQLite and PostgreSQL and
    # cheap to extend in a migration.
    return Enum(
        cls,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        create_constraint=True,
        name=cls.__name__.lower(),
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        Decimal: Numeric(12, 2, asdecimal=True),
        dict[str, Any]: JSON,
    }


class Timestamped:
    """Who changed a record last and when (the audit log comes on top of this)."""

    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    updated_by: Mapped[str] = mapped_column(String(120), default="system")


class Area(Base):
    """One node of the territory hierarchy: Landkreis, Stadtkreis, Sozialraum, district, Gemeinde."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AreaKind] = mapped_column(_enum(AreaKind))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    ags: Mapped[str | None] = mapped_column(String(8), unique=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    population: Mapped[int | None]
    sort_order: Mapped[int] = mapped_column(default=0)
    anchor_note: Mapped[str | None] = mapped_column(Text)

    parent: Mapped[Area | None] = relationship(remote_side="Area.id", back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent")

    __table_args__ = (
        CheckConstraint("ags IS NULL OR length(ags) = 8", name="ags_length"),
    )


class Provider(Base):
    """A Träger or the city's own team; as a case-work team it holds IM positions and cases."""

    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[ProviderKind] = mapped_column(_enum(ProviderKind))
    sort_order: Mapped[int] = mapped_column(default=0)
    # Teams whose cases follow the catchment of the case's district (external IM) versus teams
    # that take cases directly at a site (e.g. AWO at the GU Mönchseestraße).
    uses_catchment: Mapped[bool] = mapped_column(default=False)


class SocialAreaProvider(Base):
    """Which Träger is responsible for a Sozialraum (volunteer coordination), and since when."""

    __tablename__ = "social_area_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    social_area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    social_area: Mapped[Area] = relationship()
    provider: Mapped[Provider] = relationship()


class Catchment(Base):
    """A team's Einzugsgebiet for case work: team ↔ district, valid from/to (inclusive)."""

    __tablename__ = "catchments"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    provider: Mapped[Provider] = relationship()
    district: Mapped[Area] = relationship()


class Position(Timestamped, Base):
    """One line of the Stellenplan: a provider's post in a programme from one funding source."""

    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    programme: Mapped[Programme] = mapped_column(_enum(Programme))
    funding: Mapped[Funding] = mapped_column(_enum(Funding))
    planned_fte: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    filled_fte: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    # "bis zu 0,4 VZÄ": the planned value is an upper bound, not a commitment.
    planned_is_upper_bound: Mapped[bool] = mapped_column(default=False)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    funded_until: Mapped[dt.date | None] = mapped_column(Date)
    site: Mapped[str | None] = mapped_column(String(200))
    label: Mapped[str | None] = mapped_column(String(120))  # e.g. "CaDiFa", "KiDiFlü"
    # Posts shared between Stadt and Landkreis: VZÄ credited to the city, and the contractual minimum.
    city_share_fte: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    city_share_min_fte: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    staff_ratio: Mapped[int | None]  # overrides the instance's ratio for this post's programme
    plan: Mapped[str | None] = mapped_column(String(120))  # the plan document the line comes from
    note: Mapped[str | None] = mapped_column(Text)

    provider: Mapped[Provider] = relationship()

    __table_args__ = (
        CheckConstraint("planned_fte >= 0 AND filled_fte >= 0", name="fte_non_negative"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_range"),
    )


class PlanTotal(Base):
    """A total that a plan document states (e.g. "Diakonie insgesamt 0,4 VZÄ"), kept as stated.

    The consistency checks compare it with the sum of the plan's positions; a plan that
    contradicts itself is shown, not silently corrected.
    """

    __tablename__ = "plan_totals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan: Mapped[str] = mapped_column(String(120))
    scope: Mapped[str] = mapped_column(String(32))  # provider | programme | funding
    scope_code: Mapped[str] = mapped_column(String(64))
    stated_fte: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    # A provider's "insgesamt" in the concept leaves out the "zusätzlich" church-funded posts.
    excluded_funding: Mapped[Funding | None] = mapped_column(_enum(Funding))
    quote: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("plan", "scope", "scope_code", name="uq_plan_totals_scope"),)


class Case(Timestamped, Base):
    """One pseudonymised IM case. No names, birth dates or addresses, ever."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(64), unique=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    origin: Mapped[CaseOrigin] = mapped_column(_enum(CaseOrigin), default=CaseOrigin.case_transfer)
    au_assigned_on: Mapped[dt.date] = mapped_column(Date)
    opened_on: Mapped[dt.date] = mapped_column(Date, index=True)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    closure_reason: Mapped[ClosureReason | None] = mapped_column(_enum(ClosureReason))
    eligibility_extended: Mapped[bool] = mapped_column(default=False)  # 4-year extension granted
    has_integration_plan: Mapped[bool] = mapped_column(default=False)
    household_size: Mapped[int] = mapped_column(default=1)
    category: Mapped[str | None] = mapped_column(String(32))  # for weighted caseload schemes

    district: Mapped[Area | None] = relationship()
    team: Mapped[Provider | None] = relationship()

    __table_args__ = (
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="closed_after_opened"),
        CheckConstraint(
            "(closed_on IS NULL) = (closure_reason IS NULL)", name="closure_reason_iff_closed"
        ),
        CheckConstraint("household_size BETWEEN 1 AND 30", name="household_size_range"),
    )


class CaseloadCount(Base):
    """Aggregated active-case count reported by a team for a district on a date."""

    __tablename__ = "caseload_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    active_cases: Mapped[int]

    __table_args__ = (
        UniqueConstraint("as_of", "team_id", "district_id", name="uq_caseload_counts_key"),
        CheckConstraint("active_cases >= 0", name="active_cases_non_negative"),
    )


class VolunteerProject(Timestamped, Base):
    """An Ehrenamtsprojekt with its site, Träger and volunteers by age band."""

    __tablename__ = "volunteer_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    topic: Mapped[VolunteerTopic] = mapped_column(_enum(VolunteerTopic))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    site: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    volunteers: Mapped[int] = mapped_column(default=0)
    volunteers_18_29: Mapped[int] = mapped_column(default=0)
    volunteers_30_49: Mapped[int] = mapped_column(default=0)
    volunteers_50_64: Mapped[int] = mapped_column(default=0)
    volunteers_65_plus: Mapped[int] = mapped_column(default=0)
    active_from: Mapped[dt.date] = mapped_column(Date)
    active_to: Mapped[dt.date | None] = mapped_column(Date)

    provider: Mapped[Provider] = relationship()
    district: Mapped[Area | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "volunteers = volunteers_18_29 + volunteers_30_49 + volunteers_50_64 + volunteers_65_plus",
            name="age_bands_sum",
        ),
    )


class FundsEntry(Timestamped, Base):
    """One line of the Projektmittel ledger. Amounts are exact decimals in euros."""

    __tablename__ = "funds_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    kind: Mapped[FundsEntryKind] = mapped_column(_enum(FundsEntryKind))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    booked_on: Mapped[dt.date] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(String(300))
    # transfers only: receiving Träger and the Koordinierungskreis decision
    to_provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    decision_ref: Mapped[str | None] = mapped_column(String(120))

    provider: Mapped[Provider] = relationship(foreign_keys=[provider_id])
    to_provider: Mapped[Provider | None] = relationship(foreign_keys=[to_provider_id])

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "kind <> 'transfer' OR (to_provider_id IS NOT NULL AND decision_date IS NOT NULL "
            "AND to_provider_id <> provider_id)",
            name="transfer_needs_decision",
        ),
        Index("ix_funds_entries_year_provider", "year", "provider_id"),
    )


class Scenario(Base):
    """A named what-if scenario: frozen baseline plus the list of changes, as JSON."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    baseline_date: Mapped[dt.date] = mapped_column(Date)
    baseline: Mapped[dict[str, Any]] = mapped_column(JSON)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)


class DatasetInfo(Base):
    """The dataset's "Stand": as-of date and source; one row. `revision` grows with every change."""

    __tablename__ = "dataset_info"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[DataSource] = mapped_column(_enum(DataSource))
    label: Mapped[str] = mapped_column(String(200))
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


# --- access control and audit (security issue) -----------------------------------------------------


class User(Base):
    """A person who logs in. Only an argon2id hash of the password is stored."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))  # for role provider
    active: Mapped[bool] = mapped_column(default=True)
    # grows on password change or deactivation: sessions carrying an older value end
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    provider: Mapped[Provider | None] = relationship()


class AuditEvent(Base):
    """One line of the audit log: who did what when. The app only ever inserts here; database
    triggers (migration 0004) refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"
    # the paged log (newest first, filtered by person, action or period) reads these, never sorts it all
    __table_args__ = (Index("ix_audit_log_at_id", "at", "id"), Index("ix_audit_log_actor_at_id", "actor", "at", "id"),
                      Index("ix_audit_log_action_at_id", "action", "at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))  # e.g. login, login_failed, insert, update
    target: Mapped[str | None] = mapped_column(String(200))  # e.g. "funds_entries#12", "user:anna"
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(64))


# --- maps (geometry issue) ---------------------------------------------------------------------


class AreaShape(Base):
    """The display geometry of one area: GeoJSON in WGS84, already simplified for the map.

    Stored so that no request recomputes it; an import replaces the rows of its level in one
    transaction. Plain text, no PostGIS: the app only draws these shapes.
    """

    __tablename__ = "area_shapes"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), unique=True)
    geometry: Mapped[str] = mapped_column(Text)
    source: Mapped[ShapeSource] = mapped_column(_enum(ShapeSource))
    source_name: Mapped[str | None] = mapped_column(String(300))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    area: Mapped[Area] = relationship()
# --- imports and the ingest API (issue 7) ----------------------------------------------------------

class ImportedFile(Base):
    """The ledger of applied imports: a file (or API body) whose SHA-256 is here was imported already,
    so importing it again changes nothing."""

    __tablename__ = "imported_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(16))  # file | api | cli
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))  # the importer's Träger scope
    imported_by: Mapped[str] = mapped_column(String(120))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    rows_new: Mapped[int] = mapped_column(default=0)
    rows_updated: Mapped[int] = mapped_column(default=0)
    rows_unchanged: Mapped[int] = mapped_column(default=0)


class ApiToken(Base):
    """A Träger's token for the ingest API. Only the SHA-256 of the token is stored; the token is
    shown once when it is created. A token writes only its Träger's data."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    provider: Mapped[Provider] = relationship()


# --- Landkreis: the Land's IM funds, the annual target-group survey, who runs IM in each Gemeinde ---

class CountyFunds(Timestamped, Base):
    """The Land funds (VwV Integrationsmanagement) a Landkreis receives for one calculation year."""

    __tablename__ = "county_funds"

    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    year: Mapped[int]
    amount: Mapped[Decimal]
    note: Mapped[str | None] = mapped_column(Text)

    county: Mapped[Area] = relationship()

    __table_args__ = (
        UniqueConstraint("county_id", "year", name="uq_county_funds_year"),
        CheckConstraint("amount >= 0", name="amount_non_negative"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )


class TargetGroupCount(Base):
    """The annual survey: persons assigned to Anschlussunterbringung in a Gemeinde in one month.

    Counts only (DOMAIN §9), never persons; `month` is the first day of the assignment month.
    """

    __tablename__ = "target_group_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    month: Mapped[dt.date] = mapped_column(Date)
    persons: Mapped[int]

    municipality: Mapped[Area] = relationship()

    __table_args__ = (
        UniqueConstraint("municipality_id", "month", name="uq_target_group_counts_month"),
        CheckConstraint("persons >= 0", name="persons_non_negative"),
    )


class ImArrangement(Timestamped, Base):
    """Who runs IM for a Gemeinde from `valid_from` on (A Eigenregie, B via a Träger, C Landkreis, Verbund).

    `provider_name`: the Träger it is delegated to (B; for C the Träger the Landkreis delegated to).
    """

    __tablename__ = "im_arrangements"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    mode: Mapped[ImMode] = mapped_column(_enum(ImMode))
    provider_name: Mapped[str | None] = mapped_column(String(200))
    decision_ref: Mapped[str | None] = mapped_column(String(200))  # e.g. Gemeinderatsbeschluss vom …
    note: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Area] = relationship()

    __table_args__ = (UniqueConstraint("municipality_id", "valid_from", name="uq_im_arrangements_from"),)


class ImPost(Timestamped, Base):
    """An integration manager's post serving a Gemeinde of a Landkreis (employer, VZÄ, filled, funded until)."""

    __tablename__ = "im_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    employer: Mapped[str] = mapped_column(String(200))
    fte: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    filled: Mapped[bool] = mapped_column(default=True)
    funded_until: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Area] = relationship()

    __table_args__ = (CheckConstraint("fte > 0 AND fte <= 10", name="fte_range"),)
