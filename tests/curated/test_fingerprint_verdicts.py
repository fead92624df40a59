"""Verdicts rest on a matching fingerprint: place, universe, statistic and the page's date, on pages written for the
test (their figures are the May 2025 OEWS cells held in raw/, or deliberately other numbers)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline.settings import Paths
from tests.conftest import copy_published, materialize_all

PAGES = {
    "places.txt": (
        "In Texas, medical records specialists earned a median annual wage of $48,860 in May 2025, according to "
        "the BLS.\n\n"
        "Florida employed 30,000 medical records specialists in May 2025.\n\n"
        "In the Boston-Cambridge-Newton, MA-NH metropolitan area the mean annual wage of medical records specialists "
        "was $62,940 in May 2025.\n\n"
        "More than 23,600 medical records specialists work in the Great Lakes region.\n\n"
        "In the Great Lakes region the median annual wage of medical records specialists is $47,000.\n"
    ),
    "universes.txt": (
        "Medical coders who answered the AAPC salary survey reported an average salary of $61,000.\n\n"
        "The AAPC survey drew more than 10,000 respondents.\n\n"
        "The median annual wage of medical records specialists was $56,790 in May 2025, according to the BLS.\n"
    ),
    "dated.txt": (
        "https://example.org/2024/06/12/coder-pay\n"
        "Medical records specialists earn a median annual wage of $48,780, according to the BLS.\n"
    ),
    # a saved web page: its table is read row by row, each cell taking the place of its row and the measure of
    # its column
    "state_pay.html": (
        "<!doctype html><html><head><title>Coder pay by state</title></head><body>"
        "<h1>Medical records specialists: pay by state</h1>"
        "<table><caption>Median annual wage of medical records specialists, May 2025 (BLS)</caption>"
        "<tr><th>State</th><th>Median annual wage</th></tr>"
        "<tr><td>Ohio</td><td>$50,990</td></tr><tr><td>Florida</td><td>$45,760</td></tr>"
        "<tr><td>California</td><td>$52,000</td></tr></table></body></html>"
    ),
}

VERDICT_SQL = """
    SELECT o.value, o.measure, o.geography, o.area_type, v.verdict, v.checked_against, v.differing_fields,
           v.when_written, v.evidence, c.geography AS checked_geography, c.measure AS checked_measure
    FROM curated.claim_verdicts AS v
    JOIN curated.observations AS o USING (observation_id)
    LEFT JOIN curated.observations AS c ON c.observation_id = v.checked_against
    WHERE o.document_id = ? AND o.in_scope
