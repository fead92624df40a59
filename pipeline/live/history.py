"""Load live frames into DuckDB: OEWS history (API and yearly doors) and Employment Projections.

`staging.oews_data` stays owned by `pipeline.sources.oews` (time-series layout); history from the other doors goes
to `staging.oews_history` with a `door` column, so the embedded default is never overwritten by live data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.quarantine import replace_quarantine, validate_rows
from pipeline.schemas import OewsDataRow

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def live_sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object]) -> None:
    """Run each statement of `pipeline/live/sql/<name>.sql`, binding the `$params` it names."""
    for statement in live_sql(name).split(";\n"):
        body = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--")).strip()
        if body:
            used = {key: value for key, value in params.items() if f"${key}" in body}
            con.execute(body, used or None)


def load_oews_history(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, *, door: str, year: int,
                      snapshot_sha256: str) -> tuple[int, int]:
    """Validate `frame` and replace its (door, release) in `staging.oews_history`; returns (rows, quarantined)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    release = f"{year}A01"
    source = f"bls_oews_{door}:{release}"
    checked = validate_rows(frame, OewsDataRow, source=source)
    quarantined = replace_quarantine(con, source, checked.quarantined)
    con.register("oews_history_batch", checked.valid)
    try:
        _run(con, "oews_history", {"door": door, "release": release, "snapshot_sha256": snapshot_sha256})
    finally:
        con.unregister("oews_history_batch")
    return len(checked.valid), quarantined


def load_projections(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, *, snapshot_sha256: str) -> int:
    """Replace the frame's cycle in `staging.ep_projections`; returns the rows written."""
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.register("ep_projections_batch", frame)
    try:
        _run(con, "ep_projections", {"cycle": frame["cycle"].iloc[0], "snapshot_sha256": snapshot_sha256})
    finally:
        con.unregister("ep_projections_batch")
    return len(frame)
