"""Dagster resources: configured in `definitions.py`, swapped for temporary paths in tests."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.settings import Paths, paths_from_env


class MedcoderPaths(dg.ConfigurableResource):
    """Where raw snapshots are read and the warehouse is written (`MEDCODER_RAW_DIR`, `MEDCODER_WAREHOUSE_DIR`)."""

    raw_dir: str
    warehouse_dir: str

    @classmethod
    def from_env(cls) -> MedcoderPaths:
        paths = paths_from_env()
        return cls(raw_dir=str(paths.raw_dir), warehouse_dir=str(paths.warehouse_dir))

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """The writer database's folder must exist before DuckDB can create the file."""
        Path(self.warehouse_dir).mkdir(parents=True, exist_ok=True)

    @property
    def paths(self) -> Paths:
        return Paths(raw_dir=Path(self.raw_dir), warehouse_dir=Path(self.warehouse_dir))
