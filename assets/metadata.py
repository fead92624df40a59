"""Metadata every table asset reports: row count, column schema and a Markdown preview for the Dagster UI."""

from typing import Any

import dagster as dg
import duckdb

from pipeline.freshness import is_fresh

DESCRIBE_SQL = """
    SELECT column_name, data_type FROM information_schema.columns
    WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position
"""
COUNT_SQL = "SELECT estimated_size FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?"


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, preview: str | None = None,
                   preview_params: list[Any] | None = None, rows_stored_in: str | None = None) -> dict[str, Any]:
    """`dagster/row_count`, `dagster/column_schema`, the table name and, when given, a preview query's rows.

    The row count is the catalogue's; for a view, that of `rows_stored_in` (the table holding one row per row of
    the view), or else a count of the view.
    """
    schema, name = table.split(".")
    columns = con.execute(DESCRIBE_SQL, [schema, name]).fetchall()
    stored = con.execute(COUNT_SQL, (rows_stored_in or table).split(".")).fetchone()
    rows = int(stored[0]) if stored else con.table(table).aggregate("count(*)").fetchall()[0][0]
    metadata: dict[str, Any] = {
        "dagster/row_count": rows,
        "dagster/column_schema": dg.TableSchema(columns=[dg.TableColumn(c, t) for c, t in columns]),
        "dagster/table_name": f"medcoder.{table}",
    }
    if preview:
        frame = con.execute(preview, preview_params or []).df()
        metadata["preview"] = dg.MetadataValue.md(frame.to_markdown(index=False) if not frame.empty else "_empty_")
    return metadata


def fresh(context: dg.AssetExecutionContext, con: duckdb.DuckDBPyConnection, fingerprint: str,
          tables: list[str], asset: str | None = None) -> bool:
    """True (and says so in the log) when `asset`'s inputs are unchanged and its tables exist: skip the work."""
    name = asset or context.asset_key.to_user_string()
    if is_fresh(con, name, fingerprint, tables):
        context.log.info("%s: inputs unchanged since its last materialization; kept %s", name, ", ".join(tables))
        return True
    return False
