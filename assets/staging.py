"""Staging layer: one asset per raw source, each a thin wrapper over its module's `load` in `pipeline/staging/`.

Rows that break a source's contract go to `staging.quarantine` (counted and previewed here). An asset whose code
and inputs did not change since the warehouse's tables were built keeps them (see `assets/versions.py`).
"""


from pathlib import Path
from types import ModuleType
from typing import Any

import dagster as dg
import duckdb

import pipeline.live
from assets import live, versions
from assets.metadata import table_metadata
from assets.resources import MedcoderPaths, Warehouse
from pipeline import extract, provenance, sqlfiles
from pipeline.staging import (
    claims,
    definitions,
    documents,
    ep_projections,
    oews_data,
    oews_history,
    reference_figures,
    rulings,
)

GROUP = "staging"
STAGING = Path(definitions.__file__).parent
# Code every staging load runs: the shared interface, quarantine, provenance and the SQL runner.
SHARED_CODE = (STAGING / "__init__.py", STAGING / "quarantine.py",
               Path(provenance.__file__), Path(sqlfiles.__file__))
EXTRACT_CODE = Path(extract.__file__).parent
LIVE_CODE = Path(pipeline.live.__file__).parent  # the formats of the live snapshots are read with the live parsers
# The library module behind each staging asset (filled by `staging_asset`).
STAGING_MODULES: dict[dg.AssetKey, ModuleType] = {}
QUARANTINE_COUNT = "SELECT count(*) FROM staging.quarantine WHERE source = ?"
QUARANTINE_PREVIEW = (
    "SELECT file, line, field, rule, value FROM staging.quarantine WHERE source = ? ORDER BY file, line LIMIT 20"
)


def staging_asset(module: ModuleType, *, name: str, description: str, code: list[Path],
                  deps: tuple[dg.AssetsDefinition | dg.AssetKey, ...] = (), preview: str | None = None,
                  quarantine_source: str | None = None, rows_in: str | None = None) -> dg.AssetsDefinition:
    """An asset running `module.load` into `staging.<name>`, unless the warehouse holds it at the same version."""
    key = dg.AssetKey([GROUP, name])
    STAGING_MODULES[key] = module
    code_version = versions.code_version(*code, *SHARED_CODE)
    upstream = [d.key if isinstance(d, dg.AssetsDefinition) else d for d in deps]

    @dg.asset(key=key, group_name=GROUP, kinds={"duckdb"}, deps=upstream, code_version=code_version,
              description=description)
    def _asset(context: dg.AssetExecutionContext, paths: MedcoderPaths,
               warehouse: Warehouse) -> dg.MaterializeResult:
        raw, asset = paths.paths.raw_dir, key.to_user_string()
        warnings: tuple[str, ...] = ()
        with warehouse.get_connection() as con:
            version = versions.data_version(
                code_version, versions.raw_version(raw, module.RAW_INPUTS),
                *(versions.recorded(con, dep.to_user_string()) for dep in upstream if dep.path[0] == GROUP))
            if versions.is_current(con, asset, version, module.TABLES):
                context.log.info("%s: code and inputs unchanged; kept %s", asset, ", ".join(module.TABLES))
            else:
                loaded = module.load(con, raw)
                warnings = loaded.warnings
                context.log.info("%s: %s; %d rows, %d quarantined", asset, loaded.summary, loaded.rows,
                                 loaded.quarantined)
                versions.record(con, asset, version)
            metadata = table_metadata(con, f"staging.{name}", preview, rows_stored_in=rows_in)
            if quarantine_source:
                metadata.update(quarantine_metadata(con, quarantine_source))
        for warning in warnings:
            context.log.warning(warning)
        if warnings:
            metadata["warnings"] = dg.MetadataValue.json(list(warnings))
        return dg.MaterializeResult(metadata=metadata, data_version=dg.DataVersion(version))

    return _asset


def quarantine_metadata(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, Any]:
    count = con.execute(QUARANTINE_COUNT, [source]).fetchone()[0]
    metadata: dict[str, Any] = {"quarantined_rows": count}
    if count:
        frame = con.execute(QUARANTINE_PREVIEW, [source]).df()
        metadata["quarantine_preview"] = dg.MetadataValue.md(frame.to_markdown(index=False))
    return metadata


