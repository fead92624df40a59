"""Live BLS assets (group `live`): opt-in snapshots fetched from BLS, partitioned by OEWS reference year.

Nothing here runs in the default job: only the live jobs below, the sensor (stopped by default) and
`python -m pipeline.live.fetch` touch the network. OEWS releases are a *dynamic* partition set
(`oews_release_year`): BLS publishes a release each spring, so the sensor adds the year when `oe.release` shows
it, rather than a static list that would offer years not yet published or need a code change every year.
"""

import json
from pathlib import Path

import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from assets.resources import MedcoderPaths
from pipeline.live.api import fetch_api
from pipeline.live.client import LiveFetchError
from pipeline.live.config import DEFAULT_API_URL, DEFAULT_DOWNLOAD_URL, DEFAULT_WWW_URL, LiveConfig, LiveConfigError
from pipeline.live.history import load_oews_history, load_projections
from pipeline.live.projections import fetch_projections
from pipeline.live.timeseries import fetch_timeseries, probe_release, release_year
from pipeline.live.yearly import FIRST_YEAR, fetch_yearly
from pipeline.provenance import read_sidecar

GROUP = "live"
OEWS_RELEASE_YEARS = dg.DynamicPartitionsDefinition(name="oews_release_year")
SENSOR_INTERVAL_SECONDS = 6 * 3600


class LiveBls(dg.ConfigurableResource):
    """Where BLS is reached and who is asking (`MEDCODER_BLS_*_URL`, `MEDCODER_CONTACT_EMAIL`); no API key here."""

    api_url: str = DEFAULT_API_URL
    download_url: str = DEFAULT_DOWNLOAD_URL
    www_url: str = DEFAULT_WWW_URL
    contact_email: str | None = None

    @classmethod
    def from_env(cls) -> "LiveBls":
        config = LiveConfig.from_env()
        return cls(api_url=config.api_url, download_url=config.download_url, www_url=config.www_url,
                   contact_email=config.contact_email)

    def config(self) -> LiveConfig:
        return LiveConfig(api_url=self.api_url, download_url=self.download_url, www_url=self.www_url,
                          contact_email=self.contact_email)


@dg.asset(key=["live", "oews_timeseries_snapshot"], partitions_def=OEWS_RELEASE_YEARS, group_name=GROUP,
          kinds={"python"})
def oews_timeseries_snapshot(context: dg.AssetExecutionContext, live_bls: LiveBls,
                             paths: MedcoderPaths) -> dg.MaterializeResult:
    """The current release's time-series files in `raw/bls_oews/<release>/`, read by the OEWS staging step."""
    config = live_bls.config()
    served = probe_release(config)["release"]
    if str(release_year(served)) != context.partition_key:
        raise dg.Failure(f"BLS serves release {served}; the time-series files hold only the current release, so "
                         f"{context.partition_key} comes from live/oews_yearly_history instead")
    got = fetch_timeseries(config, paths.paths.raw_dir)
    return dg.MaterializeResult(metadata={"release": got.release, "status": got.status, "folder": str(got.folder),
                                          "bytes_fetched": sum(got.downloaded.values())})


@dg.asset(key=["live", "oews_api_history"], partitions_def=OEWS_RELEASE_YEARS, group_name=GROUP, kinds={"duckdb"})
def oews_api_history(context: dg.AssetExecutionContext, live_bls: LiveBls, paths: MedcoderPaths,
                     warehouse: DuckDBResource) -> dg.MaterializeResult:
    """The followed series through the BLS API into `raw/bls_oews_api/<year>/` and `staging.oews_history`."""
    year = int(context.partition_key)
    got = fetch_api(live_bls.config(), paths.paths.raw_dir, year)
    rows, quarantined = _load_history(warehouse, got.frame, "api", year, got.path)
    return dg.MaterializeResult(metadata={"status": got.status, "snapshot": str(got.path), "rows": rows,
                                          "quarantined": quarantined})


@dg.asset(key=["live", "oews_yearly_history"], partitions_def=OEWS_RELEASE_YEARS, group_name=GROUP,
          kinds={"duckdb"})
def oews_yearly_history(context: dg.AssetExecutionContext, live_bls: LiveBls, paths: MedcoderPaths,
                        warehouse: DuckDBResource) -> dg.MaterializeResult:
    """May <year>'s national file into `raw/bls_oews_yearly/<year>/` and `staging.oews_history` (door yearly)."""
    year = int(context.partition_key)
    got = fetch_yearly(live_bls.config(), paths.paths.raw_dir, year)
    rows, quarantined = _load_history(warehouse, got.frame, "yearly", year, got.path)
    return dg.MaterializeResult(metadata={"status": got.status, "snapshot": str(got.path), "rows": rows,
                                          "quarantined": quarantined})


@dg.asset(key=["live", "ep_projections"], group_name=GROUP, kinds={"duckdb"})
def ep_projections(live_bls: LiveBls, paths: MedcoderPaths, warehouse: DuckDBResource) -> dg.MaterializeResult:
    """The Employment Projections workbook into `raw/bls_ep/<cycle>/` and `staging.ep_projections`."""
    got = fetch_projections(live_bls.config(), paths.paths.raw_dir)
    with warehouse.get_connection() as con:
        rows = load_projections(con, got.frame, snapshot_sha256=read_sidecar(got.path)["sha256"])
    return dg.MaterializeResult(metadata={"cycle": got.cycle, "status": got.status, "snapshot": str(got.path),
                                          "rows": rows})


def _load_history(warehouse: DuckDBResource, frame: pd.DataFrame, door: str, year: int,
                  snapshot: Path) -> tuple[int, int]:
    with warehouse.get_connection() as con:
        return load_oews_history(con, frame, door=door, year=year, snapshot_sha256=read_sidecar(snapshot)["sha256"])


# One step at a time: the history assets share one DuckDB file, which allows a single writer.
_IN_PROCESS = dg.in_process_executor
live_oews_job = dg.define_asset_job("live_oews_job", selection=[oews_timeseries_snapshot],
                                    partitions_def=OEWS_RELEASE_YEARS, executor_def=_IN_PROCESS)
live_api_job = dg.define_asset_job("live_api_job", selection=[oews_api_history], partitions_def=OEWS_RELEASE_YEARS,
                                   executor_def=_IN_PROCESS)
live_history_job = dg.define_asset_job("live_history_job", selection=[oews_yearly_history],
                                       partitions_def=OEWS_RELEASE_YEARS, executor_def=_IN_PROCESS)
live_projections_job = dg.define_asset_job("live_projections_job", selection=[ep_projections],
                                           executor_def=_IN_PROCESS)


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


LIVE_ASSETS = [oews_timeseries_snapshot, oews_api_history, oews_yearly_history, ep_projections]
LIVE_SENSORS = [live_oews_release_sensor]
LIVE_JOBS = [live_oews_job, live_api_job, live_history_job, live_projections_job]
LIVE_RESOURCES = {"live_bls": LiveBls.from_env()}
