"""Reports layer: the editors' conflict report (HTML and its Markdown twin)."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipeline.report import write_report
from pipeline.resources import MedcoderPaths


@dg.asset(key=["reports", "conflict_report"], group_name="reports", kinds={"html", "markdown"},
          deps=[dg.AssetKey(["curated", "claim_verdicts"]), dg.AssetKey(["curated", "conflicts"]),
                dg.AssetKey(["curated", "recommended_figures"])],
          description="warehouse/reports/conflict_report.html and .md: every conflict with what each source says, "
                      "the quote, why they differ and the recommended figure; then every article's claims.")
def conflict_report(context: dg.AssetExecutionContext, paths: MedcoderPaths,
                    warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        files = write_report(con, paths.paths.reports_dir, previous_release=paths.paths.published_db)
    context.log.info("report written to %s (%d bytes) and %s", files.html, files.html_bytes, files.markdown)
    return dg.MaterializeResult(metadata={"html": dg.MetadataValue.path(str(files.html)),
                                          "markdown": dg.MetadataValue.path(str(files.markdown)),
                                          "html_bytes": files.html_bytes})
