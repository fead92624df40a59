"""Curated layer: the long observations table and its reconciliation, in DuckDB SQL, checked before publishing."""

from collections.abc import Iterator
from typing import Literal

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.metadata import fresh, table_metadata
from assets.staging import claims, definitions, documents, oews_data, reference_figures, rulings
from pipeline.curated.checks import contract_violations
from pipeline.curated.reconcile import build_observations, reconcile
from pipeline.freshness import code_fingerprint, combine, record, stored_fingerprint

GROUP = "curated"
OBSERVATION_CHECKS = ("quote_matches_span", "unique_observation_ids", "measure_vocabulary",
                      "intervals_contain_values", "official_figures_have_provenance")
RECONCILE_CHECKS = ("claims_have_one_verdict", "verdict_vocabulary", "comparability_vocabulary")
OBSERVATIONS_KEY = dg.AssetKey(["curated", "observations"])
VERDICTS_KEY = dg.AssetKey(["curated", "claim_verdicts"])
STAGING_KEYS = ("staging/definitions", "staging/oews_data", "staging/reference_figures", "staging/documents",
                "staging/claims")
RECONCILED_TABLES = ("claim_verdicts", "comparisons", "conflicts", "recommended_figures", "consensus", "rulings",
                     "decision_log", "evidence")


def _check_results(con: duckdb.DuckDBPyConnection, stage: Literal["observations", "reconciled"],
                   asset_key: dg.AssetKey) -> list[dg.AssetCheckResult]:
    violations = contract_violations(con, stage)
    return [dg.AssetCheckResult(check_name=name, asset_key=asset_key, passed=count == 0,
                                metadata={"violations": count}) for name, count in violations.items()]


@dg.asset(key=OBSERVATIONS_KEY, group_name=GROUP, kinds={"duckdb", "sql"},
          deps=[oews_data, reference_figures, claims, definitions, documents],
          check_specs=[dg.AssetCheckSpec(name, asset=OBSERVATIONS_KEY, blocking=True) for name in OBSERVATION_CHECKS],
          description="Every figure, official or claimed, in one long table with its fingerprint (measure, "
                      "statistic, occupation, universe, activity, geography, industry, period, unit), its interval "
                      "and full provenance (source file, sha256, URL, character span). Also writes "
                      "curated.documents and curated.sources.")
def observations(context: dg.AssetExecutionContext, warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        fingerprint = combine(code_fingerprint(), *(stored_fingerprint(con, key) for key in STAGING_KEYS))
        if not fresh(context, con, fingerprint, ["curated.observations", "curated.documents", "curated.sources"]):
            rows = build_observations(con)
            context.log.info("curated.observations: %d rows", rows)
            record(con, "curated/observations", fingerprint)
        meta = table_metadata(
            con, "curated.observations",
            "SELECT observation_id, kind, measure, soc_code, geography, value, value_low, value_high, unit "
            "FROM curated.observations WHERE kind <> 'oews' OR (geography = 'United States' AND industry IS NULL "
            "AND soc_code = '29-2072') ORDER BY kind, observation_id LIMIT 30")
        checks = _check_results(con, "observations", OBSERVATIONS_KEY)
    return dg.MaterializeResult(metadata=meta, check_results=checks, data_version=dg.DataVersion(fingerprint[:16]))


@dg.multi_asset(
    specs=[
        dg.AssetSpec(VERDICTS_KEY, group_name=GROUP, kinds={"duckdb", "sql"}, deps=[OBSERVATIONS_KEY],
                     description="A verdict for every article claim (confirmed, outdated, misattributed, "
                                 "not_comparable, contradicted, unverifiable), its reasons and the official figure "
                                 "it was checked against."),
        dg.AssetSpec(["curated", "comparisons"], group_name=GROUP, kinds={"duckdb", "sql"}, deps=[OBSERVATIONS_KEY],
                     description="Pairwise comparability of the figures in each conflict: differing fields, "
                                 "transform, gap in value and %, whether intervals agree, reasons."),
        dg.AssetSpec(["curated", "conflicts"], group_name=GROUP, kinds={"duckdb", "sql"}, deps=[OBSERVATIONS_KEY],
                     description="One row per group of figures (topic x measure family) that disagree or look alike "
                                 "but are not comparable, with the recommended figure and the rule that chose it."),
        dg.AssetSpec(["curated", "recommended_figures"], group_name=GROUP, kinds={"duckdb", "sql"},
                     deps=[OBSERVATIONS_KEY],
                     description="The recommended official figure per fingerprint, chosen by the declared source "
                                 "authority policy (raw/registry/authority_policy.csv), with caveat and label."),
        dg.AssetSpec(["curated", "consensus"], group_name=GROUP, kinds={"duckdb", "sql"}, deps=[OBSERVATIONS_KEY],
                     description="Consensus of independent claims per fingerprint beside the official figure; claims "
                                 "repeating one figure with one attribution count once; 'insufficient' below two."),
        dg.AssetSpec(["curated", "rulings"], group_name=GROUP, kinds={"duckdb", "sql"},
                     deps=[OBSERVATIONS_KEY, rulings],
                     description="Editorial rulings with their status: applied while their evidence hash matches, "
                                 "reopened when the evidence changed. Also writes the append-only "
                                 "curated.decision_log."),
    ],
    check_specs=[dg.AssetCheckSpec(name, asset=VERDICTS_KEY, blocking=True) for name in RECONCILE_CHECKS],
)
def reconciliation(context: dg.AssetExecutionContext,
                   warehouse: DuckDBResource) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    with warehouse.get_connection() as con:
        fingerprint = combine(code_fingerprint(), stored_fingerprint(con, "curated/observations"),
                              stored_fingerprint(con, "staging/rulings"))
        if not fresh(context, con, fingerprint, [f"curated.{name}" for name in RECONCILED_TABLES],
                     asset="curated/reconciliation"):
            counts = reconcile(con)
            context.log.info("reconciled: %s", counts)
            record(con, "curated/reconciliation", fingerprint)
        yield dg.MaterializeResult(asset_key=VERDICTS_KEY, metadata=table_metadata(
            con, "curated.claim_verdicts",
            "SELECT o.document_id, o.value_text, o.measure, v.verdict, v.reasons, v.official_value "
            "FROM curated.claim_verdicts v JOIN curated.observations o USING (observation_id) "
            "WHERE o.in_scope ORDER BY o.document_id, o.char_start"))
        yield dg.MaterializeResult(asset_key=dg.AssetKey(["curated", "comparisons"]),
                                   metadata=table_metadata(con, "curated.comparisons"))
        yield dg.MaterializeResult(asset_key=dg.AssetKey(["curated", "conflicts"]), metadata=table_metadata(
            con, "curated.conflicts",
            "SELECT conflict_id, comparability, differing_fields, reasons, recommended_value, figure_count "
            "FROM curated.conflicts"))
        yield dg.MaterializeResult(asset_key=dg.AssetKey(["curated", "recommended_figures"]),
                                   metadata=table_metadata(con, "curated.recommended_figures"))
        yield dg.MaterializeResult(asset_key=dg.AssetKey(["curated", "consensus"]), metadata=table_metadata(
            con, "curated.consensus",
            "SELECT measure, occupation, all_claims, independent_claims, consensus_value, consensus_status, "
            "official_value FROM curated.consensus"))
        yield dg.MaterializeResult(asset_key=dg.AssetKey(["curated", "rulings"]), metadata=table_metadata(
            con, "curated.rulings",
            "SELECT ruling_id, action, conflict_id, observation_id, status FROM curated.rulings"))
        yield from _check_results(con, "reconciled", VERDICTS_KEY)
