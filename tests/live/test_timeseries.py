"""Door 1, the time-series files: download into raw/bls_oews/<release>/, all or nothing, read by load_oews."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import responses

from pipeline.live.client import LiveFetchError
from pipeline.live.timeseries import EXPECTED_COLUMNS, fetch_timeseries, read_release
from pipeline.provenance import read_sidecar, write_sidecar
from pipeline.staging.oews_data import load_oews
from tests.live.support import DOWNLOAD_URL, TIMESERIES_FIXTURES, config, timeseries_bytes, tree_state

NAMES = list(EXPECTED_COLUMNS)
LAST_MODIFIED = "Fri, 15 May 2026 12:00:00 GMT"


def serve_all(skip: str | None = None, **bodies: bytes) -> None:
    for name in NAMES:
        if name != skip:
            responses.get(DOWNLOAD_URL + name, body=bodies.get(name.replace(".", "_"), timeseries_bytes(name)),
                          headers={"ETag": f'"{name}-v1"', "Last-Modified": LAST_MODIFIED})


def test_read_release_takes_the_newest() -> None:
    assert read_release("release_date\tdescription\n2024A01\tMay 2024\n2025A01\tMay 2025\n") == ("2025A01", "May 2025")
    with pytest.raises(LiveFetchError):
        read_release("<html>Access Denied</html>")


@responses.activate
def test_fetch_writes_release_with_sidecars_and_load_oews_reads_it(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    serve_all()
    got = fetch_timeseries(config(), raw)
    assert (got.release, got.status) == ("2025A01", "new")
    folder = raw / "bls_oews" / "2025A01"
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".meta.json")) == sorted(NAMES)
    meta = read_sidecar(folder / "oe.data.0.Current")  # verifies the sha256
    assert meta["url"] == DOWNLOAD_URL + "oe.data.0.Current"
    assert meta["etag"] == '"oe.data.0.Current-v1"' and meta["last_modified"] == LAST_MODIFIED
    assert meta["licence"] == "Public domain (U.S. federal government work)"
    assert meta["size_bytes"] == len(timeseries_bytes("oe.data.0.Current"))
    assert {"retrieved", "citation", "sha256"} <= meta.keys()
    assert not (raw / "bls_oews" / ".partial").exists()

    with duckdb.connect(str(tmp_path / "test.duckdb")) as con:
        loaded = load_oews(con, raw / "bls_oews", raw)
        assert loaded.releases == ["2025A01"] and loaded.rows == 10 and loaded.quarantined == 0
        top = con.execute("SELECT value, value_raw, is_top_coded FROM staging.oews_data "
                          "WHERE series_id = 'OEUN000000000000029207215'").fetchone()
        assert top == (None, "-", True)
        employment = con.execute("SELECT value FROM staging.oews_data "
                                 "WHERE series_id = 'OEUN000000000000029207201'").fetchone()
        assert employment == (12345.0,)


@responses.activate
def test_unchanged_files_are_not_fetched_twice(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    serve_all()
    fetch_timeseries(config(), raw)
    before = tree_state(raw)
    responses.reset()
    for name in NAMES:
        responses.get(DOWNLOAD_URL + name, status=304, match=[responses.matchers.header_matcher(
            {"If-None-Match": f'"{name}-v1"', "If-Modified-Since": LAST_MODIFIED})])
    got = fetch_timeseries(config(), raw)
    assert got.status == "unchanged" and got.downloaded == {}
    assert tree_state(raw) == before


@responses.activate
def test_changed_file_supersedes_the_release_folder_without_editing_it(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    serve_all()
    fetch_timeseries(config(), raw)
    old_data = (raw / "bls_oews" / "2025A01" / "oe.data.0.Current").read_bytes()
    responses.reset()
    revised = old_data.replace(b"       12345", b"       12346")
    for name in NAMES:
        if name == "oe.data.0.Current":
            responses.get(DOWNLOAD_URL + name, body=revised, headers={"ETag": '"v2"'})
        else:
            responses.get(DOWNLOAD_URL + name, status=304)
    got = fetch_timeseries(config(), raw)
    assert got.status == "superseded" and list(got.downloaded) == ["oe.data.0.Current"]
    assert (raw / "bls_oews" / "2025A01" / "oe.data.0.Current").read_bytes() == revised
    kept = list((raw / "bls_oews" / ".superseded").iterdir())
    assert len(kept) == 1 and (kept[0] / "oe.data.0.Current").read_bytes() == old_data
    read_sidecar(kept[0] / "oe.data.0.Current")
    read_sidecar(raw / "bls_oews" / "2025A01" / "oe.area")  # carried over with its sidecar


def seed_good_snapshot(raw: Path) -> dict[str, str]:
    """A raw tree holding a good earlier release (2024A01), to show a failed fetch leaves it untouched."""
    folder = raw / "bls_oews" / "2024A01"
    folder.mkdir(parents=True)
    for name in NAMES:
        data = (TIMESERIES_FIXTURES / name).read_bytes().replace(b"2025", b"2024")
        (folder / name).write_bytes(data)
        write_sidecar(folder / name, url=DOWNLOAD_URL + name, retrieved="2025-05-20", licence="x", citation="x",
                      etag=f'"{name}-old"')
    return tree_state(raw)


@responses.activate
@pytest.mark.parametrize("failure", ["http_500", "forbidden", "html_page", "truncated", "missing_file"])
def test_failed_fetch_leaves_raw_byte_identical(tmp_path: Path, failure: str) -> None:
    raw = tmp_path / "raw"
    before = seed_good_snapshot(raw)
    target = "oe.occupation"
    if failure == "missing_file":
        serve_all(skip=target)
        responses.get(DOWNLOAD_URL + target, status=404)
    else:
        serve_all(skip=target)
        if failure == "http_500":
            for _ in range(3):
                responses.get(DOWNLOAD_URL + target, status=500)
        elif failure == "forbidden":
            responses.get(DOWNLOAD_URL + target, status=403)
        elif failure == "html_page":
            responses.get(DOWNLOAD_URL + target, body=b"<html><body>Access Denied</body></html>")
        elif failure == "truncated":
            body = timeseries_bytes(target)
            responses.get(DOWNLOAD_URL + target, body=body, headers={"Content-Length": str(len(body) * 2)},
                          auto_calculate_content_length=False)
    with pytest.raises(LiveFetchError, match=target):
        fetch_timeseries(config(), raw)
    assert tree_state(raw) == before


@responses.activate
def test_failed_first_fetch_leaves_no_trace(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    responses.get(DOWNLOAD_URL + "oe.release", status=403)
    with pytest.raises(LiveFetchError, match="403"):
        fetch_timeseries(config(), raw)
    assert not raw.exists()


def test_fixture_files_are_marked_as_built() -> None:
    readme = (TIMESERIES_FIXTURES.parent / "README.md").read_text()
    assert "built, not downloaded" in readme
    assert json.loads((TIMESERIES_FIXTURES.parent / "api" / "quota.json").read_text())["status"]
