"""Editorial rulings (`raw/rulings/rulings.csv`) into `staging.rulings`; malformed rows are quarantined.

Whether a ruling still applies is decided in reconciliation, against the evidence it was bound to.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.staging import Loaded
from pipeline.staging.quarantine import ContractError, LocatedRow, Validated, replace_quarantine, validate_rows

log = logging.getLogger(__name__)
SOURCE = "rulings"
RULINGS_FILE = "rulings/rulings.csv"
RAW_INPUTS = (RULINGS_FILE,)
TABLES = ("staging.rulings", "staging.quarantine")
COLUMNS = ["ruling_id", "decided_on", "reviewer", "action", "conflict_id", "observation_id", "source_id", "reason",
           "evidence_hash"]


RULING_ACTIONS = ["accept_figure", "prefer_source", "mark_not_comparable", "reject_claim"]


class RulingRow(LocatedRow):
    """One editorial ruling from `raw/rulings/rulings.csv`."""

    ruling_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    decided_on: Series[pd.Timestamp] = pa.Field(nullable=False)
    reviewer: Series[str] = pa.Field(str_length={"min_value": 1})
    action: Series[str] = pa.Field(isin=RULING_ACTIONS)
    reason: Series[str] = pa.Field(str_length={"min_value": 1})
    evidence_hash: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")

    @pa.dataframe_check(error="conflict_id: required for accept_figure, prefer_source and mark_not_comparable")
    @classmethod
    def conflict_actions_name_a_conflict(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["action"] == "reject_claim") | df["conflict_id"].notna()

    @pa.dataframe_check(error="observation_id: required for accept_figure and reject_claim")
    @classmethod
    def figure_actions_name_an_observation(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df["action"].isin(["accept_figure", "reject_claim"]) | df["observation_id"].notna()

    @pa.dataframe_check(error="source_id: required for prefer_source")
    @classmethod
    def prefer_source_names_a_source(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["action"] != "prefer_source") | df["source_id"].notna()

    class Config:
        strict = False



def read_rulings(csv_path: Path, raw_root: Path) -> Validated:
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False).replace({"": None})
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ContractError(f"{csv_path}: missing column(s) {', '.join(missing)}")
    frame.insert(0, "source_line", range(2, len(frame) + 2))
    frame.insert(0, "source_file", str(csv_path.relative_to(raw_root)))
    frame["decided_on_raw"] = frame["decided_on"]
    frame["decided_on"] = pd.to_datetime(frame["decided_on"], errors="coerce", format="ISO8601")
    return validate_rows(frame, RulingRow, source=SOURCE)


def load_rulings(con: duckdb.DuckDBPyConnection, csv_path: Path, raw_root: Path) -> Validated:
    """(Re)build `staging.rulings`."""
    checked = read_rulings(csv_path, raw_root)
    rulings = checked.valid.assign(decided_on=checked.valid["decided_on"].dt.date)[
        ["source_file", "source_line", *COLUMNS]]
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.register("rulings_frame", rulings)
    con.execute(
        "CREATE OR REPLACE TABLE staging.rulings AS SELECT source_file::VARCHAR AS source_file,"
        " source_line::BIGINT AS source_line, ruling_id::VARCHAR AS ruling_id, decided_on::DATE AS decided_on,"
        " reviewer::VARCHAR AS reviewer, action::VARCHAR AS action, conflict_id::VARCHAR AS conflict_id,"
        " observation_id::VARCHAR AS observation_id, source_id::VARCHAR AS source_id, reason::VARCHAR AS reason,"
        " evidence_hash::VARCHAR AS evidence_hash FROM rulings_frame"
    )
    con.unregister("rulings_frame")
    replace_quarantine(con, SOURCE, checked.quarantined)
    log.info("rulings: %d from %s, %d quarantined", len(rulings), csv_path, len(checked.quarantined))
    return checked


def load(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Loaded:
    checked = load_rulings(con, raw_dir / RULINGS_FILE, raw_dir)
    return Loaded(rows=len(checked.valid), quarantined=len(checked.quarantined),
                  summary=f"{len(checked.valid)} rulings")
