"""SQL lives in `pipeline/sql/*.sql`; this loads a statement file by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def sql(name: str) -> str:
    """The text of `pipeline/sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_script(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None) -> None:
    """Run every statement of `pipeline/sql/<name>.sql`, binding to each the `$params` it names."""
    params = params or {}
    for statement in sql(name).split(";\n"):
        if not statement.strip() or all(line.strip().startswith("--") for line in statement.strip().splitlines()):
            continue
        used = {key: value for key, value in params.items() if f"${key}" in statement}
        con.execute(statement, used or None)
