"""The Dagster code location loads as `dagster dev -w workspace.yaml` loads it, with the graph we expect."""

from __future__ import annotations

import dagster as dg
import yaml

from pipeline.settings import REPO_ROOT

EXPECTED_ASSETS = {
    "staging/definitions", "staging/oews_data", "staging/reference_figures", "staging/documents", "staging/claims",
    "curated/observations", "curated/claim_verdicts", "curated/comparisons", "curated/conflicts",
    "curated/recommended_figures", "reports/conflict_report", "publish/release",
}


def load_workspace_defs() -> dg.Definitions:
    workspace = yaml.safe_load((REPO_ROOT / "workspace.yaml").read_text())
    target = workspace["load_from"][0]["python_module"]
    module = __import__(target["module_name"], fromlist=[target["attribute"]])
    return getattr(module, target["attribute"])


def test_workspace_loads_the_full_asset_graph() -> None:
    defs = load_workspace_defs()
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert EXPECTED_ASSETS <= keys
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, f"{key.to_user_string()} has no description"
        assert node.group_name, f"{key.to_user_string()} has no group"


def test_contract_checks_block_publication() -> None:
    graph = load_workspace_defs().resolve_asset_graph()
    specs = [graph.get_check_spec(key) for key in graph.asset_check_keys]
    checks = {(spec.asset_key.to_user_string(), spec.name): spec for spec in specs}
    assert ("curated/observations", "quote_matches_span") in checks
    assert ("curated/claim_verdicts", "claims_have_one_verdict") in checks
    assert all(spec.blocking for spec in checks.values())
    upstream = graph.get(dg.AssetKey(["publish", "release"])).parent_keys
    assert dg.AssetKey(["curated", "observations"]) in upstream
