"""SQL lives in `.sql` files (`pipeline/sql/`, and `pipeline/live/sql/` for live mode); this loads and runs them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def sql(name: str, directory: Path = SQL_DIR) -> str:
    """The text of `<directory>/<name>.sql` (default `pipeline/sql/`)."""
    return (directory / f"{name}.sql").read_text(encoding="utf-8")


def run_script(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None,
               directory: Path = SQL_DIR) -> None:
    """Run every statement of `<directory>/<name>.sql`, binding to each the `$params` its code (not its comments)
    names."""
    params = params or {}
    for statement in sql(name, directory).split(";\n"):
        body = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--")).strip()
        if body:
            used = {key: value for key, value in params.items() if f"${key}" in body}
            con.execute(body, used or None)
