"""Loaders of the reference files shipped in `data/reference/` (Heilbronn's Planungsbezirke with
anchor points, the Gemeinden of Landkreis Heilbronn and of Landkreis Lörrach), and the slug of a
German name. No database."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from importlib import resources

from dashboard.model.text import slug  # noqa: F401 (the territory codes are built with it)


def reference_text(name: str) -> str:
    """Read a reference file shipped inside the `data` package."""
    return resources.files("data").joinpath("reference", name).read_text(encoding="utf-8")


def heilbronn_areas() -> dict:
    return json.loads(reference_text("heilbronn_areas.json"))


def landkreis_gemeinden() -> list[dict[str, str]]:
    return list(csv.DictReader(reference_text("lk_heilbronn_gemeinden.csv").splitlines()))


def loerrach_gemeinden() -> list[dict[str, str]]:
    return list(csv.DictReader(reference_text("lk_loerrach_gemeinden.csv").splitlines()))


@dataclass(frozen=True)
class RefGemeinde:
    """A Gemeinde of a Landkreis as the reference files give it (population and centroid approximate)."""

    ags: str
    name: str
    population: int
    lat: float
    lon: float
    verband: str | None = None


@dataclass(frozen=True)
class RefKreis:
    """A Landkreis whose Gemeinden ship as a reference file (`im-cockpit setup landkreis KEY`)."""

    key: str  # the CLI's name for it
    kreis_ags: str  # the 5-digit Kreisschlüssel, also the page's `?kreis=`
    name: str

    @property
    def code(self) -> str:
        return f"lk-{self.kreis_ags}"

    def gemeinden(self) -> list[RefGemeinde]:
        """The Kreis' Gemeinden from its reference file, in the order of their names."""
        if self.key == "heilbronn":
            rows = [RefGemeinde(g["AGS"], g["name"], int(g["EWZ_BKG2013"]), float(g["centroid_lat"]),
                                float(g["centroid_lon"])) for g in landkreis_gemeinden()]
        else:
            rows = [RefGemeinde(g["AGS"], g["name"], int(g["population_approx"]), float(g["centroid_lat"]),
                                float(g["centroid_lon"]), g["verband"] or None) for g in loerrach_gemeinden()]
        return sorted((g for g in rows if g.ags.startswith(self.kreis_ags)), key=lambda g: g.name)


KREISE = {k.key: k for k in (RefKreis("heilbronn", "08125", "Landkreis Heilbronn"),
                             RefKreis("loerrach", "08336", "Landkreis Lörrach"))}
