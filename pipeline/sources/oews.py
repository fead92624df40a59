"""BLS OEWS in the time-series layout (`raw/bls_oews/<release>/oe.*`) into `staging.oews_*` tables.

Parsing is set-based in DuckDB; Pandera then checks every row and failures go to quarantine.
All areas and industries are kept. Special values map to NULL plus flags (`is_top_coded`, `is_not_released`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.provenance import read_sidecar
from pipeline.quarantine import replace_quarantine, validate_rows
from pipeline.schemas import OewsDataRow
from pipeline.sql import run_script, sql

log = logging.getLogger(__name__)
SOURCE = "bls_oews"
DATA_FILE_GLOB = "oe.data.0.Current"


@dataclass(frozen=True)
class OewsLoad:
    releases: list[str]
    rows: int
    quarantined: int
    files: dict[str, str]  # relative path -> sha256


def release_dirs(oews_root: Path) -> list[Path]:
    """Release folders (`2025A01`, ...) that hold a data file, oldest first."""
    return sorted(p for p in oews_root.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / DATA_FILE_GLOB).exists())


def load_oews(con: duckdb.DuckDBPyConnection, oews_root: Path, raw_root: Path) -> OewsLoad:
    """(Re)build `staging.oews_data` and its lookup tables from every release under `oews_root`."""
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    dirs = release_dirs(oews_root)
    if not dirs:
        raise FileNotFoundError(f"{oews_root}: no OEWS release folder with an {DATA_FILE_GLOB} file")
    files: dict[str, str] = {}
    valid_frames, quarantine_frames = [], []
    for release_dir in dirs:
        data_file = release_dir / DATA_FILE_GLOB
        meta = read_sidecar(data_file)
        rel = str(data_file.relative_to(raw_root))
        files[rel] = meta["sha256"]
        parsed = con.execute(sql("oews_parse_data"), {"source_file": rel, "data_file": str(data_file)}).df()
        checked = validate_rows(parsed, OewsDataRow, source=SOURCE)
        checked.valid["release"] = release_dir.name
        checked.valid["snapshot_sha256"] = meta["sha256"]
        # when BLS published the release (sidecar), so vintage checks know when it became current
        checked.valid["release_published_on"] = date.fromisoformat(meta["published"]) if meta.get("published") else None
        valid_frames.append(checked.valid)
        quarantine_frames.append(checked.quarantined)
        log.info("OEWS %s: %d rows parsed from %s, %d quarantined", release_dir.name, len(parsed), rel,
                 len(checked.quarantined))
    latest = dirs[-1]
    for name in ("oe.area", "oe.industry", "oe.occupation", "oe.datatype"):
        files[str((latest / name).relative_to(raw_root))] = read_sidecar(latest / name)["sha256"]
    run_script(con, "oews_create_dimensions", {
        "area_file": str(latest / "oe.area"), "industry_file": str(latest / "oe.industry"),
        "occupation_file": str(latest / "oe.occupation"), "datatype_file": str(latest / "oe.datatype"),
    })
    valid = pd.concat(valid_frames, ignore_index=True)
    con.register("oews_valid_frame", valid)
    con.execute("CREATE OR REPLACE TEMP TABLE oews_valid AS SELECT * FROM oews_valid_frame")
    con.unregister("oews_valid_frame")
    con.execute(sql("oews_create_data"))
    quarantined = replace_quarantine(con, SOURCE, pd.concat(quarantine_frames, ignore_index=True))
    rows = con.execute("SELECT count(*) FROM staging.oews_data").fetchone()[0]
    return OewsLoad([d.name for d in dirs], rows, quarantined, files)
