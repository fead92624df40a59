"""Find the numbers written in a text and normalise them, before deciding what they measure.

This is the "number finding" half of the extractor: digits with separators and scale suffixes (`185K`,
`$2.8 million`), percentages (`46%`, `7 percent`), spelled-out numbers (`forty`, `a hundred`, `Ninety-two
percent`), fractions and ratios (`two-thirds of`, `one in five`), ranges (`5-7 years`, `2% to 5%`), and the
things that look like numbers but are not claims (dates, years, codes, phone numbers, list numbering).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.periods import MONTHS
from pipeline.extract.precision import place_value

NUMERIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
"""Digits with optional thousands separators and decimals."""

AMOUNT_PATTERN = re.compile(
    r"(?<![\d.,$/#])"
    r"(?P<cur>US\$|\$ ?|USD\s?)?"
    rf"(?P<num>{NUMERIC})"
    r"(?:(?P<suffix>[KkMB]|bn|mn)\b|\s(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?P<dollars>\s(?:dollars|USD)\b)?"
    r"(?P<pct>\s?%|\s(?:percent|per\scent|percentage\spoints?)\b)?"
    r"(?P<plus>\+)?"
    r"(?:[\s-](?P<time>years?|yrs?|months?|mos?|weeks?|days?)\b)?"
    r"(?![\d/A-Za-z])"
)
"""One number as written with its currency, scale, percent sign and duration unit."""

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
MULTIPLIER_WORDS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_WORD = "|".join([*NUMBER_WORDS, *MULTIPLIER_WORDS])

WORD_AMOUNT_PATTERN = re.compile(
    rf"\b(?P<words>(?:an?\s(?=(?:hundred|thousand|million|billion)\b))?(?:{_WORD})(?:(?:[\s-]|\sand\s)(?:{_WORD}))*)\b"
    r"(?P<pct>\s(?:percent|per\scent)\b)?"
    r"(?:[\s-](?P<time>years?|months?|weeks?|days?)\b)?",
    re.IGNORECASE,
)
"""A spelled-out number (`forty`, `a hundred`, `ninety-two percent`, `five years`)."""

DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
FRACTION_PATTERN = re.compile(
    r"\b(?:(?P<numerator>one|two|three|four|a)[\s-](?P<den>halves|half|thirds?|quarters?|fourths?|fifths?|tenths?)"
    r"|(?P<half>half))(?=\sof\b)",
    re.IGNORECASE,
)
"""A spoken fraction of a population (`two-thirds of`, `a third of`, `half of`): a share in percent."""

SMALL_NUMBER = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten"
RATIO_PATTERN = re.compile(
    rf"\b(?P<a>{SMALL_NUMBER})\s(?:in|out\sof)\s(?P<b>{SMALL_NUMBER}|\d{{1,3}}(?:,\d{{3}})*)\b(?!\s?%)",
    re.IGNORECASE,
)
"""`one in five`, `3 out of 4`: a share in percent."""

RANGE_JOINER = re.compile(r"\s?[-–—]\s?|\s(?:to|and)\s")
"""What stands between the two ends of a range (`5-7`, `8–9%`, `2% to 5%`, `between 10 and 20`)."""

RATE_AFTER = re.compile(
    r"\)?\s?(?:(?:per|an?|each|every|/)\s?(?P<per>hour|hr|year|yr|annum)\b|(?P<adv>hourly|annually|yearly)\b)"
)
"""A money rate written after the amount (`$31.50 an hour`, `$66,979 per year`)."""

DATE_PATTERN = re.compile(
    rf"\b{MONTHS}\.?\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*[·•]?\s*(?:19|20)\d{{2}})?\b"
    rf"|\b\d{{1,2}}\s{MONTHS}\.?,?\s(?:19|20)\d{{2}}\b"
    rf"|\b{MONTHS}\.?,?\s(?:19|20)\d{{2}}\b"
    r"|\b(?:19|20)\d{2}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/(?:19|20)?\d{2}\b",
    re.IGNORECASE,
)
"""Calendar dates (`APR 16 · 2026`, `March 3, 2025`, `May 2024`, `2026-04-16`): never claims."""

YEAR_RANGE_PATTERN = re.compile(r"\b(?:19|20)\d{2}\s?[-–—/]\s?(?:(?:19|20)\d{2}|\d{2})\b")
"""A span of years (`2024-2034`, `2022-32`): a reference period, not a claim."""

CODE_PATTERN = re.compile(
    r"\b(?:SOC\s)?\d{2}-\d{4}(?:\.\d{2})?\b"  # SOC codes 29-2072, 29-2072.00
    r"|\b[A-Za-z][A-Za-z/]*-\d+(?:\.\d+)?(?:-[A-Z]{2,3})?\b"  # identifiers ICD-10-CM, GPT-4, COVID-19
    r"|\b(?:CPT|HCPCS|DRG|MS-DRG)(?:\scodes?)?\s[A-Z]?\d{4,5}\b"  # CPT 99213
    r"|\b[A-Z]\d{2}(?:\.\d{1,4})\b"  # ICD-10 codes E11.9
    r"|(?<![$\d.,])\b\d[A-Z]{1,2}\b(?![ \t]*(?:\n|$))"  # company and product names in prose: 3M, 5G
    r"|(?<!\$)\b\d+[A-Z]{1,3}(?= [\d(A-Z])"  # 3M 360 Encompass
    r"|\b24/7\b|\b\d+/\d+\b"
)
"""Classification codes and identifiers that contain digits: never claims."""

PHONE_PATTERN = re.compile(r"(?:\+?1[\s.-])?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\(\d{3}\)\s?\d{3}[\s.-]\d{4}")
"""US phone numbers: never claims."""

LIST_NUMBER_PATTERN = re.compile(
    r"^[ \t]*(?:[-*•·][ \t]*)?(?P<n>0\d(?=[A-Z])|\d{1,2}(?:[.)](?![\d%])|(?=[A-Z][a-z])))", re.MULTILINE
)
"""List numbering at the start of a line (`1.`, `- 2.AI`, `01Assigning`): never claims."""

NAME_PREFIX_PATTERN = re.compile(
    r"\b(?:Part|Chapter|Step|Section|Phase|Tier|Level|Version|Top|No\.|Number|Figure|Table|Page|Module|Lesson"
    r"|Grade|Stage|Type|Season|Episode|Volume|Vol\.|Issue|Item|Question|Rule)\s$",
    re.IGNORECASE,
)
"""Words that make the next bare number a name or rank (`Top 7`, `Part 2`, `Type 2`): not a claim."""

PERCENTILE_GROUP_PATTERN = re.compile(
    r"\b(?:top|bottom|lowest|highest|upper|lower)(?:[-\s](?:earning|paid|earners|paying))?\s\d+\s?"
    r"(?:%|percent\b)",
    re.IGNORECASE,
)
"""`the top 10 percent earned...`: the percent names a percentile group; the wage after it is the claim."""

HORIZON_PATTERN = re.compile(
    r"\b\d{1,2}[-\s](?:yr|year)\s(?:outlook|projections?|forecast)\b", re.IGNORECASE
)
"""`10-yr outlook`: the span of a projection, a period and not a claim."""

FOOTNOTE_PATTERN = re.compile(r"(?<=[A-Za-z])\s?\(\d{1,2}\)|\[\d{1,2}\]|\+\d{1,2}\smore\b")
"""Footnote markers (`Employment (1)`, `[3]`) and "show more" counters (`+2 more`): never claims."""
LISTICLE_TITLE = re.compile(r" (?:[A-Z][\w'’-]*)(?: [\w'’-]+){0,10}\s*$", re.MULTILINE)
"""`6 Factors That Affect Average Medical Coder Salary`: a line opening with a count then capitalised words."""

EXCLUDED_PATTERNS = (
    FOOTNOTE_PATTERN, DATE_PATTERN, HORIZON_PATTERN, YEAR_RANGE_PATTERN, CODE_PATTERN, PHONE_PATTERN,
    PERCENTILE_GROUP_PATTERN,
)
MULTIPLIER_SUFFIX = {"k": 10**3, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9}
RANGE_UNIT_KINDS = {"percent", "years", "months", "weeks", "days"}
TIME_UNITS = {"year": "years", "yr": "years", "month": "months", "mo": "months", "week": "weeks", "day": "days"}


@dataclass(frozen=True)
class NumberMention:
    """A number as written, normalised but not yet interpreted."""

    start: int
    end: int
    text: str
    value: float
    rounding_unit: float
    kind: str
    """`percent`, `usd`, `count` or a duration unit (`years`, `months`...)."""
    low: float | None = None
    high: float | None = None
    plus: bool = False
    rate: str | None = None
    """`hour` or `year` when a money amount is followed by a rate (`$31.50 an hour`)."""
    spelled: bool = False
    """Written in words: small spelled numbers are prose ("two areas"), not statistics."""


def _digit_mention(match: re.Match[str], text: str) -> NumberMention:
    digits = match["num"]
    multiplier = Decimal(1)
    if match["suffix"]:
        multiplier = Decimal(MULTIPLIER_SUFFIX[match["suffix"].lower()])
    elif match["scale"]:
        multiplier = Decimal(MULTIPLIER_WORDS[match["scale"].lower()])
    is_percent = bool(match["pct"])
    is_money = bool(match["cur"] or match["dollars"])
    kind = "percent" if is_percent else "usd" if is_money else "count"
    if match["time"] and not is_percent and not is_money:
        kind = TIME_UNITS[match["time"].lower().rstrip("s")]
    end = match.end()
    if match["time"] and kind in {"percent", "usd"}:
        end = match.start("time") - 1  # "27% year-over-year": the time word belongs to the next phrase
    value = Decimal(digits.replace(",", "")) * multiplier
    rounding = place_value(digits, use_trailing_zeros=not is_percent) * multiplier
    rate = None
    if kind == "usd":
        rate_match = RATE_AFTER.match(text, match.end())
        if rate_match:
            word = (rate_match["per"] or rate_match["adv"]).lower()
            rate = "hour" if word in {"hour", "hr", "hourly"} else "year"
    return NumberMention(
        start=match.start(),
        end=end,
        text=text[match.start() : end],
        value=float(value),
        rounding_unit=float(rounding),
        kind=kind,
        plus=bool(match["plus"]),
        rate=rate,
    )


def words_to_number(words: str) -> int | None:
    """`forty-two` -> 42, `a hundred` -> 100, `two hundred thousand` -> 200000; None if not a number."""
    total, current = 0, 0
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    if not tokens:
        return None
    for token in tokens:
        if token in {"a", "an"}:
            current = 1
        elif token in NUMBER_WORDS:
            current += NUMBER_WORDS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in MULTIPLIER_WORDS:
            total += max(current, 1) * MULTIPLIER_WORDS[token]
            current = 0
        else:
            return None
    return total + current


def _word_mention(match: re.Match[str]) -> NumberMention | None:
    value = words_to_number(match["words"])
    if value is None:
        return None
    is_percent = bool(match["pct"])
    kind = "percent" if is_percent else "count"
    if match["time"] and not is_percent:
        kind = TIME_UNITS[match["time"].lower().rstrip("s")]
    rounding = 1 if is_percent else float(place_value(str(value), use_trailing_zeros=True))
    return NumberMention(
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        value=float(value),
        rounding_unit=rounding,
        kind=kind,
        spelled=True,
    )


def _share(match: re.Match[str], part: int, whole: int) -> NumberMention:
    """"three in ten", "one-third": a percent, precise to one part in `whole`."""
    return NumberMention(start=match.start(), end=match.end(), text=match.group(0),
                         value=round(100 * part / whole, 4), rounding_unit=round(100 / whole, 4), kind="percent")


def _fraction_mentions(text: str) -> list[NumberMention]:
    found = []
    for match in FRACTION_PATTERN.finditer(text):
        if match["half"]:
            numerator, denominator = 1, 2
        else:
            numerator = 1 if match["numerator"].lower() == "a" else NUMBER_WORDS[match["numerator"].lower()]
            denominator = DENOMINATORS[match["den"].lower()]
        if numerator >= denominator:
            continue
        found.append(_share(match, numerator, denominator))
    for match in RATIO_PATTERN.finditer(text):
        a = _small(match["a"])
        b = _small(match["b"])
        if a is None or b is None or not 0 < a < b:
            continue
        found.append(_share(match, a, b))
    return found


def _small(token: str) -> int | None:
    token = token.lower().replace(",", "")
    return int(token) if token.isdigit() else NUMBER_WORDS.get(token)


DIGIT_RUN = re.compile(r"\d+(?:[^\S\n]*[\d,./:-]+)*")
EXCLUSION_REACH = 40
"""Every excluded pattern holds a digit and reaches at most this far from one (`September 30, 2025`)."""


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Merged windows of text around digits: the only places an excluded pattern can match."""
    windows: list[list[int]] = []
    for match in DIGIT_RUN.finditer(text):
        start, end = max(0, match.start() - EXCLUSION_REACH), min(len(text), match.end() + EXCLUSION_REACH)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


