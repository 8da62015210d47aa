"""PDF reports, rendered on the server and offline: the "Jahresbericht / Verwendungsnachweis" for a
year and the "Sitzungsunterlage" for a meeting of the Steuerungsgremium or Koordinierungskreis.

Every figure comes from the same reporting functions as the pages (dashboard.services), so the PDF
and the screen always agree. Layout: reportlab (platypus) with DejaVu Sans (umlauts, €, ✔/✖),
charts drawn with matplotlib. German formats, page numbers "Seite X von Y", "Stand" on every page.
Suppressed small counts stay suppressed: the PDF only shows team, Sozialraum and city totals.

The package itself is light (the error, the file, the Stand): the web workers import it for
`ReportError`; the reports (reportlab, matplotlib: about 100 MB per process) load on first use,
`from dashboard.pdf.reports import …` inside the function that makes one (the PDF jobs, the CLI), or
by name from this package (`dashboard.pdf.annual_report`, PEP 562).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dashboard import services
from dashboard.model.figures.overview import Stand
from dashboard.model.vocabulary import MEETING_BODIES


class ReportError(ValueError):
    """A report that cannot be made (no data, a year without data); German message."""


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    pages: int


def _stand(session: Session) -> Stand:
    stand = services.dataset_stand(session)
    if stand is None:
        raise ReportError("Die Datenbank enthält keine Daten. Erst Daten importieren (oder `im-cockpit demo`).")
    return stand


_LAZY = {"annual_report": "dashboard.pdf.reports", "meeting_pack": "dashboard.pdf.reports",
         "county_use_report": "dashboard.pdf.county", "invoice_pdf": "dashboard.pdf.verbund",
         "meeting_file": "dashboard.pdf.meeting"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MEETING_BODIES", "ReportError", "ReportFile", "annual_report", "county_use_report", "invoice_pdf",
           "meeting_file", "meeting_pack"]
