"""The set-based OEWS load: the Pandera contract's rules, BLS padding, line numbers, swap and skip."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import ibis
import pandas as pd
import pytest
from pandera.errors import SchemaErrors

from assets.metadata import table_metadata
from pipeline.provenance import ProvenanceError, read_sidecar, write_sidecar
from pipeline.settings import REPO_ROOT, Paths
from pipeline.staging.oews_contract import OewsSeriesId, OewsValuesTable
from pipeline.staging.oews_data import load_oews

RELEASE = "bls_oews/2025A01"
HEADER = "series_id                     \tyear\tperiod\t       value\tfootnote_codes\r\n"
BAD_ROWS = [
    "OEUN000000000000029207201\t20x5\tA01\t123\t",        # year not a number
    "OEUN000000000000029207201\t2025\tA01\tabc\t",        # value neither number nor special value
    "XX-not-a-series\t2025\tA01\t5\t",                    # series id not in the BLS layout
    "OEUN000000000000029207201\t1900\tA02\t-5\t",         # year too early, wrong period, negative value
    "OEUN000000000000029207201\t2101\tA01\t1\t",          # year too late
    "OEUN000000000000029207201\t\tA01\t\t",               # year and value missing
    "OEUN0000000000000292072   01   \t2025\tA01\t    -\t5",  # spaces inside the series id
    "\t2025\tA01\t1\t",                                   # no series id at all
]


def bls_line(series_id: str, value: str, footnotes: str = "") -> str:
    """A data row padded the way BLS serves oe.data.0.Current (series id to 30, value right-aligned in 12, CRLF)."""
    return f"{series_id:<30}\t2025\tA01\t{value:>12}\t{footnotes}\r\n"


def write_release(root: Path, release: str, lines: list[str], published: str | None = "2026-05-15") -> Path:
    folder = root / "bls_oews" / release
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "oe.data.0.Current"
    data.write_bytes((HEADER + "".join(lines)).encode("ascii"))
    extra = {"published": published} if published else {}
    write_sidecar(data, url="fixture", retrieved="2026-11-23", licence="test", citation="test", **extra)
    embedded = REPO_ROOT / "raw" / RELEASE
    for name in ("oe.area", "oe.industry", "oe.occupation", "oe.datatype"):
        for suffix in ("", ".meta.json"):
            shutil.copy2(embedded / f"{name}{suffix}", folder / f"{name}{suffix}")
    return data


def rowwise_reference(path: Path) -> list[dict[str, object]]:
    """An independent, row-by-row parse in Python of the rows as the contract sees them (series id cut in parts)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        next(handle)
        for line_no, line in enumerate(handle, start=2):
            series_id, year, period, value, footnotes = (line.rstrip("\r\n").split("\t") + [""] * 5)[:5]
            sid = series_id.strip() or None
            year_raw, value_raw = year.strip() or None, value.strip() or None
            try:
                number = float(value_raw) if value_raw else None
            except ValueError:
                number = None
            rows.append({
                "series_id": sid, "seasonal_code": sid[2:3] if sid else None,
                "areatype_code": sid[3:4] if sid else None, "area_code": sid[4:11] if sid else None,
                "industry_code": sid[11:17] if sid else None,
                "occupation_code": sid[17:23] if sid else None, "datatype_code": sid[23:25] if sid else None,
                "year": int(year_raw) if year_raw and year_raw.isdigit() else None, "period": period.strip() or None,
                "value": number, "value_raw": value_raw, "footnote_codes": footnotes.strip() or None,
                "release": "2025A01", "source_line": line_no,
            })
    return rows


def pandera_failures(row: dict[str, object]) -> set[tuple[str, str]]:
    """(field, rule) of every check of the contract's Pandera models the row fails, validated by Pandera itself."""
    failures: set[tuple[str, str]] = set()
    for model in (OewsSeriesId, OewsValuesTable):
        columns = list(model.to_schema().columns)
        sql_type = {"year": "BIGINT", "value": "DOUBLE", "source_line": "BIGINT"}
        con = duckdb.connect()
        con.register("one_row", pd.DataFrame([{name: row[name] for name in columns}], dtype=object))
        con.execute("CREATE TABLE checked AS SELECT " + ", ".join(
            f"CAST({name} AS {sql_type.get(name, 'VARCHAR')}) AS {name}" for name in columns) + " FROM one_row")
        try:
            model.validate(ibis.duckdb.from_connection(con).table("checked"), lazy=True)
        except SchemaErrors as err:
            for case in err.failure_cases.to_dict("records"):
                # a column check names its column as the key of the failing value, a null check as its column,
                # a table check in its message
                if case["schema_context"] == "DataFrameSchema":
                    field = str(case["check"]).split(":")[0]
                elif isinstance(case["failure_case"], dict):
                    field = next(iter(case["failure_case"]))
                else:
                    field = case["column"]
                failures.add((field, str(case["check"])))
    return failures


