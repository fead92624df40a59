"""What every table asset shows in the Dagster UI: row count, column schema and, for key tables, a preview."""

from typing import Any

import dagster as dg
import duckdb

from pipeline.curated.contracts import Contract

DESCRIBE_SQL = """
    SELECT column_name, data_type FROM information_schema.columns
    WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position
"""
COUNT_SQL = "SELECT estimated_size FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?"


def contract_schema(contract: Contract) -> dg.TableSchema:
    """The column schema a contract declares, with each column's meaning: shown before anything is materialized."""
    return dg.TableSchema(columns=[dg.TableColumn(c.name, c.type, description=c.description)
                                   for c in contract.columns])


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, preview: str | None = None,
                   rows_stored_in: str | None = None, rows: int | None = None,
                   schema: dg.TableSchema | None = None) -> dict[str, Any]:
    """`dagster/row_count`, `dagster/column_schema`, the table name and, when given, a preview query's rows.

    The row count is `rows` when the caller knows it, else the catalogue's; for a view, that of `rows_stored_in`
    (the table holding one row per row of the view), or else a count of the view. The column schema is `schema`
    (a contract's, with meanings) when given, else what the catalogue says.
    """
    if rows is None:
        stored = con.execute(COUNT_SQL, (rows_stored_in or table).split(".")).fetchone()
        rows = int(stored[0]) if stored else con.table(table).aggregate("count(*)").fetchall()[0][0]
    if schema is None:
        columns = con.execute(DESCRIBE_SQL, table.split(".")).fetchall()
        schema = dg.TableSchema(columns=[dg.TableColumn(c, t) for c, t in columns])
    metadata: dict[str, Any] = {
        "dagster/row_count": rows,
        "dagster/column_schema": schema,
        "dagster/table_name": f"medcoder.{table}",
    }
    if preview:
        frame = con.execute(preview).df()
        metadata["preview"] = dg.MetadataValue.md(frame.to_markdown(index=False) if not frame.empty else "_empty_")
    return metadata
