"""Door 3, the yearly national files: header variants, special values, hybrid SOC, snapshot and history table."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
import responses

from pipeline.live.client import LiveFetchError
from pipeline.live.frames import STAGING_COLUMNS
from pipeline.live.yearly import fetch_yearly, parse_national_workbook
from pipeline.provenance import read_sidecar
from pipeline.staging import oews_history
from pipeline.staging.oews_contract import row_violations
from tests.live.support import (
    WWW_URL,
    config,
    hybrid_workbook,
    old_workbook,
    recent_workbook,
    tree_state,
    zip_bytes,
)

URL_2023 = WWW_URL + "/oes/special-requests/oesm23nat.zip"


def value(frame: pd.DataFrame, occupation: str, datatype: str) -> pd.Series:
    return frame[(frame["occupation_code"] == occupation) & (frame["datatype_code"] == datatype)].iloc[0]


def test_recent_layout_keeps_detailed_rows_and_special_values() -> None:
    frame = parse_national_workbook(recent_workbook(), 2023, "bls_oews_yearly/2023/oesm23nat.zip!x.xlsx")
    assert frame.columns.tolist() == STAGING_COLUMNS
    assert set(frame["occupation_code"]) == {"292072", "299021"}  # total, major and broad rows left out
    assert row_violations(frame) == []
    emp = value(frame, "292072", "01")
    assert emp["series_id"] == "OEUN000000000000029207201" and len(emp["series_id"]) == 25
    assert (emp["value"], emp["value_raw"], emp["year"], emp["period"]) == (12345.0, "12345", 2023, "A01")
    assert emp["source_line"] == 4  # the workbook row, header on row 1
    top = value(frame, "292072", "15")
    assert pd.isna(top["value"]) and top["value_raw"] == "#" and top["footnote_codes"] == "5"
    assert value(frame, "292072", "03")["value"] == 11.11
    low = value(frame, "292072", "17")
    assert pd.isna(low["value"]) and low["value_raw"] == "~"
    assert value(frame, "299021", "03")["value_raw"] == "*" and value(frame, "299021", "03")["footnote_codes"] == "8"
    assert value(frame, "299021", "13")["value_raw"] == "**"


def test_hybrid_soc_year_keeps_the_hybrid_code() -> None:
    frame = parse_national_workbook(hybrid_workbook(), 2019, "bls_oews_yearly/2019/oesm19nat.zip!x.xlsx")
    hybrid = value(frame, "292098", "01")
    assert (hybrid["soc_code"], hybrid["value"], hybrid["value_raw"]) == ("29-2098", 12340.0, "12,340")
    assert value(frame, "292098", "04")["value"] == 23450.0
    assert value(frame, "292098", "15")["value_raw"] == "#"
    assert row_violations(frame) == []


def test_old_layout_matches_headers_not_positions() -> None:
    frame = parse_national_workbook(old_workbook(), 2014, "bls_oews_yearly/2014/oesm14nat.zip!x.xlsx")
    assert set(frame["occupation_code"]) == {"292071"}
    assert value(frame, "292071", "01")["value"] == 12345.0
    assert value(frame, "292071", "04")["value"] == 23450.0
    assert value(frame, "292071", "17")["value"] == 1.0  # LOC_Q read as LOC_QUOTIENT


@responses.activate
def test_fetch_snapshots_zip_and_loads_history(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    responses.get(URL_2023, body=zip_bytes({"oesm23nat/national_M2023_dl.xlsx": recent_workbook()}),
                  headers={"ETag": '"y23"', "Last-Modified": "Tue, 23 Apr 2024 10:00:00 GMT"})
    got = fetch_yearly(config(), raw, 2023)
    assert got.status == "new" and got.path == raw / "bls_oews_yearly" / "2023" / "oesm23nat.zip"
    meta = read_sidecar(got.path)
    assert (meta["url"], meta["etag"]) == (URL_2023, '"y23"')
    assert got.frame["source_file"].iloc[0] == "bls_oews_yearly/2023/oesm23nat.zip!oesm23nat/national_M2023_dl.xlsx"
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:  # staging loads every snapshot held
        loaded = oews_history.load(con, raw)
        assert (loaded.rows, loaded.quarantined) == (len(got.frame), 0)
        oews_history.load(con, raw)  # rebuilds, never appends
        total, top = con.execute("SELECT count(*), count(*) FILTER (is_top_coded) FROM staging.oews_history "
                                 "WHERE door = 'yearly' AND release = '2023A01'").fetchone()
        assert (total, top) == (len(got.frame), 2)
        assert con.execute("SELECT count(*) FROM staging.oews_history WHERE is_not_released").fetchone() == (2,)
    responses.reset()
    responses.get(URL_2023, status=304, match=[responses.matchers.header_matcher({"If-None-Match": '"y23"'})])
    assert fetch_yearly(config(), raw, 2023).status == "unchanged"


@responses.activate
@pytest.mark.parametrize("failure", ["not_found", "html", "wrong_member", "unreadable"])
def test_failed_yearly_fetch_leaves_raw_identical(tmp_path: Path, failure: str) -> None:
    raw = tmp_path / "raw"
    (raw / "bls_oews_yearly" / "2022").mkdir(parents=True)
    (raw / "bls_oews_yearly" / "2022" / "oesm22nat.zip").write_bytes(b"held")
    before = tree_state(raw)
    if failure == "not_found":
        responses.get(URL_2023, status=404)
    elif failure == "html":
        responses.get(URL_2023, body=b"<html>Access Denied</html>")
    elif failure == "wrong_member":
        responses.get(URL_2023, body=zip_bytes({"national_M2022_dl.xlsx": recent_workbook()}))
    else:
        responses.get(URL_2023, body=zip_bytes({"national_M2023_dl.xlsx": b"not a workbook"}))
    with pytest.raises(LiveFetchError):
        fetch_yearly(config(), raw, 2023)
    assert tree_state(raw) == before
