"""`python -m pipeline.live.fetch`: runs the doors asked for, keeps good snapshots, one-line reason on failure."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import responses

from pipeline.live.fetch import main
from pipeline.live.timeseries import EXPECTED_COLUMNS
from pipeline.staging import ep_projections, oews_history
from tests.live.support import (
    API_URL,
    CONTACT,
    DOWNLOAD_URL,
    WWW_URL,
    projections_workbook,
    recent_workbook,
    timeseries_bytes,
    tree_state,
    zip_bytes,
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDCODER_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("MEDCODER_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    monkeypatch.setenv("MEDCODER_BLS_API_URL", API_URL)
    monkeypatch.setenv("MEDCODER_BLS_DOWNLOAD_URL", DOWNLOAD_URL)
    monkeypatch.setenv("MEDCODER_BLS_WWW_URL", WWW_URL)
    monkeypatch.setenv("MEDCODER_CONTACT_EMAIL", CONTACT)
    return tmp_path


def serve_timeseries() -> None:
    for name in EXPECTED_COLUMNS:
        responses.get(DOWNLOAD_URL + name, body=timeseries_bytes(name))


@responses.activate
def test_fetch_all_doors_then_staging_loads_their_snapshots(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    serve_timeseries()
    responses.get(WWW_URL + "/oes/special-requests/oesm23nat.zip",
                  body=zip_bytes({"oesm23nat/national_M2023_dl.xlsx": recent_workbook()}))
    responses.get(WWW_URL + "/emp/ind-occ-matrix/occupation.xlsx", body=projections_workbook())
    assert main(["--yearly", "2023", "--projections"]) == 0
    assert (env / "raw" / "bls_oews" / "2025A01" / "oe.data.0.Current.meta.json").exists()
    assert not (env / "warehouse").exists()  # fetching only writes snapshots; staging loads them
    with duckdb.connect(str(env / "w.duckdb")) as con:
        oews_history.load(con, env / "raw")
        ep_projections.load(con, env / "raw")
        assert con.execute("SELECT count(*) > 0 FROM staging.oews_history WHERE door = 'yearly'").fetchone() == (True,)
        assert con.execute("SELECT count(*) FROM staging.ep_projections").fetchone() == (3,)
    assert capsys.readouterr().err.count("fetch failed") == 0


@responses.activate
def test_one_failing_door_keeps_the_good_snapshots_and_exits_1(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    serve_timeseries()
    responses.get(WWW_URL + "/oes/special-requests/oesm22nat.zip", status=404)
    assert main(["--yearly", "2022"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("fetch failed: yearly 2022: ") and "HTTP 404" in err[-1]
    assert (env / "raw" / "bls_oews" / "2025A01" / "oe.data.0.Current").exists()
    assert not (env / "raw" / "bls_oews_yearly").exists()


@responses.activate
def test_without_contact_email_nothing_is_requested(env: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("MEDCODER_CONTACT_EMAIL")
    before = tree_state(env)
    assert main([]) == 1
    assert "MEDCODER_CONTACT_EMAIL" in capsys.readouterr().err.strip().splitlines()[-1]
    assert len(responses.calls) == 0 and tree_state(env) == before
