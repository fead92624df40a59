"""Contract checks on the curated tables, run as blocking Dagster asset checks before publication."""

from __future__ import annotations

import duckdb

from pipeline.sql import sql


def contract_violations(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Violating-row count per named check (see `pipeline/sql/contract_checks.sql`); all zero means publishable."""
    return {name: int(count) for name, count in con.execute(sql("contract_checks")).fetchall()}
