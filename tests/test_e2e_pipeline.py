"""End to end, as users see it: materialize every asset, then read the published warehouse and the report."""

from __future__ import annotations

import json
import threading

import dagster as dg
import duckdb
import pytest

from assets.staging import STAGING_MODULES
from pipeline.curated.tables import tables
from pipeline.provenance import read_sidecar
from pipeline.settings import Paths
from tests.conftest import materialize_all

CLAIM_VERDICT_SQL = """
    SELECT v.verdict, v.reasons, v.official_value, v.official_evidence_role, o.measure, o.quote
    FROM curated.claim_verdicts AS v JOIN curated.observations AS o USING (observation_id)
    WHERE o.document_id LIKE ? || '%' AND o.value = ? AND o.measure = ?
"""


def verdict(reader: duckdb.DuckDBPyConnection, document: str, value: float, measure: str) -> dict:
    rows = reader.execute(CLAIM_VERDICT_SQL, [document, value, measure]).fetchall()
    assert len(rows) == 1, f"expected one claim {value} ({measure}) in {document}, found {len(rows)}"
    names = ["verdict", "reasons", "official_value", "official_role", "measure", "quote"]
    return dict(zip(names, rows[0], strict=True))


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


@pytest.mark.parametrize(
    ("document", "value", "measure", "expected", "reason"),
    [
        ("000", 185000, "employment_count", "outdated", "vintage"),          # 185K, BLS, as of 2023
        ("001", 200000, "employment_count", "confirmed", None),              # roughly 200,000
        ("002", 194800, "employment_count", "confirmed", None),              # total workforce = EP 2024 base
        ("003", 8, "employment_growth_pct", "outdated", "superseded_cycle"),  # 2022-32 cycle
        ("002", 7, "employment_growth_pct", "confirmed", None),              # 2024-34 cycle
        ("004", 7, "employment_growth_pct", "confirmed", None),
        ("002", 46, "ai_adoption_pct", "unverifiable", None),                # AHA survey not held
        ("004", 48, "ai_adoption_pct", "unverifiable", None),
        ("000", 42000, "mean_annual_wage", "contradicted", "genuine"),        # unsourced avg. salary
        ("002", 50250, "median_annual_wage", "outdated", "vintage"),          # OEWS May 2024 median
        ("002", 66979, "average_salary", "unverifiable", None),              # AAPC 2025 not held
    ],
)
def test_known_case_verdicts(reader: duckdb.DuckDBPyConnection, document: str, value: float, measure: str,
                             expected: str, reason: str | None) -> None:
    found = verdict(reader, document, value, measure)
    assert found["verdict"] == expected, found
    if reason:
        assert reason in found["reasons"]


def test_185k_is_checked_against_oews_and_194800_against_projections(reader: duckdb.DuckDBPyConnection) -> None:
    assert verdict(reader, "000", 185000, "employment_count")["official_value"] == 194720
    confirmed = verdict(reader, "002", 194800, "employment_count")
    assert confirmed["official_value"] == 194800 and confirmed["official_role"] == "secondary_citation"


def test_growth_verdict_rests_on_secondary_evidence_and_says_so(reader: duckdb.DuckDBPyConnection) -> None:
    evidence = reader.execute(
        "SELECT v.evidence FROM curated.claim_verdicts v JOIN curated.observations o USING (observation_id) "
        "WHERE o.document_id LIKE '002%' AND o.measure = 'employment_growth_pct'").fetchone()[0]
    assert "citing" in evidence


def test_ai_adoption_conflict_is_not_comparable_and_picks_no_figure(reader: duckdb.DuckDBPyConnection) -> None:
    comparability, fields, recommended = reader.execute(
        "SELECT comparability, differing_fields, recommended_value FROM curated.conflicts "
        "WHERE conflict_id = 'conflict:healthcare_organisations:ai_adoption'").fetchone()
    assert comparability == "not_comparable"
    assert {"universe", "activity"} <= set(fields)
    assert recommended is None


def test_openings_and_positions_added_are_different_measures(reader: duckdb.DuckDBPyConnection) -> None:
    rows = dict(reader.execute(
        "SELECT value, measure FROM curated.observations WHERE kind = 'claim' AND value IN (14200, 13800)").fetchall())
    assert rows == {14200: "annual_openings", 13800: "employment_change"}
    shared = reader.execute(
        "SELECT count(*) FROM curated.conflicts "
        "WHERE list_contains(observation_ids, ?) AND list_contains(observation_ids, ?)",
        [*reader.execute("SELECT list(observation_id ORDER BY value) FROM curated.observations "
                         "WHERE kind = 'claim' AND value IN (14200, 13800)").fetchone()[0]],
    ).fetchone()[0]
    assert shared == 0


def test_employment_conflict_recommends_oews(reader: duckdb.DuckDBPyConnection) -> None:
    recommended, rule = reader.execute(
        "SELECT recommended_value, recommendation_rule FROM curated.conflicts "
        "WHERE conflict_id = 'conflict:medical_coding_workforce:employment'").fetchone()
    assert recommended == 194720
    assert "authority rank 1" in rule


