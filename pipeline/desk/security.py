"""Who may use the desk and proof that a form came from it.

- Binding: 127.0.0.1 (or localhost, ::1) by default. Any other address serves the desk to a network, so it needs a
  shared secret from the environment (`MEDCODER_DESK_SECRET`, at least 16 characters); editors then sign in with it
  and get a signed session cookie. The secret is only compared and used as a key: never logged, never written.
- CSRF: every form carries a token that is an HMAC of a random per-browser cookie; a POST without the cookie, or
  with a token that does not match it, is refused. The cookie is HttpOnly and SameSite=Strict, and a POST whose
  Origin header names another site is refused too.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
from dataclasses import dataclass, field

SECRET_ENV = "MEDCODER_DESK_SECRET"
MIN_SECRET_CHARS = 16
CSRF_COOKIE, SESSION_COOKIE, CSRF_FIELD = "desk_csrf", "desk_session", "csrf_token"
LOOPBACK_NAMES = {"localhost"}


class DeskConfigError(ValueError):
    """A desk that must not start as configured (e.g. a network address without a secret)."""


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Guard:
    """Keys and rules of one desk process."""

    secret: str | None = field(repr=False)
    """The shared secret editors sign in with; None on a loopback desk without one (no sign-in)."""
    key: bytes = field(repr=False, default=b"")

    @classmethod
    def for_host(cls, host: str, secret: str | None = None) -> Guard:
        """Refuse a network-facing desk without a secret; sign tokens with the secret or a per-process key."""
        secret = secret if secret is not None else os.environ.get(SECRET_ENV) or None
        if secret is not None and len(secret) < MIN_SECRET_CHARS:
            raise DeskConfigError(f"{SECRET_ENV} must be at least {MIN_SECRET_CHARS} characters")
        if secret is None and not is_loopback(host):
            raise DeskConfigError(f"the desk listens on {host}, which other machines can reach: set {SECRET_ENV} "
                                  "(a shared secret editors sign in with), or listen on 127.0.0.1")
        key = hashlib.sha256(b"medcoder-desk:" + secret.encode()).digest() if secret else secrets.token_bytes(32)
        return cls(secret=secret, key=key)

    @property
    def needs_sign_in(self) -> bool:
        return self.secret is not None

    def _mac(self, purpose: str, value: str) -> str:
        return hmac.new(self.key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    # CSRF
    @staticmethod
    def new_browser_token() -> str:
        return secrets.token_urlsafe(32)

    def form_token(self, browser_token: str) -> str:
        return self._mac("csrf", browser_token)

    def form_is_genuine(self, browser_token: str | None, submitted: str | None) -> bool:
        if not browser_token or not submitted:
            return False
        return hmac.compare_digest(self.form_token(browser_token), submitted)

    # sign-in
    def check_secret(self, offered: str | None) -> bool:
        if self.secret is None or offered is None:
            return False
        return hmac.compare_digest(offered.encode(), self.secret.encode())

    def new_session(self) -> str:
        nonce = secrets.token_urlsafe(24)
        return f"{nonce}.{self._mac('session', nonce)}"

    def session_is_valid(self, value: str | None) -> bool:
        if not self.needs_sign_in:
            return True
        if not value or "." not in value:
            return False
        nonce, mac = value.rsplit(".", 1)
        return hmac.compare_digest(self._mac("session", nonce), mac)
