"""The HTTP layer: User-Agent with contact, retries with backoff, conditional requests, verified streaming."""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import responses

from pipeline.live.client import LiveFetchError, build_session, download
from pipeline.live.config import LiveConfig, LiveConfigError, redact
from tests.live.support import CONTACT, DOWNLOAD_URL, config

URL = DOWNLOAD_URL + "oe.footnote"
BODY = b"footnote_code\tfootnote_text\n5\tfixture\n"


def test_config_reads_env_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MEDCODER_BLS_API_URL", "MEDCODER_BLS_DOWNLOAD_URL", "MEDCODER_BLS_WWW_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MEDCODER_CONTACT_EMAIL", CONTACT)
    cfg = LiveConfig.from_env()
    assert cfg.api_url == "https://api.bls.gov/publicAPI/v2/timeseries/data/"
    assert cfg.download_url == "https://download.bls.gov/pub/time.series/oe/"
    assert cfg.www_url == "https://www.bls.gov"
    assert cfg.user_agent == f"medcoder-stats/0.1 (+contact: {CONTACT})"
    monkeypatch.setenv("MEDCODER_BLS_DOWNLOAD_URL", "http://mirror.test/oe")
    assert LiveConfig.from_env().download_file_url("oe.area") == "http://mirror.test/oe/oe.area"


@responses.activate
def test_no_contact_email_refuses_before_any_request() -> None:
    with pytest.raises(LiveConfigError, match="MEDCODER_CONTACT_EMAIL"):
        build_session(config(contact_email=None))
    with pytest.raises(LiveConfigError):
        build_session(config(contact_email="not-an-address"))
    assert len(responses.calls) == 0


@responses.activate
def test_user_agent_names_requester_and_contact(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    responses.get(URL, body=BODY, auto_calculate_content_length=True)
    cfg = config()
    download(build_session(cfg), cfg, URL, tmp_path / "oe.footnote")
    assert f"oe.footnote: {len(BODY)} bytes of {len(BODY)} (100%)" in caplog.text  # download progress
    assert responses.calls[0].request.headers["User-Agent"] == f"medcoder-stats/0.1 (+contact: {CONTACT})"


@responses.activate
def test_403_without_proper_user_agent_is_a_clear_error(tmp_path: Path) -> None:
    responses.get(URL, status=403, body="<html>Access Denied</html>")
    cfg = config()
    with pytest.raises(LiveFetchError, match="403.*contact e-mail"):
        download(build_session(cfg), cfg, URL, tmp_path / "oe.footnote")
    assert list(tmp_path.iterdir()) == []


@responses.activate
@pytest.mark.parametrize("status", [429, 500, 503])
def test_retries_on_429_and_5xx_then_succeeds(tmp_path: Path, status: int) -> None:
    responses.get(URL, status=status)
    responses.get(URL, status=status)
    responses.get(URL, body=BODY)
    cfg = config()
    got = download(build_session(cfg), cfg, URL, tmp_path / "oe.footnote")
    assert len(responses.calls) == 3
    assert got.path is not None and got.path.read_bytes() == BODY


@responses.activate
def test_gives_up_after_retries_with_the_status(tmp_path: Path) -> None:
    for _ in range(3):
        responses.get(URL, status=503)
    cfg = config()
    with pytest.raises(LiveFetchError, match="HTTP 503.*after retries"):
        download(build_session(cfg), cfg, URL, tmp_path / "oe.footnote")
    assert len(responses.calls) == 3  # first try + 2 retries


@responses.activate
def test_conditional_request_not_modified(tmp_path: Path) -> None:
    responses.get(URL, status=304, match=[responses.matchers.header_matcher(
        {"If-None-Match": '"abc"', "If-Modified-Since": "Fri, 15 May 2026 12:00:00 GMT"})])
    cfg = config()
    got = download(build_session(cfg), cfg, URL, tmp_path / "oe.footnote",
                   previous={"etag": '"abc"', "last_modified": "Fri, 15 May 2026 12:00:00 GMT"})
    assert got.not_modified and not (tmp_path / "oe.footnote").exists()


@responses.activate
def test_truncated_body_is_refused(tmp_path: Path) -> None:
    responses.get(URL, body=BODY, headers={"Content-Length": str(len(BODY) + 100)}, auto_calculate_content_length=False)
    cfg = config()
    with pytest.raises(LiveFetchError):
        download(build_session(cfg), cfg, URL, tmp_path / "oe.footnote")
    assert list(tmp_path.iterdir()) == []


@responses.activate
def test_empty_body_is_refused(tmp_path: Path) -> None:
    responses.get(URL, body=b"")
    cfg = config()
    with pytest.raises(LiveFetchError, match="empty"):
        download(build_session(cfg), cfg, URL, tmp_path / "oe.footnote")


class _DropsFirstConnection(BaseHTTPRequestHandler):
    """Closes the first connection without answering (a connection error), then serves the file."""

    calls = 0

    def do_GET(self) -> None:
        type(self).calls += 1
        if type(self).calls == 1:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        pass


def test_connection_error_is_retried_on_a_local_server(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DropsFirstConnection)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/oe.footnote"
        cfg = config()
        got = download(build_session(cfg), cfg, url, tmp_path / "oe.footnote")
    finally:
        server.shutdown()
        server.server_close()
    assert _DropsFirstConnection.calls == 2
    assert got.path is not None and got.path.read_bytes() == BODY


def test_unreachable_host_is_a_clear_error(tmp_path: Path) -> None:
    cfg = config(retries=1)
    with pytest.raises(LiveFetchError, match="after retries"):
        download(build_session(cfg), cfg, "http://127.0.0.1:9/oe.footnote", tmp_path / "oe.footnote")


def test_redact_hides_the_key() -> None:
    assert redact("The key:SECRET provided by the User is invalid.", "SECRET") == (
        "The key:*** provided by the User is invalid.")
    assert redact("text", None) == "text"