def _excluded_mask(text: str) -> bytearray:
    """One flag per character: set where a date, year range, code, phone number or list number stands.

    The patterns run only in windows around digits, which is most of the speed of number finding on prose."""
    mask = bytearray(len(text))
    spans = [m.span() for s, e in _digit_windows(text) for p in EXCLUDED_PATTERNS for m in p.finditer(text, s, e)]
    spans += [m.span("n") for m in LIST_NUMBER_PATTERN.finditer(text)]
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


class SpanIndex:
    """Sorted spans that answer "does any span overlap / lie within this range" in log time.

    Number and phrase spans are short, so only spans starting a little before the range can reach into it;
    looking them up by bisection keeps extraction linear in the size of the text.
    """

    REACH = 200
    """Longer than any number or phrase span."""

    def __init__(self, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def _near(self, start: int, end: int) -> list[tuple[int, int]]:
        return self.spans[bisect_left(self.starts, start - self.REACH) : bisect_left(self.starts, end)]

    def overlaps(self, start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in self._near(start, end))

    def any_within(self, start: int, end: int) -> bool:
        """A span wholly inside [start, end)."""
        return any(start <= s and e <= end for s, e in self._near(start, end))


def _is_year(mention: NumberMention) -> bool:
    """A bare four-digit number between 1900 and 2099 is a year used as a date."""
    return mention.kind == "count" and not mention.spelled and re.fullmatch(r"(?:19|20)\d{2}", mention.text) is not None


def _is_name_part(mention: NumberMention, text: str) -> bool:
    """A bare number inside a name or rank (`Top 7 Misconceptions`, `Part 2`, `3M 360 Encompass`)."""
    if mention.kind != "count" or mention.spelled or "," in mention.text:
        return False
    before = text[max(0, mention.start - 20) : mention.start]
    if NAME_PREFIX_PATTERN.search(before):
        return True
    line_start = before.rfind("\n") + 1 if "\n" in before else (0 if mention.start <= 20 else -1)
    listicle = re.fullmatch(r"\d{1,2}", mention.text) and LISTICLE_TITLE.match(text, mention.end)
    if line_start != -1 and not before[line_start:].strip() and listicle:
        return True  # "6 Factors That Affect ...": a title's count of items
    prev_token = re.search(r"(\S+) $", before)
    next_token = re.match(r" ([A-Z][a-z]+)( \$?\d)?", text[mention.end :])
    if next_token and next_token.group(2):
        return False  # "Growth 90 Retirements 134": labels and values, not a name
    capitalised = prev_token is not None and re.match(r"[A-Z0-9]", prev_token.group(1)) is not None
    return bool(capitalised and next_token and "\n" not in before[-2:])


def _glued_to_word(mention: NumberMention, text: str) -> bool:
    """Digits glued to letters (`H1N1`, `B2B`) are not numbers, except a percent after a label (`risk68%`)."""
    if mention.spelled or mention.start == 0:
        return False
    previous = text[mention.start - 1]
    return previous.isalpha() and mention.kind != "percent"


def _join_range(first: NumberMention, second: NumberMention, text: str) -> NumberMention | None:
    """Two numbers joined by a dash or `to` with compatible units form one range (`2% to 5%`, `5-7 years`)."""
    between = text[first.end : second.start]
    if not RANGE_JOINER.fullmatch(between):
        return None
    if between.strip() == "and" and not re.search(r"\bbetween\s\$?$", text[max(0, first.start - 9) : first.start]):
        return None
    if between.strip() == "to" and re.search(r"\bfrom\s\$?$", text[max(0, first.start - 6) : first.start]):
        return None  # "from 41% to 62%" is a change between two figures, not a range
    if not (first.kind == second.kind or (first.kind == "count" and second.kind in RANGE_UNIT_KINDS)):
        return None
    low, high = first.value, second.value
    rounding = max(first.rounding_unit, second.rounding_unit) if first.kind == second.kind else second.rounding_unit
    scale_word = re.search(r"(K|M|B|bn|mn|thousand|million|billion)\b", second.text)
    if (
        scale_word
        and first.value < second.value / 100
        and not re.search(r"[KMB]|bn|mn|thousand|million|billion", first.text)
    ):
        factor = second.value / float(re.sub(r"[^\d.]", "", second.text.split()[0]) or 1)
        low = first.value * factor
        rounding = max(rounding, first.rounding_unit * factor)
    elif (
        first.kind == second.kind == "usd"
        and re.fullmatch(r"\$?\s?\d{1,3}", first.text)
        and re.search(r"\d,000$", second.text)
        and first.value * 1000 <= second.value < first.value * 10000
    ):
        low = first.value * 1000  # "$50-$60,000": the first end drops the thousands the second writes
        rounding = max(rounding, 1000.0)
    if not low < high:
        return None
    return NumberMention(
        start=first.start,
        end=second.end,
        text=text[first.start : second.end],
        value=(low + high) / 2,
        rounding_unit=rounding,
        kind=second.kind,
        low=low,
        high=high,
        rate=second.rate,
        spelled=first.spelled and second.spelled,
    )


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text` that could be a statistic, in order, with dates, codes and list numbers removed."""
    excluded = _excluded_mask(text)
    mentions = [_digit_mention(m, text) for m in AMOUNT_PATTERN.finditer(text)]
    digit_spans = SpanIndex([(m.start, m.end) for m in mentions])
    words = [w for m in WORD_AMOUNT_PATTERN.finditer(text) if (w := _word_mention(m))]
    mentions += [w for w in words if not digit_spans.overlaps(w.start, w.end)]
    fractions = _fraction_mentions(text)
    fraction_spans = SpanIndex([(f.start, f.end) for f in fractions])
    kept = [
        m
        for m in mentions
        if not any(excluded[m.start : m.end])
        and not fraction_spans.overlaps(m.start, m.end)
        and not _is_year(m)
        and not _is_name_part(m, text)
        and not _glued_to_word(m, text)
    ]
    kept += [f for f in fractions if not any(excluded[f.start : f.end])]
    kept.sort(key=lambda m: m.start)
    joined: list[NumberMention] = []
    for mention in kept:
        if joined:
            ranged = _join_range(joined[-1], mention, text)
            if ranged:
                joined[-1] = ranged
                continue
        joined.append(mention)
    return [m for m in joined if not (m.spelled and m.low is None and m.value < 10 and m.kind == "count")]
