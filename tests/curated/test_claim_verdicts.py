"""curated.claim_verdicts: the seeds' known cases get the verdicts DOMAIN.md gives them."""

from __future__ import annotations

import duckdb
import pytest

CLAIM_VERDICT_SQL = """
    SELECT v.verdict, v.reasons, v.official_value, v.official_evidence_role, o.measure, o.quote
    FROM curated.claim_verdicts AS v JOIN curated.observations AS o USING (observation_id)
    WHERE o.document_id LIKE ? || '%' AND o.value = ? AND o.measure = ?
"""


def verdict(reader: duckdb.DuckDBPyConnection, document: str, value: float, measure: str) -> dict:
    rows = reader.execute(CLAIM_VERDICT_SQL, [document, value, measure]).fetchall()
    assert len(rows) == 1, f"expected one claim {value} ({measure}) in {document}, found {len(rows)}"
    names = ["verdict", "reasons", "official_value", "official_role", "measure", "quote"]
    return dict(zip(names, rows[0], strict=True))


@pytest.mark.parametrize(
    ("document", "value", "measure", "expected", "reason"),
    [
        ("000", 185000, "employment_count", "outdated", "vintage"),          # 185K, BLS, as of 2023
        ("001", 200000, "employment_count", "confirmed", None),              # roughly 200,000
        ("002", 194800, "employment_count", "confirmed", None),              # total workforce = EP 2024 base
        ("003", 8, "employment_growth_pct", "outdated", "superseded_cycle"),  # 2022-32 cycle
        ("002", 7, "employment_growth_pct", "confirmed", None),              # 2024-34 cycle
        ("004", 7, "employment_growth_pct", "confirmed", None),
        ("002", 46, "ai_adoption_pct", "unverifiable", None),                # AHA survey not held
        ("004", 48, "ai_adoption_pct", "unverifiable", None),
        ("000", 42000, "mean_annual_wage", "contradicted", "genuine"),        # unsourced avg. salary
        ("002", 50250, "median_annual_wage", "outdated", "vintage"),          # OEWS May 2024 median
        ("002", 66979, "average_salary", "unverifiable", None),              # AAPC 2025 not held
    ],
)
def test_known_case_verdicts(reader: duckdb.DuckDBPyConnection, document: str, value: float, measure: str,
                             expected: str, reason: str | None) -> None:
    found = verdict(reader, document, value, measure)
    assert found["verdict"] == expected, found
    if reason:
        assert reason in found["reasons"]


def test_185k_is_checked_against_oews_and_194800_against_projections(reader: duckdb.DuckDBPyConnection) -> None:
    assert verdict(reader, "000", 185000, "employment_count")["official_value"] == 194720
    confirmed = verdict(reader, "002", 194800, "employment_count")
    assert confirmed["official_value"] == 194800 and confirmed["official_role"] == "secondary_citation"


def test_growth_verdict_rests_on_secondary_evidence_and_says_so(reader: duckdb.DuckDBPyConnection) -> None:
    evidence = reader.execute(
        "SELECT v.evidence FROM curated.claim_verdicts v JOIN curated.observations o USING (observation_id) "
        "WHERE o.document_id LIKE '002%' AND o.measure = 'employment_growth_pct'").fetchone()[0]
    assert "citing" in evidence
