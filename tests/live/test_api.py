"""Door 2, the BLS Public Data API v2: batches of 50, every failure mode named, the key never written or logged."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import responses

from pipeline.live.api import api_frame, default_series, fetch_api
from pipeline.live.client import LiveFetchError
from pipeline.provenance import read_sidecar
from pipeline.settings import REPO_ROOT
from pipeline.staging.oews_contract import row_violations
from tests.live.support import API_URL, FIXTURES, api_answer, config, tree_state

SERIES = default_series(REPO_ROOT / "raw")  # the focus occupations of raw/definitions

KEY = "0123456789abcdef-PLACEHOLDER"  # the placeholder the fixture answers echo back
YEAR = 2025


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / "api" / f"{name}.json").read_text())


def batches_answered(status: int = 200) -> None:
    """Answer each POST with the series it asked for."""
    def callback(request):  # type: ignore[no-untyped-def]
        body = json.loads(request.body)
        return status, {}, json.dumps(api_answer(body["seriesid"], int(body["endyear"])))
    responses.add_callback(responses.POST, API_URL, callback=callback, content_type="application/json")


@pytest.fixture
def with_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BLS_API_KEY", KEY)
    return KEY


@responses.activate
def test_fetch_batches_of_50_snapshot_and_frame(tmp_path: Path, with_key: str,
                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    batches_answered()
    series = SERIES
    assert len(series) == 75
    got = fetch_api(config(), tmp_path / "raw", YEAR, series=SERIES)
    bodies = [json.loads(call.request.body) for call in responses.calls]
    assert [len(b["seriesid"]) for b in bodies] == [50, 25]
    assert all(b["registrationkey"] == with_key and b["startyear"] == b["endyear"] == "2025" for b in bodies)
    assert got.path == tmp_path / "raw" / "bls_oews_api" / "2025" / "response.json"
    assert read_sidecar(got.path)["url"] == API_URL
    # The key is in no file under raw/ and in no log line.
    for path in (tmp_path / "raw").rglob("*"):
        if path.is_file():
            assert with_key not in path.read_text()
    assert with_key not in caplog.text
    assert row_violations(got.frame) == [] and len(got.frame) == 75
    top = got.frame[got.frame["series_id"] == "OEUN000000000000029207215"].iloc[0]
    assert top["value_raw"] == "-" and top["footnote_codes"] == "5" and top["value"] != top["value"]
    emp = got.frame[got.frame["series_id"] == "OEUN000000000000029207201"].iloc[0]
    assert (emp["value"], emp["soc_code"], emp["datatype_code"], emp["year"]) == (12345.0, "29-2072", "01", 2025)
    assert got.frame.columns.tolist()[:3] == ["source_file", "source_line", "series_id"]


@responses.activate
def test_without_key_batches_of_25_and_no_key_sent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BLS_API_KEY", raising=False)
    batches_answered()
    fetch_api(config(), tmp_path / "raw", YEAR, series=SERIES)
    bodies = [json.loads(call.request.body) for call in responses.calls]
    assert [len(b["seriesid"]) for b in bodies] == [25, 25, 25]
    assert all("registrationkey" not in b for b in bodies)


@responses.activate
def test_same_answer_twice_is_unchanged(tmp_path: Path, with_key: str) -> None:
    batches_answered()
    fetch_api(config(), tmp_path / "raw", YEAR, series=SERIES)
    before = tree_state(tmp_path / "raw")
    assert fetch_api(config(), tmp_path / "raw", YEAR, series=SERIES).status == "unchanged"
    assert tree_state(tmp_path / "raw") == before


@responses.activate
@pytest.mark.parametrize(("fixture", "expected"), [
    ("quota", "REQUEST_NOT_PROCESSED.*daily threshold"),
    ("invalid_key", r"REQUEST_NOT_PROCESSED: The key:\*\*\* provided by the User is invalid"),
    ("series_not_exist", "Series does not exist for Series OEUN000000000000029207299"),
    ("no_data", "series OEUN000000000000029207201: No Data Available.*Year: 2025"),
    ("year_reduced", "Year range has been reduced"),
])
def test_failure_modes_are_named_and_leave_raw_identical(tmp_path: Path, with_key: str, fixture: str,
                                                         expected: str, caplog: pytest.LogCaptureFixture) -> None:
    raw = tmp_path / "raw"
    (raw / "bls_oews_api" / "2025").mkdir(parents=True)
    (raw / "bls_oews_api" / "2025" / "response.json").write_text("{}\n")
    before = tree_state(raw)
    responses.post(API_URL, json=recorded(fixture))
    with pytest.raises(LiveFetchError, match=expected) as err:
        fetch_api(config(), raw, YEAR, series=["OEUN000000000000029207201"])
    assert with_key not in str(err.value) and with_key not in caplog.text
    assert tree_state(raw) == before


@responses.activate
def test_missing_series_is_an_error(tmp_path: Path, with_key: str) -> None:
    asked = ["OEUN000000000000029207201", "OEUN000000000000029207204"]
    responses.post(API_URL, json=api_answer(asked[:1], YEAR))
    with pytest.raises(LiveFetchError, match="OEUN000000000000029207204 missing"):
        fetch_api(config(), tmp_path / "raw", YEAR, series=asked)
    assert not (tmp_path / "raw").exists()


@responses.activate
def test_series_without_target_year_is_an_error(tmp_path: Path, with_key: str) -> None:
    asked = ["OEUN000000000000029207201"]
    responses.post(API_URL, json=api_answer(asked, 2024))
    with pytest.raises(LiveFetchError, match="no annual value for 2025"):
        fetch_api(config(), tmp_path / "raw", YEAR, series=asked)


@responses.activate
def test_no_data_for_another_year_is_only_a_warning(tmp_path: Path, with_key: str) -> None:
    asked = ["OEUN000000000000029207201"]
    responses.post(API_URL, json=api_answer(asked, YEAR, message=[
        "No Data Available for Series OEUN000000000000029207201 Year: 2023"]))
    assert len(fetch_api(config(), tmp_path / "raw", YEAR, series=asked).frame) == 1


@responses.activate
def test_http_errors_are_retried_then_named(tmp_path: Path, with_key: str) -> None:
    asked = ["OEUN000000000000029207201"]
    responses.post(API_URL, status=503)
    responses.post(API_URL, json=api_answer(asked, YEAR))
    assert len(fetch_api(config(), tmp_path / "raw", YEAR, series=asked).frame) == 1
    responses.reset()
    for _ in range(3):
        responses.post(API_URL, status=429)
    with pytest.raises(LiveFetchError, match="HTTP 429"):
        fetch_api(config(), tmp_path / "raw2", YEAR, series=asked)
    assert not (tmp_path / "raw2").exists()


def test_frame_from_saved_document() -> None:
    doc = {"year": 2025, "responses": [api_answer(["OEUN000000000000029902101"], 2025)]}
    frame = api_frame(doc, "bls_oews_api/2025/response.json")
    assert frame.loc[0, "source_line"] == 1 and frame.loc[0, "occupation_code"] == "299021"
    assert str(frame["year"].dtype) == "Int64"
