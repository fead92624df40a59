"""The one HTTP layer for live sources: a shared `requests` session with timeouts, retries and a polite User-Agent.

Retries use urllib3 `Retry` (it ships with requests): 429 and 5xx answers and connection errors are retried with
exponential backoff, honouring `Retry-After`, within a total time budget (`LiveConfig.retry_budget`): no retry
starts, and no backoff sleeps, past it. Every `LiveFetchError` message is redacted of the API key, whatever server
text it quotes (a reason phrase, an HTML error page, a JSON message). Downloads stream to a temporary file, are
verified, and only then move into place, so a failed or partial download never replaces a good file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from pipeline.live.config import CONTACT_EMAIL_ENV, LiveConfig, api_key, redact

log = logging.getLogger(__name__)

RETRY_STATUSES = (429, 500, 502, 503, 504)
CHUNK_BYTES = 1 << 20
PROGRESS_STEP = 0.10  # log download progress every 10 % of Content-Length
PROGRESS_BYTES = 50 << 20  # or every 50 MB when the size is not announced


class LiveFetchError(RuntimeError):
    """A live source could not be fetched or its answer is not usable; the message says which and why.

    The message is redacted of the API key here, once, so no caller has to remember to: servers echo what they
    were sent in reason phrases, HTML error pages and JSON messages.
    """

    def __init__(self, message: str) -> None:
        super().__init__(redact(message, api_key()))


class BudgetedRetry(Retry):
    """urllib3's `Retry` with a total time budget: past `budget` seconds since the first attempt, no retry starts
    and no backoff sleeps, so a refused port fails in seconds rather than minutes of backoff."""

    def __init__(self, *args: Any, budget: float = 60.0, started: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.started = started

    def new(self, **kwargs: Any) -> BudgetedRetry:
        kwargs.setdefault("budget", self.budget)
        kwargs.setdefault("started", time.monotonic() if self.started is None else self.started)
        return super().new(**kwargs)  # type: ignore[return-value]

    def increment(self, *args: Any, **kwargs: Any) -> BudgetedRetry:
        following = super().increment(*args, **kwargs)  # raises MaxRetryError once the counts run out
        assert isinstance(following, BudgetedRetry)
        if following.started is not None and time.monotonic() - following.started > self.budget:
            url = kwargs.get("url") or (args[1] if len(args) > 1 else None)
            raise MaxRetryError(kwargs.get("_pool"), url, kwargs.get("error") or
                                RuntimeError(f"gave up after the {self.budget:.0f} s retry budget"))
        return following

    def sleep(self, response: Any = None) -> None:
        """Back off, but never past the budget."""
        if self.started is not None and time.monotonic() - self.started + self.get_backoff_time() > self.budget:
            return
        super().sleep(response)


@dataclass(frozen=True)
class Download:
    """What one GET brought: nothing new (304), or a verified file at `path` with its validators."""

    url: str
    not_modified: bool
    path: Path | None = None
    sha256: str | None = None
    size: int = 0
    etag: str | None = None
    last_modified: str | None = None


def build_session(config: LiveConfig) -> requests.Session:
    """A session that names its requester and retries what is worth retrying (GET, HEAD and the API's POST)."""
    retry = BudgetedRetry(
        budget=config.retry_budget,
        total=config.retries,
        connect=config.retries,
        read=config.retries,
        status=config.retries,
        backoff_factor=config.backoff_factor,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,  # hand back the last answer so the error can say what BLS said
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = config.user_agent
    return session


def conditional_headers(meta: dict[str, Any] | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from a previous snapshot's sidecar, so an unchanged file is not re-sent."""
    if not meta:
        return {}
    headers = {}
    if meta.get("etag"):
        headers["If-None-Match"] = meta["etag"]
    if meta.get("last_modified"):
        headers["If-Modified-Since"] = meta["last_modified"]
    return headers


def check_status(response: requests.Response, what: str) -> None:
    """Raise a one-line error for any answer other than 200 (304 is handled by callers)."""
    if response.status_code == 200:
        return
    hint = ""
    if response.status_code == 403:
        hint = f" (BLS refuses clients whose User-Agent lacks a contact e-mail: check {CONTACT_EMAIL_ENV})"
    elif response.status_code in RETRY_STATUSES:
        hint = " (still failing after retries)"
    raise LiveFetchError(f"{what}: HTTP {response.status_code} {response.reason or ''}".rstrip() + hint)


def download(
    session: requests.Session,
    config: LiveConfig,
    url: str,
    dest: Path,
    *,
    previous: dict[str, Any] | None = None,
    verify: Callable[[Path], None] | None = None,
) -> Download:
    """Stream `url` into `dest` (via `dest.part`), check it, and report its sha256 and validators.

    `previous` is the sidecar of the snapshot we already hold: it makes the request conditional. `verify` checks
    the content (e.g. the header row); the file reaches `dest` only if every check passed.
    """
    tmp = dest.with_name(dest.name + ".part")
    try:
        response = session.get(url, headers=conditional_headers(previous), stream=True,
                               timeout=(config.connect_timeout, config.read_timeout))
    except requests.RequestException as exc:
        raise LiveFetchError(f"{url}: {type(exc).__name__} after retries: {exc}") from exc
    with response:
        if response.status_code == 304:
            log.info("%s: not modified since the snapshot we hold", url)
            return Download(url=url, not_modified=True)
        check_status(response, url)
        expected = _content_length(response)
        digest = hashlib.sha256()
        size = 0
        step = expected * PROGRESS_STEP if expected else PROGRESS_BYTES
        next_log = step
        try:
            with tmp.open("wb") as handle:
                for chunk in response.iter_content(CHUNK_BYTES):
                    handle.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    if size >= next_log:
                        done = f"of {expected} ({100 * size / expected:.0f}%)" if expected else "so far"
                        log.info("%s: %d bytes %s", dest.name, size, done)
                        next_log += step
                handle.flush()
                os.fsync(handle.fileno())
            if size == 0:
                raise LiveFetchError(f"{url}: empty body")
            if expected is not None and size != expected:
                raise LiveFetchError(f"{url}: received {size} bytes, Content-Length said {expected} (truncated)")
            if verify:
                verify(tmp)
            os.replace(tmp, dest)
        except requests.RequestException as exc:
            raise LiveFetchError(f"{url}: download interrupted after {size} bytes: {exc}") from exc
        finally:
            tmp.unlink(missing_ok=True)
    log.info("%s: %d bytes -> %s", url, size, dest)
    return Download(url=url, not_modified=False, path=dest, sha256=digest.hexdigest(), size=size,
                    etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified"))


def _content_length(response: requests.Response) -> int | None:
    """The body size to expect, unless the body is content-encoded (requests then hands us decoded bytes)."""
    if response.headers.get("Content-Encoding", "identity") != "identity":
        return None
    value = response.headers.get("Content-Length")
    return int(value) if value and value.isdigit() else None
