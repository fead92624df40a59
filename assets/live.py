"""Live BLS assets (group `live`): opt-in snapshots fetched from BLS into `raw/`, partitioned by OEWS reference year.

Nothing here runs in the default job: only the live jobs below, the sensor (stopped by default) and
`python -m pipeline.live.fetch` touch the network. Each asset only writes an immutable snapshot with its sidecar;
the staging asset it feeds loads it (`staging/oews_data`, `staging/oews_history`, `staging/ep_projections`), and
`refresh_after_live_fetch` runs the embedded job once a live run succeeds, so a new snapshot reaches the report and
the published warehouse. OEWS releases are a *dynamic* partition set (`oews_release_year`): BLS publishes a
release each spring, so the sensor adds the year when `oe.release` shows it, rather than a static list that would
offer years not yet published or need a code change every year.
"""

import json
from typing import Any

import dagster as dg

from assets.resources import LiveBls, MedcoderPaths
from pipeline.live.api import fetch_api
from pipeline.live.client import LiveFetchError
from pipeline.live.config import LiveConfigError
from pipeline.live.projections import fetch_projections
from pipeline.live.timeseries import fetch_timeseries, probe_release, release_year
from pipeline.live.yearly import FIRST_YEAR, fetch_yearly

GROUP = "live"
OEWS_RELEASE_YEARS = dg.DynamicPartitionsDefinition(name="oews_release_year")
SENSOR_INTERVAL_SECONDS = 6 * 3600


@dg.asset(key=[GROUP, "oews_timeseries_snapshot"], partitions_def=OEWS_RELEASE_YEARS, group_name=GROUP,
          kinds={"python"})
def oews_timeseries_snapshot(context: dg.AssetExecutionContext, live_bls: LiveBls,
                             paths: MedcoderPaths) -> dg.MaterializeResult:
    """The current release's time-series files in `raw/bls_oews/<release>/`, loaded by `staging/oews_data`."""
    config = live_bls.config()
    served = probe_release(config)["release"]
    if str(release_year(served)) != context.partition_key:
        raise dg.Failure(f"BLS serves release {served}; the time-series files hold only the current release, so "
                         f"{context.partition_key} comes from live/oews_yearly_snapshot instead")
    got = fetch_timeseries(config, paths.paths.raw_dir)
    return dg.MaterializeResult(metadata={"release": got.release, "status": got.status, "folder": str(got.folder),
                                          "bytes_fetched": sum(got.downloaded.values())})


@dg.asset(key=[GROUP, "oews_api_snapshot"], partitions_def=OEWS_RELEASE_YEARS, group_name=GROUP, kinds={"python"})
def oews_api_snapshot(context: dg.AssetExecutionContext, live_bls: LiveBls,
                      paths: MedcoderPaths) -> dg.MaterializeResult:
    """The followed series for one year through the BLS API, in `raw/bls_oews_api/<year>/`; loaded by
    `staging/oews_history`."""
    got = fetch_api(live_bls.config(), paths.paths.raw_dir, int(context.partition_key))
    return dg.MaterializeResult(metadata={"status": got.status, "snapshot": str(got.path), "rows": len(got.frame)})


@dg.asset(key=[GROUP, "oews_yearly_snapshot"], partitions_def=OEWS_RELEASE_YEARS, group_name=GROUP,
          kinds={"python"})
def oews_yearly_snapshot(context: dg.AssetExecutionContext, live_bls: LiveBls,
                         paths: MedcoderPaths) -> dg.MaterializeResult:
    """May <year>'s national file in `raw/bls_oews_yearly/<year>/`; loaded by `staging/oews_history`."""
    got = fetch_yearly(live_bls.config(), paths.paths.raw_dir, int(context.partition_key))
    return dg.MaterializeResult(metadata={"status": got.status, "snapshot": str(got.path), "rows": len(got.frame)})


