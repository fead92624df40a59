"""Curated layer: build the long observations table and reconcile it, all in DuckDB SQL.

The rules live in `pipeline/curated/curated_observations.sql` and `pipeline/curated/curated_reconcile.sql`; the
vocabularies and policies they read are the CSV files under `raw/definitions/` and `raw/registry/`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline.sqlfiles import run_script

HERE = Path(__file__).resolve().parent

VERDICTS = ("confirmed", "outdated", "misattributed", "not_comparable", "contradicted", "unverifiable")
COMPARABILITY = ("comparable", "comparable_after_transform", "not_comparable")
REASONS = ("rounding", "sampling_error", "vintage", "superseded_cycle", "stale_citation", "misattribution",
           "unit_or_scale_slip", "copying", "definition", "genuine")
RULINGS_FILE = "rulings/rulings.csv"
INVALID_RULINGS = """
    SELECT ruling_id, source_line, invalid_field,
           CASE invalid_field WHEN 'conflict_id' THEN conflict_id WHEN 'source_id' THEN source_id
                ELSE observation_id END
    FROM curated.rulings WHERE status = 'invalid' ORDER BY source_line
"""
RECONCILED_COUNTS = """
    SELECT 'claim_verdicts', count(*) FROM curated.claim_verdicts
    UNION ALL SELECT 'comparisons', count(*) FROM curated.comparisons
    UNION ALL SELECT 'conflicts', count(*) FROM curated.conflicts
    UNION ALL SELECT 'recommended_figures', count(*) FROM curated.recommended_figures
    UNION ALL SELECT 'consensus', count(*) FROM curated.consensus
    UNION ALL SELECT 'rulings', count(*) FROM curated.rulings
"""


def build_observations(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)build `curated.observations`; returns its row count."""
    con.execute("CREATE SCHEMA IF NOT EXISTS curated")
    run_script(con, HERE / "curated_observations.sql")
    run_script(con, HERE / "curated_catalogue.sql")
    return con.execute("SELECT count(*) FROM curated.observations").fetchone()[0]


class RulingError(ValueError):
    """A ruling that names a conflict, observation or source the warehouse does not have."""


def reconcile(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> dict[str, int]:
    """(Re)build verdicts, comparisons, conflicts, recommended figures, consensus and rulings; returns row counts.

    Raises RulingError naming the rulings file line and field when a ruling points at nothing.
    """
    con.execute("CREATE SCHEMA IF NOT EXISTS ledger")
    run_script(con, HERE / "curated_reconcile.sql")
    run_script(con, HERE / "curated_consensus.sql")
    run_script(con, HERE / "curated_evidence.sql")
    run_script(con, HERE / "curated_rulings.sql", {"now": now or datetime.now(UTC).replace(tzinfo=None)})
    invalid = con.execute(INVALID_RULINGS).fetchall()
    if invalid:
        raise RulingError("; ".join(
            f"{RULINGS_FILE}, line {line}, field {field}: ruling {ruling_id} names unknown {field} '{value}'"
            for ruling_id, line, field, value in invalid))
    return dict(con.execute(RECONCILED_COUNTS).fetchall())
