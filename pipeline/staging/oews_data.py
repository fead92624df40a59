"""BLS OEWS in the time-series layout (`raw/bls_oews/<release>/oe.*`) into `staging.oews_*` tables.

The full release is 6 million rows, so nothing here holds rows as Python objects: DuckDB reads each file once,
in parallel, and holds every row to the rules of the OEWS contract in the same pass (`oews_parse_data.sql`, with
the macros `oews_contract.rule_macros` makes of the Pandera models); rows that break a rule go to
`staging.quarantine` with file, line, field, rule and value; then Pandera validates the finished tables with the
same models through its Ibis backend, which runs its checks as DuckDB queries.
All areas and industries are kept. Special values map to NULL plus flags (`is_top_coded`, `is_not_released`).

Stored: `staging.oews_values` (one row per value, with its line) and `staging.oews_files` (one row per file: its
path, sha256 and publication date). Readers use the view `staging.oews_data`, which adds what is derived (series
id, SOC code, flags) and the file's provenance to every row: writing those columns for 6 M rows cost more than
reading the file (`oews_data_view.sql`).

The new tables are built beside the old ones and swapped in with their quarantine records in one transaction,
and the load records what it was built from (input sha256s, sizes, mtimes, code version), so an unchanged re-run
returns at once instead of reading 331 MB again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.provenance import read_sidecar, sidecar_path
from pipeline.sqlfiles import run_script, sql
from pipeline.staging import Loaded
from pipeline.staging.quarantine import ContractError

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
OEWS_FLAG_MACROS = HERE / "oews_flag_macros.sql"
SOURCE = "bls_oews"
RAW_INPUTS = (SOURCE,)
TABLES = ("staging.oews_data", "staging.oews_values", "staging.oews_files", "staging.oews_areas",
          "staging.oews_industries", "staging.oews_occupations", "staging.oews_datatypes", "staging.quarantine")
DATA_FILE_GLOB = "oe.data.0.Current"
DIMENSION_FILES = ("oe.area", "oe.industry", "oe.occupation", "oe.datatype")
_SQL_FILES = ("oews_flag_macros", "oews_stage_create", "oews_parse_data", "oews_number_lines",
              "oews_quarantine_rows", "oews_swap", "oews_data_view", "oews_create_dimensions")
# Before the view, staging.oews_data was a table; a warehouse built then gets it replaced by the view.
_OLD_TABLE = ("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'staging' AND table_name = 'oews_data' "
              "AND database_name = current_database()")
# oews_values, oews_files, the four lookups, the oews_data view and its three flag macros (oews_fingerprint.sql)
_RELATIONS = 10


@dataclass(frozen=True)
class OewsLoad:
    releases: list[str]
    rows: int
    quarantined: int
    files: dict[str, str]  # relative path -> sha256
    skipped: bool = False  # True when the inputs and code were unchanged and nothing was reloaded


def release_dirs(oews_root: Path) -> list[Path]:
    """Release folders (`2025A01`, ...) that hold a data file, oldest first."""
    return sorted(p for p in oews_root.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / DATA_FILE_GLOB).exists())


def load_oews(con: duckdb.DuckDBPyConnection, oews_root: Path, raw_root: Path, *, force: bool = False) -> OewsLoad:
    """(Re)build `staging.oews_data` (tables and view) and its lookup tables from every release under `oews_root`.

    Skips the work when the table was built from the same files (sidecar sha256, size, mtime) by the same code,
    unless `force`. Each data file's bytes are hashed in a thread while DuckDB parses it, and checked against
    its sidecar before anything is published: an edited snapshot is refused and the old table stays.
    """
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    dirs = release_dirs(oews_root)
    if not dirs:
        raise FileNotFoundError(f"{oews_root}: no OEWS release folder with an {DATA_FILE_GLOB} file")
    latest = dirs[-1]
    inputs = [d / DATA_FILE_GLOB for d in dirs] + [latest / name for name in DIMENSION_FILES]
    metas = {path: read_sidecar(path, verify=False) for path in inputs}
    files = {str(path.relative_to(raw_root)): meta["sha256"] for path, meta in metas.items()}
    fingerprint = _fingerprint(inputs, metas, raw_root)
    if not force and (previous := _previous_load(con, fingerprint)) is not None:
        log.info("OEWS %s: inputs and code unchanged since the last load, nothing to do", previous.releases)
        return previous
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256") as pool:
        # hashlib releases the GIL, so the hash runs while DuckDB parses; read_sidecar raises on a mismatch
        checks: list[Future[dict[str, Any]]] = [pool.submit(read_sidecar, path) for path in inputs]
        # one transaction from the first row to the swap: nothing is published unless every step passed, and the
        # line numbers, deletes and dropped column touch rows still local to it (cheap; see oews_number_lines.sql).
        # The bulk append buffers one row group per thread before writing it out, not five: ~300 MB less peak RSS.
        buffered = int(con.execute("SELECT current_setting('write_buffer_row_group_count')").fetchone()[0])
        con.execute("SET write_buffer_row_group_count = 1")
        con.execute("BEGIN TRANSACTION")
        try:
            rows_by_release = _stage(con, dirs, metas, raw_root)
            run_script(con, HERE / "oews_create_dimensions.sql", {
                f"{name.removeprefix('oe.')}_file": str(latest / name) for name in DIMENSION_FILES})
            _validate_tables(con)
            for check in checks:
                check.result()
            quarantined = con.execute("SELECT count(*) FROM oews_quarantine_rows").fetchone()[0]
            rows = sum(rows_by_release.values())
            record = {"fingerprint": fingerprint, "releases": [d.name for d in dirs], "rows": rows,
                      "quarantined": quarantined, "files": files}
            run_script(con, HERE / "oews_swap.sql", {"record": json.dumps(record, sort_keys=True)})
            if con.execute(_OLD_TABLE).fetchone()[0]:
                con.execute("DROP TABLE staging.oews_data")
            run_script(con, OEWS_FLAG_MACROS)  # the view derives the special-value flags with these
            run_script(con, HERE / "oews_data_view.sql")
            con.execute("COMMIT")
        except BaseException:
            for check in checks:
                check.cancel()
            con.execute("ROLLBACK")
            raise
        finally:
            con.execute("SET write_buffer_row_group_count = ?", [buffered])
    con.execute("DROP TABLE IF EXISTS oews_quarantine_rows")
    return OewsLoad(record["releases"], rows, quarantined, files)


def _stage(con: duckdb.DuckDBPyConnection, dirs: list[Path], metas: dict[Path, dict[str, Any]],
           raw_root: Path) -> dict[str, int]:
    """Parse every release into `staging.oews_values_next` and `oews_files_next`, collecting rule violations.

    Returns the rows kept per release.
    """
    create_rule_macros(con)
    run_script(con, HERE / "oews_stage_create.sql")
    for release_dir in dirs:
        data_file = release_dir / DATA_FILE_GLOB
        meta = metas[data_file]
        run_script(con, HERE / "oews_parse_data.sql", {
            "data_file": str(data_file), "source_file": str(data_file.relative_to(raw_root)),
            "release": release_dir.name, "sha256": meta["sha256"],
            # when BLS published the release (sidecar), so vintage checks know when it became current
            "published": meta.get("published"),
        })
        con.execute(sql(HERE / "oews_number_lines.sql"))
    run_script(con, HERE / "oews_quarantine_rows.sql")
    counts = dict(con.execute(
        "SELECT release, count(*) FROM staging.oews_values_next GROUP BY release").fetchall())
    for release_dir in dirs:
        log.info("OEWS %s: %d rows kept from %s", release_dir.name, counts.get(release_dir.name, 0),
                 release_dir / DATA_FILE_GLOB)
    return counts


def create_rule_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The row rules of the OEWS contract as the macros `oews_row_ok` and `oews_violations` (for this connection)."""
    from pipeline.staging.oews_contract import rule_macros  # imported here: it brings in ibis (~0.5 s)

    for statement in rule_macros():
        con.execute(statement)


