"""The API key never leaves the process in a message, whatever a server echoes; retries stop at a time budget.

A real HTTP server on 127.0.0.1 answers the API door three ways that each echo the key sent to it: an HTML error
page served with 200, an HTTP error whose reason phrase carries it, and a JSON refusal quoting it.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.live.api import fetch_api
from pipeline.live.client import LiveFetchError, build_session, download
from tests.live.support import config

KEY = "SECRET0123456789abcdef"
SERIES = ["OEUN000000000000029207201"]


class EchoKey(BaseHTTPRequestHandler):
    """Answers a POST according to the path, putting the registration key it was sent into the answer."""

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        key = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["registrationkey"]
        if self.path == "/html":
            self._send(200, "text/html", f"<html><body>Bad key {key}</body></html>")
        elif self.path == "/reason":
            self.send_response(500, f"Key {key} rejected")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(200, "application/json", json.dumps(
                {"status": "REQUEST_NOT_PROCESSED", "message": [f"The key:{key} provided by the User is invalid."]}))

    def _send(self, status: int, kind: str, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        """Quiet: the test reads what the pipeline says, not the server."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), EchoKey)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("path", ["/html", "/reason", "/json"])
def test_a_key_echoed_by_the_server_is_never_in_a_message_log_or_file(
        server: str, path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("BLS_API_KEY", KEY)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(LiveFetchError) as raised:
        fetch_api(config(api_url=server + path, retries=0), tmp_path / "raw", 2025, series=SERIES)
    message = str(raised.value)
    assert KEY not in message and "***" in message  # the echo was there, and it was blanked
    assert KEY not in caplog.text
    assert all(KEY not in p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file())


def test_a_refused_port_fails_within_the_retry_budget(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cfg = config(retries=20, backoff_factor=1.0, retry_budget=2.0)
    started = time.monotonic()
    with pytest.raises(LiveFetchError, match="ConnectionError after retries"):
        download(build_session(cfg), cfg, f"http://127.0.0.1:{port}/oe.area", tmp_path / "oe.area")
    assert time.monotonic() - started < 6  # 20 retries with backoff would take minutes
