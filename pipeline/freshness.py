"""Skip work whose inputs have not changed since the last materialization.

Each asset fingerprints what it reads — raw files by (path, size, mtime), upstream assets by their recorded
fingerprints — together with a hash of the pipeline's code. When the fingerprint equals the one stored in
`meta.asset_state` and the asset's tables exist, the asset reports the stored result instead of rebuilding it.
A changed file, an edited SQL file or a code change gives a new fingerprint, so nothing stale is ever kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import duckdb

PIPELINE_DIR = Path(__file__).resolve().parent
STATE_DDL = """
    CREATE SCHEMA IF NOT EXISTS meta;
    CREATE TABLE IF NOT EXISTS meta.asset_state (asset VARCHAR PRIMARY KEY, fingerprint VARCHAR, recorded_at TIMESTAMP)
"""
# tables and views (staging.oews_data is a view)
TABLE_EXISTS = "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?"


@cache
def code_fingerprint() -> str:
    """Hash of every source, SQL and template file of the pipeline: a code change invalidates every asset."""
    digest = hashlib.sha256()
    for path in sorted(PIPELINE_DIR.rglob("*")):
        if path.suffix in {".py", ".sql", ".j2"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PIPELINE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def files_fingerprint(paths: Iterable[Path]) -> str:
    """Cheap fingerprint of files (and every file under directories): path, size and modification time."""
    digest = hashlib.sha256()
    for root in paths:
        if not root.exists():
            digest.update(f"{root}|missing\n".encode())
            continue
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if root.is_dir() and any(part.startswith(".") for part in path.relative_to(root).parts):
                continue  # partial or superseded live downloads are not inputs
            stat = path.stat()
            digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def combine(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def stored_fingerprint(con: duckdb.DuckDBPyConnection, asset: str) -> str:
    """The fingerprint recorded for `asset`, or a placeholder that matches nothing."""
    con.execute(STATE_DDL)
    row = con.execute("SELECT fingerprint FROM meta.asset_state WHERE asset = ?", [asset]).fetchone()
    return row[0] if row else "never-materialized"


def is_fresh(con: duckdb.DuckDBPyConnection, asset: str, fingerprint: str, tables: Iterable[str]) -> bool:
    if stored_fingerprint(con, asset) != fingerprint:
        return False
    return all(con.execute(TABLE_EXISTS, table.split(".")).fetchone()[0] for table in tables)


def record(con: duckdb.DuckDBPyConnection, asset: str, fingerprint: str) -> None:
    con.execute(STATE_DDL)
    con.execute("INSERT OR REPLACE INTO meta.asset_state VALUES (?, ?, now())", [asset, fingerprint])
