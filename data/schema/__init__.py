"""The one data model of IM-Cockpit (SQLAlchemy 2.x typed ORM), one module per domain.

It holds territory (Stadtkreis → Sozialraum → Planungsbezirk; Landkreis → Gemeinde), providers and
teams, catchments (`organisation`), positions (Stellenplan, `staffing`), pseudonymised cases and
aggregated caseload counts (`cases`), volunteer projects (`volunteering`), the project-funds ledger
(`funds`), scenarios (`scenarios`), the dataset's "Stand" (`dataset`), users and the audit log
(`access`), the map's shapes (`maps`), saved Sitzungen (`meetings`), and imported files and API tokens (`ingest`); `base` holds
the declarative base. Every name is importable from `data.schema`, and `Base.metadata` knows every
table once this package is imported (Alembic's `target_metadata`). The modules are imported in the
order the tables were declared, so `Base.metadata.sorted_tables` keeps its order.

Personal data never enters this schema (DOMAIN.md §9): a case has a pseudonym, a district, dates,
status and flags, never a name, birth date or address. Money is `Numeric(12, 2)` and VZÄ
`Numeric(6, 3)`, read back as `Decimal`. Every schema change goes through an Alembic migration in
`data/migrations/versions`; a test checks that the migrations and these classes agree.
This package must not import dash, layouts or callbacks.
"""

from __future__ import annotations

# the codes are the domain's vocabulary (defined once, in the model); the schema stores them and
# re-exports them for the data layer's callers
from dashboard.model.vocabulary import (
    AreaKind,
    CaseOrigin,
    ClosureReason,
    DataSource,
    Funding,
    FundsEntryKind,
    ImMode,
    InvoiceStatus,
    Programme,
    ProviderKind,
    Role,
    ShapeSource,
    VatMode,
    VolunteerTopic,
)
from data.schema.base import NAMING_CONVENTION, Base, Timestamped, stored_enum

# in the order the tables were declared (see above)
# isort: off
from data.schema.organisation import Area, Catchment, Provider, SocialAreaProvider
from data.schema.staffing import PlanTotal, Position
from data.schema.cases import Case, CaseloadCount
from data.schema.volunteering import VolunteerProject
from data.schema.funds import FundsEntry
from data.schema.scenarios import Scenario
from data.schema.dataset import DatasetInfo
from data.schema.access import AuditEvent, User
from data.schema.maps import AreaShape
from data.schema.ingest import ApiToken, ImportedFile
from data.schema.county import CountyFunds, ImArrangement, ImPost, ProofOfUse, TargetGroupCount
from data.schema.verbund import (
    VerbundAgreement,
    VerbundBooking,
    VerbundInvoice,
    VerbundMember,
    VerbundQuarterCost,
    verbund_posts,
)
from data.schema.meetings import MeetingRow
# isort: on

__all__ = [
    "NAMING_CONVENTION", "ApiToken", "Area", "AreaKind", "AreaShape", "AuditEvent", "Base", "Case", "CaseOrigin",
    "CaseloadCount", "Catchment", "MeetingRow", "CountyFunds", "ImArrangement", "ImMode", "ImPost", "ProofOfUse", "TargetGroupCount", "ClosureReason", "DataSource", "DatasetInfo", "Funding", "FundsEntry",
    "FundsEntryKind", "ImportedFile", "PlanTotal", "Position", "Programme", "Provider", "ProviderKind", "Role",
    "Scenario", "ShapeSource", "SocialAreaProvider", "Timestamped", "User", "VolunteerProject", "VolunteerTopic",
    "stored_enum", "VerbundAgreement", "VerbundBooking", "VerbundInvoice", "VerbundMember", "VerbundQuarterCost", "verbund_posts",
    "InvoiceStatus", "VatMode",
]
