"""Loaders of the reference files shipped in `data/reference/` (Heilbronn's Planungsbezirke with
anchor points, the Gemeinden of Landkreis Heilbronn), and the slug of a German name. No database."""

from __future__ import annotations

import csv
import json
from importlib import resources


def reference_text(name: str) -> str:
    """Read a reference file shipped inside the `data` package."""
    return resources.files("data").joinpath("reference", name).read_text(encoding="utf-8")


def heilbronn_areas() -> dict:
    return json.loads(reference_text("heilbronn_areas.json"))


def landkreis_gemeinden() -> list[dict[str, str]]:
    return list(csv.DictReader(reference_text("lk_heilbronn_gemeinden.csv").splitlines()))


def slug(name: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
    cleaned = "".join(c if c.isalnum() else "-" for c in name.translate(table).lower())
    return "-".join(part for part in cleaned.split("-") if part)
