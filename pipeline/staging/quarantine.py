"""Validate a staging frame with its Pandera model; failing rows go to `staging.quarantine`, never vanish.

Every rejected row keeps the file, the line, the field, the rule it broke and the value as read, so an analyst
can find and fix it at the source. A failure that is not about a row (a missing column) is a broken contract and
raises: there is nothing sensible to keep.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pandera.typing import Series

QUARANTINE_COLUMNS = ["source", "file", "line", "field", "rule", "value", "reason"]


class LocatedRow(pa.DataFrameModel):
    """A row that knows where it came from, so a rejected one can be found in its file."""

    source_file: Series[str]
    source_line: Series[int] = pa.Field(ge=1)


class ContractError(ValueError):
    """A table that cannot be validated row by row (missing or mistyped columns)."""


@dataclass(frozen=True)
class Validated:
    valid: pd.DataFrame
    quarantined: pd.DataFrame


def validate_rows(df: pd.DataFrame, model: type[pa.DataFrameModel], *, source: str) -> Validated:
    """Split `df` into rows that pass `model` and quarantine records for those that do not.

    `df` must carry `source_file` and `source_line` so a rejected row can be found in its file.
    """
    try:
        return Validated(model.validate(df, lazy=True), _empty_quarantine())
    except SchemaErrors as err:
        cases = err.failure_cases
    row_cases = cases[cases["index"].notna()]
    frame_cases = cases[cases["index"].isna()]
    if not frame_cases.empty:
        problems = "; ".join(f"{r.column or 'table'}: {r.check} ({r.failure_case})" for r in frame_cases.itertuples())
        raise ContractError(f"{source}: the table breaks its contract: {problems}")
    # A dataframe-level check fails once per cell of the row; keep one record, under the field its error names.
    row_cases = row_cases.assign(check=row_cases["check"].astype(str))
    frame_level = row_cases.duplicated(subset=["index", "check"], keep=False)
    named_field = row_cases["check"].str.extract(r"^(\w+): ", expand=False)
    row_cases.loc[frame_level, "column"] = named_field[frame_level].fillna(row_cases.loc[frame_level, "column"])
    row_cases = row_cases.drop_duplicates(subset=["index", "check", "column"])
    bad_index = pd.Index(row_cases["index"].unique())
    raw_rows = df.loc[bad_index]
    records = []
    for case in row_cases.itertuples():
        row = raw_rows.loc[case.index]
        field = str(case.column)
        raw_value = row.get(f"{field}_raw", case.failure_case)
        records.append({
            "source": source,
            "file": str(row["source_file"]),
            "line": int(row["source_line"]),
            "field": field,
            "rule": str(case.check),
            "value": None if pd.isna(raw_value) else str(raw_value),
            "reason": f"{row['source_file']}, line {int(row['source_line'])}, field '{field}': fails {case.check}",
        })
    quarantined = pd.DataFrame.from_records(records, columns=QUARANTINE_COLUMNS).sort_values(["file", "line", "field"])
    return Validated(df.drop(index=bad_index), quarantined.reset_index(drop=True))


def _empty_quarantine() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name in QUARANTINE_COLUMNS}).astype({"line": "Int64"})


def replace_quarantine(con: duckdb.DuckDBPyConnection, source: str, quarantined: pd.DataFrame) -> int:
    """Replace `source`'s rows in `staging.quarantine` with `quarantined`; returns how many were written."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS staging.quarantine (source VARCHAR, file VARCHAR, line BIGINT, field VARCHAR,"
        " rule VARCHAR, value VARCHAR, reason VARCHAR)"
    )
    con.execute("DELETE FROM staging.quarantine WHERE source = ?", [source])
    if not quarantined.empty:
        con.register("quarantine_batch", quarantined[QUARANTINE_COLUMNS])
        con.execute("INSERT INTO staging.quarantine SELECT * FROM quarantine_batch")
        con.unregister("quarantine_batch")
    return len(quarantined)
