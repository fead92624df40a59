"""Curated layer: build the long observations table and reconcile it, all in DuckDB SQL.

The rules live in `pipeline/sql/curated_observations.sql` and `pipeline/sql/curated_reconcile.sql`; the
vocabularies and policies they read are the CSV files under `raw/definitions/` and `raw/registry/`.
"""

from __future__ import annotations

import duckdb

from pipeline.sql import run_script

VERDICTS = ("confirmed", "outdated", "misattributed", "not_comparable", "contradicted", "unverifiable")
COMPARABILITY = ("comparable", "comparable_after_transform", "not_comparable")
REASONS = ("rounding", "sampling_error", "vintage", "superseded_cycle", "stale_citation", "misattribution",
           "unit_or_scale_slip", "copying", "definition", "genuine")
RECONCILED_COUNTS = """
    SELECT 'claim_verdicts', count(*) FROM curated.claim_verdicts
    UNION ALL SELECT 'comparisons', count(*) FROM curated.comparisons
    UNION ALL SELECT 'conflicts', count(*) FROM curated.conflicts
    UNION ALL SELECT 'recommended_figures', count(*) FROM curated.recommended_figures
"""


def build_observations(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)build `curated.observations`; returns its row count."""
    con.execute("CREATE SCHEMA IF NOT EXISTS curated")
    run_script(con, "curated_observations")
    run_script(con, "curated_catalogue")
    return con.execute("SELECT count(*) FROM curated.observations").fetchone()[0]


def reconcile(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """(Re)build claim verdicts, pairwise comparisons, conflicts and recommended figures; returns row counts."""
    run_script(con, "curated_reconcile")
    return dict(con.execute(RECONCILED_COUNTS).fetchall())
