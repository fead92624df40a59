"""A release names one content: its id covers every input byte and the code, the published file, the exports and the
report always describe the same inputs, one run writes at a time, and a failed run leaves nothing behind."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import duckdb
from filelock import FileLock

from assets.resources import WRITER_LOCK
from pipeline.publish.release import code_hash, input_hashes, release_id_for, remove_leftovers
from pipeline.settings import REPO_ROOT, Paths
from tests.conftest import materialize_all

TITLE_SQL = "SELECT title, published_on FROM curated.documents WHERE document_id = '001_3e5fcfdb7ec3c243'"


def cli_run(paths: Paths, **env: str) -> subprocess.CompletedProcess[str]:
    """`make run`'s command against `paths`, with a Dagster instance folder that does not exist yet."""
    return subprocess.run(
        [sys.executable, "-m", "assets.cli", "run"], cwd=REPO_ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "MEDCODER_RAW_DIR": str(paths.raw_dir), "MEDCODER_WAREHOUSE_DIR": str(paths.warehouse_dir),
             "DAGSTER_HOME": str(paths.warehouse_dir.parent / "new_dagster_home"), **env})


def test_the_release_id_covers_every_file_read_and_nothing_else(tmp_paths: Paths) -> None:
    before = input_hashes(tmp_paths.raw_dir)
    assert {"articles/manifest.csv", "bls_oews/2025A01/oe.area", "bls_oews/2025A01/oe.area.meta.json",
            "definitions/measures.csv", "rulings/rulings.csv"} <= set(before)
    assert not any(name.startswith("rulings/README") for name in before)  # not read by the run
    release = release_id_for(before, code_hash())
    (tmp_paths.raw_dir / "rulings" / "README.md").write_text("notes", encoding="utf-8")
    assert release_id_for(input_hashes(tmp_paths.raw_dir), code_hash()) == release
    area = tmp_paths.raw_dir / "bls_oews" / "2025A01" / "oe.area"
    area.write_bytes(area.read_bytes().replace(b"Alabama", b"Alabamo", 1))
    assert release_id_for(input_hashes(tmp_paths.raw_dir), code_hash()) != release


def test_an_edited_manifest_publishes_a_new_release_that_agrees_with_the_report(warm_paths: Paths) -> None:
    with duckdb.connect(str(warm_paths.published_db), read_only=True) as con:
        first = con.execute("SELECT release_id FROM curated.release_info").fetchone()[0]
    manifest = warm_paths.raw_dir / "articles" / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "Medical coders and automation (essay),,", "Coders renamed,,2025-01-02", 1), encoding="utf-8")
    assert materialize_all(warm_paths).success
    with duckdb.connect(str(warm_paths.published_db), read_only=True) as con:
        second = con.execute("SELECT release_id FROM curated.release_info").fetchone()[0]
        title, published_on = con.execute(TITLE_SQL).fetchone()
    assert second != first and (title, str(published_on)) == ("Coders renamed", "2025-01-02")
    exported = duckdb.connect().execute(
        "SELECT title FROM read_parquet(?) WHERE document_id = '001_3e5fcfdb7ec3c243'",
        [str(warm_paths.exports_dir / second / "documents.parquet")]).fetchone()[0]
    assert exported == title
    assert title in (warm_paths.reports_dir / "conflict_report.html").read_text(encoding="utf-8")
    manifest_json = json.loads((warm_paths.exports_dir / second / "manifest.json").read_text(encoding="utf-8"))
    assert manifest_json["release_id"] == second and "articles/manifest.csv" in manifest_json["inputs"]


def test_a_second_run_on_a_busy_warehouse_stops_with_a_clear_message(tmp_paths: Paths) -> None:
    tmp_paths.warehouse_dir.mkdir(parents=True)
    with FileLock(tmp_paths.warehouse_dir / WRITER_LOCK):  # another run is writing
        done = cli_run(tmp_paths, MEDCODER_LOCK_TIMEOUT="1")
    assert done.returncode == 1
    assert "another run has been writing" in done.stderr and "stopped before writing anything" in done.stderr
    assert not tmp_paths.writer_db.exists() and not tmp_paths.published_db.exists()


def test_a_broken_definitions_file_stops_the_run_before_anything_is_built(tmp_paths: Paths) -> None:
    caveats = tmp_paths.raw_dir / "definitions" / "caveats.csv"
    caveats.write_text(caveats.read_text(encoding="utf-8") + 'bls_oews,,publish,"twice"\n', encoding="utf-8")
    done = cli_run(tmp_paths)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("run stopped before anything was built: ")
    assert "caveats.csv, lines 2 and 9: the same producer_id, soc_version" in done.stderr
    assert not tmp_paths.warehouse_dir.exists()


def test_leftovers_of_a_failed_publish_are_removed_and_reports_are_readable_by_all(
        tmp_paths: Paths) -> None:
    tmp_paths.published_db.parent.mkdir(parents=True)
    (tmp_paths.exports_dir / ".rdeadbeef0000.123.tmp").mkdir(parents=True)
    half_built = tmp_paths.published_db.with_name(".medcoder_stats.rdeadbeef0000.123.tmp.duckdb")
    half_built.write_bytes(b"x" * 1024)
    remove_leftovers(tmp_paths)
    assert not half_built.exists() and not list(tmp_paths.exports_dir.iterdir())


def test_the_report_is_as_readable_as_the_warehouse(published: tuple[Paths, object]) -> None:
    paths = published[0]
    for path in (paths.reports_dir / "conflict_report.html", paths.published_db):
        assert stat.S_IMODE(path.stat().st_mode) & 0o044 == 0o044, path


def test_a_run_that_does_not_publish_leaves_the_decision_log_as_it_was(warm_paths: Paths) -> None:
    from tests.curated.test_rulings import EMPLOYMENT, add_ruling

    with duckdb.connect(str(warm_paths.published_db), read_only=True) as con:
        bound_to = con.execute("SELECT evidence_hash FROM curated.conflicts WHERE conflict_id = ?",
                               [EMPLOYMENT]).fetchone()[0]
    add_ruling(warm_paths, ruling_id="R-1", decided_on="2026-11-20", reviewer="Editor A", action="mark_not_comparable",
               conflict_id=EMPLOYMENT, observation_id="", source_id="", reason="test", evidence_hash=bound_to)
    reference = warm_paths.raw_dir / "reference" / "reference_figures.csv"  # and break a contract: no publication
    sidecar = reference.with_name(reference.name + ".meta.json")
    original, original_sidecar = reference.read_bytes(), sidecar.read_bytes()
    reference.write_text(reference.read_text(encoding="utf-8") + "BLS,primary,x,https://www.bls.gov/x,29-2072,"
                         "Medical Records Specialists,made_up_measure,1,jobs,2025,United States,\n", encoding="utf-8")
    from pipeline.provenance import write_sidecar

    write_sidecar(reference, url=None, retrieved="2026-11-30", licence="test", citation="test")
    assert not materialize_all(warm_paths).success
    with duckdb.connect(str(warm_paths.writer_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ledger.decision_log").fetchone()[0] == 0
    reference.write_bytes(original)  # the contract is mended: same evidence as the ruling was bound to
    sidecar.write_bytes(original_sidecar)
    assert materialize_all(warm_paths).success
    with duckdb.connect(str(warm_paths.published_db), read_only=True) as con:
        assert con.execute("SELECT ruling_id, status FROM curated.decision_log").fetchall() == [("R-1", "applied")]