def test_the_parse_quarantines_exactly_what_the_pandera_contract_rejects(tmp_paths: Paths) -> None:
    data = tmp_paths.raw_dir / RELEASE / "oe.data.0.Current"
    with data.open("a", encoding="utf-8") as handle:
        handle.writelines(row + "\n" for row in BAD_ROWS)
    write_sidecar(data, url="fixture", retrieved="2026-11-23", licence="test", citation="test")
    con = duckdb.connect(str(tmp_paths.warehouse_dir.with_suffix(".duckdb")))
    loaded = load_oews(con, tmp_paths.raw_dir / "bls_oews", tmp_paths.raw_dir)
    ours = con.execute("SELECT line, field, rule FROM staging.quarantine WHERE source = 'bls_oews'").fetchall()
    bad = [row for row in rowwise_reference(data) if row["source_line"] > 1 + loaded.rows]
    expected = {(row["source_line"], field, rule) for row in bad for field, rule in pandera_failures(row)}
    assert len(bad) == len(BAD_ROWS) and expected
    assert set(ours) == expected
    assert loaded.quarantined == len(ours)


def test_bls_padding_special_values_and_lines(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_release(raw, "2025A01", [
        bls_line("OEUN000000000000029207201", "194720"),
        bls_line("OEUN000000000000029207204", "-", "5"),       # top-coded wage
        bls_line("OEUN000000000000029207213", "-", "8"),       # not released
        bls_line("OEUN000000000000029207203", "23.41"),
    ])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    loaded = load_oews(con, raw / "bls_oews", raw)
    rows = con.execute("SELECT series_id, value, value_raw, is_top_coded, is_not_released, source_line, "
                       "release_published_on FROM staging.oews_data ORDER BY source_line").fetchall()
    assert loaded.rows == 4 and loaded.quarantined == 0
    assert [r[0] for r in rows] == ["OEUN000000000000029207201", "OEUN000000000000029207204",
                                    "OEUN000000000000029207213", "OEUN000000000000029207203"]
    assert rows[0][1] == 194720.0 and rows[3][1] == 23.41
    assert rows[1][1:5] == (None, "-", True, False)
    assert rows[2][1:5] == (None, "-", False, True)
    assert [r[5] for r in rows] == [2, 3, 4, 5]
    assert str(rows[0][6]) == "2026-05-15"


def test_lines_are_per_file_across_releases_and_dot_folders_are_skipped(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_release(raw, "2024A01", [bls_line("OEUN000000000000029207201", str(n)) for n in range(3)], published=None)
    write_release(raw, "2025A01", [bls_line("OEUN000000000000029207201", "1"),
                                   bls_line("OEUN000000000000029207201", "x"),
                                   bls_line("OEUN000000000000029207201", "2")])
    write_release(raw, ".2026A01.partial", [bls_line("OEUN000000000000029207201", "9")])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    loaded = load_oews(con, raw / "bls_oews", raw)
    assert loaded.releases == ["2024A01", "2025A01"] and loaded.rows == 5
    lines = con.execute("SELECT release, list(source_line ORDER BY source_line), any_value(release_published_on) "
                        "FROM staging.oews_data GROUP BY release ORDER BY release").fetchall()
    assert lines == [("2024A01", [2, 3, 4], None), ("2025A01", [2, 4], pd.Timestamp("2026-05-15").date())]
    assert con.execute("SELECT file, line, field FROM staging.quarantine").fetchall() == [
        ("bls_oews/2025A01/oe.data.0.Current", 3, "value")]


def test_unchanged_rerun_skips_and_a_changed_input_reloads(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    data = write_release(raw, "2025A01", [bls_line("OEUN000000000000029207201", "1")])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = load_oews(con, raw / "bls_oews", raw)
    again = load_oews(con, raw / "bls_oews", raw)
    assert not first.skipped and again.skipped and again.rows == first.rows and again.files == first.files
    data.write_bytes((HEADER + bls_line("OEUN000000000000029207201", "1") + bls_line(
        "OEUN000000000000029207202", "2")).encode("ascii"))
    write_sidecar(data, url="fixture", retrieved="2026-11-24", licence="test", citation="test")
    reloaded = load_oews(con, raw / "bls_oews", raw)
    assert not reloaded.skipped and reloaded.rows == 2
    con.execute("DELETE FROM staging.quarantine")  # someone else rebuilt the quarantine: do not trust the record
    con.execute("INSERT INTO staging.quarantine VALUES ('bls_oews', 'x', 1, 'f', 'r', 'v', 'reason')")
    assert not load_oews(con, raw / "bls_oews", raw).skipped


def test_edited_snapshot_keeps_the_previous_table(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    data = write_release(raw, "2025A01", [bls_line("OEUN000000000000029207201", "1")])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    load_oews(con, raw / "bls_oews", raw)
    with data.open("ab") as handle:
        handle.write(bls_line("OEUN000000000000029207202", "2").encode("ascii"))
    with pytest.raises(ProvenanceError, match="does not match its sidecar"):
        load_oews(con, raw / "bls_oews", raw)
    assert con.execute("SELECT count(*) FROM staging.oews_data").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%_next'").fetchone()[0] == 0


OEWS_DATA_COLUMNS = [
    "series_id", "seasonal_code", "areatype_code", "area_code", "industry_code", "occupation_code", "soc_code",
    "datatype_code", "year", "period", "value", "value_raw", "footnote_codes", "is_top_coded", "is_not_released",
    "is_low_response", "release", "release_published_on", "source_file", "source_line", "snapshot_sha256"]


def test_oews_data_view_rebuilds_every_column_from_what_is_stored(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    data = write_release(raw, "2025A01", [bls_line("OEUS480000000000029207204", "#", "5")])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA staging")
    con.execute("CREATE TABLE staging.oews_data AS SELECT 1 AS x")  # the table an older version stored
    load_oews(con, raw / "bls_oews", raw)
    columns = [c[0] for c in con.execute("DESCRIBE staging.oews_data").fetchall()]
    row = con.execute("SELECT * FROM staging.oews_data").fetchone()
    assert columns == OEWS_DATA_COLUMNS
    assert dict(zip(columns, row, strict=True)) | {"release_published_on": None} == {
        "series_id": "OEUS480000000000029207204", "seasonal_code": "U", "areatype_code": "S",
        "area_code": "4800000", "industry_code": "000000", "occupation_code": "292072", "soc_code": "29-2072",
        "datatype_code": "04", "year": 2025, "period": "A01", "value": None, "value_raw": "#",
        "footnote_codes": "5", "is_top_coded": True, "is_not_released": False, "is_low_response": False,
        "release": "2025A01", "release_published_on": None, "source_file": "bls_oews/2025A01/oe.data.0.Current",
        "source_line": 2, "snapshot_sha256": read_sidecar(data)["sha256"]}
    # the view and its macros are part of what the load made: without one of them, the next load rebuilds
    assert load_oews(con, raw / "bls_oews", raw).skipped
    con.execute("DROP VIEW staging.oews_data")
    assert not load_oews(con, raw / "bls_oews", raw).skipped
    con.execute("DROP MACRO staging.oews_is_low_response")
    assert not load_oews(con, raw / "bls_oews", raw).skipped
    assert con.execute("SELECT count(*) FROM staging.oews_data WHERE NOT is_low_response").fetchone()[0] == 1


def test_table_metadata_counts_the_rows_of_a_view(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_release(raw, "2025A01", [bls_line("OEUN000000000000029207201", str(n)) for n in range(3)])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    load_oews(con, raw / "bls_oews", raw)
    assert table_metadata(con, "staging.oews_data")["dagster/row_count"] == 3
    assert table_metadata(con, "staging.oews_data", rows_stored_in="staging.oews_values")["dagster/row_count"] == 3