definitions_asset = staging_asset(
    definitions, name="definitions", code=[STAGING / "definitions.py"],
    preview="SELECT * FROM staging.definitions ORDER BY table_name",
    description="Measures, subjects, focus occupations, SOC crosswalk, precision policy, release calendar, caveats, "
                "source registry and authority policy from raw/definitions and raw/registry: one staging table per "
                "file, listed with its file and row count in staging.definitions.",
)
oews_data_asset = staging_asset(
    oews_data, name="oews_data", deps=(live.oews_timeseries_snapshot,), quarantine_source=oews_data.SOURCE,
    code=[STAGING / "oews_data.py", STAGING / "oews_contract.py", *sorted(STAGING.glob("oews_*.sql"))],
    rows_in="staging.oews_values",
    preview="SELECT series_id, soc_code, datatype_code, value, value_raw, footnote_codes FROM staging.oews_data "
            "WHERE areatype_code = 'N' AND industry_code = '000000' AND occupation_code IN "
            "(SELECT replace(soc_code, '-', '') FROM staging.focus_occupations LIMIT 1) ORDER BY series_id",
    description="BLS OEWS values of the current release in the time-series layout (raw/bls_oews/<release>/oe.*), all "
                "areas and industries; special values are NULL plus flags. A view over staging.oews_values and "
                "staging.oews_files; also writes the lookups staging.oews_areas, oews_industries, oews_occupations "
                "and oews_datatypes.",
)
oews_history_asset = staging_asset(
    oews_history, name="oews_history", deps=(live.oews_api_snapshot, live.oews_yearly_snapshot),
    quarantine_source=oews_history.SOURCE,
    code=[STAGING / "oews_history.py", STAGING / "oews_history.sql", STAGING / "oews_flag_macros.sql",
          STAGING / "oews_contract.py",
          LIVE_CODE],
    preview="SELECT door, release, count(*) AS rows FROM staging.oews_history GROUP BY ALL ORDER BY ALL",
    description="OEWS values of earlier releases from the live snapshots of the BLS API (raw/bls_oews_api) and the "
                "yearly national files (raw/bls_oews_yearly), with the columns of staging.oews_data and the door "
                "they came through; empty when no snapshot is held (the embedded default).",
)
ep_projections_asset = staging_asset(
    ep_projections, name="ep_projections", deps=(live.ep_projections_snapshot,),
    code=[STAGING / "ep_projections.py", STAGING / "ep_projections.sql",
          LIVE_CODE],
    preview="SELECT cycle, soc_code, title, employment_base, change_percent, annual_openings "
            "FROM staging.ep_projections WHERE soc_code IN (SELECT soc_code FROM staging.focus_occupations) "
            "ORDER BY cycle, soc_code",
    description="BLS Employment Projections by occupation from the projections workbooks held in "
                "raw/bls_ep/<cycle>/ (employment in persons); empty when none is held (the embedded default).",
)
reference_figures_asset = staging_asset(
    reference_figures, name="reference_figures", quarantine_source=reference_figures.SOURCE,
    code=[STAGING / "reference_figures.py", EXTRACT_CODE / "periods.py", EXTRACT_CODE / "precision.py"],
    preview="SELECT source_org, source_role, measure, value, unit, reference_period FROM staging.reference_figures "
            "LIMIT 10",
    description="Published figures with their URLs and source roles (primary / secondary_citation / "
                "secondary_report) from raw/reference, resolved to publisher and producer through "
                "raw/registry/reference_sources.csv.",
)
documents_asset = staging_asset(
    documents, name="documents", quarantine_source=documents.SOURCE,
    code=[STAGING / "documents.py", STAGING / "definitions.py", EXTRACT_CODE / "dates.py",
          EXTRACT_CODE / "html_text.py", EXTRACT_CODE / "claims.py"],
    preview="SELECT document_id, title, published_on, length(text) AS characters FROM staging.documents",
    description="Articles from raw/articles with their manifest title, URL and publication date; a file without a "
                "manifest entry is kept under its file name with a warning.",
)
claims_asset = staging_asset(
    claims, name="claims", deps=(documents_asset, definitions_asset), quarantine_source=claims.SOURCE,
    code=[STAGING / "claims.py", STAGING / "claims.sql", EXTRACT_CODE],
    preview="SELECT document_id, value_text, measure, subject, reference_period, attributed_source "
            "FROM staging.claims WHERE in_scope ORDER BY document_id, value_start LIMIT 25",
    description="Numeric statistical claims found in each article by the claim extractor (pipeline/extract), with "
                "value, qualifier, unit, measure, subject, period, attribution and exact spans; repeats of one "
                "figure in a document are one claim (staging.claim_occurrences).",
)
rulings_asset = staging_asset(
    rulings, name="rulings", quarantine_source=rulings.SOURCE, code=[STAGING / "rulings.py"],
    preview="SELECT ruling_id, decided_on, reviewer, action, conflict_id, observation_id FROM staging.rulings "
            "ORDER BY ruling_id",
    description="Editorial rulings from raw/rulings/rulings.csv (accept a figure, prefer a source, mark not "
                "comparable, reject a claim), each bound to the evidence hash it was made on.",
)

STAGING_ASSETS = [definitions_asset, oews_data_asset, oews_history_asset, ep_projections_asset,
                  reference_figures_asset, documents_asset, claims_asset, rulings_asset]