@dg.asset(key=[GROUP, "ep_projections_snapshot"], group_name=GROUP, kinds={"python"})
def ep_projections_snapshot(live_bls: LiveBls, paths: MedcoderPaths) -> dg.MaterializeResult:
    """The Employment Projections workbook in `raw/bls_ep/<cycle>/`; loaded by `staging/ep_projections`."""
    got = fetch_projections(live_bls.config(), paths.paths.raw_dir)
    return dg.MaterializeResult(metadata={"cycle": got.cycle, "status": got.status, "snapshot": str(got.path),
                                          "rows": len(got.frame)})


# Snapshots are files; one step at a time keeps the raw/ folder's writes simple to follow.
_IN_PROCESS = dg.in_process_executor
live_oews_job = dg.define_asset_job("live_oews_job", selection=[oews_timeseries_snapshot],
                                    partitions_def=OEWS_RELEASE_YEARS, executor_def=_IN_PROCESS)
live_api_job = dg.define_asset_job("live_api_job", selection=[oews_api_snapshot], partitions_def=OEWS_RELEASE_YEARS,
                                   executor_def=_IN_PROCESS)
live_history_job = dg.define_asset_job("live_history_job", selection=[oews_yearly_snapshot],
                                       partitions_def=OEWS_RELEASE_YEARS, executor_def=_IN_PROCESS)
live_projections_job = dg.define_asset_job("live_projections_job", selection=[ep_projections_snapshot],
                                           executor_def=_IN_PROCESS)
LIVE_JOBS = [live_oews_job, live_api_job, live_history_job, live_projections_job]


@dg.sensor(job=live_oews_job, minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
           default_status=dg.DefaultSensorStatus.STOPPED)
def live_oews_release_sensor(context: dg.SensorEvaluationContext, live_bls: LiveBls) -> dg.SensorResult | dg.SkipReason:
    """Request a fetch when BLS publishes a new OEWS release or changes its data file.

    The cursor holds what was last seen (release code, ETag, Last-Modified of `oe.data.0.Current`); each tick
    costs one small GET (`oe.release`) and one HEAD. Years from 2012 to the release are added as partitions so the
    yearly history can be backfilled from the UI.
    """
    try:
        config = live_bls.config()
        config.require_contact()
        now = probe_release(config)
    except (LiveConfigError, LiveFetchError) as exc:
        return dg.SkipReason(f"cannot check BLS: {exc}")
    seen = json.loads(context.cursor) if context.cursor else {}
    if now == seen:
        return dg.SkipReason(f"OEWS release {now['release']} unchanged since the last check")
    year = release_year(now["release"])
    reason = "new release" if seen.get("release") != now["release"] else "changed file"
    run_key = "|".join(str(now.get(name) or "") for name in ("release", "etag", "last_modified"))
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key, partition_key=str(year), tags={"live/reason": reason})],
        dynamic_partitions_requests=[OEWS_RELEASE_YEARS.build_add_request(
            [str(y) for y in range(FIRST_YEAR, year + 1)])],
        cursor=json.dumps(now, sort_keys=True),
    )


def refresh_sensor(job: dg.JobDefinition | Any) -> dg.SensorDefinition:
    """After a live run succeeds, run `job` (the embedded snapshot job), so the new snapshot reaches staging,
    the curated tables, the report and the published warehouse; unchanged work is skipped there."""

    @dg.run_status_sensor(name="refresh_after_live_fetch", run_status=dg.DagsterRunStatus.SUCCESS,
                          monitored_jobs=LIVE_JOBS, request_job=job, default_status=dg.DefaultSensorStatus.RUNNING)
    def _refresh(context: dg.RunStatusSensorContext) -> dg.RunRequest:
        return dg.RunRequest(run_key=context.dagster_run.run_id, tags={"live/after": context.dagster_run.job_name})

    return _refresh


LIVE_ASSETS = [oews_timeseries_snapshot, oews_api_snapshot, oews_yearly_snapshot, ep_projections_snapshot]
