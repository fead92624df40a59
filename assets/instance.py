"""The Dagster instance `make run` and `make review` record their runs in."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg

REPO_DAGSTER_YAML = Path(__file__).resolve().parent.parent / "dagster.yaml"


def instance_from_env() -> dg.DagsterInstance:
    """The persistent instance in `$DAGSTER_HOME` (so `dagster dev` shows the runs later), created with the
    repository's dagster.yaml when the folder is new, so a fresh `DAGSTER_HOME` needs no `make instance`; a temporary
    one when the variable is unset."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return dg.DagsterInstance.ephemeral()
    Path(home).mkdir(parents=True, exist_ok=True)
    if not (Path(home) / "dagster.yaml").exists() and REPO_DAGSTER_YAML.is_file():
        shutil.copyfile(REPO_DAGSTER_YAML, Path(home) / "dagster.yaml")
    return dg.DagsterInstance.get()
