"""Definitions and the source registry: the data files that say what measures, subjects and sources mean.

They live in `raw/definitions/` and `raw/registry/` as CSV so an analyst extends them without touching code.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.sqlfiles import run_script
from pipeline.staging import Loaded
from pipeline.staging.quarantine import ContractError

HERE = Path(__file__).resolve().parent

log = logging.getLogger(__name__)

class SourceRegistryRow(pa.DataFrameModel):
    source_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z0-9_]+$")
    organisation: Series[str]
    kind: Series[str]
    """One of raw/registry/source_kinds.csv (checked against that file when the registry is loaded)."""
    method: Series[str]


class MeasureRow(pa.DataFrameModel):
    measure: Series[str] = pa.Field(unique=True)
    family: Series[str]
    statistic: Series[str]
    unit: Series[str]


class SubjectRow(pa.DataFrameModel):
    subject: Series[str] = pa.Field(unique=True)
    kind: Series[str]


RAW_INPUTS = ("definitions", "registry")
DEFINITION_TABLES: dict[str, tuple[str, type[pa.DataFrameModel] | None]] = {
    "measures": ("definitions/measures.csv", MeasureRow),
    "measure_aliases": ("definitions/measure_aliases.csv", None),
    "subjects": ("definitions/subjects.csv", SubjectRow),
    "subject_topics": ("definitions/subject_topics.csv", None),
    "oews_measures": ("definitions/oews_datatypes.csv", None),
    "qualifier_precision": ("definitions/qualifier_precision.csv", None),
    "soc_crosswalk": ("definitions/soc_crosswalk.csv", None),
    "measure_transforms": ("definitions/transforms.csv", None),
    "source_registry": ("registry/sources.csv", SourceRegistryRow),
    "authority_policy": ("registry/authority_policy.csv", None),
    "attributions": ("registry/attributions.csv", None),
    "caveats": ("definitions/caveats.csv", None),
    "release_calendar": ("definitions/release_calendar.csv", None),
    "unit_aliases": ("definitions/unit_aliases.csv", None),
    "focus_occupations": ("definitions/focus_occupations.csv", None),
    "source_kinds": ("registry/source_kinds.csv", None),
}


def load_definitions(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> dict[str, int]:
    """(Re)build one `staging.<name>` table per definitions file; a broken file stops the run with its name."""
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    counts, frames = {}, {}
    for table, (relative, model) in DEFINITION_TABLES.items():
        path = raw_dir / relative
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False).replace({"": None})
        except (OSError, pd.errors.ParserError) as exc:
            raise ContractError(f"{path}: cannot be read as CSV: {exc}") from exc
        if model is not None:
            try:
                model.validate(frame, lazy=True)
            except pa.errors.SchemaErrors as err:
                cases = err.failure_cases.head(5)
                detail = "; ".join(
                    f"line {int(c.index) + 2 if pd.notna(c.index) else '?'} field {c.column}: "
                    f"{c.check} ({c.failure_case})"
                    for c in cases.itertuples()
                )
                raise ContractError(f"{path}: {detail}") from err
        counts[table], frames[table] = len(frame), frame
    registry, kinds = frames["source_registry"], set(frames["source_kinds"]["kind"])
    for line, kind in zip(range(2, len(registry) + 2), registry["kind"], strict=True):
        if kind not in kinds:
            raise ContractError(f"{raw_dir / DEFINITION_TABLES['source_registry'][0]}, line {line}, field kind: "
                                f"'{kind}' is not a kind of {DEFINITION_TABLES['source_kinds'][0]}")
    files = {table: str(raw_dir / relative) for table, (relative, _) in DEFINITION_TABLES.items()}
    run_script(con, HERE / "definitions.sql", files)
    listing = pd.DataFrame({"table_name": [f"staging.{table}" for table in counts],
                            "file": [relative for relative, _ in DEFINITION_TABLES.values()],
                            "row_count": list(counts.values())})
    con.register("definitions_listing", listing)
    con.execute("CREATE OR REPLACE TABLE staging.definitions AS SELECT table_name::VARCHAR AS table_name, "
                "file::VARCHAR AS file, row_count::BIGINT AS row_count FROM definitions_listing")
    con.unregister("definitions_listing")
    log.info("definitions: %s", counts)
    return counts


TABLES = ("staging.definitions", *(f"staging.{name}" for name in DEFINITION_TABLES))


def load(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Loaded:
    counts = load_definitions(con, raw_dir)
    return Loaded(rows=sum(counts.values()), summary=f"{len(counts)} definition tables from {raw_dir}")
