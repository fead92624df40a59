"""Number finding: how numbers are written, their implied precision, and what is never a claim."""

from __future__ import annotations

import pytest

from pipeline.extract.numbers import find_numbers, words_to_number


def only(text: str):
    found = find_numbers(text)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "written", "value", "rounding", "kind"),
    [
        ("Staffing reached 312K last spring.", "312K", 312_000, 1000, "count"),
        ("Starting pay is $39,415 at the clinic.", "$39,415", 39_415, 1, "usd"),
        ("Coders there averaged $57K.", "$57K", 57_000, 1000, "usd"),
        ("The region employs 203,600 coders.", "203,600", 203_600, 100, "count"),
        ("The region employs 300,000 coders.", "300,000", 300_000, 100_000, "count"),
        ("Only 31% of clinics agreed.", "31%", 31, 1, "percent"),
        ("Roughly 9 percent of claims are denied.", "9 percent", 9, 1, "percent"),
        ("A backlog of 3.4 million charts remains.", "3.4 million", 3_400_000, 100_000, "count"),
        ("Payers spent $118 billion on audits.", "$118 billion", 118e9, 1e9, "usd"),
        ("Error rates fell to 4.0 per cent.", "4.0 per cent", 4.0, 0.1, "percent"),
        ("Her team clears sixty charts a shift.", "sixty", 60, 10, "count"),
        ("They could review a thousand notes.", "a thousand", 1000, 1000, "count"),
        ("Seventy-one percent of managers agreed.", "Seventy-one percent", 71, 1, "percent"),
    ],
)
def test_numbers_as_written(text: str, written: str, value: float, rounding: float, kind: str) -> None:
    mention = only(text)
    assert mention.text == written
    assert text[mention.start : mention.end] == written
    assert mention.value == pytest.approx(value)
    assert mention.rounding_unit == pytest.approx(rounding)
    assert mention.kind == kind


@pytest.mark.parametrize(
    ("text", "written", "low", "high", "kind"),
    [
        ("Training takes 3-4 years.", "3-4 years", 3, 4, "years"),
        ("Denials cost 1% to 3% of revenue.", "1% to 3%", 1, 3, "percent"),
        ("Automation covers 60-70% of visits.", "60-70%", 60, 70, "percent"),
        ("Growth of 4–6% is expected.", "4–6%", 4, 6, "percent"),
        ("Adoption sits between 20% and 25% today.", "20% and 25%", 20, 25, "percent"),
        ("Budgets run $2 to $5 million a year.", "$2 to $5 million", 2e6, 5e6, "usd"),
        ("It will take three to four years.", "three to four years", 3, 4, "years"),
    ],
)
def test_ranges_keep_both_ends_and_the_midpoint(text: str, written: str, low: float, high: float, kind: str) -> None:
    mention = only(text)
    assert mention.text == written
    assert (mention.low, mention.high) == (pytest.approx(low), pytest.approx(high))
    assert mention.value == pytest.approx((low + high) / 2)
    assert mention.kind == kind


def test_a_change_from_one_figure_to_another_is_not_a_range() -> None:
    assert [m.text for m in find_numbers("Use rose from 12% to 19% in a year.")] == ["12%", "19%"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two-thirds of clinics", 66.6667),
        ("a quarter of payers", 25),
        ("half of all coders", 50),
        ("one in four hospitals", 25),
        ("4 out of 5 directors", 80),
    ],
)
def test_fractions_and_ratios_are_shares_in_percent(text: str, value: float) -> None:
    mention = only(text)
    assert mention.kind == "percent"
    assert mention.value == pytest.approx(value, rel=1e-4)


def test_a_percent_glued_to_its_label_is_found() -> None:
    mention = only("Denial rate41%")
    assert (mention.text, mention.value) == ("41%", 41)


def test_a_money_rate_is_read_after_the_amount() -> None:
    assert only("Coders earn $27.10 an hour.").rate == "hour"
    assert only("Coders earn $56,300 per year.").rate == "year"


@pytest.mark.parametrize(
    "text",
    [
        "Published Sept. 9, 2024 by the desk.",
        "The rule took effect in 2019.",
        "Projections cover 2023-2033 only.",
        "Code it under SOC 29-2072.00 and ICD-10-CM.",
        "Call (312) 555-0187 for details.",
        "Dial 1-877-555-0100 today.",
        "1. Read the chart\n2. Assign the code",
        "  • 03Review the note",
        "Read our Top 5 Tips and Part 3 of the guide.",
        "Vendors such as 3M, Epic and GPT-4 compete.",
        "Assign E11.9 for the diagnosis.",
        "The clinic is open 24/7.",
    ],
)
def test_dates_codes_phones_and_numbering_are_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_small_spelled_numbers_in_prose_are_not_statistics() -> None:
    assert find_numbers("Two reasons stand out, and one matters most.") == []


def test_percentile_groups_are_not_figures() -> None:
    assert [m.text for m in find_numbers("The top 10 percent earned $80,100.")] == ["$80,100"]


@pytest.mark.parametrize(
    ("words", "value"),
    [("forty-two", 42), ("a hundred", 100), ("two hundred thousand", 200_000), ("nine", 9), ("banana", None)],
)
def test_words_to_number(words: str, value: int | None) -> None:
    assert words_to_number(words) == value
