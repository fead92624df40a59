"""Small pure functions: periods, implied precision, reference values, source resolution."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract.periods import parse_period
from pipeline.extract.precision import implied_rounding_unit
from pipeline.staging.reference_figures import parse_reference_value, resolve_source


@pytest.mark.parametrize(
    ("label", "start", "end", "inferred"),
    [
        ("May 2011", date(2011, 5, 1), date(2011, 5, 31), False),
        ("2024-2034", date(2024, 1, 1), date(2034, 12, 31), False),
        ("2024-34", date(2024, 1, 1), date(2034, 12, 31), False),
        ("2021 survey", date(2021, 1, 1), date(2021, 12, 31), False),
        ("not stated (consistent with May 2024)", date(2024, 5, 1), date(2024, 5, 31), True),
        ("through 2033", None, date(2033, 12, 31), False),
        ("not stated", None, None, True),
        ("12 months", None, None, False),
        ("by 2018", None, date(2018, 12, 31), False),
        ("between 2018 and 2028", date(2018, 1, 1), date(2028, 12, 31), False),
        ("from 2022 to 2032", date(2022, 1, 1), date(2032, 12, 31), False),
        ("as of 2023", date(2023, 1, 1), date(2023, 12, 31), False),
    ],
)
def test_parse_period(label: str, start: date | None, end: date | None, inferred: bool) -> None:
    period = parse_period(label)
    assert (period.start, period.end, period.inferred) == (start, end, inferred)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("180280", 10), ("194800", 100), ("200000", 100000), ("7.0", 0.1), ("17.27", 0.01), ("60097", 1), ("<2", 1)],
)
def test_implied_rounding_unit(text: str, unit: float) -> None:
    assert implied_rounding_unit(text) == pytest.approx(unit)


def test_the_extractor_reads_periods_and_precision_with_the_same_rules() -> None:
    """One parser and one rounding rule: a claim and the reference figure it is checked against agree."""
    from pipeline.extract.claims import extract_claims

    claim = extract_claims("Employment of coders will grow 7% over 2024-34, to 201,300 jobs.")[0]
    assert (claim.period_start, claim.period_end) == (parse_period("2024-34").start, parse_period("2024-34").end)
    jobs = next(c for c in extract_claims("Coders held 194,800 jobs in May 2024.") if c.value == 194800)
    assert jobs.rounding_unit == implied_rounding_unit("194,800") == 100


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [("12.5", 12.5, "exact"), ("<2", 2.0, "upper_bound"), (">8,000", 8000.0, "lower_bound"),
     ("8 in 10", 0.8, "exact"), ("n/a", None, "exact")],
)
def test_parse_reference_value(text: str, value: float | None, qualifier: str) -> None:
    assert parse_reference_value(text) == (value, qualifier)


def test_resolve_source_splits_bls_by_measure() -> None:
    source_map = [
        {"source_org": "BLS", "measure_pattern": "ep_*|employment_growth_pct", "publisher_id": "bls_ep",
         "producer_id": "bls_ep"},
        {"source_org": "BLS", "measure_pattern": "*", "publisher_id": "bls_oews", "producer_id": "bls_oews"},
    ]
    assert resolve_source(source_map, "BLS", "ep_base_employment") == ("bls_ep", "bls_ep")
    assert resolve_source(source_map, "BLS", "median_annual_wage") == ("bls_oews", "bls_oews")
    assert resolve_source(source_map, "Unknown Org", "employment") == (None, None)
