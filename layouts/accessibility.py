"""Erklärung zur Barrierefreiheit (§ 10 L-BGG BW, BITV 2.0 / EN 301 549 / WCAG 2.1 AA): how far the
IM-Cockpit conforms, what is not accessible yet, and where to report a barrier. The contact address
comes from the settings (callbacks.accessibility); this module holds the text only."""

from __future__ import annotations

import datetime as dt

from dash import dcc, html

from dashboard.model.formatting import fmt_date
from layouts import ids
from layouts.components import Section
from layouts.presentation import Presentation, Slide

TITLE = "Erklärung zur Barrierefreiheit"
PRESENTATION = Presentation((Slide("rueckmeldung", "Barrierefreiheit: Rückmeldung", (ids.ACCESSIBILITY_CONTACT,)),))
PATH = "/barrierefreiheit"
DECLARED_ON = dt.date(2026, 12, 2)  # the date of the last self-assessment (update with every review)
MAIL_SUBJECT = "Barriere im IM-Cockpit"

MET = (
    "Jede Seite wird für jede Rolle (Administration, Steuerungsgremium, Träger, Lesezugriff) in jedem "
    "Farbmodus (hell, dunkel, hoher Kontrast) und im Präsentationsmodus automatisch mit axe-core gegen die "
    "Regeln der WCAG 2.1 (Stufen A und AA) geprüft: 0 Verstöße.",
    "Jedem Diagramm folgt eine Tabelle seiner Werte, die Screenreader vorlesen; die Karte listet jedes Gebiet "
    "in einer Tabelle unter der Karte.",
    "Linien, Balken und Punkte der Diagramme haben in jedem Farbmodus mindestens 3:1 Kontrast zum Hintergrund.",
    "Ein Link „Zum Inhalt springen“ führt an der Navigation vorbei zum Inhalt.",
    "Alle Bedienelemente, auch die Reiter der Szenarien, sind mit der Tastatur erreichbar; der Fokus ist "
    "deutlich sichtbar (Kontrast mindestens 3:1).",
    "Texte, Datumsauswahl (Monate und Wochentage), Diagramm-Werkzeugleiste und Zahlen sind deutsch.",
    "Zahlen werden nie nur durch Farbe ausgedrückt: Status haben immer Text und Symbol.",
)
NOT_YET = (
    "Die Darstellung mit erzwungenen Farben (forced-colors, z. B. Windows-Kontrastdesigns) ist umgesetzt, aber "
    "noch nicht automatisch geprüft.",
    "Die PDF-Berichte sind noch keine barrierefreien (getaggten) PDF-Dokumente.",
    "Einige Dateinamen von Downloads und Einträge im Protokoll enthalten noch englische Bezeichnungen.",
)


def layout(**_query) -> html.Div:
    return html.Div([
        dcc.Location(id=ids.ACCESSIBILITY_LOCATION, refresh="callback-nav"),
        html.H1(TITLE, className="page-title"),
        html.Div("Barrierefreie Informationstechnik nach § 10 Landes-Behindertengleichstellungsgesetz "
                 "Baden-Württemberg (L-BGG)", className="page-subtitle mb-3"),
        html.P("Die Stadt Heilbronn ist bemüht, das IM-Cockpit barrierefrei zugänglich zu machen. Maßstab sind "
               "die Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und die europäische Norm EN 301 549, "
               "die die Web Content Accessibility Guidelines (WCAG) 2.1 in den Stufen A und AA übernimmt."),
        Section("Stand der Vereinbarkeit", [
            html.P([html.Strong("Das IM-Cockpit ist teilweise barrierefrei."),
                    " Die folgenden Anforderungen sind erfüllt, die danach genannten noch nicht."]),
            html.H3("Erfüllt", className="h5"),
            html.Ul([html.Li(text) for text in MET]),
            html.H3("Noch nicht barrierefrei", className="h5"),
            html.Ul([html.Li(text) for text in NOT_YET]),
            html.P("Wenn Sie Inhalte in einer anderen Form brauchen (etwa die Zahlen eines Diagramms als Tabelle), "
                   "schreiben Sie uns; Tabellen lassen sich außerdem als CSV und XLSX herunterladen."),
        ]),
        html.Div(className="mb-3"),
        Section("Erstellung dieser Erklärung", [
            html.P([f"Diese Erklärung wurde am {fmt_date(DECLARED_ON)} erstellt. Grundlage ist eine Selbstbewertung: "
                    "automatische Prüfung mit axe-core in echten Browsern bei jedem Testlauf sowie Prüfung der "
                    "Tastaturbedienung."]),
        ]),
        html.Div(className="mb-3"),
        Section("Barriere melden: Feedback", [
            html.P("Ist Ihnen eine Barriere aufgefallen, oder brauchen Sie Informationen in barrierefreier Form? "
                   "Schreiben Sie uns bitte, auf welcher Seite und bei welchem Schritt es hakt. Wir antworten in der "
                   "Regel innerhalb von zwei Wochen."),
            html.Div(id=ids.ACCESSIBILITY_CONTACT),
        ]),
        html.Div(className="mb-3"),
        Section("Durchsetzungsverfahren: Ombudsstelle", [
            html.P("Bekommen Sie auf Ihre Rückmeldung keine oder keine befriedigende Antwort, können Sie sich an die "
                   "Ombudsstelle für barrierefreie Informationstechnik bei der Beauftragten der Landesregierung für "
                   "die Belange von Menschen mit Behinderungen in Baden-Württemberg (Stuttgart) wenden. Das "
                   "Verfahren ist kostenlos; Sie brauchen keinen Rechtsbeistand."),
        ]),
    ])


def contact(address: str | None) -> html.Div:
    """The feedback channel: a mail link to `address` (None: the installation has none set up yet)."""
    if address is None:
        return html.P("Für diese Installation ist noch keine Kontaktadresse für Rückmeldungen hinterlegt. Bitte "
                      "wenden Sie sich an die Administration des IM-Cockpits bei der Stadt.",
                      id=ids.ACCESSIBILITY_MAIL)
    return html.P(["E-Mail: ", html.A(address, id=ids.ACCESSIBILITY_MAIL,
                                      href=f"mailto:{address}?subject={MAIL_SUBJECT.replace(' ', '%20')}")])
