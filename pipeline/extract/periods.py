"""Turn reference periods as people write them ("May 2011", "2024-34", "2021 survey") into date ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MAY_YEAR = re.compile(r"\bMay\s+((?:19|20)\d{2})\b", re.IGNORECASE)
YEAR_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*(?:-|–|—|to|/)\s*((?:19|20)?\d{2})\b")
THROUGH_YEAR = re.compile(r"\b(?:through|until|by)\s+((?:19|20)\d{2})\b", re.IGNORECASE)
SINGLE_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
INFERRED_MARKERS = ("not stated", "likely", "inference", "consistent with", "c.")


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None
    inferred: bool
    """True when the period was read from a hedge ("not stated (consistent with May 2024)")."""


def parse_period(text: str | None) -> Period:
    """The date range a period label covers; an unparseable label gives an empty Period, never a guess."""
    if not text or not text.strip():
        return Period(None, None, False)
    inferred = any(marker in text.lower() for marker in INFERRED_MARKERS)
    if match := MAY_YEAR.search(text):
        year = int(match.group(1))
        return Period(date(year, 5, 1), date(year, 5, 31), inferred)
    if match := YEAR_RANGE.search(text):
        first, second = int(match.group(1)), match.group(2)
        last = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
        if last >= first:
            return Period(date(first, 1, 1), date(last, 12, 31), inferred)
    if match := THROUGH_YEAR.search(text):
        return Period(None, date(int(match.group(1)), 12, 31), inferred)
    if match := SINGLE_YEAR.search(text):
        year = int(match.group(1))
        return Period(date(year, 1, 1), date(year, 12, 31), inferred)
    return Period(None, None, inferred)
