"""Where things live. Paths come from `MEDCODER_*` environment variables, defaulting to the repository root.

Defaults are resolved from this file's location, never from the working directory, so `dagster dev`, pytest
and `make` agree on paths wherever they are started.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Paths:
    """The three places the pipeline reads and writes."""

    raw_dir: Path
    warehouse_dir: Path

    @property
    def writer_db(self) -> Path:
        """The working database the assets write; readers never open it."""
        return self.warehouse_dir / "medcoder.duckdb"

    @property
    def published_db(self) -> Path:
        return self.warehouse_dir / "published" / "medcoder_stats.duckdb"

    @property
    def exports_dir(self) -> Path:
        return self.warehouse_dir / "exports"

    @property
    def reports_dir(self) -> Path:
        return self.warehouse_dir / "reports"

    @property
    def definitions_dir(self) -> Path:
        return self.raw_dir / "definitions"


def paths_from_env() -> Paths:
    """Paths from `MEDCODER_RAW_DIR` / `MEDCODER_WAREHOUSE_DIR`, or the repository's `raw/` and `warehouse/`."""
    raw = Path(os.environ.get("MEDCODER_RAW_DIR") or REPO_ROOT / "raw")
    warehouse = Path(os.environ.get("MEDCODER_WAREHOUSE_DIR") or REPO_ROOT / "warehouse")
    return Paths(raw_dir=raw.resolve(), warehouse_dir=warehouse.resolve())
