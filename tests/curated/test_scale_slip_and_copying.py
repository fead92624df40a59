"""Reconciliation rules beyond the seeds' known cases, on articles written for the test."""

from __future__ import annotations

import duckdb

from pipeline.settings import Paths
from tests.conftest import materialize_all

VERDICT_SQL = """
    SELECT v.verdict, v.reasons, v.official_value FROM curated.claim_verdicts v
    JOIN curated.observations o USING (observation_id) WHERE o.document_id = ? AND o.value = ?
"""


def test_scale_slip_and_copying_are_labelled(warm_paths: Paths) -> None:
    articles = warm_paths.raw_dir / "articles"
    (articles / "slip.txt").write_text(
        "The BLS counts 195 medical records specialists in the United States.\n", encoding="utf-8")
    # repeats the seed 002's "7% ... through 2034 (BLS)" figure with the same attribution: one piece of evidence
    (articles / "zz_copy.txt").write_text(
        "The BLS projects 7% employment growth for medical records specialists through 2034.\n", encoding="utf-8")
    assert materialize_all(warm_paths).success
    with duckdb.connect(str(warm_paths.published_db), read_only=True) as con:
        verdict, reasons, official = con.execute(VERDICT_SQL, ["slip", 195]).fetchone()
        assert verdict in {"misattributed", "contradicted"} and "unit_or_scale_slip" in reasons
        assert official == 194720
        verdict, reasons, _ = con.execute(VERDICT_SQL, ["zz_copy", 7]).fetchone()
        assert verdict == "confirmed" and "copying" in reasons
        independent, all_claims = con.execute(
            "SELECT independent_claims, all_claims FROM curated.consensus "
            "WHERE measure = 'employment_growth_pct' AND cycle = '2024-2034'").fetchone()
        assert all_claims > independent
