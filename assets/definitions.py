"""The single Dagster entry point (`workspace.yaml` loads `assets.definitions:defs`).

Cross-cutting choices live here: the asset modules of each layer (live → staging → curated → reports → publish),
resources built from the `MEDCODER_*` settings, and the in-process executor — the assets share one DuckDB file
that allows a single writer process, and a process per step costs seconds each.
"""


import os

import dagster as dg

from assets.curated import CURATED_ASSETS
from assets.live import LIVE_ASSETS, LIVE_JOBS, live_oews_release_sensor, refresh_sensor
from assets.publish import release
from assets.reports import conflict_report_asset
from assets.resources import LiveBls, MedcoderPaths, Warehouse
from assets.staging import STAGING_ASSETS
from pipeline.settings import Paths, paths_from_env

LAYERS = ("staging", "curated", "reports", "publish")

embedded_job = dg.define_asset_job(
    "embedded_snapshot",
    selection=dg.AssetSelection.groups(*LAYERS),
    description="Everything from the snapshots in raw/ to a published release; no network.",
)


def lock_timeout() -> float:
    """How long a run waits for another run holding the warehouse (`MEDCODER_LOCK_TIMEOUT`, seconds)."""
    return float(os.environ.get("MEDCODER_LOCK_TIMEOUT") or 600)


def resources_for(paths: Paths, live_bls: LiveBls | None = None) -> dict[str, object]:
    """Resources bound to one set of paths (and BLS endpoints); tests call this with temporary folders."""
    return {
        "paths": MedcoderPaths(raw_dir=str(paths.raw_dir), warehouse_dir=str(paths.warehouse_dir)),
        "warehouse": Warehouse(database=str(paths.writer_db), lock_timeout=lock_timeout()),
        "live_bls": live_bls or LiveBls.from_env(),
    }


def build_definitions(paths: Paths | None = None, live_bls: LiveBls | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=[*LIVE_ASSETS, *STAGING_ASSETS, *CURATED_ASSETS, conflict_report_asset, release],
        jobs=[embedded_job, *LIVE_JOBS],
        sensors=[live_oews_release_sensor, refresh_sensor(embedded_job)],
        resources=resources_for(paths or paths_from_env(), live_bls),
        executor=dg.in_process_executor,
    )


defs = build_definitions()
