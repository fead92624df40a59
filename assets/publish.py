"""Publish layer: the read-only warehouse for downstream sites, swapped in atomically, plus exports."""


from pathlib import Path

import dagster as dg

from assets import versions
from assets.reports import KEY as REPORT_KEY
from assets.resources import MedcoderPaths, Warehouse
from pipeline.curated import tables
from pipeline.publish import release as release_module
from pipeline.publish.release import PUBLISHED, publish

CODE_VERSION = versions.code_version(Path(release_module.__file__).parent, *(t.contract.path for t in PUBLISHED
                                                                            if t.contract))


@dg.asset(key=["publish", "release"], group_name="publish", kinds={"duckdb", "parquet", "json"},
          code_version=CODE_VERSION,
          deps=[*(dg.AssetKey([t.schema, t.name]) for t in tables.published()), REPORT_KEY],
          description="Copies the published curated tables into warehouse/published/medcoder_stats.duckdb (atomic "
                      "rename; DuckDB 1.x-readable storage; column comments from the contracts) and writes Parquet, "
                      "JSON and manifest.json to warehouse/exports/<release>/. Runs only after every blocking "
                      "contract check passed. Built by pipeline/publish/release.py.")
def release(context: dg.AssetExecutionContext, paths: MedcoderPaths, warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        published = publish(con, paths.paths)
    context.log.info("release %s published to %s", published.release_id, published.published_db)
    return dg.MaterializeResult(
        metadata={
            "release_id": published.release_id,
            "published_db": dg.MetadataValue.path(str(published.published_db)),
            "exports": dg.MetadataValue.path(str(published.export_dir)),
            "row_counts": dg.MetadataValue.json(published.row_counts),
        },
        data_version=dg.DataVersion(published.release_id),
    )
