"""Every staging module, in the order a run loads them (a later one reads what an earlier one wrote)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import duckdb

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

SOURCES: tuple[ModuleType, ...] = (definitions, oews_data, oews_history, ep_projections, reference_figures, documents,
                                   claims, rulings)


def load_all(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> None:
    """Load every source into `con`, as the Dagster job's staging assets do (without their version skips)."""
    for module in SOURCES:
        module.load(con, raw_dir)
