"""The asset graph `dagster dev -w workspace.yaml` loads is the data flow, and it cannot change unnoticed.

The snapshot (`tests/snapshots/asset_graph.txt`) lists every asset with its group, what it is built from and its
checks: an asset that vanishes, loses an edge or a check fails this test. After a deliberate change, rewrite it with
`UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_asset_graph.py` and review the diff.
"""

from __future__ import annotations

import os
import subprocess
import sys

import dagster as dg
import yaml

from pipeline.settings import REPO_ROOT

SNAPSHOT = REPO_ROOT / "tests" / "snapshots" / "asset_graph.txt"
LAYERS = ["live", "staging", "curated", "reports", "publish"]


def load_workspace_defs() -> dg.Definitions:
    """The definitions exactly as workspace.yaml names them."""
    workspace = yaml.safe_load((REPO_ROOT / "workspace.yaml").read_text())
    target = workspace["load_from"][0]["python_module"]
    module = __import__(target["module_name"], fromlist=[target["attribute"]])
    return getattr(module, target["attribute"])


def describe(defs: dg.Definitions) -> str:
    graph = defs.resolve_asset_graph()
    checks: dict[str, list[str]] = {}
    for key in graph.asset_check_keys:
        spec = graph.get_check_spec(key)
        checks.setdefault(spec.asset_key.to_user_string(), []).append(
            spec.name + ("" if spec.blocking else " (not blocking)"))
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: (LAYERS.index(graph.get(k).group_name),
                                                                  k.to_user_string())):
        node = graph.get(key)
        name = key.to_user_string()
        parents = ", ".join(sorted(p.to_user_string() for p in node.parent_keys)) or "-"
        lines.append(f"{name} [{node.group_name}] <- {parents}")
        if name in checks:
            lines.append(f"    checks: {', '.join(sorted(checks[name]))}")
    return "\n".join(lines) + "\n"


def test_asset_graph_matches_its_snapshot() -> None:
    current = describe(load_workspace_defs())
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(current, encoding="utf-8")
    assert current == SNAPSHOT.read_text(encoding="utf-8"), "the asset graph changed; see this module's docstring"


def test_every_asset_is_described_grouped_and_versioned() -> None:
    graph = load_workspace_defs().resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description and node.group_name in LAYERS, key.to_user_string()
        if node.group_name != "live":
            assert node.code_version, f"{key.to_user_string()} has no code version"


def test_the_staging_assets_wrap_every_source_in_the_library_load_order() -> None:
    """`make evaluate` loads staging through `pipeline.staging.sources` without Dagster: the same modules, and an
    order in which each comes after the staging assets it depends on."""
    from assets.staging import STAGING_MODULES
    from pipeline.staging.sources import SOURCES

    assert sorted(m.__name__ for m in STAGING_MODULES.values()) == sorted(m.__name__ for m in SOURCES)
    graph = load_workspace_defs().resolve_asset_graph()
    for key, module in STAGING_MODULES.items():
        for upstream in graph.get(key).parent_keys:
            if upstream in STAGING_MODULES:
                assert SOURCES.index(STAGING_MODULES[upstream]) < SOURCES.index(module), key.to_user_string()


def test_every_curated_table_has_blocking_checks_and_publication_waits_for_them() -> None:
    graph = load_workspace_defs().resolve_asset_graph()
    curated = {k for k in graph.get_all_asset_keys() if graph.get(k).group_name == "curated"}
    checked = {graph.get_check_spec(key).asset_key for key in graph.asset_check_keys
               if graph.get_check_spec(key).blocking}
    assert curated and curated <= checked
    assert curated <= graph.get(dg.AssetKey(["publish", "release"])).parent_keys


def test_the_library_never_imports_dagster() -> None:
    """`pipeline` is the plain library; only `assets` (the code location) may import Dagster."""
    code = ("import sys, pkgutil, importlib, pipeline\n"
            "for m in pkgutil.walk_packages(pipeline.__path__, 'pipeline.'):\n"
            "    importlib.import_module(m.name)\n"
            "print(sorted(n for n in sys.modules if n == 'dagster' or n.startswith('dagster.')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    assert done.stdout.strip() == "[]", f"pipeline imports dagster: {done.stdout[:200]}"
