"""Load live frames into DuckDB: OEWS history (API and yearly doors) and Employment Projections.

`staging.oews_data` stays owned by `pipeline.staging.oews_data` (time-series layout); history from the other doors goes
to `staging.oews_history` with a `door` column, so the embedded default is never overwritten by live data.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipeline.sqlfiles import run_script
from pipeline.staging.oews_data import OEWS_FLAG_MACROS
from pipeline.staging.quarantine import replace_quarantine, validate_rows
from pipeline.staging.schemas import OewsDataRow

LIVE_SQL_DIR = Path(__file__).resolve().parent / "sql"


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
        run_script(con, OEWS_FLAG_MACROS)
        run_script(con, LIVE_SQL_DIR / "oews_history.sql",
                   {"door": door, "release": release, "snapshot_sha256": snapshot_sha256})
    finally:
        con.unregister("oews_history_batch")
    return len(checked.valid), quarantined


def load_projections(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, *, snapshot_sha256: str) -> int:
    """Replace the frame's cycle in `staging.ep_projections`; returns the rows written."""
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.register("ep_projections_batch", frame)
    try:
        run_script(con, LIVE_SQL_DIR / "ep_projections.sql",
                   {"cycle": frame["cycle"].iloc[0], "snapshot_sha256": snapshot_sha256})
    finally:
        con.unregister("ep_projections_batch")
    return len(frame)
