"""Code and data versions of the assets, and the work a run can skip because of them.

Each asset's *code version* is a hash of the library files that compute it (its module, its SQL, its contract), so
a change to the report's code makes only the report and what follows it stale in the Dagster UI, never staging.
Its *data version* is a hash of its code version and of its inputs: the data versions of the tables it reads and,
for staging, the raw files it reads (path, size, modification time). The same inputs and code give the same data
version, so when the warehouse already holds a table built at that version (`meta.versions`), the asset keeps it
and says so. The record lives in the warehouse beside the tables it describes, so a deleted warehouse or a new
Dagster instance can never make the pipeline skip work it has not done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import duckdb

CODE_SUFFIXES = {".py", ".sql", ".yml", ".j2", ".css"}
STATE_DDL = """
    CREATE SCHEMA IF NOT EXISTS meta;
    CREATE TABLE IF NOT EXISTS meta.versions (name VARCHAR PRIMARY KEY, data_version VARCHAR, recorded_at TIMESTAMP)
"""
TABLE_EXISTS = "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?"


def _files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        else:
            found.append(path)
    return found


def code_version(*paths: Path) -> str:
    """A hash of the code files among `paths` (folders are walked): names and bytes."""
    digest = hashlib.sha256()
    for path in _files(paths):
        if path.suffix in CODE_SUFFIXES:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def raw_version(raw_dir: Path, relative: Iterable[str]) -> str:
    """A cheap hash of raw inputs: each file's path, size and modification time (hidden work folders skipped)."""
    digest = hashlib.sha256()
    for name in relative:
        root = raw_dir / name
        if not root.exists():
            digest.update(f"{name}|missing\n".encode())
            continue
        for path in _files([root]):
            if any(part.startswith(".") for part in path.relative_to(raw_dir).parts):
                continue  # partial or superseded live downloads are not inputs
            stat = path.stat()
            digest.update(f"{path.relative_to(raw_dir)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def data_version(code: str, *inputs: str | None) -> str:
    """The data version of a table built by code `code` from inputs at the given versions."""
    return hashlib.sha256("|".join([code, *(i or "none" for i in inputs)]).encode()).hexdigest()[:16]


def recorded(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The data version the warehouse holds for `name` (an asset or an internal table), if any."""
    try:
        row = con.execute("SELECT data_version FROM meta.versions WHERE name = ?", [name]).fetchone()
    except duckdb.CatalogException:  # a new warehouse: nothing recorded yet
        return None
    return row[0] if row else None


def is_current(con: duckdb.DuckDBPyConnection, name: str, version: str, tables: Iterable[str]) -> bool:
    """True when the warehouse holds `tables` built at `version`: the work can be skipped."""
    if recorded(con, name) != version:
        return False
    return all(con.execute(TABLE_EXISTS, table.split(".")).fetchone()[0] for table in tables)


def record(con: duckdb.DuckDBPyConnection, name: str, version: str) -> None:
    record_all(con, {name: version})


def recorded_all(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every data version the warehouse holds, for a step that looks up many (one query, not one per table)."""
    try:
        return dict(con.execute("SELECT name, data_version FROM meta.versions").fetchall())
    except duckdb.CatalogException:
        return {}


def record_all(con: duckdb.DuckDBPyConnection, found: dict[str, str]) -> None:
    """Record data versions in one transaction (one commit, however many)."""
    if not found:
        return
    con.execute(STATE_DDL)
    con.execute("BEGIN TRANSACTION")
    con.executemany("INSERT OR REPLACE INTO meta.versions VALUES (?, ?, now())", list(found.items()))
    con.execute("COMMIT")


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """`schema.name` of every table and view in the warehouse."""
    return {f"{schema}.{name}" for schema, name in con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables").fetchall()}
