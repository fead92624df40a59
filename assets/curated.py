"""Curated layer: every published table of `pipeline/curated/` as an asset, built in one step on one connection.

The specs come from the library's tables (`pipeline.curated.tables`): one asset per `<table>.sql`, its description,
column schema and blocking checks from `<table>.yml`, its dependencies from the tables its SQL reads (looking
through the internal steps it is built from), its code version from those files. One multi-asset keeps the
Dagster overhead of a dozen small tables low; materializing a subset builds just those tables and the internal
steps they need. Each table has one blocking check, `contract`, holding every rule of its contract; a failing check
stops the tables downstream of it in the step and fails the step, so nothing after it (the report, the release)
runs on a table that broke its contract.
"""


from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from assets import versions
from assets.metadata import contract_schema, table_metadata
from assets.resources import Warehouse
from assets.staging import STAGING_ASSETS, STAGING_MODULES
from pipeline import sqlfiles
from pipeline.curated import contracts, rulings
from pipeline.curated import tables as curated_tables
from pipeline.curated.tables import Table, build, inputs, internal_steps

GROUP = "curated"
# The code every table's build runs besides its own SQL and contract.
RUNNER_CODE = (Path(curated_tables.__file__), Path(contracts.__file__), Path(rulings.__file__),
               Path(sqlfiles.__file__))
# Which staging asset writes each staging table (staging.quarantine: all of them).
STAGING_WRITERS: dict[str, list[dg.AssetKey]] = {}
for _key, _module in STAGING_MODULES.items():
    for _table in _module.TABLES:
        STAGING_WRITERS.setdefault(_table, []).append(_key)
PREVIEWS = {
    "observations": "SELECT observation_id, kind, measure, soc_code, geography, value, value_low, value_high, unit "
                    "FROM curated.observations WHERE kind <> 'oews' OR (geography = 'United States' AND industry IS "
                    "NULL AND soc_code IN (SELECT soc_code FROM staging.focus_occupations LIMIT 1)) "
                    "ORDER BY kind, observation_id LIMIT 30",
    "claim_verdicts": "SELECT o.document_id, o.value_text, o.measure, v.verdict, v.reasons, v.official_value "
                      "FROM curated.claim_verdicts v JOIN curated.observations o USING (observation_id) "
                      "WHERE o.in_scope ORDER BY o.document_id, o.char_start",
    "conflicts": "SELECT conflict_id, comparability, differing_fields, reasons, recommended_value, figure_count "
                 "FROM curated.conflicts",
    "consensus": "SELECT measure, occupation, all_claims, independent_claims, consensus_value, consensus_status, "
                 "official_value FROM curated.consensus",
    "rulings": "SELECT ruling_id, action, conflict_id, observation_id, status FROM curated.rulings",
}


def asset_key(table: Table) -> dg.AssetKey:
    return dg.AssetKey([table.schema, table.name])


def upstream_keys(table: Table) -> list[dg.AssetKey]:
    """The assets `table` reads: staging assets through the tables they write, curated tables directly."""
    keys: set[dg.AssetKey] = set()
    for name in inputs(table):
        if name.startswith("staging."):
            if name not in STAGING_WRITERS:
                raise KeyError(f"{table.sql_path}: reads {name}, which no staging asset writes")
            keys.update(STAGING_WRITERS[name])
        else:
            keys.add(dg.AssetKey(name.split(".")))
    return sorted(keys, key=lambda k: k.to_user_string())


def table_code_version(table: Table) -> str:
    contract = [table.contract.path] if table.contract else []
    return versions.code_version(table.sql_path, *contract, *(s.sql_path for s in internal_steps(table)),
                                 *RUNNER_CODE)


def table_spec(table: Table) -> dg.AssetSpec:
    assert table.contract is not None
    return dg.AssetSpec(
        asset_key(table), group_name=GROUP, kinds={"duckdb", "sql"}, deps=upstream_keys(table),
        code_version=table_code_version(table),
        description=f"{table.contract.title}. {table.contract.description} Grain: {table.contract.grain}. "
                    f"Built by pipeline/curated/{table.name}.sql; contract pipeline/curated/{table.name}.yml.",
        metadata={"dagster/column_schema": contract_schema(table.contract),
                  "dagster/table_name": f"medcoder.{table.qualified}"},
    )


