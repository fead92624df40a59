"""Publish a release: copy the curated tables into a fresh DuckDB file and swap it in atomically.

Readers open `warehouse/published/medcoder_stats.duckdb` read-only. The writer never touches that file in
place: it builds the next release beside it and renames it over the old one (atomic on POSIX), so a reader
holding the old file keeps reading a complete release. Parquet and JSON exports plus a `manifest.json` go
to `warehouse/exports/<release>/`, written to a temporary folder first; earlier releases stay where they are.
`warehouse/exports/latest.json` names the release the published file holds (`release_id`, its folder, its
manifest); it is replaced atomically once that release's folder is complete, so it never names a partial one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.curated import tables
from pipeline.curated.contracts import apply_comments, load_contract
from pipeline.provenance import atomic_write_bytes, read_sidecar, sha256_file, sidecar_path
from pipeline.settings import REPO_ROOT, Paths
from pipeline.sqlfiles import run_script
from pipeline.staging import claims, definitions, documents, ep_projections, oews_data, oews_history, reference_figures
from pipeline.staging import rulings as staging_rulings

HERE = Path(__file__).resolve().parent
# The staging sources: every file they read from raw/ is an input of the release.
SOURCES = (definitions, oews_data, oews_history, ep_projections, reference_figures, documents, claims, staging_rulings)

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1.0"
LATEST_POINTER = "latest.json"
# DuckDB 2.x writes files 1.x cannot open unless told to use an older storage format.
PUBLISHED_STORAGE_VERSION = "v1.0.0"
RELEASE_INFO_CONTRACT = HERE / "release_info.yml"
RELEASE_INFO = load_contract(RELEASE_INFO_CONTRACT)
# The published tables and their order come from the curated layer's contracts; identifiers in the statements
# below are contract file names (checked lower_snake_case), only paths and values are parameters. Rows are sorted by
# each table's key so the same release always gives the same files.
PUBLISHED = tables.published()
PUBLISHED_TABLES = tuple(table.name for table in PUBLISHED)
COPY_SQL = {table.name: "CREATE TABLE release.curated." + table.name + " AS SELECT * FROM curated." + table.name
            for table in PUBLISHED}
PARQUET_EXPORT_SQL = {
    table.name: "COPY (SELECT * FROM curated." + table.name + " ORDER BY "
                + (", ".join(table.contract.key) if table.contract and table.contract.key else "ALL")
                + ") TO ? (FORMAT parquet)"
    for table in PUBLISHED
}


@dataclass(frozen=True)
class Release:
    release_id: str
    published_db: Path
    export_dir: Path
    row_counts: dict[str, int]


CODE_DIRS = ("pipeline", "assets")
CODE_SUFFIXES = {".py", ".sql", ".yml", ".j2", ".css"}
SIDECAR_HASHED_ABOVE = 20 << 20  # bytes: larger files count by the sha256 their sidecar records (verified on load)


def code_version() -> str:
    """The git commit of the code that built the release, for people; `unknown` outside a checkout."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                             text=True, timeout=5, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT,
                               capture_output=True, text=True, timeout=5, check=True).stdout.strip()
        return out.stdout.strip() + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def code_hash() -> str:
    """A hash of every code file of the pipeline and its Dagster package: what the release id covers of the code."""
    digest = hashlib.sha256()
    for folder in CODE_DIRS:
        for path in sorted((REPO_ROOT / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def release_id_for(input_hashes: dict[str, str], code: str) -> str:
    """A hash of every input file's bytes and of the code, and of nothing else: the same inputs and code give the
    same release id, and a release id names one content."""
    digest = hashlib.sha256(json.dumps({"inputs": input_hashes, "code": code}, sort_keys=True).encode())
    return "r" + digest.hexdigest()[:12]


def raw_inputs() -> list[str]:
    """What the staging sources read, as paths under raw/ (files or folders)."""
    return sorted({name for source in SOURCES for name in source.RAW_INPUTS})


def input_hashes(raw_dir: Path) -> dict[str, str]:
    """sha256 of every file the run read from raw/ (sidecars, manifest and lookup files included; hidden work
    folders of live downloads excluded), keyed by path relative to raw/."""
    hashes = {}
    for name in raw_inputs():
        root = raw_dir / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
        for path in files:
            relative = path.relative_to(raw_dir)
            if any(part.startswith(".") for part in relative.parts):
                continue
            hashes[str(relative)] = _file_hash(path)
    return dict(sorted(hashes.items()))


def _file_hash(path: Path) -> str:
    meta = sidecar_path(path)
    if path.stat().st_size > SIDECAR_HASHED_ABOVE and meta.exists():
        return read_sidecar(path, verify=False)["sha256"]
    return sha256_file(path)


def already_published(paths: Paths, release_id: str) -> Release | None:
    """The release on disk when it is this very release: same inputs and code, nothing to redo."""
    manifest_path = paths.exports_dir / release_id / "manifest.json"
    if not (paths.published_db.exists() and manifest_path.exists()):
        return None
    with duckdb.connect(str(paths.published_db), read_only=True) as reader:
        current = reader.execute("SELECT release_id FROM curated.release_info").fetchone()
    if current is None or current[0] != release_id:
        return None
    counts = json.loads(manifest_path.read_text(encoding="utf-8"))["row_counts"]
    return Release(release_id, paths.published_db, manifest_path.parent, counts)


def publish(con: duckdb.DuckDBPyConnection, paths: Paths) -> Release:
    """Build the release file and exports from the writer database `con` is connected to, then swap them in."""
    hashes = input_hashes(paths.raw_dir)
    version = code_version()
    release_id = release_id_for(hashes, code_hash())
    if (existing := already_published(paths, release_id)) is not None:
        log.info("release %s is already published at %s; nothing to do", release_id, paths.published_db)
        write_latest_pointer(paths.exports_dir, release_id)
        return existing
    published = paths.published_db
    published.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(paths)
    tmp_db = published.with_name(f".{published.stem}.{release_id}.{os.getpid()}.tmp.duckdb")
    tmp_db.unlink(missing_ok=True)
    con.execute("ATTACH ? AS release (STORAGE_VERSION ?)", [str(tmp_db), PUBLISHED_STORAGE_VERSION])
    try:
        con.execute("BEGIN TRANSACTION")  # one commit for the whole file, not one per table and comment
        con.execute("CREATE SCHEMA release.curated")
        for table in PUBLISHED:
            con.execute(COPY_SQL[table.name])
            apply_comments(con, table.contract, database="release")
        run_script(con, HERE / "release_info.sql",
                   {"release_id": release_id, "schema_version": SCHEMA_VERSION, "code_version": version})
        apply_comments(con, RELEASE_INFO, database="release")
        counts = {table.name: con.execute("SELECT count(*) FROM release.curated." + table.name).fetchone()[0]
                  for table in PUBLISHED}
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DETACH release")
    # the release is built: its rulings' events join the ledger, then the file replaces the published one
    con.execute("BEGIN TRANSACTION")
    try:
        run_script(con, HERE / "decision_log_append.sql")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    os.replace(tmp_db, published)  # atomic swap: readers see the old release or the new one, never half
    export_dir = write_exports(published, paths.exports_dir, release_id, counts, hashes, version)
    write_latest_pointer(paths.exports_dir, release_id)
    log.info("published release %s to %s (%s); exports in %s", release_id, published, counts, export_dir)
    return Release(release_id, published, export_dir, counts)


def remove_leftovers(paths: Paths) -> None:
    """Delete what a publish that crashed or failed left behind (a half-built release file, a half-written export
    folder), so a full disk does not stay full. Runs under the writer's lock, so nothing here is in use."""
    stale = [*paths.published_db.parent.glob(f".{paths.published_db.stem}.*.tmp.duckdb*")]
    stale += [*paths.exports_dir.glob(".*.tmp")] if paths.exports_dir.exists() else []
    for path in stale:
        log.warning("removing %s, left by a publish that did not finish", path)
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def write_exports(published: Path, exports_root: Path, release_id: str, counts: dict[str, int],
                  hashes: dict[str, str], version: str) -> Path:
    """Parquet per table, JSON for the small ones, and a manifest; the folder appears complete or not at all."""
    final = exports_root / release_id
    tmp = exports_root / f".{release_id}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    reader = duckdb.connect(str(published), read_only=True)
    try:
        for table, statement in PARQUET_EXPORT_SQL.items():
            reader.execute(statement, [str(tmp / f"{table}.parquet")])
        reader.execute(EXPORT_JSON_SQL["claim_verdicts"], [str(tmp / "claim_verdicts.json")])
        reader.execute(EXPORT_JSON_SQL["conflicts"], [str(tmp / "conflicts.json")])
    finally:
        reader.close()
    manifest = {
        "release_id": release_id,
        "schema_version": SCHEMA_VERSION,
        "code_version": version,
        "row_counts": counts,
        "inputs": hashes,
        "published_db": "published/medcoder_stats.duckdb",
        "storage_version": PUBLISHED_STORAGE_VERSION,
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if final.exists():
        shutil.rmtree(final)
    os.replace(tmp, final)
    return final


def write_latest_pointer(exports_root: Path, release_id: str) -> Path:
    """`exports/latest.json`: which release folder is current, for readers that cannot list folders by date.

    A small JSON file rather than a symlink, so it reads the same on every platform and in object storage; paths
    in it are relative to the exports folder. Rewritten only when it names another release.
    """
    pointer = exports_root / LATEST_POINTER
    body = {"release_id": release_id, "export_dir": release_id, "manifest": f"{release_id}/manifest.json",
            "published_db": "../published/medcoder_stats.duckdb"}
    data = (json.dumps(body, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if not pointer.exists() or pointer.read_bytes() != data:
        atomic_write_bytes(pointer, data)
    return pointer


EXPORT_JSON_SQL = {
    "claim_verdicts": """
        COPY (SELECT v.observation_id, o.document_id, o.measure, o.subject, o.value, o.value_text, o.quote,
                     v.verdict, v.reasons, v.checked_against, v.official_value, v.evidence
              FROM curated.claim_verdicts v JOIN curated.observations o USING (observation_id)
              ORDER BY v.observation_id) TO ? (FORMAT json, ARRAY true)""",
    "conflicts": "COPY (SELECT * FROM curated.conflicts ORDER BY conflict_id) TO ? (FORMAT json, ARRAY true)",
}
