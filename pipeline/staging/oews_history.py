"""OEWS history: earlier releases from the live doors' snapshots into `staging.oews_history`.

The time-series files hold only the current release (`staging.oews_data`); `make fetch` and the `live` assets keep
snapshots of the BLS API's answers (`raw/bls_oews_api/<year>/response.json`) and of the yearly national files
(`raw/bls_oews_yearly/<year>/oesmYYnat.zip`). This reads every snapshot held, holds each row to the same rules as
the time-series file (the OEWS contract, `oews_contract.py`) and rebuilds the table; with no snapshot (the embedded
default) it is empty.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.live import api, yearly
from pipeline.live.frames import STAGING_COLUMNS, to_frame
from pipeline.provenance import read_sidecar
from pipeline.sqlfiles import run_script
from pipeline.staging import Loaded
from pipeline.staging.oews_data import OEWS_FLAG_MACROS, create_rule_macros
from pipeline.staging.quarantine import replace_quarantine

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
SOURCE = "oews_history"
RAW_INPUTS = (api.SOURCE, yearly.SOURCE)
TABLES = ("staging.oews_history", "staging.quarantine")
EXTRA_COLUMNS = ["release", "snapshot_sha256", "url", "door"]


def snapshots(raw_dir: Path) -> list[tuple[str, int, Path]]:
    """(door, reference year, file) of every history snapshot held, oldest year first, API before yearly."""
    found = [("api", int(p.parent.name), p) for p in (raw_dir / api.SOURCE).glob(f"*/{api.RESPONSE_FILE}")]
    found += [("yearly", int(p.parent.name), p) for p in (raw_dir / yearly.SOURCE).glob("*/oesm*nat.zip")]
    return sorted((door, year, path) for door, year, path in found if not path.parent.name.startswith("."))


def read_snapshot(door: str, year: int, path: Path, raw_dir: Path) -> pd.DataFrame:
    """The staging rows of one snapshot, checked against its sidecar first."""
    meta = read_sidecar(path)
    source_file = str(path.relative_to(raw_dir))
    if door == "api":
        frame = api.api_frame(json.loads(path.read_text(encoding="utf-8")), source_file)
    else:
        frame = yearly.parse_yearly_zip(path, year, source_file)
    return frame.assign(release=f"{year}A01", snapshot_sha256=meta["sha256"], url=meta["url"], door=door)


def load(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Loaded:
    """(Re)build `staging.oews_history` from every snapshot held; rows breaking the OEWS rules are quarantined."""
    frames = []
    for door, year, path in snapshots(raw_dir):
        frames.append(read_snapshot(door, year, path, raw_dir))
        log.info("OEWS history: May %d from the %s door, %d rows from %s", year, door, len(frames[-1]), path)
    empty = to_frame([]).assign(**{name: pd.Series(dtype="object") for name in EXTRA_COLUMNS})
    batch = (pd.concat(frames, ignore_index=True) if frames else empty)[STAGING_COLUMNS + EXTRA_COLUMNS]
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    run_script(con, OEWS_FLAG_MACROS)
    create_rule_macros(con)
    con.register("oews_history_batch", batch)
    try:
        run_script(con, HERE / "oews_history.sql")
    finally:
        con.unregister("oews_history_batch")
    quarantined = con.execute("SELECT * FROM oews_history_quarantine").df()
    replace_quarantine(con, SOURCE, quarantined)
    rows = con.execute("SELECT count(*) FROM staging.oews_history").fetchone()[0]
    return Loaded(rows=rows, quarantined=len(quarantined), summary=f"{len(frames)} history snapshots from {raw_dir}")