def check_spec(table: Table) -> dg.AssetCheckSpec:
    """The table's one blocking check: every rule of its contract (listed in the description)."""
    assert table.contract is not None
    rules = "; ".join(f"{name}: {text}" for name, text in table.contract.rules.items())
    return dg.AssetCheckSpec("contract", asset=asset_key(table), blocking=True,
                             description=f"The table keeps its contract ({table.name}.yml). Rules: {rules}.")


PUBLISHED = curated_tables.published()
CODE_VERSIONS = {name: table_code_version(table) for name, table in curated_tables.tables().items()}
SPECS = [table_spec(t) for t in PUBLISHED]
CHECK_SPECS = [check_spec(t) for t in PUBLISHED]


def plan(selected: set[str]) -> list[Table]:
    """The selected tables and the internal steps they are built from, in build order."""
    needed = {f"curated.{name}" for name in selected}
    for name in list(needed):
        needed.update(step.qualified for step in internal_steps(curated_tables.tables()[name]))
    return [t for name, t in curated_tables.tables().items() if name in needed]


def input_version(known: dict[str, str], name: str) -> str | None:
    """The recorded data version of one table a build reads (for staging: of the assets that write it)."""
    if name.startswith("staging."):
        return versions.data_version("", *(known.get(key.to_user_string()) for key in STAGING_WRITERS.get(name, [])))
    return known.get(name)


@dg.multi_asset(name="curated_tables", specs=SPECS, check_specs=CHECK_SPECS, can_subset=True)
def curated_tables_asset(context: dg.AssetExecutionContext,
                         warehouse: Warehouse) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    selected = {key.path[1] for key in context.selected_asset_keys}
    broken: set[str] = set()
    built: list[str] = []
    kept: list[str] = []
    with warehouse.get_connection() as con:
        known, existing, new_versions = versions.recorded_all(con), versions.existing_tables(con), {}
        for table in plan(selected):
            if blocked := sorted(r for r in table.reads if r in broken):
                context.log.error("%s: not built, it reads %s, which broke its contract", table.qualified,
                                  ", ".join(blocked))
                broken.add(table.qualified)
                continue
            version = versions.data_version(CODE_VERSIONS[table.qualified],
                                            *(input_version(known, name) for name in sorted(table.reads)))
            if known.get(table.qualified) == version and table.qualified in existing:
                kept.append(table.qualified)
                rows = None
            else:
                rows = build(con, table)
                built.append(f"{table.qualified} ({rows:,} rows)")
                known[table.qualified] = new_versions[table.qualified] = version
            if table.contract is None:
                continue
            metadata = table_metadata(con, table.qualified, PREVIEWS.get(table.name), rows=rows,
                                      schema=contract_schema(table.contract))
            yield dg.MaterializeResult(asset_key=asset_key(table), metadata=metadata,
                                       data_version=dg.DataVersion(version))
            counts = contracts.run_checks(con, table.contract)
            if broken_rules := [rule for rule, count in counts.items() if count]:
                broken.add(table.qualified)
            yield dg.AssetCheckResult(
                asset_key=asset_key(table), check_name="contract", passed=not broken_rules, metadata=counts,
                description=f"broken: {', '.join(broken_rules)}" if broken_rules else "every rule holds")
        versions.record_all(con, new_versions)  # one commit for the step; a crash before it only means rebuilding
    # one line each, not one per table: every log line is an event the instance stores
    if built:
        context.log.info("curated tables built: %s", ", ".join(built))
    if kept:
        context.log.info("curated tables whose code and inputs are unchanged; kept: %s", ", ".join(kept))
    if failed := sorted(name for name in broken if name.startswith("curated.") and name.split(".")[1] in selected):
        raise dg.Failure(description=f"blocking contract checks failed for {', '.join(failed)}; nothing downstream "
                                     "of them was built or published")


CURATED_ASSETS = [curated_tables_asset]
__all__ = ["CURATED_ASSETS", "STAGING_ASSETS"]
