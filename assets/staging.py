"""Staging layer: one typed, validated table per raw source; rejected rows go to `staging.quarantine`.

Each asset fingerprints its inputs and skips the load when nothing changed since the last run (pipeline.freshness).
"""

from typing import Any

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.metadata import fresh, table_metadata
from assets.resources import MedcoderPaths
from pipeline.freshness import code_fingerprint, combine, files_fingerprint, record, stored_fingerprint
from pipeline.staging.claims import load_claims
from pipeline.staging.definitions import load_definitions
from pipeline.staging.documents import load_articles
from pipeline.staging.oews_data import load_oews
from pipeline.staging.reference_figures import load_reference
from pipeline.staging.rulings import load_rulings

GROUP = "staging"
QUARANTINE_SQL = "SELECT count(*) FROM staging.quarantine WHERE source = ?"
QUARANTINE_PREVIEW = (
    "SELECT file, line, field, rule, value FROM staging.quarantine WHERE source = ? ORDER BY file, line LIMIT 20"
)


def quarantine_metadata(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, Any]:
    count = con.execute(QUARANTINE_SQL, [source]).fetchone()[0]
    meta: dict[str, Any] = {"quarantined_rows": count}
    if count:
        frame = con.execute(QUARANTINE_PREVIEW, [source]).df()
        meta["quarantine_preview"] = dg.MetadataValue.md(frame.to_markdown(index=False))
    return meta


@dg.asset(key=["staging", "definitions"], group_name=GROUP, kinds={"duckdb", "csv"},
          description="Measures, subjects, SOC crosswalk, precision policy, release calendar, source registry and "
                      "authority policy from raw/definitions and raw/registry, one staging table per file.")
