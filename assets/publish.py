"""Publish layer: the read-only warehouse for downstream sites, swapped in atomically, plus exports."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.resources import MedcoderPaths
from pipeline.publish.release import publish


@dg.asset(key=["publish", "release"], group_name="publish", kinds={"duckdb", "parquet", "json"},
          deps=[dg.AssetKey(["curated", "observations"]), dg.AssetKey(["curated", "claim_verdicts"]),
                dg.AssetKey(["curated", "comparisons"]), dg.AssetKey(["curated", "conflicts"]),
                dg.AssetKey(["curated", "recommended_figures"]), dg.AssetKey(["curated", "consensus"]),
                dg.AssetKey(["curated", "rulings"]), dg.AssetKey(["reports", "conflict_report"])],
          description="Copies the curated tables into warehouse/published/medcoder_stats.duckdb (atomic rename; "
                      "DuckDB 1.x-readable storage) and writes Parquet, JSON and manifest.json to "
                      "warehouse/exports/<release>/. Runs only after the blocking contract checks pass.")
def release(context: dg.AssetExecutionContext, paths: MedcoderPaths, warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        published = publish(con, paths.paths)
    context.log.info("release %s published to %s", published.release_id, published.published_db)
    return dg.MaterializeResult(metadata={
        "release_id": published.release_id,
        "published_db": dg.MetadataValue.path(str(published.published_db)),
        "exports": dg.MetadataValue.path(str(published.export_dir)),
        "row_counts": dg.MetadataValue.json(published.row_counts),
    })
