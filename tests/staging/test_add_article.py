"""`make add-article`: a web page fetched with the project's HTTP client becomes an immutable article snapshot with a
sidecar and a manifest row, and the next run reads it like any saved page (recorded responses, no live HTTP)."""

from __future__ import annotations

import json

import pytest
import responses

from pipeline.live.articles import AddArticleError, add_article, article_name
from pipeline.live.config import LiveConfig
from pipeline.settings import Paths
from pipeline.staging.documents import read_articles

URL = "https://careers.example.test/coders/pay?ref=feed"
PAGE = (b"<!doctype html><html><head><title>Coder pay</title></head><body><h1>Coder pay</h1>"
        b"<table><tr><th>State</th><th>Median annual wage</th></tr><tr><td>Ohio</td><td>$50,990</td></tr></table>"
        b"</body></html>")
CONFIG = LiveConfig(contact_email="tester@example.org", retries=1, backoff_factor=0.0)


@responses.activate
def test_a_fetched_page_becomes_an_article_with_its_sidecar_and_manifest_row(tmp_paths: Paths) -> None:
    responses.get(URL, body=PAGE, content_type="text/html", auto_calculate_content_length=True)
    dest = add_article(tmp_paths.raw_dir, URL, title="Coder pay by state", published_on="2026-06-02", config=CONFIG)
    assert dest.name == article_name(URL) + ".html" and dest.read_bytes() == PAGE
    sidecar = json.loads(dest.with_name(dest.name + ".meta.json").read_text(encoding="utf-8"))
    assert sidecar["url"] == URL and sidecar["door"] == "add-article" and len(sidecar["sha256"]) == 64
    assert "medcoder-stats" in responses.calls[0].request.headers["User-Agent"]
    document = read_articles(tmp_paths.raw_dir / "articles", tmp_paths.raw_dir).documents.set_index(
        "document_id").loc[dest.stem]
    assert (document["title"], document["url"], str(document["published_on"].date())) == (
        "Coder pay by state", URL, "2026-06-02")
    assert "Ohio | $50,990" in document["text"].splitlines()


@responses.activate
def test_a_saved_page_is_immutable_and_a_bad_request_changes_nothing(tmp_paths: Paths) -> None:
    responses.get(URL, body=PAGE, content_type="text/html", auto_calculate_content_length=True)
    first = add_article(tmp_paths.raw_dir, URL, config=CONFIG)
    manifest = (tmp_paths.raw_dir / "articles" / "manifest.csv").read_text(encoding="utf-8")
    assert add_article(tmp_paths.raw_dir, URL, config=CONFIG) == first  # the same bytes: nothing to add
    responses.replace(responses.GET, URL, body=PAGE.replace(b"50,990", b"51,000"),
                      auto_calculate_content_length=True)
    with pytest.raises(AddArticleError, match="immutable"):
        add_article(tmp_paths.raw_dir, URL, config=CONFIG)
    with pytest.raises(AddArticleError, match="YYYY-MM-DD"):
        add_article(tmp_paths.raw_dir, URL, published_on="June 2", config=CONFIG)
    with pytest.raises(AddArticleError, match="http"):
        add_article(tmp_paths.raw_dir, "file:///etc/passwd", config=CONFIG)
    assert (tmp_paths.raw_dir / "articles" / "manifest.csv").read_text(encoding="utf-8") == manifest
    assert first.read_bytes() == PAGE
    assert not list((tmp_paths.raw_dir / "articles").glob(".*"))
