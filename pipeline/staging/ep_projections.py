"""BLS Employment Projections: every projections workbook held in `raw/bls_ep/<cycle>/` into
`staging.ep_projections`, one row per occupation and cycle (empty when no workbook is held, as in the embedded
default; `make fetch FETCH_ARGS=--projections` or the `live/ep_projections_snapshot` asset fetches one).
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.live import projections
from pipeline.provenance import read_sidecar
from pipeline.sqlfiles import run_script
from pipeline.staging import Loaded

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
RAW_INPUTS = (projections.SOURCE,)
TABLES = ("staging.ep_projections",)


def workbooks(raw_dir: Path) -> list[Path]:
    """The projections workbooks held, oldest cycle first."""
    root = raw_dir / projections.SOURCE
    return sorted(p for p in root.glob(f"*/{projections.FILE_NAME}") if not p.parent.name.startswith("."))


def load(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Loaded:
    """(Re)build `staging.ep_projections` from every workbook held, each checked against its sidecar."""
    frames = []
    for path in workbooks(raw_dir):
        meta = read_sidecar(path)
        frame = projections.parse_projections(path.read_bytes(), str(path.relative_to(raw_dir)))
        frames.append(frame.assign(snapshot_sha256=meta["sha256"], url=meta["url"]))
        log.info("Employment Projections %s: %d occupations from %s", frame["cycle"].iloc[0], len(frame), path)
    columns = [*projections.COLUMNS, "snapshot_sha256", "url"]
    batch = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.register("ep_projections_batch", batch)
    try:
        run_script(con, HERE / "ep_projections.sql")
    finally:
        con.unregister("ep_projections_batch")
    return Loaded(rows=len(batch), summary=f"{len(frames)} projection cycles from {raw_dir / projections.SOURCE}")
