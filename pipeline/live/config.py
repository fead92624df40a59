"""Live-mode configuration from the environment, so the pipeline can be pointed at a mirror or a test server.

The API key is not part of the configuration: it is read from `BLS_API_KEY` only when a request is built, so it
never sits in an object that could be logged, pickled into Dagster config or written to a sidecar.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

API_URL_ENV = "MEDCODER_BLS_API_URL"
DOWNLOAD_URL_ENV = "MEDCODER_BLS_DOWNLOAD_URL"
WWW_URL_ENV = "MEDCODER_BLS_WWW_URL"
CONTACT_EMAIL_ENV = "MEDCODER_CONTACT_EMAIL"
API_KEY_ENV = "BLS_API_KEY"

DEFAULT_API_URL = "https://api.bls.gov/publicAPI/v2/timeseries/data/"
DEFAULT_DOWNLOAD_URL = "https://download.bls.gov/pub/time.series/oe/"
DEFAULT_WWW_URL = "https://www.bls.gov"

USER_AGENT_PRODUCT = "medcoder-stats/0.1"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class LiveConfigError(ValueError):
    """Live mode is misconfigured (no contact e-mail, a malformed URL)."""


@dataclass(frozen=True)
class LiveConfig:
    """Base URLs, the requester's contact e-mail, and HTTP behaviour (timeouts, retries)."""

    api_url: str = DEFAULT_API_URL
    download_url: str = DEFAULT_DOWNLOAD_URL
    www_url: str = DEFAULT_WWW_URL
    contact_email: str | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    retries: int = 5
    backoff_factor: float = 1.0
    retry_budget: float = 60.0
    """Seconds after the first attempt past which no request is retried."""

    @classmethod
    def from_env(cls) -> LiveConfig:
        return cls(
            api_url=os.environ.get(API_URL_ENV) or DEFAULT_API_URL,
            download_url=os.environ.get(DOWNLOAD_URL_ENV) or DEFAULT_DOWNLOAD_URL,
            www_url=os.environ.get(WWW_URL_ENV) or DEFAULT_WWW_URL,
            contact_email=os.environ.get(CONTACT_EMAIL_ENV) or None,
        )

    @property
    def user_agent(self) -> str:
        """BLS refuses (HTTP 403) clients whose User-Agent does not name the requester and a contact e-mail."""
        return f"{USER_AGENT_PRODUCT} (+contact: {self.require_contact()})"

    def require_contact(self) -> str:
        if not self.contact_email or not EMAIL_RE.match(self.contact_email):
            raise LiveConfigError(
                f"live mode needs a contact e-mail for the User-Agent: set {CONTACT_EMAIL_ENV}=you@example.org "
                "(download.bls.gov answers 403 to clients that do not name a contact)"
            )
        return self.contact_email

    def download_file_url(self, name: str) -> str:
        return self.download_url.rstrip("/") + "/" + name

    def www(self, path: str) -> str:
        return self.www_url.rstrip("/") + "/" + path.lstrip("/")


def api_key() -> str | None:
    """The API key, read at request time only; None means the keyless limits (25 series, 10 years, 25 a day)."""
    return os.environ.get(API_KEY_ENV) or None


def redact(text: str, secret: str | None) -> str:
    """`text` with `secret` blanked out: BLS echoes an invalid key back in its error message."""
    return text.replace(secret, "***") if secret else text
