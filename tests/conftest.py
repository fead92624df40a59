"""Shared fixtures: a private copy of raw/ and a warehouse in tmp_path, so tests never touch the repository's."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline.settings import REPO_ROOT, Paths


def copy_raw(dest: Path) -> Path:
    shutil.copytree(REPO_ROOT / "raw", dest)
    return dest


def copy_published(published: tuple[Paths, dg.ExecuteInProcessResult], root: Path) -> Paths:
    """A private copy of the session's raw/ and of the warehouse built from it, under `root`; copy2 keeps file times,
    so unchanged inputs keep their versions and a run redoes only what a test changes."""
    source = published[0]
    shutil.copytree(source.raw_dir, root / "raw")
    shutil.copytree(source.warehouse_dir, root / "warehouse")
    return Paths(raw_dir=root / "raw", warehouse_dir=root / "warehouse")


def materialize_all(paths: Paths, instance: dg.DagsterInstance | None = None) -> dg.ExecuteInProcessResult:
    """Run the embedded job exactly as `make run` does, against `paths`."""
    from assets.definitions import build_definitions, embedded_job

    defs = build_definitions(paths)
    return defs.resolve_job_def(embedded_job.name).execute_in_process(
        instance=instance or dg.DagsterInstance.ephemeral(), raise_on_error=False
    )


@pytest.fixture
def tmp_paths(tmp_path: Path) -> Paths:
    return Paths(raw_dir=copy_raw(tmp_path / "raw"), warehouse_dir=tmp_path / "warehouse")


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, dg.ExecuteInProcessResult]:
    """One full materialization of the embedded snapshot shared by the end-to-end tests."""
    root = tmp_path_factory.mktemp("e2e")
    paths = Paths(raw_dir=copy_raw(root / "raw"), warehouse_dir=root / "warehouse")
    result = materialize_all(paths)
    assert result.success, "materializing the embedded snapshot failed"
    return paths, result


@pytest.fixture
def warm_paths(tmp_path: Path, published: tuple[Paths, dg.ExecuteInProcessResult]) -> Paths:
    """A private copy of raw/ and of a warehouse already built from it (the session's)."""
    return copy_published(published, tmp_path)


@pytest.fixture
def reader(published: tuple[Paths, dg.ExecuteInProcessResult]) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse, as a downstream site opens it."""
    con = duckdb.connect(str(published[0].published_db), read_only=True)
    yield con
    con.close()
