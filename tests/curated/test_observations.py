"""curated.observations: every figure with its fingerprint, interval and provenance down to the quote's span."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from pipeline.provenance import read_sidecar
from pipeline.settings import Paths


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


def test_a_warehouse_of_an_earlier_version_is_upgraded_in_place(tmp_path: Path) -> None:
    """internal.ranked_official was a table before it became a view: building it replaces the old kind."""
    from pipeline.curated.tables import drop_if_kind_changed, tables

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA internal")
    con.execute("CREATE TABLE internal.ranked_official (observation_id VARCHAR)")
    drop_if_kind_changed(con, tables()["internal.ranked_official"])
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ranked_official'"
                       ).fetchone()[0] == 0
