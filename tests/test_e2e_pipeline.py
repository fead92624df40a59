"""End to end, as users see it: materialize every asset, then read the published warehouse and the report."""

from __future__ import annotations

import json
import threading

import dagster as dg
import duckdb

from assets.staging import STAGING_MODULES
from pipeline.curated.tables import tables
from pipeline.provenance import read_sidecar
from pipeline.settings import Paths
from tests.conftest import materialize_all


def test_every_asset_materializes_and_every_check_passes(published: tuple[Paths, dg.ExecuteInProcessResult]) -> None:
    paths, result = published
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"staging/claims", "curated/observations", "curated/conflicts", "reports/conflict_report",
            "publish/release"} <= materialized
    evaluations = [e.asset_check_evaluation_data for e in result.all_events
                   if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION]
    assert evaluations and all(e.passed for e in evaluations)
    assert paths.published_db.exists()
    assert (paths.reports_dir / "conflict_report.html").exists()


def test_exports_and_manifest(published: tuple[Paths, dg.ExecuteInProcessResult],
                              reader: duckdb.DuckDBPyConnection) -> None:
    paths = published[0]
    release_id = reader.execute("SELECT release_id FROM curated.release_info").fetchone()[0]
    manifest = json.loads((paths.exports_dir / release_id / "manifest.json").read_text())
    assert manifest["release_id"] == release_id
    assert manifest["row_counts"]["claim_verdicts"] == reader.execute(
        "SELECT count(*) FROM curated.claim_verdicts").fetchone()[0]
    assert manifest["inputs"]["bls_oews/2025A01/oe.data.0.Current"] == read_sidecar(
        paths.raw_dir / "bls_oews/2025A01/oe.data.0.Current")["sha256"]
    parquet = str(paths.exports_dir / release_id / "observations.parquet")
    parquet_rows = duckdb.connect().execute("SELECT count(*) FROM read_parquet(?)", [parquet]).fetchone()[0]
    assert parquet_rows == manifest["row_counts"]["observations"]


def test_reader_keeps_working_while_a_new_release_is_swapped_in(warm_paths: Paths) -> None:
    paths = warm_paths  # already published
    old_reader = duckdb.connect(str(paths.published_db), read_only=True)
    before = old_reader.execute("SELECT count(*) FROM curated.observations").fetchone()[0]
    errors: list[Exception] = []
    stop = threading.Event()

    def keep_reading() -> None:
        while not stop.is_set():
            try:
                assert old_reader.execute("SELECT count(*) FROM curated.observations").fetchone()[0] == before
            except Exception as exc:  # noqa: BLE001 - any failure of the reader is the finding
                errors.append(exc)
                return

    # a new input makes a new release, swapped in over the file the reader holds
    (paths.raw_dir / "articles" / "zz_new_story.txt").write_text(
        "Medical coders earn a median of $51,000 a year, according to the BLS.\n", encoding="utf-8")
    old_release = old_reader.execute("SELECT release_id FROM curated.release_info").fetchone()[0]
    thread = threading.Thread(target=keep_reading)
    thread.start()
    try:
        result = materialize_all(paths)
    finally:
        stop.set()
        thread.join()
    assert result.success and not errors
    assert old_reader.execute("SELECT count(*) FROM curated.claim_verdicts").fetchone()[0] > 0
    old_reader.close()
    with duckdb.connect(str(paths.published_db), read_only=True) as new_reader:
        assert new_reader.execute("SELECT release_id FROM curated.release_info").fetchone()[0] != old_release
        assert new_reader.execute("SELECT count(*) FROM curated.observations").fetchone()[0] > before


def test_rerun_with_same_inputs_gives_same_release(published: tuple[Paths, dg.ExecuteInProcessResult],
                                                   tmp_paths: Paths) -> None:
    first = duckdb.connect(str(published[0].published_db), read_only=True)
    assert materialize_all(tmp_paths).success
    second = duckdb.connect(str(tmp_paths.published_db), read_only=True)
    digest = ("SELECT md5(string_agg(v.observation_id || v.verdict || coalesce(v.checked_against, ''), ',' "
              "ORDER BY v.observation_id)) FROM curated.claim_verdicts v")
    assert first.execute(digest).fetchone() == second.execute(digest).fetchone()
    release = "SELECT release_id FROM curated.release_info"
    assert first.execute(release).fetchone() == second.execute(release).fetchone()


def test_rerun_with_unchanged_inputs_skips_the_work_of_every_table_asset(warm_paths: Paths) -> None:
    """warm_paths is a warehouse the session's run built from these very inputs: a run now has nothing to do."""
    instance = dg.DagsterInstance.ephemeral()
    again = materialize_all(warm_paths, instance)
    assert again.success
    messages = [entry.user_message for entry in instance.all_logs(again.run_id)]
    kept = {message.split(":")[0] for message in messages if "code and inputs unchanged; kept" in message}
    kept |= {name for message in messages if message.startswith("curated tables whose code and inputs are unchanged")
             for name in message.split("kept: ")[1].split(", ")}
    staging = {key.to_user_string() for key in STAGING_MODULES}
    # the report is rewritten once more: its "what changed" input, the published release, is the first run's now
    assert kept == staging | set(tables())


def test_broken_contract_blocks_publication(tmp_paths: Paths) -> None:
    csv_path = tmp_paths.raw_dir / "reference" / "reference_figures.csv"
    with csv_path.open("a", encoding="utf-8") as handle:
        handle.write("BLS,primary,x,https://www.bls.gov/x,29-2072,Medical Records Specialists,made_up_measure,"
                     "1,jobs,2025,United States,\n")
    from pipeline.provenance import write_sidecar

    write_sidecar(csv_path, url=None, retrieved="2026-11-23", licence="test", citation="test")
    result = materialize_all(tmp_paths)
    evaluations = [e.asset_check_evaluation_data for e in result.all_events
                   if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION]
    [failed] = [e for e in evaluations if not e.passed]
    assert failed.asset_key.to_user_string() == "curated/observations" and failed.check_name == "contract"
    assert failed.metadata["measure_vocabulary"].value == 1 and failed.metadata["quote_matches_span"].value == 0
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "publish/release" not in materialized
    assert not tmp_paths.published_db.exists()


def test_report_lists_conflicts_and_escapes_article_text(published: tuple[Paths, dg.ExecuteInProcessResult]) -> None:
    html = (published[0].reports_dir / "conflict_report.html").read_text(encoding="utf-8")
    markdown = (published[0].reports_dir / "conflict_report.md").read_text(encoding="utf-8")
    assert html.count('class="conflict"') >= 4 and "<svg" in html
    assert "Recommended" in html and "No recommended figure" in html
    assert "<mark>185,000</mark>" in html
    assert "## Conflicts" in markdown and "## Articles" in markdown
