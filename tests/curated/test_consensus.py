"""curated.consensus: independent claims beside the official figure; the pipeline abstains below two."""

from __future__ import annotations

import duckdb


def test_two_independent_employment_claims_agree_beside_the_official_figure(reader: duckdb.DuckDBPyConnection) -> None:
    row = reader.execute(
        "SELECT independent_claims, consensus_value, consensus_status, official_value FROM curated.consensus "
        "WHERE measure = 'employment_count' AND occupation = '29-2072' AND universe = 'unstated'").fetchone()
    assert row == (2, 192500, "agree", 194720)  # 185K and roughly 200,000: their intervals overlap


def test_a_single_claim_gives_no_consensus(reader: duckdb.DuckDBPyConnection) -> None:
    rows = reader.execute("SELECT consensus_value, consensus_status FROM curated.consensus "
                          "WHERE independent_claims < 2").fetchall()
    assert rows and all(value is None and status == "insufficient" for value, status in rows)
