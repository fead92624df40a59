"""Bad input is quarantined with file, line, field and rule, or stops with a clear message; nothing vanishes."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.provenance import ProvenanceError, write_sidecar
from pipeline.settings import Paths
from pipeline.staging.documents import load_articles, read_articles
from pipeline.staging.oews_data import load_oews
from pipeline.staging.reference_figures import load_reference

OEWS_DATA = "bls_oews/2025A01/oe.data.0.Current"


def append_lines(path, lines: list[str]) -> None:  # noqa: ANN001
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in lines)


def test_malformed_oews_rows_are_quarantined_with_location(tmp_paths: Paths) -> None:
    data = tmp_paths.raw_dir / OEWS_DATA
    good_rows = sum(1 for _ in data.open()) - 1
    append_lines(data, [
        "OEUN000000000000029207201\t20x5\tA01\t123\t",       # year not a number
        "OEUN000000000000029207201\t2025\tA01\tabc\t",       # value neither number nor BLS special value
        "XX-not-a-series\t2025\tA01\t5\t",                   # series id not in the BLS layout
    ])
    write_sidecar(data, url="fixture", retrieved="2026-11-23", licence="test", citation="test")
    con = duckdb.connect(str(tmp_paths.warehouse_dir.with_suffix(".duckdb")))
    loaded = load_oews(con, tmp_paths.raw_dir / "bls_oews", tmp_paths.raw_dir)
    rows = con.execute("SELECT line, field, rule, value, reason FROM staging.quarantine ORDER BY line").fetchall()
    assert loaded.rows == good_rows
    by_line = {(line, field): (rule, value, reason) for line, field, rule, value, reason in rows}
    assert by_line[(good_rows + 2, "year")][1] == "20x5"
    assert "a number or a BLS special value" in by_line[(good_rows + 3, "value")][0]
    assert by_line[(good_rows + 3, "value")][1] == "abc"
    assert any(line == good_rows + 4 and field == "series_id" for line, field in by_line)
    assert f"{OEWS_DATA}, line {good_rows + 2}, field 'year'" in by_line[(good_rows + 2, "year")][2]


def test_special_values_become_null_with_flags(tmp_paths: Paths) -> None:
    con = duckdb.connect(str(tmp_paths.warehouse_dir.with_suffix(".duckdb")))
    load_oews(con, tmp_paths.raw_dir / "bls_oews", tmp_paths.raw_dir)
    value, flag = con.execute(
        "SELECT value, is_not_released FROM staging.oews_data WHERE value_raw = '-' AND footnote_codes = '8' LIMIT 1"
    ).fetchone()
    assert value is None and flag is True
    assert con.execute("SELECT count(*) FROM staging.oews_data WHERE value IS NULL AND NOT "
                       "(is_not_released OR is_top_coded OR is_low_response)").fetchone()[0] == 0


def test_edited_snapshot_is_refused(tmp_paths: Paths) -> None:
    append_lines(tmp_paths.raw_dir / OEWS_DATA, ["OEUN000000000000029207201\t2025\tA01\t1\t"])
    con = duckdb.connect(":memory:")
    with pytest.raises(ProvenanceError, match="does not match its sidecar"):
        load_oews(con, tmp_paths.raw_dir / "bls_oews", tmp_paths.raw_dir)


def test_reference_row_with_unknown_source_or_bad_value_is_quarantined(tmp_paths: Paths) -> None:
    csv_path = tmp_paths.raw_dir / "reference" / "reference_figures.csv"
    good_rows = sum(1 for _ in csv_path.open()) - 1
    append_lines(csv_path, [
        "Nobody Knows Inc,primary,x,https://example.org/a,29-2072,Medical Records Specialists,employment,1,jobs,2024,"
        "United States,",
        "BLS,primary,x,https://example.org/b,29-2072,Medical Records Specialists,employment,lots,jobs,2024,"
        "United States,",
    ])
    write_sidecar(csv_path, url=None, retrieved="2026-11-23", licence="test", citation="test")
    con = duckdb.connect(":memory:")
    checked = load_reference(con, csv_path, tmp_paths.raw_dir / "registry", tmp_paths.raw_dir)
    assert len(checked.valid) == good_rows
    quarantined = {(r.line, r.field) for r in checked.quarantined.itertuples()}
    assert (good_rows + 2, "publisher_id") in quarantined
    assert (good_rows + 3, "value") in quarantined
    assert con.execute("SELECT count(*) FROM staging.quarantine WHERE source = 'reference_figures'").fetchone()[0] >= 2


def test_article_without_manifest_entry_is_processed_with_a_warning(tmp_paths: Paths) -> None:
    (tmp_paths.raw_dir / "articles" / "new_story.txt").write_text("Coders earn $50,000 a year.", encoding="utf-8")
    loaded = read_articles(tmp_paths.raw_dir / "articles", tmp_paths.raw_dir)
    new = loaded.documents.set_index("document_id").loc["new_story"]
    assert new["title"] == "new_story"
    assert any("new_story.txt: no entry in manifest.csv" in w for w in loaded.warnings)


def test_article_url_line_sets_document_url(tmp_paths: Paths) -> None:
    page = tmp_paths.raw_dir / "articles" / "with_url.txt"
    page.write_text("https://example.org/story\nCoders earn $50,000.", encoding="utf-8")
    loaded = read_articles(tmp_paths.raw_dir / "articles", tmp_paths.raw_dir)
    row = loaded.documents.set_index("document_id").loc["with_url"]
    assert row["url"] == "https://example.org/story" and row["text"] == "Coders earn $50,000."


def test_non_utf8_article_is_quarantined_not_dropped(tmp_paths: Paths) -> None:
    (tmp_paths.raw_dir / "articles" / "latin1.txt").write_bytes("Salaries of \xa345,000\n".encode("latin-1"))
    con = duckdb.connect(":memory:")
    loaded = load_articles(con, tmp_paths.raw_dir / "articles", tmp_paths.raw_dir)
    assert "latin1" not in set(loaded.documents["document_id"])
    file, line, field, rule, reason = con.execute(
        "SELECT file, line, field, rule, reason FROM staging.quarantine WHERE source = 'articles'").fetchone()
    assert (file, line, field, rule) == ("articles/latin1.txt", 1, "text", "utf8")
    assert "not UTF-8 at byte 12" in reason