def test_soc_break_is_not_comparable_but_the_crosswalk_sum_is(reader: duckdb.DuckDBPyConnection) -> None:
    derived = reader.execute("SELECT observation_id, value FROM curated.observations "
                             "WHERE kind = 'derived' AND reference_period = 'May 2025'").fetchone()
    assert derived[1] == 194720 + 38100
    may_2011 = reader.execute(
        "SELECT observation_id FROM curated.observations WHERE kind = 'reference' AND soc_code = '29-2071' "
        "AND measure = 'employment_count' AND reference_period = 'May 2011' AND industry IS NULL").fetchone()[0]
    oews_2025 = "oews:2025A01:OEUN000000000000029207201"
    pairs = {(a, b): (comp, fields) for a, b, comp, fields in reader.execute(
        "SELECT a_id, b_id, comparability, differing_fields FROM curated.comparisons").fetchall()}

    def pair(x: str, y: str) -> tuple[str, list[str]]:
        return pairs.get((x, y)) or pairs[(y, x)]

    comparability, fields = pair(may_2011, oews_2025)
    assert comparability == "not_comparable" and "occupation" in fields
    comparability, fields = pair(may_2011, derived[0])
    assert comparability == "comparable_after_transform" and "occupation" not in fields


def test_provenance_spans_give_back_quotes(reader: duckdb.DuckDBPyConnection) -> None:
    claims, mismatched = reader.execute(
        """
        SELECT count(*), count(*) FILTER (WHERE substr(d.text, o.char_start + 1, o.char_end - o.char_start) <> o.quote
                                          OR position(o.value_text IN o.quote) = 0)
        FROM curated.observations o JOIN curated.documents d USING (document_id) WHERE NOT o.is_official
        """).fetchone()
    assert claims >= 25 and mismatched == 0


def test_official_figures_trace_to_raw_file_hashes(reader: duckdb.DuckDBPyConnection,
                                                   published: tuple[Paths, dg.ExecuteInProcessResult]) -> None:
    paths = published[0]
    for source_file, sha in reader.execute(
            "SELECT DISTINCT source_file, snapshot_sha256 FROM curated.observations WHERE kind <> 'claim'").fetchall():
        assert read_sidecar(paths.raw_dir / source_file)["sha256"] == sha


def test_oews_figures_carry_their_series_and_sampling_error(reader: duckdb.DuckDBPyConnection) -> None:
    """National employment of 29-2072, May 2025: the series' line in the raw file and its published RSE (1.1%)."""
    row = reader.execute(
        "SELECT value, rse_pct, url, source_file, source_line FROM curated.observations "
        "WHERE observation_id = 'oews:2025A01:OEUN000000000000029207201'").fetchone()
    assert row == (194720.0, 1.1, "https://data.bls.gov/timeseries/OEUN000000000000029207201",
                   "bls_oews/2025A01/oe.data.0.Current", 38454)


def test_published_contract_columns(reader: duckdb.DuckDBPyConnection) -> None:
    need = {
        "documents": ["document_id", "title", "url", "published_on", "sha256", "text"],
        "sources": ["source_id", "organisation", "kind", "url", "role"],
        "observations": ["observation_id", "source_id", "document_id", "measure", "subject", "soc_code", "universe",
                         "geography", "period_start", "period_end", "value", "value_low", "value_high", "unit",
                         "qualifier", "quote", "char_start", "char_end", "snapshot_sha256", "is_official"],
        "claim_verdicts": ["observation_id", "verdict", "reasons", "checked_against", "official_value"],
        "conflicts": ["conflict_id", "measure", "observation_ids", "comparability", "differing_fields", "reasons",
                      "recommended_value", "recommended_observation_id"],
    }
    for table, columns in need.items():
        have = dict(reader.execute("SELECT column_name, data_type FROM information_schema.columns "
                                   "WHERE table_schema = 'curated' AND table_name = ?", [table]).fetchall())
        assert set(columns) <= set(have), (table, set(columns) - set(have))
    types = dict(reader.execute("SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_schema = 'curated' AND table_name = 'conflicts'").fetchall())
    assert types["observation_ids"] == types["differing_fields"] == types["reasons"] == "VARCHAR[]"


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


def test_reader_keeps_working_while_a_new_release_is_swapped_in(tmp_paths: Paths) -> None:
    paths = tmp_paths
    assert materialize_all(paths).success
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


def test_rerun_with_unchanged_inputs_skips_the_work_of_every_table_asset(tmp_paths: Paths) -> None:
    assert materialize_all(tmp_paths).success
    instance = dg.DagsterInstance.ephemeral()
    again = materialize_all(tmp_paths, instance)
    assert again.success
    kept = {entry.user_message.split(":")[0] for entry in instance.all_logs(again.run_id)
            if "code and inputs unchanged; kept" in entry.user_message}
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
    failed = {e.check_name for e in evaluations if not e.passed}
    assert "measure_vocabulary" in failed
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
