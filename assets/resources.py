"""Dagster resources, built in one place (`definitions.py`) and swapped for temporary paths in tests."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.live.config import DEFAULT_API_URL, DEFAULT_DOWNLOAD_URL, DEFAULT_WWW_URL, LiveConfig
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


class LiveBls(dg.ConfigurableResource):
    """Where BLS is reached and who is asking (`MEDCODER_BLS_*_URL`, `MEDCODER_CONTACT_EMAIL`); no API key here."""

    api_url: str = DEFAULT_API_URL
    download_url: str = DEFAULT_DOWNLOAD_URL
    www_url: str = DEFAULT_WWW_URL
    contact_email: str | None = None

    @classmethod
    def from_env(cls) -> LiveBls:
        config = LiveConfig.from_env()
        return cls(api_url=config.api_url, download_url=config.download_url, www_url=config.www_url,
                   contact_email=config.contact_email)

    def config(self) -> LiveConfig:
        return LiveConfig(api_url=self.api_url, download_url=self.download_url, www_url=self.www_url,
                          contact_email=self.contact_email)
