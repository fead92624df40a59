"""The scale benchmark's pandas baseline must give every claim the verdict the pipeline's SQL gives.

Small synthetic data (the benchmark's own generator), both implementations in-process: if the SQL rules change,
this fails until `bench/pandas_reconcile.py` follows, so the benchmark never compares against different rules.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from bench.pandas_reconcile import load_staging, reconcile_claims
from bench.reconcile_scale import generate
from pipeline.curated.contracts import run_checks
from pipeline.curated.tables import build_all, tables

SQL_VERDICTS = "SELECT observation_id, verdict, checked_against FROM curated.claim_verdicts ORDER BY observation_id"


@pytest.fixture(scope="module")
def reconciled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated warehouse (5,000 observations, 200 claims) after the pipeline's build and reconcile."""
    db_path = tmp_path_factory.mktemp("bench") / "bench.duckdb"
    generate(db_path, observations=5_000, claims=200)
    con = duckdb.connect(str(db_path))
    build_all(con, now=datetime(2026, 1, 1))
    con.close()
    return db_path


def test_generated_staging_keeps_the_observation_contracts(reconciled: Path) -> None:
    con = duckdb.connect(str(reconciled), read_only=True)
    checks = run_checks(con, tables()["curated.observations"].contract)
    assert {"columns", "key", "quote_matches_span", "measure_vocabulary", "intervals_contain_values",
            "official_figures_have_provenance"} <= set(checks)
    assert not any(checks.values()), checks
    verdicts = dict(con.execute("SELECT verdict, count(*) FROM curated.claim_verdicts GROUP BY 1").fetchall())
    con.close()
    # the generator must exercise the cascade, not one branch of it
    assert {"confirmed", "outdated", "contradicted", "not_comparable", "unverifiable"} <= set(verdicts)
    assert sum(verdicts.values()) == 200


def test_pandas_baseline_gives_every_claim_the_sql_verdict(reconciled: Path) -> None:
    con = duckdb.connect(str(reconciled), read_only=True)
    expected = con.execute(SQL_VERDICTS).df()
    ours, observations = reconcile_claims(load_staging(con))
    total, = con.execute("SELECT count(*) FROM curated.observations").fetchone()
    con.close()
    assert observations == total
    merged = expected.merge(ours, on="observation_id", how="outer", suffixes=("_sql", "_pandas"), indicator=True)
    assert (merged["_merge"] == "both").all()
    differ = merged[(merged["verdict_sql"] != merged["verdict_pandas"])
                    | (merged["checked_against_sql"].fillna("") != merged["checked_against_pandas"].fillna(""))]
    assert differ.empty, differ.head(20).to_string()
