"""Loaders of the reference files shipped in `data/reference/` (Heilbronn's Planungsbezirke with
anchor points, the Gemeinden of Landkreis Heilbronn), and the slug of a German name. No database."""

from __future__ import annotations

import csv
import json
from importlib import resources

from dashboard.model.text import slug  # noqa: F401 (the territory codes are built with it)


def reference_text(name: str) -> str:
    """Read a reference file shipped inside the `data` package."""
    return resources.files("data").joinpath("reference", name).read_text(encoding="utf-8")


def heilbronn_areas() -> dict:
    return json.loads(reference_text("heilbronn_areas.json"))


def landkreis_gemeinden() -> list[dict[str, str]]:
    return list(csv.DictReader(reference_text("lk_heilbronn_gemeinden.csv").splitlines()))
