"""The peer baseline: quantulum3, a well-kept quantity extractor, used for number finding only.

It finds quantities and their units but cannot tell measure, subject, period or source; the evaluation counts
those fields as missing. Repeats of the same value and unit in a page are merged into one prediction, the same
courtesy our extractor gets, so the comparison is about finding and reading numbers, not about deduplication.
"""

from __future__ import annotations

import warnings
from typing import Any

UNIT_NAMES = {
    "percentage": "percent",
    "dollar": "USD",
    "dollar per year": "USD/year",
    "dollar per hour": "USD/hour",
    "year": "years",
    "month": "months",
    "week": "weeks",
    "day": "days",
    "dimensionless": "count",
}
"""quantulum3 unit names -> our unit vocabulary."""


def parse_quantities(text: str) -> list[Any]:
    """quantulum3's quantities for `text` (imported lazily: loading it takes seconds)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        return list(parser.parse(text))


def baseline_quantities(text: str) -> list[dict[str, Any]]:
    """One record per distinct (value, unit) with all the spans where quantulum3 found it."""
    merged: dict[tuple[float, str], dict[str, Any]] = {}
    for quantity in parse_quantities(text):
        unit = UNIT_NAMES.get(quantity.unit.name, quantity.unit.name)
        key = (round(float(quantity.value), 6), unit)
        record = merged.setdefault(
            key,
            {
                "value": float(quantity.value),
                "value_text": quantity.surface,
                "unit": unit,
                "qualifier": "range" if quantity.uncertainty else "exact",
                "spans": [],
            },
        )
        record["spans"].append(tuple(quantity.span))
    return list(merged.values())