def definitions(
    context: dg.AssetExecutionContext, paths: MedcoderPaths, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    raw = paths.paths.raw_dir
    fingerprint = combine(code_fingerprint(), files_fingerprint([raw / "definitions", raw / "registry"]))
    with warehouse.get_connection() as con:
        if not fresh(context, con, fingerprint, ["staging.measures", "staging.source_registry"]):
            counts = load_definitions(con, raw)
            context.log.info("definitions loaded from %s: %s", raw, counts)
            record(con, "staging/definitions", fingerprint)
        meta = table_metadata(con, "staging.source_registry",
                              "SELECT source_id, organisation, kind, method, universe FROM staging.source_registry "
                              "LIMIT 12")
    return dg.MaterializeResult(metadata=meta, data_version=dg.DataVersion(fingerprint[:16]))


@dg.asset(key=["staging", "oews_data"], group_name=GROUP, kinds={"duckdb"},
          description="BLS OEWS values in the time-series layout (raw/bls_oews/<release>/oe.*), all areas and "
                      "industries; special values are NULL plus flags. A view over staging.oews_values and "
                      "staging.oews_files; also writes staging.oews_areas, oews_industries, oews_occupations and "
                      "oews_datatypes.")
def oews_data(
    context: dg.AssetExecutionContext, paths: MedcoderPaths, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    raw = paths.paths.raw_dir
    fingerprint = combine(code_fingerprint(), files_fingerprint([raw / "bls_oews"]))
    with warehouse.get_connection() as con:
        if not fresh(context, con, fingerprint, ["staging.oews_data"]):
            loaded = load_oews(con, raw / "bls_oews", raw)
            context.log.info("OEWS releases %s: %d rows from %s, %d quarantined", loaded.releases, loaded.rows,
                             raw / "bls_oews", loaded.quarantined)
            record(con, "staging/oews_data", fingerprint)
        meta = table_metadata(con, "staging.oews_data",
                              "SELECT series_id, soc_code, datatype_code, value, value_raw, footnote_codes "
                              "FROM staging.oews_data WHERE areatype_code = 'N' AND industry_code = '000000' "
                              "AND soc_code = '29-2072' ORDER BY series_id", rows_stored_in="staging.oews_values")
        meta.update(quarantine_metadata(con, "bls_oews"))
    return dg.MaterializeResult(metadata=meta, data_version=dg.DataVersion(fingerprint[:16]))


@dg.asset(key=["staging", "reference_figures"], group_name=GROUP, kinds={"duckdb"}, deps=[definitions],
          description="Published figures with their URLs and source roles (primary / secondary_citation / "
                      "secondary_report), resolved to publisher and producer through the source registry.")
def reference_figures(
    context: dg.AssetExecutionContext, paths: MedcoderPaths, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    raw = paths.paths.raw_dir
    fingerprint = combine(code_fingerprint(), files_fingerprint([raw / "reference", raw / "registry"]))
    with warehouse.get_connection() as con:
        if not fresh(context, con, fingerprint, ["staging.reference_figures"]):
            checked = load_reference(con, raw / "reference" / "reference_figures.csv", raw / "registry", raw)
            context.log.info("reference figures: %d rows, %d quarantined", len(checked.valid),
                             len(checked.quarantined))
            record(con, "staging/reference_figures", fingerprint)
        meta = table_metadata(con, "staging.reference_figures",
                              "SELECT source_org, source_role, measure, value, unit, reference_period "
                              "FROM staging.reference_figures LIMIT 10")
        meta.update(quarantine_metadata(con, "reference_figures"))
    return dg.MaterializeResult(metadata=meta, data_version=dg.DataVersion(fingerprint[:16]))


@dg.asset(key=["staging", "documents"], group_name=GROUP, kinds={"duckdb"},
          description="Articles from raw/articles (UTF-8 .txt) with manifest title, URL and publication date; "
                      "a file without a manifest entry is kept under its file name with a warning.")
def documents(
    context: dg.AssetExecutionContext, paths: MedcoderPaths, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    raw = paths.paths.raw_dir
    fingerprint = combine(code_fingerprint(), files_fingerprint([raw / "articles"]))
    warnings: list[str] = []
    with warehouse.get_connection() as con:
        if not fresh(context, con, fingerprint, ["staging.documents"]):
            loaded = load_articles(con, raw / "articles", raw)
            warnings = loaded.warnings
            record(con, "staging/documents", fingerprint)
        meta = table_metadata(con, "staging.documents",
                              "SELECT document_id, title, published_on, length(text) AS characters "
                              "FROM staging.documents")
        meta.update(quarantine_metadata(con, "articles"))
    for warning in warnings:
        context.log.warning(warning)
    return dg.MaterializeResult(metadata={**meta, "warnings": dg.MetadataValue.json(warnings)},
                                data_version=dg.DataVersion(fingerprint[:16]))


@dg.asset(key=["staging", "claims"], group_name=GROUP, kinds={"duckdb", "python"}, deps=[documents, definitions],
          description="Numeric statistical claims found automatically in each article by the claim extractor, "
                      "with value, qualifier, unit, measure, subject, period, attribution and exact spans; repeats "
                      "of one figure in a document are one claim (staging.claim_occurrences).")
def claims(context: dg.AssetExecutionContext, warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        fingerprint = combine(code_fingerprint(), stored_fingerprint(con, "staging/documents"),
                              stored_fingerprint(con, "staging/definitions"))
        if not fresh(context, con, fingerprint, ["staging.claims", "staging.claim_occurrences"]):
            checked = load_claims(con)
            context.log.info("claims: %d found, %d quarantined", len(checked.valid), len(checked.quarantined))
            record(con, "staging/claims", fingerprint)
        meta = table_metadata(con, "staging.claims",
                              "SELECT document_id, value_text, measure, subject, reference_period, attributed_source "
                              "FROM staging.claims WHERE in_scope ORDER BY document_id, value_start LIMIT 25")
        meta.update(quarantine_metadata(con, "claims"))
    return dg.MaterializeResult(metadata=meta, data_version=dg.DataVersion(fingerprint[:16]))


@dg.asset(key=["staging", "rulings"], group_name=GROUP, kinds={"duckdb", "csv"},
          description="Editorial rulings from raw/rulings/rulings.csv (accept a figure, prefer a source, mark not "
                      "comparable, reject a claim), each bound to the evidence hash it was made on.")
def rulings(
    context: dg.AssetExecutionContext, paths: MedcoderPaths, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    raw = paths.paths.raw_dir
    fingerprint = combine(code_fingerprint(), files_fingerprint([raw / "rulings" / "rulings.csv"]))
    with warehouse.get_connection() as con:
        if not fresh(context, con, fingerprint, ["staging.rulings"]):
            checked = load_rulings(con, raw / "rulings" / "rulings.csv", raw)
            context.log.info("rulings: %d recorded, %d quarantined", len(checked.valid), len(checked.quarantined))
            record(con, "staging/rulings", fingerprint)
        meta = table_metadata(con, "staging.rulings",
                              "SELECT ruling_id, decided_on, reviewer, action, conflict_id, observation_id "
                              "FROM staging.rulings ORDER BY ruling_id")
        meta.update(quarantine_metadata(con, "rulings"))
    return dg.MaterializeResult(metadata=meta, data_version=dg.DataVersion(fingerprint[:16]))
