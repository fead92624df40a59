"""Claim extraction: qualifiers, measure and subject, period, attribution, figure cards, repeats, invariants."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from pipeline.extract.claims import extract_claims
from pipeline.extract.dates import find_document_date
from pipeline.extract.model import QUALIFIERS, Claim
from pipeline.extract.vocabulary import definitions_dir


def claim_of(text: str, value_text: str, published_on: date | None = None) -> Claim:
    claims = extract_claims(text, published_on)
    found = [c for c in claims if c.value_text == value_text]
    assert found, [c.value_text for c in claims]
    return found[0]


@pytest.mark.parametrize(
    ("phrase", "qualifier"),
    [
        ("approximately", "approx"),
        ("around", "approx"),
        ("some", "approx"),
        ("~", "approx"),
        ("almost", "upper_bound"),
        ("nearly", "upper_bound"),
        ("less than", "upper_bound"),
        ("up to", "upper_bound"),
        ("more than", "lower_bound"),
        ("at least", "lower_bound"),
        ("upwards of", "lower_bound"),
    ],
)
def test_qualifiers_set_the_stated_precision(phrase: str, qualifier: str) -> None:
    separator = "" if phrase == "~" else " "
    text = f"Hospital coding teams reported {phrase}{separator}35% remote work last year."
    claim = claim_of(text, "35%")
    assert claim.qualifier == qualifier
    assert claim.qualifier_text == phrase


def test_a_plain_number_is_exact_and_a_range_is_a_range() -> None:
    assert claim_of("Remote work reached 35% among coders.", "35%").qualifier == "exact"
    ranged = claim_of("Remote work reached 30-40% among coders.", "30-40%")
    assert (ranged.qualifier, ranged.range_low, ranged.range_high, ranged.value) == ("range", 30, 40, 35)


@pytest.mark.parametrize(
    ("text", "value_text", "measure", "unit"),
    [
        ("Medical coders earn a median wage of $24.10 per hour.", "$24.10", "median_hourly_wage", "USD/hour"),
        ("The median salary for medical coders is $49,900.", "$49,900", "median_annual_wage", "USD/year"),
        ("Medical coders earn an average salary of $52,300.", "$52,300", "mean_annual_wage", "USD/year"),
        ("The AAPC survey found certified coders averaging $70,120.", "$70,120", "average_salary", "USD/year"),
        ("There are 201,300 medical records specialists nationwide.", "201,300", "employment_count", "count"),
        ("Employment of medical coders should grow 9% over the decade.", "9%", "employment_growth_pct", "percent"),
        ("Coders can expect 16,400 openings each year.", "16,400", "annual_openings", "count/year"),
        ("The field is adding 12,900 positions for coders.", "12,900", "employment_change", "count"),
        ("About 52% of health systems use AI for prior authorization.", "52%", "ai_adoption_pct", "percent"),
        ("The model's accuracy was 82% on inpatient charts.", "82%", "accuracy_pct", "percent"),
        ("Denials cost providers $19 billion each year.", "$19 billion", "denial_cost_usd", "USD/year"),
        ("Coders handled 35 charts per day before the rollout.", "35", "records_per_day", "count/day"),
    ],
)
def test_measure_and_unit_from_the_words_around_the_number(text: str, value_text: str, measure: str, unit: str) -> None:
    claim = claim_of(text, value_text)
    assert (claim.measure, claim.unit) == (measure, unit)


def test_a_number_whose_measure_cannot_be_told_is_kept_as_unknown() -> None:
    claim = claim_of("An estimated 1.9 million coding queries went unanswered at hospitals.", "1.9 million")
    assert claim.measure == "unknown"
    assert claim.in_scope


@pytest.mark.parametrize(
    ("text", "value_text", "subject"),
    [
        (
            "Nearly 38% of hospitals and health systems use AI in the revenue cycle.",
            "38%",
            "hospitals_and_health_systems",
        ),
        (
            "About 51% of healthcare organizations apply AI to documentation and coding.",
            "51%",
            "healthcare_organizations",
        ),
        ("Certified coders average $61,500, the AAPC says.", "$61,500", "certified_coders"),
        (
            "Demand for medical records and health information technicians will grow 6%.",
            "6%",
            "medical_records_and_health_information_technicians",
        ),
    ],
)
def test_subject_is_the_population_named(text: str, value_text: str, subject: str) -> None:
    assert claim_of(text, value_text).subject == subject


def test_adoption_shares_carry_their_activity() -> None:
    assert claim_of("About 41% of hospitals use AI in revenue-cycle work.", "41%").activity == "revenue_cycle"
    text = "Some 39% of healthcare organizations apply AI to documentation and coding."
    assert claim_of(text, "39%").activity == "documentation_and_coding"


@pytest.mark.parametrize(
    ("text", "value_text", "period", "start", "end"),
    [
        (
            "Coders earned a median of $47,900 as of 2022.",
            "$47,900",
            "as of 2022",
            date(2022, 1, 1),
            date(2022, 12, 31),
        ),
        ("Coders earned a median of $47,900 in May 2023.", "$47,900", "May 2023", date(2023, 5, 1), date(2023, 5, 31)),
        ("Employment of coders will grow 5% over 2023-2033.", "5%", "2023-2033", date(2023, 1, 1), date(2033, 12, 31)),
        ("Employment of coders will grow 5% through 2033.", "5%", "through 2033", None, date(2033, 12, 31)),
        ("Coders held 190,100 jobs in 2021.", "190,100", "in 2021", date(2021, 1, 1), date(2021, 12, 31)),
    ],
)
def test_reference_period_as_written(text: str, value_text: str, period: str, start: date | None, end: date) -> None:
    claim = claim_of(text, value_text)
    assert (claim.reference_period, claim.period_start, claim.period_end) == (period, start, end)
    assert not claim.period_from_document_date


def test_without_a_period_the_document_date_is_the_default_as_of() -> None:
    claim = claim_of("Coders earn a median of $48,100.", "$48,100", date(2025, 2, 1))
    assert claim.reference_period is None
    assert claim.period_from_document_date
    assert claim.period_start == claim.period_end == date(2025, 2, 1)
    undated = claim_of("Coders earn a median of $48,100.", "$48,100")
    assert not undated.period_from_document_date and undated.period_start is None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Coders hold 199,000 jobs (BLS).", "BLS"),
        ("According to the American Hospital Association, 44% of hospitals use AI.", "AHA"),
        ("The U.S. Bureau of Labor Statistics counts 199,000 coder jobs.", "BLS"),
        ("A survey by Northwind Analytics found 27% of hospitals use AI.", "Northwind Analytics"),
    ],
)
def test_attribution_in_the_sentence(text: str, source: str) -> None:
    claims = [c for c in extract_claims(text) if c.in_scope]
    assert [c.attributed_source for c in claims] == [source]


def test_attribution_does_not_leak_back_from_a_later_clause() -> None:
    text = "Today about 210,000 people work as medical coders, and the BLS expects steady growth."
    assert claim_of(text, "210,000").attributed_source is None


def test_attribution_carries_from_a_study_named_earlier_in_the_paragraph() -> None:
    text = "A study published in NEJM AI tested four models. Their accuracy was under 60% on rare codes."
    claim = claim_of(text, "60%")
    assert (claim.attributed_source, claim.qualifier) == ("NEJM AI", "upper_bound")


def test_a_source_line_credits_the_section_above_it() -> None:
    text = "Pay Today\nThe median wage for medical coders is $49,300.\nSource: BLS OEWS, May 2024\n"
    claim = claim_of(text, "$49,300")
    assert (claim.attributed_source, claim.reference_period) == ("BLS", "May 2024")


def test_a_figure_card_reads_its_label_and_source_line() -> None:
    text = "Outlook\n\n9%\nJob Growth\n2023-2033, BLS\n\n$52,000\nMedian Pay\nBLS\n"
    growth = claim_of(text, "9%")
    assert (growth.measure, growth.attributed_source, growth.reference_period) == (
        "employment_growth_pct",
        "BLS",
        "2023-2033",
    )
    assert growth.quote == "9%\nJob Growth\n2023-2033, BLS"
    assert claim_of(text, "$52,000").measure == "median_annual_wage"


def test_a_card_label_may_stand_above_the_number() -> None:
    text = "Coders employed\n\n212K\n\nRemote share\n\n44%\n\nAbout this page."
    assert claim_of(text, "212K").measure == "employment_count"
    assert claim_of(text, "44%").measure == "remote_work_pct"


def test_a_figure_repeated_in_a_document_is_one_claim() -> None:
    text = (
        "Nearly 37% of hospitals use AI in the revenue cycle (American Hospital Association).\n"
        "37%\nHospitals Using AI\nAHA\n"
        "Adoption is spreading: 37% of hospitals now use AI for billing.\n"
    )
    claims = [c for c in extract_claims(text) if c.value == 37]
    assert len(claims) == 1
    assert claims[0].qualifier_text == "Nearly"
    assert len(claims[0].occurrences) == 2
    assert all(text[o.value_start : o.value_end] == o.value_text for o in claims[0].occurrences)


@pytest.mark.parametrize(
    "text",
    [
        "Medical coders assign ICD-10-CM codes under SOC 29-2072.",
        "Call 555-201-7788 or visit us on March 4, 2025.",
        "1. Learn anatomy\n2. Learn CPT",
        "In 2024 the rules changed for coders.",
    ],
)
def test_not_claims(text: str) -> None:
    assert extract_claims(text) == []


def test_durations_and_prices_are_kept_out_of_scope() -> None:
    text = "Finish a coding course in 6 months. The course costs $1,250."
    assert [(c.value_text, c.in_scope) for c in extract_claims(text)] == [("6 months", False), ("$1,250", False)]


SAMPLE = (
    "https://example.org/x\nMedical coders: the numbers\nMarch 2, 2025\n\n"
    "About 205,000 medical records specialists worked in 2024, according to the BLS. Their median pay was "
    "$49,800. Roughly 1 in 4 hospitals use AI for coding, and 12% of coders work remotely.\n"
)


def test_claims_are_sorted_and_offsets_give_back_quote_and_value() -> None:
    claims = extract_claims(SAMPLE, date(2025, 3, 2))
    assert [c.value_start for c in claims] == sorted(c.value_start for c in claims)
    for claim in claims:
        assert SAMPLE[claim.char_start : claim.char_end] == claim.quote
        assert SAMPLE[claim.value_start : claim.value_end] == claim.value_text
        assert claim.char_start <= claim.value_start and claim.value_end <= claim.char_end
        assert claim.qualifier in QUALIFIERS
    assert extract_claims(SAMPLE, date(2025, 3, 2)) == claims


def test_measures_and_subjects_come_from_the_vocabulary() -> None:
    with open(definitions_dir() / "measures.csv", newline="") as handle:
        measures = {row["measure"] for row in csv.DictReader(handle)}
    with open(definitions_dir() / "subjects.csv", newline="") as handle:
        subjects = {row["subject"] for row in csv.DictReader(handle)}
    for claim in extract_claims(SAMPLE):
        assert claim.measure in measures
        assert claim.subject in subjects


def test_document_date_from_the_page_header() -> None:
    assert find_document_date("MAR 3 · 2025NEWS\nbody") == date(2025, 3, 3)
    assert find_document_date("Posted 7 June 2024 by staff") == date(2024, 6, 7)
    assert find_document_date("No date here, just 2024 mentions.") is None


def test_definitions_directory_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MEDCODER_RAW_DIR", str(tmp_path))
    assert definitions_dir() == tmp_path / "definitions"


def test_vocabulary_finds_short_and_long_phrases_and_capitalised_aliases() -> None:
    from pipeline.extract.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    assert [name for *_, name in vocab.subjects.find("AI systems help medical coders")] == [
        "ai_coding_systems",
        "medical_records_specialists",
    ]
    assert [name for *_, name in vocab.organisations.find("the Bureau of Labor Statistics and the AHA")] == [
        "BLS",
        "AHA",
    ]
    assert vocab.organisations.find("aha, a surprise") == []


def test_universe_of_an_employment_figure_when_the_text_says() -> None:
    text = "BLS counts a total workforce of about 201,000 coders. OEWS shows 188,000 wage and salary jobs for coders."
    assert claim_of(text, "201,000").universe == "all_jobs"
    assert claim_of(text, "188,000").universe == "wage_and_salary"
    assert claim_of("Coders held 190,100 jobs in 2021.", "190,100").universe is None


def test_an_article_above_the_size_limit_is_refused_with_its_size_and_the_limit() -> None:
    from pipeline.extract.claims import MAX_ARTICLE_CHARS

    with pytest.raises(ValueError, match=f"{MAX_ARTICLE_CHARS + 1:,}.*{MAX_ARTICLE_CHARS:,}"):
        extract_claims("x" * (MAX_ARTICLE_CHARS + 1))


def test_a_run_on_text_without_stops_is_cut_into_bounded_sentences() -> None:
    text = ("Medical coders earn a median wage of $24.10 per hour " * 200).strip()
    claims = extract_claims(text)
    assert claims and all(c.char_end - c.char_start <= 1500 for c in claims)
    assert claims[0].measure == "median_hourly_wage"