"""
FIELDS = ("value", "measure", "geography", "area_type", "verdict", "checked_against", "differing_fields",
          "when_written", "evidence", "checked_geography", "checked_measure")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, published: tuple[Paths, dg.ExecuteInProcessResult]) -> Paths:
    """The session's warehouse with the test's pages added as articles and materialized again."""
    root = tmp_path_factory.mktemp("fingerprint")
    paths = copy_published(published, root)
    for name, text in PAGES.items():
        (paths.raw_dir / "articles" / name).write_text(text, encoding="utf-8")
    assert materialize_all(paths).success
    return paths


def claims(paths: Paths, document: str) -> dict[float, dict]:
    with duckdb.connect(str(paths.published_db), read_only=True) as con:
        rows = con.execute(VERDICT_SQL, [document]).fetchall()
    return {row[0]: dict(zip(FIELDS, row, strict=True)) for row in rows}


def test_a_state_figure_is_checked_against_the_state_cell(warehouse: Paths) -> None:
    found = claims(warehouse, "places")
    texas = found[48860]
    assert (texas["geography"], texas["area_type"]) == ("Texas", "state")
    assert texas["verdict"] == "confirmed" and texas["checked_geography"] == "Texas"
    # 30,000 is far above Florida's cell (21,490 with its RSE band), though below the nation's 194,720
    florida = found[30000]
    assert florida["verdict"] == "contradicted" and florida["checked_geography"] == "Florida"


def test_a_metro_figure_is_checked_against_the_metro_cell(warehouse: Paths) -> None:
    boston = claims(warehouse, "places")[62940]
    assert boston["area_type"] == "metro" and boston["geography"] == "Boston-Cambridge-Newton, MA-NH"
    assert boston["verdict"] == "confirmed" and boston["checked_geography"] == boston["geography"]


def test_a_region_is_never_checked_against_the_nation(warehouse: Paths) -> None:
    found = claims(warehouse, "places")
    total, median = found[23600], found[47000]
    assert total["area_type"] == median["area_type"] == "other"
    # a regional total is a sum of states: without them it is unverifiable, not "confirmed" by the 194,720
    assert total["verdict"] == "unverifiable" and total["checked_against"] is None
    # a regional median is of a kind OEWS publishes by place, but not for this place: a look-alike at most
    assert median["verdict"] == "not_comparable" and median["differing_fields"] == ["geography"]


def test_a_survey_average_is_not_compared_with_the_oews_mean(warehouse: Paths) -> None:
    average = claims(warehouse, "universes")[61000]
    assert average["measure"] == "average_salary"
    assert average["verdict"] == "not_comparable" and "universe" in average["differing_fields"]


def test_a_sample_size_is_never_evidence_about_employment(warehouse: Paths) -> None:
    respondents = claims(warehouse, "universes")[10000]
    assert respondents["measure"] == "sample_size"
    assert respondents["verdict"] == "unverifiable" and respondents["checked_against"] is None


def test_a_median_is_checked_against_the_median_not_the_mean(warehouse: Paths) -> None:
    median = claims(warehouse, "universes")[56790]  # the national mean's value, called a median
    assert median["checked_measure"] == "median_annual_wage"
    # it names BLS and May 2025, whose median (51,140) it is not: no release of the cited source matches
    assert median["verdict"] == "misattributed"


def test_a_median_and_a_mean_differ_in_statistic_only(warehouse: Paths) -> None:
    with duckdb.connect(str(warehouse.writer_db), read_only=True) as con:
        fields = con.execute("""
            SELECT cc.differing_fields, cc.rules_out FROM internal.claim_candidates AS cc
            JOIN curated.observations AS c ON c.observation_id = cc.claim_id
            JOIN curated.observations AS r ON r.observation_id = cc.official_id
            WHERE c.document_id = 'universes' AND c.value = 56790 AND r.kind = 'oews'
              AND r.measure = 'mean_annual_wage'""").fetchall()
    assert fields == [(["statistic"], False)]


def test_the_page_date_comes_from_the_url_and_an_unheld_release_is_unknown_not_wrong(warehouse: Paths) -> None:
    with duckdb.connect(str(warehouse.published_db), read_only=True) as con:
        published_on, source = con.execute("SELECT published_on, published_on_source FROM curated.documents "
                                           "WHERE document_id = 'dated'").fetchone()
    assert (str(published_on), source) == ("2024-06-12", "url")
    # $48,780 is the May 2023 median, current in June 2024; the warehouse holds May 2025 and pages guessing vintages
    quoted = claims(warehouse, "dated")[48780]
    assert quoted["when_written"] == "unknown"
    assert quoted["verdict"] == "outdated"


def test_an_html_article_with_a_table_goes_through_to_verdicts_and_the_report(warehouse: Paths) -> None:
    found = claims(warehouse, "state_pay")
    # the caption credits BLS for May 2025, whose California median ($61,810) no $52,000 matches: misattributed
    assert {value: (c["geography"], c["verdict"]) for value, c in found.items()} == {
        50990: ("Ohio", "confirmed"), 45760: ("Florida", "confirmed"), 52000: ("California", "misattributed")}
    with duckdb.connect(str(warehouse.published_db), read_only=True) as con:
        title, text = con.execute("SELECT title, text FROM curated.documents WHERE document_id = 'state_pay'"
                                  ).fetchone()
    assert title == "Coder pay by state" and "Ohio | $50,990" in text.splitlines()
    report = (warehouse.reports_dir / "conflict_report.md").read_text(encoding="utf-8")
    html = (warehouse.reports_dir / "conflict_report.html").read_text(encoding="utf-8")
    assert "Coder pay by state" in report and "$50,990" in report
    assert "Coder pay by state" in html


def test_test_pages_are_not_the_development_pages() -> None:
    """The hook that keeps the development set out of the repository would reject copied text; say why here."""
    dev = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev_pages" / "pages"
    if not dev.exists():
        pytest.skip("no development pages beside the repository")
    own = "\n".join(PAGES.values())
    for page in dev.glob("*.txt"):
        for line in page.read_text(encoding="utf-8").splitlines():
            assert len(line) < 40 or line not in own
