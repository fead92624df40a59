"""BLS Employment Projections: Table 1.2 and 1.10 found by pattern, thousands to persons, snapshot per cycle."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
import responses

from pipeline.live.client import LiveFetchError
from pipeline.live.projections import COLUMNS, fetch_projections, parse_projections
from pipeline.provenance import read_sidecar
from pipeline.staging import ep_projections
from tests.live.support import WWW_URL, config, projections_workbook, tree_state, workbook_bytes

URL = WWW_URL + "/emp/ind-occ-matrix/occupation.xlsx"


def test_parse_reads_cycle_units_and_openings() -> None:
    frame = parse_projections(projections_workbook(), "bls_ep/2024-34/occupation.xlsx")
    assert frame.columns.tolist() == COLUMNS
    assert frame["soc_code"].tolist() == ["00-0000", "29-2072", "11-1011"]  # notes under the table skipped
    row = frame.set_index("soc_code").loc["29-2072"]
    assert (row["cycle"], row["base_year"], row["projected_year"]) == ("2024-34", 2024, 2034)
    assert (row["employment_base"], row["employment_projected"]) == (123400, 134500)  # thousands -> persons
    assert (row["change_number"], row["change_percent"]) == (11100, 9.0)
    assert (row["annual_openings"], row["median_annual_wage"]) == (12300, 23456.0)
    assert row["occupation_type"] == "Line item" and row["title"] == "Medical records specialists"
    assert row["source_line"] == 4  # title row, header row, total row
    chief = frame.set_index("soc_code").loc["11-1011"]
    assert chief["change_number"] == -300
    assert pd.isna(chief["median_annual_wage"])  # ">=239,200" is not a figure
    assert pd.isna(chief["annual_openings"])  # not in Table 1.10


def test_missing_sheet_or_column_is_named() -> None:
    with pytest.raises(LiveFetchError, match="Table 1.10"):
        parse_projections(workbook_bytes({"Table 1.2": [["x"], ["Occupation title", "Occupation code"]]}), "f")
    with pytest.raises(LiveFetchError, match="not a readable xlsx"):
        parse_projections(b"<html>", "f")


@responses.activate
def test_fetch_snapshots_by_cycle_then_not_modified(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    responses.get(URL, body=projections_workbook(), headers={"ETag": '"ep1"'})
    got = fetch_projections(config(), raw)
    assert (got.cycle, got.status) == ("2024-34", "new")
    assert got.path == raw / "bls_ep" / "2024-34" / "occupation.xlsx"
    meta = read_sidecar(got.path)
    assert (meta["url"], meta["etag"], meta["cycle"]) == (URL, '"ep1"', "2024-34")
    assert got.frame["source_file"].iloc[0] == "bls_ep/2024-34/occupation.xlsx"
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:  # staging loads every workbook held
        assert ep_projections.load(con, raw).rows == 3
        assert con.execute("SELECT employment_base, annual_openings, snapshot_sha256 FROM staging.ep_projections "
                           "WHERE soc_code = '29-2072'").fetchone() == (123400, 12300, meta["sha256"])
    responses.reset()
    responses.get(URL, status=304, match=[responses.matchers.header_matcher({"If-None-Match": '"ep1"'})])
    again = fetch_projections(config(), raw)
    assert (again.status, again.cycle, len(again.frame)) == ("unchanged", "2024-34", 3)


@responses.activate
def test_failed_projections_fetch_leaves_raw_identical(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "bls_ep").mkdir(parents=True)
    before = tree_state(raw)
    responses.get(URL, body=workbook_bytes({"Table 1.2": [["only a title"]]}))
    with pytest.raises(LiveFetchError, match="Table 1.2"):
        fetch_projections(config(), raw)
    assert tree_state(raw) == before
