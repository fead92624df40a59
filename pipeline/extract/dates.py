"""Find a page's publication date in its own header or its URL, for pages that come without one."""

from __future__ import annotations

import re
from datetime import date

from pipeline.extract.periods import MONTHS

HEADER_CHARS = 400
"""Only the top of a page: a date further down is about something else."""

HEADER_DATE_PATTERN = re.compile(
    rf"\b(?P<month>{MONTHS})\.?\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s*[·•]?\s*(?P<year>(?:19|20)\d{{2}})"
    rf"|\b(?P<day2>\d{{1,2}})\s(?P<month2>{MONTHS})\.?,?\s(?P<year2>(?:19|20)\d{{2}})"
    r"|\b(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
"""`APR 16 · 2026`, `March 3, 2025`, `16 April 2026`, `2026-04-16`."""

MONTH_NUMBER = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def find_document_date(text: str) -> date | None:
    """The first full date in the page header, or None; the pipeline prefers a date from the manifest."""
    for match in HEADER_DATE_PATTERN.finditer(text[:HEADER_CHARS]):
        try:
            if match["iso"]:
                return date.fromisoformat(match["iso"])
            month = match["month"] or match["month2"]
            day = match["day"] or match["day2"]
            year = match["year"] or match["year2"]
            return date(int(year), MONTH_NUMBER[month[:3].lower()], int(day))
        except ValueError:
            continue
    return None


URL_DATE_PATTERN = re.compile(
    r"/(?P<year>(?:19|20)\d{2})/(?P<month>0?[1-9]|1[0-2])(?:/(?P<day>0?[1-9]|[12]\d|3[01]))?(?=/|$)"
)
"""`/2017/05/08/` (a full date) or `/2025/07/` (a month) in a page's address, as blogs and news sites write it."""


def find_url_date(url: str | None, partial: bool = False) -> date | None:
    """The date in a page's URL path (`/2017/05/08/`); with `partial`, a `/2025/07/` month gives its first day.

    Only a full date is a publication date; a month is enough to resolve `last year` but is no "as of" date.
    """
    if not url:
        return None
    for match in URL_DATE_PATTERN.finditer(url):
        if match["day"] is None and not partial:
            continue
        try:
            return date(int(match["year"]), int(match["month"]), int(match["day"] or 1))
        except ValueError:
            continue
    return None


def find_page_date(text: str, url: str | None = None) -> date | None:
    """The page's publication date: a full date in its header, else one in its URL."""
    return find_document_date(text) or find_url_date(url)
