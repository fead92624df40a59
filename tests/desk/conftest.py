"""A running review desk over a private copy of the embedded snapshot's warehouse, re-running through Dagster.

The warehouse and raw files are copied from the session's full materialization (`published`), so the desk starts
warm, as it does after `make run`; the Dagster instance is a persistent one in a temporary DAGSTER_HOME, as
`make review` uses. The server is uvicorn in a thread on a free port of 127.0.0.1.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import dagster as dg
import pytest
import uvicorn
from starlette.applications import Starlette

from assets.desk import dagster_rerun
from pipeline.desk.app import create_app
from pipeline.settings import REPO_ROOT, Paths
from tests.conftest import copy_published


@dataclass(frozen=True)
class RunningDesk:
    url: str
    paths: Paths
    instance: dg.DagsterInstance


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(app: Starlette, host: str = "127.0.0.1") -> Iterator[str]:
    """Run `app` with uvicorn in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the desk did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def desk(published: tuple[Paths, dg.ExecuteInProcessResult],
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDesk]:
    root = tmp_path_factory.mktemp("desk")
    paths = copy_published(published, root)
    home = root / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    instance = dg.DagsterInstance.local_temp(str(home))
    with serve(create_app(paths, dagster_rerun(paths, instance))) as url:
        yield RunningDesk(url, paths, instance)
