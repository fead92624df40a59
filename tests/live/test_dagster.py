"""Dagster wiring of live mode: the sensor's cursor logic (recorded responses), definitions, a partitioned run."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb
import responses

from assets.definitions import build_definitions, embedded_job
from assets.live import LIVE_JOBS, OEWS_RELEASE_YEARS, live_oews_release_sensor
from assets.resources import LiveBls
from pipeline.settings import Paths
from tests.live.support import CONTACT, DOWNLOAD_URL, WWW_URL, recent_workbook, zip_bytes

DATA_URL = DOWNLOAD_URL + "oe.data.0.Current"
RELEASE_URL = DOWNLOAD_URL + "oe.release"
LIVE = LiveBls(download_url=DOWNLOAD_URL, www_url=WWW_URL, contact_email=CONTACT)


def serve(release: str = "2025A01", etag: str = '"d1"', last_modified: str = "Fri, 15 May 2026 12:00:00 GMT") -> None:
    responses.get(RELEASE_URL, body=f"release_date\tdescription\n{release}\tMay {release[:4]}\n")
    responses.head(DATA_URL, headers={"ETag": etag, "Last-Modified": last_modified})


def tick(cursor: str | None, live: LiveBls = LIVE) -> dg.SensorResult | dg.SkipReason:
    context = dg.build_sensor_context(cursor=cursor, resources={"live_bls": live})
    return live_oews_release_sensor(context)


@responses.activate
def test_sensor_first_tick_requests_the_current_release_and_adds_years() -> None:
    serve()
    result = tick(None)
    assert isinstance(result, dg.SensorResult)
    [request] = result.run_requests
    assert request.partition_key == "2025" and request.tags["live/reason"] == "new release"
    [add] = result.dynamic_partitions_requests
    assert add.partitions_def_name == "oews_release_year" and list(add.partition_keys)[0] == "2012"
    assert list(add.partition_keys)[-1] == "2025"
    assert json.loads(result.cursor)["release"] == "2025A01"
    assert all(call.request.method in {"GET", "HEAD"} for call in responses.calls)


@responses.activate
def test_sensor_skips_when_nothing_changed() -> None:
    serve()
    cursor = tick(None).cursor
    result = tick(cursor)
    assert isinstance(result, dg.SkipReason) and "unchanged" in result.skip_message


@responses.activate
def test_sensor_notices_a_changed_file_and_a_new_release() -> None:
    serve()
    cursor = tick(None).cursor
    responses.reset()
    serve(last_modified="Mon, 01 Jun 2026 08:00:00 GMT")
    changed = tick(cursor)
    assert changed.run_requests[0].tags["live/reason"] == "changed file"
    assert changed.run_requests[0].partition_key == "2025"
    responses.reset()
    serve(release="2026A01", etag='"d2"')
    new = tick(changed.cursor)
    assert new.run_requests[0].partition_key == "2026" and new.run_requests[0].tags["live/reason"] == "new release"
    assert new.run_requests[0].run_key != changed.run_requests[0].run_key


@responses.activate
def test_sensor_skips_without_contact_or_when_bls_fails() -> None:
    result = tick(None, LiveBls(download_url=DOWNLOAD_URL, contact_email=None))
    assert isinstance(result, dg.SkipReason) and "MEDCODER_CONTACT_EMAIL" in result.skip_message
    assert len(responses.calls) == 0
    responses.get(RELEASE_URL, status=403)
    result = tick('{"release": "2025A01"}')
    assert isinstance(result, dg.SkipReason) and "403" in result.skip_message


def definitions(tmp_path: Path) -> dg.Definitions:
    return build_definitions(Paths(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "wh"), live_bls=LIVE)


def test_live_assets_are_in_group_live_and_feed_the_staging_assets_they_refresh(tmp_path: Path) -> None:
    graph = definitions(tmp_path).resolve_asset_graph()
    live = {key.to_user_string() for key in graph.get_all_asset_keys() if graph.get(key).group_name == "live"}
    assert live == {"live/oews_timeseries_snapshot", "live/oews_api_snapshot", "live/oews_yearly_snapshot",
                    "live/ep_projections_snapshot"}
    children = {name: {c.to_user_string() for c in graph.get(dg.AssetKey.from_user_string(name)).child_keys}
                for name in live}
    assert children == {"live/oews_timeseries_snapshot": {"staging/oews_data"},
                        "live/oews_api_snapshot": {"staging/oews_history"},
                        "live/oews_yearly_snapshot": {"staging/oews_history"},
                        "live/ep_projections_snapshot": {"staging/ep_projections"}}
    assert {job.name for job in LIVE_JOBS} == {"live_oews_job", "live_api_job", "live_history_job",
                                               "live_projections_job"}
    assert live_oews_release_sensor.default_status == dg.DefaultSensorStatus.STOPPED


@responses.activate
def test_yearly_snapshot_reaches_staging_history_and_requests_a_refresh(tmp_path: Path) -> None:
    responses.get(WWW_URL + "/oes/special-requests/oesm23nat.zip",
                  body=zip_bytes({"national_M2023_dl.xlsx": recent_workbook()}))
    defs = definitions(tmp_path)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(OEWS_RELEASE_YEARS.name, ["2023"])
    result = defs.resolve_job_def("live_history_job").execute_in_process(instance=instance, partition_key="2023")
    assert result.success
    assert (tmp_path / "raw" / "bls_oews_yearly" / "2023" / "oesm23nat.zip").exists()

    # the run-status sensor asks for the embedded job, which loads the new snapshot into staging
    sensor = next(s for s in defs.sensors if s.name == "refresh_after_live_fetch")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    run = instance.get_run_by_id(result.run_id)
    success = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_SUCCESS)
    context = dg.build_run_status_sensor_context(sensor_name=sensor.name, dagster_event=success,
                                                 dagster_instance=instance, dagster_run=run)
    request = sensor(context)
    assert isinstance(request, dg.RunRequest) and sensor.job_name == embedded_job.name
    staged = defs.resolve_implicit_global_asset_job_def().execute_in_process(
        instance=instance, asset_selection=[dg.AssetKey(["staging", "oews_history"])])
    assert staged.success
    with duckdb.connect(str(tmp_path / "wh" / "medcoder.duckdb")) as con:
        assert con.execute("SELECT count(DISTINCT occupation_code), min(door), min(release) "
                           "FROM staging.oews_history").fetchone() == (2, "yearly", "2023A01")


@responses.activate
def test_timeseries_asset_refuses_a_partition_bls_no_longer_serves(tmp_path: Path) -> None:
    serve()
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(OEWS_RELEASE_YEARS.name, ["2019"])
    result = definitions(tmp_path).resolve_job_def("live_oews_job").execute_in_process(
        instance=instance, partition_key="2019", raise_on_error=False)
    assert not result.success
    failure = result.get_step_failure_events()[0].step_failure_data.error
    assert "hold only the current release" in str(failure)
    assert not (tmp_path / "raw").exists()
