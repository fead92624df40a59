"""`make add-article URL=... [TITLE=...] [DATE=...]`: save a web page as an article snapshot in `raw/articles/`.

The page is fetched with the project's HTTP client (a named User-Agent, timeouts, retries with backoff), written
under a name made from its address, with a `.meta.json` sidecar (url, retrieval time, sha256, validators) and a row
in `raw/articles/manifest.csv` (title, URL, publication date). A saved page is immutable: adding an address already
held with other bytes is refused (its claims' spans and the rulings bound to them rest on those bytes); the same
bytes again change nothing. Nothing the page says is trusted: it is stored as fetched and read as untrusted text.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import logging
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import requests

from pipeline.live.client import LiveFetchError, build_session, download
from pipeline.live.config import LiveConfig, LiveConfigError
from pipeline.live.snapshot import utc_now
from pipeline.provenance import read_sidecar, sha256_file, sidecar_path, write_sidecar
from pipeline.settings import paths_from_env
from pipeline.staging.documents import MANIFEST

log = logging.getLogger(__name__)

MANIFEST_COLUMNS = ["file", "title", "url", "published_on", "publisher", "sha256", "origin"]
LICENCE = "as published by the site; a copy kept for fact-checking, not for redistribution"
SLUG = re.compile(r"[^a-z0-9]+")
HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<meta|<!--)", re.IGNORECASE)
ENV = {"url": "ARTICLE_URL", "title": "ARTICLE_TITLE", "date": "ARTICLE_DATE"}
"""`make add-article` hands URL, TITLE and DATE over in the environment, so no shell ever parses them."""


class AddArticleError(ValueError):
    """The request cannot be honoured (bad address or date, a different page already held under that name)."""


def article_name(url: str) -> str:
    """A stable file stem for an address: readable host and path, then a short hash of the whole URL."""
    parts = urlsplit(url)
    readable = SLUG.sub("_", f"{parts.netloc}{parts.path}".lower()).strip("_")[:60].rstrip("_")
    return f"{readable}_{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"


def check_request(url: str, published_on: str | None) -> None:
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise AddArticleError(f"URL must be an http(s) address, not {url!r}")
    if published_on:
        try:
            date.fromisoformat(published_on)
        except ValueError as exc:
            raise AddArticleError(f"DATE must be YYYY-MM-DD, not {published_on!r}") from exc


def append_manifest(articles_dir: Path, row: dict[str, str]) -> None:
    """Add one row to manifest.csv (created with its header when missing), keeping the rows already there."""
    path = articles_dir / MANIFEST
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MANIFEST_COLUMNS, lineterminator="\n", extrasaction="ignore")
    if not existing:
        writer.writeheader()
    writer.writerow(row)
    separator = "" if not existing or existing.endswith("\n") else "\n"
    path.write_text(existing + separator + out.getvalue(), encoding="utf-8")


def add_article(raw_dir: Path, url: str, *, title: str | None = None, published_on: str | None = None,
                config: LiveConfig | None = None, session: requests.Session | None = None) -> Path:
    """Fetch `url` into `raw/articles/<name>.html` (or `.txt` for a plain-text answer); returns the file's path."""
    check_request(url, published_on)
    config = config or LiveConfig.from_env()
    session = session or build_session(config)
    articles = raw_dir / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    stem = article_name(url)
    fetched = articles / f".{stem}.fetching"
    got = download(session, config, url, fetched)
    try:
        with fetched.open("rb") as handle:
            suffix = ".html" if HTML_START.match(handle.read(2048)) else ".txt"
        dest = articles / f"{stem}{suffix}"
        if dest.exists():
            if sha256_file(dest) == got.sha256:
                log.info("%s: the page is unchanged since %s; nothing to add", url, dest.name)
                return dest
            held = read_sidecar(dest, verify=False).get("retrieved", "an earlier fetch")
            raise AddArticleError(f"{dest.name} already holds {url} as fetched {held}; saved pages are immutable: "
                                  "the page changed, so add it under another address or remove the old snapshot")
        fetched.replace(dest)
    finally:
        fetched.unlink(missing_ok=True)
    write_sidecar(dest, url=url, retrieved=utc_now(), licence=LICENCE, citation=title or url,
                  etag=got.etag, last_modified=got.last_modified, door="add-article")
    append_manifest(articles, {"file": dest.name, "title": title or "", "url": url,
                               "published_on": published_on or "", "publisher": urlsplit(url).netloc,
                               "sha256": got.sha256 or "", "origin": "make add-article"})
    log.info("%s -> %s (%d bytes, sidecar %s)", url, dest, got.size, sidecar_path(dest).name)
    return dest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get(ENV["url"]))
    parser.add_argument("--title", default=os.environ.get(ENV["title"]))
    parser.add_argument("--date", default=os.environ.get(ENV["date"]),
                        help="publication date, YYYY-MM-DD (else the page's own)")
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("give the page's address: make add-article URL=https://... [TITLE=...] [DATE=YYYY-MM-DD]")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        dest = add_article(paths_from_env().raw_dir, args.url, title=args.title or None,
                           published_on=args.date or None)
    except (AddArticleError, LiveFetchError, LiveConfigError) as exc:
        print(f"add-article: {exc}", file=sys.stderr)
        return 1
    print(f"added {dest}; run `make run` to check its claims")
    return 0


if __name__ == "__main__":
    sys.exit(main())
