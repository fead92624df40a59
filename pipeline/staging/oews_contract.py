"""The contract of an OEWS value, written once: Pandera models, and the same rules as SQL for the row-by-row check.

`OewsValuesTable` and `OewsFilesTable` are the contracts of the stored `staging.oews_values` and
`staging.oews_files`, validated where the tables live through Pandera's Ibis backend (each check one DuckDB query;
6 million rows are never pulled into Python). `OewsSeriesId` adds the one rule about a value as read that is not
stored: its 25-character series id.

The same checks are what every row is held to as it is parsed, time-series file and live history alike:
`rule_macros()` turns the models' checks into two DuckDB macros, `oews_row_ok(r)` (every rule at once, cheap
enough for every row) and `oews_violations(r)` (the list of {field, rule, value} a row breaks, under the names
Pandera gives its checks), so a rejected row is quarantined under the rule that rejected it and the rules cannot
drift apart. As in Pandera, a NULL fails only `not_nullable`, never another check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pandas as pd
import pandera.ibis as pa
from pandera.api.ibis.types import IbisData

OEWS_SPECIAL_VALUES = ["-", "*", "**", "#", "~"]
SERIES_ID_PATTERN = r"^OE[US][NSM]\d{7}[0-9A-Z-]{6}\d{6}\d{2}$"
# Where a value sits is given by the load, not read from the row: not part of the row rules.
LOCATED = ("release", "source_line")


class OewsSeriesId(pa.DataFrameModel):
    """A value as read: OE + seasonal(1) + areatype(1) + area(7) + industry(6) + occupation(6) + datatype(2)."""

    series_id: dt.String = pa.Field(str_matches=SERIES_ID_PATTERN)


class OewsValuesTable(pa.DataFrameModel):
    """`staging.oews_values` after quarantine: one typed, located value of an OEWS file per row."""

    seasonal_code: dt.String = pa.Field(isin=["U", "S"])
    areatype_code: dt.String = pa.Field(isin=["N", "S", "M"])
    area_code: dt.String = pa.Field(str_length=7)
    industry_code: dt.String = pa.Field(str_length=6)
    occupation_code: dt.String = pa.Field(str_length=6)
    # 01-17 as a range of 2-character codes: as cheap per row as it gets on a 6-million-row file
    datatype_code: dt.String = pa.Field(str_length=2, in_range={"min_value": "01", "max_value": "17"})
    year: dt.Int64 = pa.Field(ge=1997, le=2100)
    period: dt.String = pa.Field(isin=["A01"])
    value: dt.Float64 = pa.Field(ge=0, nullable=True)
    value_raw: dt.String = pa.Field(nullable=True)
    footnote_codes: dt.String = pa.Field(nullable=True)
    release: dt.String
    source_line: dt.Int64 = pa.Field(ge=2)

    @pa.dataframe_check(error="value: a number or a BLS special value (-, *, **, #, ~)")
    @classmethod
    def value_is_number_or_flagged_special(cls, data: IbisData) -> ir.BooleanColumn:
        """A missing value must be a BLS special value (`-` with footnote 5 or 8, `*`, `**`, `#`, `~`)."""
        table = data.table
        return table.value.notnull() | table.value_raw.isin(OEWS_SPECIAL_VALUES)

    class Config:
        strict = True
        coerce = False


class OewsFilesTable(pa.DataFrameModel):
    """`staging.oews_files`: one row per loaded data file, the provenance every value of that release shares."""

    release: dt.String = pa.Field(unique=True)
    release_published_on: dt.Date = pa.Field(nullable=True)
    source_file: dt.String = pa.Field(unique=True)
    snapshot_sha256: dt.String = pa.Field(str_matches=r"^[0-9a-f]{64}$")

    class Config:
        strict = True
        coerce = False


def _literal(value: object) -> str:
    """A SQL literal of a value written in this module (numbers, strings)."""
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _length(column: str, stats: dict[str, Any]) -> str:
    if stats.get("exact_value") is not None:
        return f"length({column}) = {stats['exact_value']}"
    bounds = [f"length({column}) >= {stats['min_value']}" if stats.get("min_value") is not None else "",
              f"length({column}) <= {stats['max_value']}" if stats.get("max_value") is not None else ""]
    return " AND ".join(b for b in bounds if b) or "true"


# Each Pandera built-in check used above, as the SQL condition a value that passes it meets.
CHECK_SQL: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "isin": lambda c, s: f"list_contains([{', '.join(map(_literal, s['allowed_values']))}], {c})",
    "str_length": _length,
    "str_matches": lambda c, s: f"regexp_full_match({c}, {_literal(s['pattern'])})",
    "in_range": lambda c, s: (f"{c} {'>=' if s.get('include_min', True) else '>'} {_literal(s['min_value'])} AND "
                              f"{c} {'<=' if s.get('include_max', True) else '<'} {_literal(s['max_value'])}"),
    "greater_than_or_equal_to": lambda c, s: f"{c} >= {_literal(s['min_value'])}",
    "less_than_or_equal_to": lambda c, s: f"{c} <= {_literal(s['max_value'])}",
}
# The dataframe-level check above, as SQL: its field is the one its error message names.
FRAME_CHECK_SQL = {
    "value_is_number_or_flagged_special":
        ("value", f"r.value IS NOT NULL OR list_contains([{', '.join(map(_literal, OEWS_SPECIAL_VALUES))}], "
                  "r.value_raw)"),
}


def _row_rules() -> list[tuple[str, str, str, str]]:
    """(field, rule name, SQL a passing row meets, value to report) for every rule a row as read must meet."""
    columns = {**OewsSeriesId.to_schema().columns, **OewsValuesTable.to_schema().columns}
    rules = []
    for name, column in columns.items():
        if name in LOCATED:
            continue
        ref = f"r.{name}"
        reported = f"r.{name}_raw" if name in ("year", "value") else ref  # the text as written, when it was parsed
        if not column.nullable:
            rules.append((name, "not_nullable", f"{ref} IS NOT NULL", reported))
        for check in column.checks:
            rules.append((name, check.error, f"({ref} IS NULL OR {CHECK_SQL[check.name](ref, check.statistics)})",
                          reported))
    for check in OewsValuesTable.to_schema().checks:
        field, condition = FRAME_CHECK_SQL[check.name]
        rules.append((field, check.error, f"({condition})", f"r.{field}_raw"))
    return rules


def rule_macros() -> list[str]:
    """`CREATE MACRO` statements for `oews_row_ok(r)` and `oews_violations(r)`; `r` is a row of the parsed values
    (series_id, the codes, year and year_raw, period, value and value_raw, footnote_codes)."""
    rules = _row_rules()
    ok = " AND ".join(condition for _, _, condition, _ in rules)
    detail = ",\n    ".join(
        f"CASE WHEN NOT {condition} THEN {{'field': {_literal(field)}, 'rule': {_literal(rule)}, "
        f"'value': {reported}::VARCHAR}} END"
        for field, rule, condition, reported in rules)
    return [f"CREATE OR REPLACE TEMP MACRO oews_row_ok(r) AS coalesce({ok}, false)",
            f"CREATE OR REPLACE TEMP MACRO oews_violations(r) AS list_filter([\n    {detail}\n],\n"
            "lambda x: x IS NOT NULL)"]


def row_violations(frame: pd.DataFrame) -> list[tuple[int, str, str, str | None]]:
    """(source_line, field, rule, value) of every rule the parsed rows of `frame` break, checked by the macros:
    for looking at a door's rows on their own (the loads run the same macros inside their own SQL)."""
    with duckdb.connect() as con:
        for statement in rule_macros():
            con.execute(statement)
        con.register("rows_to_check", frame)
        found = con.execute(
            "SELECT source_line, v.field, v.rule, v.value FROM (SELECT r.source_line, unnest(oews_violations(r)) AS v "
            "FROM rows_to_check AS r) ORDER BY ALL").fetchall()
    return [(int(line), field, rule, value) for line, field, rule, value in found]
