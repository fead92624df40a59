"""Reports layer: the editors' conflict report (HTML and its Markdown twin), from the curated tables."""


from pathlib import Path

import dagster as dg

from assets import versions
from assets.resources import MedcoderPaths, Warehouse
from pipeline.curated.tables import tables_read
from pipeline.reports import conflict_report
from pipeline.reports.conflict_report import write_report

KEY = dg.AssetKey(["reports", "conflict_report"])
REPORTS_CODE = Path(conflict_report.__file__).parent
# The curated tables the report's SQL reads are its inputs.
READS = sorted(set().union(*(tables_read(path) for path in REPORTS_CODE.glob("*.sql"))))
CODE_VERSION = versions.code_version(REPORTS_CODE)


@dg.asset(key=KEY, group_name="reports", kinds={"html", "markdown"}, code_version=CODE_VERSION,
          deps=[dg.AssetKey(name.split(".")) for name in READS],
          description="warehouse/reports/conflict_report.html and .md: every conflict with what each source says, "
                      "the quote, why they differ and the recommended figure; then every article's claims. "
                      "Built by pipeline/reports/conflict_report.py from the curated tables.")
def conflict_report_asset(context: dg.AssetExecutionContext, paths: MedcoderPaths,
                          warehouse: Warehouse) -> dg.MaterializeResult:
    reports_dir, published = paths.paths.reports_dir, paths.paths.published_db
    html, markdown = reports_dir / "conflict_report.html", reports_dir / "conflict_report.md"
    with warehouse.get_connection() as con:
        # the "what changed" section compares with the published release, so that file is an input too
        version = versions.data_version(CODE_VERSION, *(versions.recorded(con, name) for name in READS),
                                        versions.raw_version(published.parent, [published.name]))
        if versions.recorded(con, KEY.to_user_string()) == version and html.exists() and markdown.exists():
            context.log.info("%s: code and inputs unchanged; kept %s", KEY.to_user_string(), html)
        else:
            files = write_report(con, reports_dir, previous_release=published)
            context.log.info("report written to %s (%d bytes) and %s", files.html, files.html_bytes, markdown)
            versions.record(con, KEY.to_user_string(), version)
    return dg.MaterializeResult(metadata={"html": dg.MetadataValue.path(str(html)),
                                          "markdown": dg.MetadataValue.path(str(markdown)),
                                          "html_bytes": html.stat().st_size},
                                data_version=dg.DataVersion(version))
