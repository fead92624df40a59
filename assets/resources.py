"""Dagster resources, built in one place (`definitions.py`) and swapped for temporary paths in tests."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource
from filelock import FileLock, Timeout
from pydantic import PrivateAttr

from pipeline.live.config import DEFAULT_API_URL, DEFAULT_DOWNLOAD_URL, DEFAULT_WWW_URL, LiveConfig
from pipeline.settings import Paths, paths_from_env

WRITER_LOCK = ".writer.lock"


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


class Warehouse(DuckDBResource):
    """The writer's DuckDB file (`warehouse/medcoder.duckdb`), held by one run at a time.

    A run takes `<warehouse>/.writer.lock` (a file lock) as it starts and keeps it to its end, so two runs on one
    warehouse never interleave their steps (their tables, manifest and release would describe different inputs):
    a second run waits, saying for what, up to `lock_timeout` seconds (`MEDCODER_LOCK_TIMEOUT`), then stops with a
    clear message. The lock is the operating system's: a run that crashes releases it.
    """

    lock_timeout: float = 600.0
    _lock: FileLock | None = PrivateAttr(default=None)

    @property
    def lock_path(self) -> Path:
        return Path(self.database).parent / WRITER_LOCK

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.lock_path)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            context.log.warning("another run is writing the warehouse (it holds %s); waiting up to %.0f s",
                                self.lock_path, self.lock_timeout)
            try:
                lock.acquire(timeout=self.lock_timeout)
            except Timeout:
                raise WarehouseBusyError(
                    f"another run has been writing {self.database} for more than {self.lock_timeout:.0f} s (it holds "
                    f"{self.lock_path}); this run stopped before writing anything: let that run finish, or raise "
                    "MEDCODER_LOCK_TIMEOUT") from None
        self._lock = lock

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


class WarehouseBusyError(RuntimeError):
    """Another run holds the warehouse."""
