"""Component ids, each defined once (a test checks that the values are unique)."""

# shell
URL = "shell-url"
PAGE_CONTENT = "shell-page-content"
NAV = "shell-nav"
STAND = "shell-stand"
SOURCE_BADGE = "shell-source-badge"
REFRESH_INTERVAL = "shell-refresh-interval"
DATA_REVISION = "shell-data-revision"

# downloads: buttons are pattern-matching ids {"type": DOWNLOAD_BUTTON, "page": …, "table": …, "format": …}
DOWNLOAD_BUTTON = "download-button"
DOWNLOAD = "shell-download"

# Übersicht
OVERVIEW_DATE = "overview-date"
OVERVIEW_CONTENT = "overview-content"
OVERVIEW_MESSAGE = "overview-message"
OVERVIEW_KPI_CASES = "overview-kpi-cases"
OVERVIEW_KPI_CAPACITY = "overview-kpi-capacity"
OVERVIEW_KPI_CASES_PER_FTE = "overview-kpi-cases-per-fte"
OVERVIEW_KPI_UTILISATION = "overview-kpi-utilisation"
OVERVIEW_KPI_FTE_NEEDED = "overview-kpi-fte-needed"
OVERVIEW_TEAM_CHART = "overview-team-chart"
OVERVIEW_TEAM_TABLE = "overview-team-table"
OVERVIEW_STAFFING_TABLE = "overview-staffing-table"
OVERVIEW_FUNDS = "overview-funds"
OVERVIEW_VOLUNTEERING = "overview-volunteering"
