"""SQL lives in `.sql` files beside the stage module that runs them; this reads and runs them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb


@cache
def sql(path: Path) -> str:
    """The text of one `.sql` file."""
    return path.read_text(encoding="utf-8")


def run_script(con: duckdb.DuckDBPyConnection, path: Path, params: dict[str, object] | None = None) -> None:
    """Run every statement of the `.sql` file at `path`, binding to each the `$params` its code (not its comments)
    names."""
    params = params or {}
    for statement in sql(path).split(";\n"):
        body = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--")).strip()
        if body:
            used = {key: value for key, value in params.items() if f"${key}" in body}
            con.execute(body, used or None)
