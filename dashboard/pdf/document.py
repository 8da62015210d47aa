"""The PDF frame: A4, DejaVu Sans, a header with title and "Stand", a footer "Seite X von Y"."""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
import pyphen
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from dashboard.model.figures.overview import Stand
from dashboard.model.formatting import fmt_date

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
GERMAN = pyphen.Pyphen(lang="de_DE")  # hyphenation points of German words (LibreOffice dictionary)
INK, MUTED, LINE, ZEBRA = colors.HexColor("#1b1b1b"), colors.HexColor("#555555"), colors.HexColor("#b8b8b8"), \
    colors.HexColor("#f2f2f2")
MARGIN = 18 * mm


def text(value) -> str:
    """Data text for a Paragraph. reportlab reads a Paragraph's text as markup (<b>, <a>, <img>), so
    & < > of every value from the database are escaped: markup only from the reports' own strings."""
    return escape(str(value))


def chart_text(value) -> str:
    """Data text for a matplotlib label: "$" would start mathtext (and can fail the whole report)."""
    return str(value).replace("$", r"\$")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """DejaVu Sans ships with matplotlib: no system font needed, and it has ä ö ü ß € ✔ ✖."""
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))


LONG_WORD = re.compile(r"[^\W\d_]{8,}")


def hyphenated(markup: str) -> str:
    """Soft hyphens at the syllables the German dictionary allows in each long word, so a narrow table
    cell breaks "Nordstadt-Mehr-|generationenhaus" and never "Mehrgenerat|ionenhaus"; invisible unless used."""
    return LONG_WORD.sub(lambda m: _soft_hyphens(m.group(0)), markup)


def _soft_hyphens(word: str) -> str:
    cuts: list[int] = []
    for cut in GERMAN.positions(word):  # no one-letter piece: "Nord-s-tadt" → "Nord-stadt"
        if not cuts or cut - cuts[-1] > 1:
            cuts.append(cut)
    pieces = [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]
    return "\u00ad".join(pieces)


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    # embeddedHyphenation: a line may end at a word's own "-" or at a soft hyphen (see `hyphenated`)
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13, textColor=INK, embeddedHyphenation=1)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=22, leading=28, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=14, leading=18, spaceBefore=10,
                             spaceAfter=6, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=6,
                             spaceAfter=3, keepWithNext=1),
        "kpi": ParagraphStyle("kpi", parent=base, fontName=BOLD, fontSize=18, leading=22),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=BOLD, fontSize=8, leading=10),
    }


def table(header: list[str], rows: list[list], *, widths: list[float] | None = None, numeric: set[int] = frozenset(),
          footer: list | None = None) -> Table:
    """A plain table: bold header repeated on every page, zebra rows, numbers right-aligned."""
    style = styles()

    def cell(value, bold=False):
        if isinstance(value, Paragraph):
            return value
        return Paragraph(hyphenated(text(value)), style["cell_bold" if bold else "cell"])

    data = [[cell(h, True) for h in header]] + [[cell(v) for v in row] for row in rows]
    if footer:
        data.append([cell(v, True) for v in footer])
    commands = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index in range(1, len(rows) + 1, 2):
        commands.append(("BACKGROUND", (0, index), (-1, index), ZEBRA))
    if footer:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, INK))
    result = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    for column in numeric:  # right-align the paragraphs of numeric columns
        for row in data:
            row[column].style = ParagraphStyle("num", parent=row[column].style, alignment=2)
    return result


class _NumberedCanvas(canvas.Canvas):
    """Keeps every page until the end, then stamps "Seite X von Y" on each."""

    header: tuple[str, str] = ("", "")
    pages = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        type(self).pages = total
        for state in self._pages:
            self.__dict__.update(state)
            self._frame(total)
            super().showPage()
        super().save()

    def _frame(self, total: int) -> None:
        width, height = A4
        title, stand = self.header
        self.setFont(FONT, 7.5)
        self.setFillColor(MUTED)
        self.drawString(MARGIN, height - 11 * mm, title)
        self.drawRightString(width - MARGIN, height - 11 * mm, stand)
        self.setStrokeColor(LINE)
        self.line(MARGIN, height - 12.5 * mm, width - MARGIN, height - 12.5 * mm)
        self.line(MARGIN, 12.5 * mm, width - MARGIN, 12.5 * mm)
        self.drawString(MARGIN, 8.5 * mm, "IM-Cockpit · nur aggregierte Zahlen, keine personenbezogenen Daten")
        self.drawRightString(width - MARGIN, 8.5 * mm, f"Seite {self._pageNumber} von {total}")


class Document:
    """Collects flowables; `build()` returns the PDF bytes and the page count."""

    def __init__(self, *, title: str, subtitle: str, stand: Stand, day: dt.date):
        self.title, self.subtitle, self.stand, self.day = title, subtitle, stand, day
        self.styles = styles()
        self.story: list = []
        self.created = dt.datetime.now()

    @property
    def stand_text(self) -> str:
        return f"Stand der Daten {fmt_date(self.stand.as_of)} · {self.stand.label}"

    def add(self, flowables: list) -> None:
        self.story.extend(flowables)

    def build(self) -> tuple[bytes, int]:
        buffer = io.BytesIO()
        header = (self.title, self.stand_text)
        canvas_class = type("ReportCanvas", (_NumberedCanvas,), {"header": header})
        template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                                     topMargin=18 * mm, bottomMargin=18 * mm, title=f"{self.title} – {self.subtitle}",
                                     author="IM-Cockpit", subject=self.stand_text, lang="de-DE")
        template.build(list(self.story), canvasmaker=canvas_class)
        return buffer.getvalue(), canvas_class.pages
