"""The single Dagster entry point (`workspace.yaml` loads this module).

Cross-cutting choices live here: resources from `MEDCODER_*` settings, and the in-process executor — the
assets share one DuckDB file that allows a single writer process, and a process per step costs seconds each.
"""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

import assets.curated
import assets.live
import assets.publish
import assets.reports
import assets.staging
from assets.resources import MedcoderPaths
from pipeline.settings import Paths, paths_from_env

ASSET_MODULES = [assets.staging, assets.curated, assets.reports, assets.publish]

embedded_job = dg.define_asset_job(
    "embedded_snapshot",
    selection=dg.AssetSelection.groups("staging", "curated", "reports", "publish"),
    description="Everything from the embedded snapshot in raw/ to a published release; no network.",
)


def resources_for(paths: Paths) -> dict[str, object]:
    """Resources bound to one set of paths; tests call this with temporary folders."""
    return {
        "paths": MedcoderPaths(raw_dir=str(paths.raw_dir), warehouse_dir=str(paths.warehouse_dir)),
        "warehouse": DuckDBResource(database=str(paths.writer_db)),
        **assets.live.LIVE_RESOURCES,
    }


def build_definitions(paths: Paths | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=[*dg.load_assets_from_modules(ASSET_MODULES), *assets.live.LIVE_ASSETS],
        asset_checks=dg.load_asset_checks_from_modules(ASSET_MODULES),
        jobs=[embedded_job, *assets.live.LIVE_JOBS],
        sensors=assets.live.LIVE_SENSORS,
        resources=resources_for(paths or paths_from_env()),
        executor=dg.in_process_executor,
    )


defs = build_definitions()
