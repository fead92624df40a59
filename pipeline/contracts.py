"""Contract checks on the curated tables, run as blocking Dagster asset checks before publication."""

from __future__ import annotations

from typing import Literal

import duckdb

from pipeline.sql import sql


def contract_violations(con: duckdb.DuckDBPyConnection,
                        stage: Literal["observations", "reconciled"]) -> dict[str, int]:
    """Violating-row count per named check (`pipeline/sql/contract_checks_<stage>.sql`); all zero = publishable."""
    return {name: int(count) for name, count in con.execute(sql(f"contract_checks_{stage}")).fetchall()}
