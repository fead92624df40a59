"""Reports layer: the editors' conflict report (HTML and its Markdown twin)."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.resources import MedcoderPaths
from pipeline.freshness import code_fingerprint, combine, files_fingerprint, record, stored_fingerprint
from pipeline.reports.conflict_report import write_report

KEY = "reports/conflict_report"


@dg.asset(key=["reports", "conflict_report"], group_name="reports", kinds={"html", "markdown"},
          deps=[dg.AssetKey(["curated", "claim_verdicts"]), dg.AssetKey(["curated", "conflicts"]),
                dg.AssetKey(["curated", "recommended_figures"])],
          description="warehouse/reports/conflict_report.html and .md: every conflict with what each source says, "
                      "the quote, why they differ and the recommended figure; then every article's claims.")
def conflict_report(context: dg.AssetExecutionContext, paths: MedcoderPaths,
                    warehouse: DuckDBResource) -> dg.MaterializeResult:
    reports_dir, published = paths.paths.reports_dir, paths.paths.published_db
    html, markdown = reports_dir / "conflict_report.html", reports_dir / "conflict_report.md"
    with warehouse.get_connection() as con:
        # the "what changed" section compares with the published release, so that is an input too
        fingerprint = combine(code_fingerprint(), stored_fingerprint(con, "curated/reconciliation"),
                              files_fingerprint([published]))
        if stored_fingerprint(con, KEY) == fingerprint and html.exists() and markdown.exists():
            context.log.info("%s: inputs unchanged since its last materialization; kept %s", KEY, html)
        else:
            files = write_report(con, reports_dir, previous_release=published)
            context.log.info("report written to %s (%d bytes) and %s", files.html, files.html_bytes, markdown)
            record(con, KEY, fingerprint)
    return dg.MaterializeResult(metadata={"html": dg.MetadataValue.path(str(html)),
                                          "markdown": dg.MetadataValue.path(str(markdown)),
                                          "html_bytes": html.stat().st_size},
                                data_version=dg.DataVersion(fingerprint[:16]))
