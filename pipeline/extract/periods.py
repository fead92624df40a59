"""Reference periods as people write them (`May 2011`, `2024-34`, `as of 2023`, `by 2018`, `last year`).

The one place that reads periods: the extractor finds them around a number (`find_period`), and the staging of
reference figures parses a label column (`parse_period`) with the same pattern, so both agree on what
`2024-34` or `May 2024` covers.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
YEAR = r"(?:19|20)\d{2}"
NUMBER_WORD = r"\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty"
PERIOD_PATTERN = re.compile(
    rf"(?P<range>(?:from\s|between\s)?(?P<a>{YEAR})\s?(?:-|–|—|/|to|through)\s?(?P<b>{YEAR}|\d{{2}})\b(?!\s?%)"
    rf"|between\s(?P<a2>{YEAR})\sand\s(?P<b2>{YEAR})\b)"
    rf"|(?P<now>(?:between\s|from\s)?now\s(?:and|to|through|until)\s(?P<n>{YEAR})\b)"
    rf"|(?P<through>\b(?:through|until|to|by)\s(?P<c>{YEAR})\b)"
    rf"|(?P<asof>as\sof\s(?:(?P<m1>{MONTHS})\.?\s)?(?P<d>{YEAR})\b)"
    rf"|(?P<month>\b(?P<m2>{MONTHS})\.?,?\s(?P<e>{YEAR})\b)"
    rf"|(?P<year>(?:\bin\s)?\b(?P<f>{YEAR})\b(?!\s?%|-\d))"
    rf"|(?P<horizon>\b(?:over|within|in)\s(?:the\s)?(?:next|coming|past|last)\s(?:(?:{NUMBER_WORD})\s)?"
    rf"(?:years?|decades?)\b|\b\d{{1,2}}[-\s](?:yr|year)\s(?:outlook|projections?|forecast)\b)"
    rf"|(?P<relative>\b(?P<rel>last|this|next|past)\syear\b)",
    re.IGNORECASE,
)
"""A period as written: `2024-2034`, `from 2022 to 2032`, `between 2018 and 2028`, `between now and 2032`,
`by 2018`, `as of 2023`, `May 2024`, `in 2008`, `over the next 30 years`, `10-yr outlook`, `last year`."""

SOURCE_YEAR_PATTERN = re.compile(
    rf"\b(?:(?P<month>{MONTHS})\.?\s)?(?P<year>{YEAR})\s(?:[\w-]+\s){{0,2}}?"
    r"(?:report|survey|study|data|release|poll|edition|analysis)s?\b",
    re.IGNORECASE,
)
"""A year that dates the source itself (`AAPC's 2025 salary report`): it travels with the attribution."""

INFERRED_MARKERS = ("not stated", "likely", "inference", "consistent with", "c.")
MONTH_NUMBER = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
RELATIVE_YEAR = {"last": -1, "past": -1, "this": 0, "next": 1}


@dataclass(frozen=True)
class Period:
    """A period as written with the dates it covers (None where the text leaves a side open)."""

    text: str
    start: date | None
    end: date | None
    span: tuple[int, int] = (0, 0)
    inferred: bool = False
    """True when the period was read from a hedge ("not stated (consistent with May 2024)")."""

    @property
    def is_range(self) -> bool:
        return self.start is not None and self.end is not None and self.start.year != self.end.year

    @property
    def is_open_ended(self) -> bool:
        """`by 2018`, `through 2034`: only an end is stated, as projections are written."""
        return self.start is None and self.end is not None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _from_match(match: re.Match[str], as_of: date | None) -> Period | None:
    """The dates a PERIOD_PATTERN match covers; relative periods need the page's date (`as_of`)."""
    text, span = match.group(0), match.span()
    if match["range"]:
        first = int(match["a"] or match["a2"])
        second = match["b"] or match["b2"]
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if last < first:
            return None
        return Period(text, date(first, 1, 1), date(last, 12, 31), span)
    if match["now"]:
        return Period(text, as_of, date(int(match["n"]), 12, 31), span)
    if match["through"]:
        return Period(text, None, date(int(match["c"]), 12, 31), span)
    if match["horizon"]:
        return Period(text, None, None, span)
    if match["relative"]:
        if as_of is None:
            return Period(text, None, None, span)
        return Period(text, *_year(as_of.year + RELATIVE_YEAR[match["rel"].lower()]), span)
    month_name = match["m1"] or match["m2"]
    year = int(match["d"] or match["e"] or match["f"])
    if month_name:
        month = MONTH_NUMBER[month_name[:3].lower()]
        return Period(text, date(year, month, 1), _month_end(year, month), span)
    return Period(text, *_year(year), span)


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def find_period(
    text: str, start: int, end: int, value: tuple[int, int], as_of: date | None = None
) -> Period | None:
    """The period written nearest to the number within text[start:end]."""
    found = [p for p in periods_between(text, start, end, as_of) if not value[0] <= p.span[0] < value[1]]
    return min(found, key=lambda p: gap(p.span, value)) if found else None


@lru_cache(maxsize=4096)
def periods_between(text: str, start: int, end: int, as_of: date | None) -> tuple[Period, ...]:
    """Every period written in text[start:end], in order. Cached: the numbers of one table row or sentence all
    look in the same stretch of text, so it is read once, not once per number (extraction stays linear)."""
    return tuple(p for match in PERIOD_PATTERN.finditer(text, start, end) if (p := _from_match(match, as_of)))


def find_source_period(text: str, start: int, end: int) -> Period | None:
    """A year that dates a cited source (`a 2023 study`, `AAPC 2025 Salary Survey`)."""
    match = SOURCE_YEAR_PATTERN.search(text, start, end)
    if not match:
        return None
    year = int(match["year"])
    if match["month"]:
        month = MONTH_NUMBER[match["month"][:3].lower()]
        written = text[match.start() : match.end("year")]
        return Period(written, date(year, month, 1), _month_end(year, month), match.span())
    return Period(match["year"], *_year(year), match.span())


def parse_period(text: str | None) -> Period:
    """The date range a period label covers (`May 2011`, `2024-34`, `2021 survey`, `through 2033`).

    An unparseable label gives an empty Period, never a guess; a hedged label is marked `inferred`.
    """
    if not text or not text.strip():
        return Period(text or "", None, None)
    inferred = any(marker in text.lower() for marker in INFERRED_MARKERS)
    for match in PERIOD_PATTERN.finditer(text):
        period = _from_match(match, None)
        if period and (period.start or period.end):
            return Period(text, period.start, period.end, period.span, inferred)
    return Period(text, None, None, inferred=inferred)
