"""The record the claim extractor produces: one numeric statistical claim found in a document.

This dataclass is the contract between the extractor (`pipeline.extract.claims`) and the rest of the
pipeline (`staging.claims`, then `curated.observations`). Offsets are Python string offsets (characters,
0-based, end exclusive) into the document text exactly as read from `raw/articles/` (UTF-8, no newline
translation), so `text[char_start:char_end] == quote` and `text[value_start:value_end] == value_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

QUALIFIERS = ("exact", "approx", "lower_bound", "upper_bound", "range")


@dataclass(frozen=True)
class Occurrence:
    """Another place in the same document where the same figure is stated again."""

    value_start: int
    value_end: int
    value_text: str


@dataclass(frozen=True)
class Claim:
    """A numeric claim as written in an article, normalised but never "corrected"."""

    value: float
    """Normalised value: counts in units (185K -> 185000), money in USD, percentages as 46.0."""
    value_text: str
    """The number exactly as written, e.g. `185K`, `$66,979`, `7 percent`, `2% to 5%`."""
    value_start: int
    value_end: int
    quote: str
    """The sentence (or figure card) that states the claim; contains `value_text`."""
    char_start: int
    char_end: int
    qualifier: str
    """One of QUALIFIERS: how the text bounds the value ("roughly" -> approx, "over" -> lower_bound)."""
    qualifier_text: str | None
    """The qualifying word as written ("roughly", "nearly", "~"), None when there is none."""
    rounding_unit: float
    """Precision implied by how the number is written: 185K -> 1000, 194,800 -> 100, 46% -> 1, 7.0 -> 0.1."""
    range_low: float | None
    range_high: float | None
    unit: str
    """`count`, `USD`, `USD/year`, `USD/hour`, `percent`, `years`, `ratio`, `score` ..."""
    measure: str
    """A measure from raw/definitions/measures.csv, or `unknown` when the text does not say."""
    subject: str
    """A subject key from raw/definitions/subjects.csv (who or what is counted), or `unknown`."""
    activity: str | None
    """For adoption shares: the activity covered (`revenue_cycle`, `documentation_and_coding`...)."""
    reference_period: str | None
    """The period as written (`as of 2023`, `2024-2034`, `May 2024`), None when the text gives none."""
    period_start: date | None
    period_end: date | None
    period_from_document_date: bool
    """True when the text states no period and the document's publication date was used as "as of"."""
    attributed_source: str | None
    """Normalised organisation the text credits (`BLS`, `AHA`, `AAPC`, `NEJM AI`...), None if none."""
    attribution_text: str | None
    """The attribution as written (`(American Hospital Association)`, `Source: Bureau of Labor Statistics`)."""
    in_scope: bool = True
    """False for numbers that are statistics but not about this domain; dates/codes are never claims."""
    occurrences: tuple[Occurrence, ...] = field(default_factory=tuple)
    universe: str | None = None
    """Whose jobs an employment figure counts when the text says: `all_jobs` ("total workforce", incl.
    self-employed, as in BLS Employment Projections) or `wage_and_salary` (as in OEWS); None when unstated.
    A survey's respondents are told apart by measure and subject instead: a member survey's mean is
    `average_salary`, a credential group is a subject of kind `occupation_group`, a respondent count is
    `sample_size`; the source registry gives the survey's universe."""
    geography: str = "United States"
    """The place the figure is for, as OEWS names it in `oe.area` (`Texas`, `Boston-Cambridge-Newton, MA-NH`),
    `United States` for the nation ("national", "U.S." or no place named). A place OEWS does not publish (a region
    such as `Gulf Coast`, a city that is not a metro area's principal city, a metropolitan division) keeps the
    text's name and has `area_type == "other"` and `area_code is None`, so it is never mistaken for an OEWS area."""
    area_code: str | None = "0000000"
    """The OEWS area code (`0000000` nation, `4800000` Texas, `0014460` a metro) when `geography` is an OEWS area."""
    area_type: str = "national"
    """`national`, `state` (states, DC, territories), `metro`, `nonmetro` (OEWS areas) or `other` (not OEWS)."""
    industry: str | None = None
    """The industry a figure is for, as written (`General Medical and Surgical Hospitals`), None for all industries."""
    statistic: str | None = None
    """The statistic of the measure (measures.csv: count, mean, median, p10, p90, share, rse...), None if unknown."""
