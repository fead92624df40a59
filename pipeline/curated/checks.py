"""Contract checks on the curated tables, run as blocking Dagster asset checks before publication."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import duckdb

from pipeline.sqlfiles import sql

HERE = Path(__file__).resolve().parent


def contract_violations(con: duckdb.DuckDBPyConnection,
                        stage: Literal["observations", "reconciled"]) -> dict[str, int]:
    """Violating-row count per named check (`pipeline/curated/contract_checks_<stage>.sql`); all zero = publishable."""
    return {name: int(count) for name, count in con.execute(sql(HERE / f"contract_checks_{stage}.sql")).fetchall()}