def _validate_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Pandera (Ibis backend) over the finished tables; a failure here means the SQL rules and the model disagree."""
    import ibis  # imported here: ibis costs ~0.5 s to import and only this step needs it
    from pandera.errors import SchemaError, SchemaErrors

    from pipeline.staging.oews_contract import OewsFilesTable, OewsValuesTable

    backend = ibis.duckdb.from_connection(con)
    for table, model in (("oews_values_next", OewsValuesTable), ("oews_files_next", OewsFilesTable)):
        try:
            model.validate(backend.table(table, database="staging"), lazy=True)
        except (SchemaErrors, SchemaError) as err:
            raise ContractError(f"{SOURCE}: staging.{table} breaks its contract after quarantine: {err}") from err


def _fingerprint(inputs: list[Path], metas: dict[Path, dict[str, Any]], raw_root: Path) -> str:
    """What a load depends on: each input's sidecar sha256, size and mtime, and the loader's own code."""
    digest = hashlib.sha256()
    for path in inputs:
        stat = path.stat()
        side = sidecar_path(path).stat()
        digest.update(f"{path.relative_to(raw_root)}|{metas[path]['sha256']}|{stat.st_size}|{stat.st_mtime_ns}|"
                      f"{side.st_mtime_ns}\n".encode())
    for name in _SQL_FILES:
        digest.update((HERE / f"{name}.sql").read_bytes())
    for module in ("oews_data.py", "oews_contract.py"):
        digest.update((HERE / module).read_bytes())
    return digest.hexdigest()


def _previous_load(con: duckdb.DuckDBPyConnection, fingerprint: str) -> OewsLoad | None:
    """The stored load if `staging.oews_data` was built from exactly these inputs and is still complete."""
    try:
        found = con.execute(sql(HERE / "oews_fingerprint.sql")).fetchone()
    except duckdb.CatalogException:  # first load: no staging.oews_load or staging.quarantine yet
        return None
    if found is None or not found[0]:
        return None
    stored, quarantined, relations = found
    try:
        record = json.loads(stored)
    except json.JSONDecodeError:
        return None
    if record.get("fingerprint") != fingerprint or record.get("quarantined") != quarantined \
            or relations != _RELATIONS:
        return None
    return OewsLoad(record["releases"], record["rows"], record["quarantined"], record["files"], skipped=True)


def load(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Loaded:
    loaded = load_oews(con, raw_dir / SOURCE, raw_dir)
    how = "unchanged, kept" if loaded.skipped else "loaded"
    return Loaded(rows=loaded.rows, quarantined=loaded.quarantined,
                  summary=f"OEWS releases {', '.join(loaded.releases)} {how} from {raw_dir / SOURCE}")
