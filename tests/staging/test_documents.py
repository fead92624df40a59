"""staging.documents: articles as people save them (.txt and .html/.htm), and the page's own date when the
manifest gives none."""

from __future__ import annotations

import duckdb

from pipeline.settings import Paths
from pipeline.staging.documents import load_articles, read_articles

HTML_PAGE = """<!doctype html><html><head><title>Coder pay by state</title>
<link rel="canonical" href="https://example.org/coder-pay-by-state">
<meta property="article:published_time" content="2026-06-02T09:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><h1>Coder pay by state</h1>
<p>What medical records specialists earn, by state.</p>
<table><caption>Median annual wage of medical records specialists, May 2025</caption>
<tr><th>State</th><th>Median annual wage</th></tr>
<tr><td>Ohio</td><td>$50,990</td></tr><tr><td>Florida</td><td>$45,760</td></tr></table>
<footer>Copyright</footer></body></html>"""


def test_an_html_page_is_read_as_text_with_its_table_rows_and_its_own_url_title_and_date(tmp_paths: Paths) -> None:
    (tmp_paths.raw_dir / "articles" / "pay.html").write_text(HTML_PAGE, encoding="utf-8")
    row = read_articles(tmp_paths.raw_dir / "articles", tmp_paths.raw_dir).documents.set_index("document_id").loc[
        "pay"]
    assert row["file"] == "pay.html" and row["title"] == "Coder pay by state"
    assert row["url"] == "https://example.org/coder-pay-by-state"
    assert str(row["published_on"].date()) == "2026-06-02" and row["published_on_source"] == "page_metadata"
    lines = row["text"].splitlines()
    assert "Ohio | $50,990" in lines and "State | Median annual wage" in lines
    assert "Home" not in row["text"] and "Copyright" not in row["text"]


def test_a_page_date_comes_from_the_header_or_the_url_and_the_manifest_wins(tmp_paths: Paths) -> None:
    articles = tmp_paths.raw_dir / "articles"
    (articles / "header.txt").write_text("March 3, 2025\nCoders earn $50,000.", encoding="utf-8")
    (articles / "in_url.txt").write_text("https://example.org/2017/05/08/pay\nCoders earn $30,000.",
                                         encoding="utf-8")
    (articles / "undated.txt").write_text("https://example.org/pay\nCoders earn $40,000.", encoding="utf-8")
    documents = read_articles(articles, tmp_paths.raw_dir).documents.set_index("document_id")
    dates = {doc: (str(documents.loc[doc, "published_on"].date()) if documents.loc[doc, "published_on"] == documents
                   .loc[doc, "published_on"] else None, documents.loc[doc, "published_on_source"])
             for doc in ("header", "in_url", "undated", "000_a4f5922104508ab5")}
    assert dates["header"] == ("2025-03-03", "page_text")
    assert dates["in_url"] == ("2017-05-08", "url")
    assert dates["undated"] == (None, None)
    assert dates["000_a4f5922104508ab5"] == ("2026-04-16", "manifest")


def test_an_html_page_not_in_its_declared_encoding_is_quarantined_and_a_declared_one_is_used(tmp_paths: Paths) -> None:
    articles = tmp_paths.raw_dir / "articles"
    (articles / "broken.htm").write_bytes(b"<p>Coders earn \xa345,000</p>")
    (articles / "latin.htm").write_bytes(b'<meta charset="iso-8859-1"><p>Coders earn \xa345,000</p>')
    con = duckdb.connect(":memory:")
    loaded = load_articles(con, articles, tmp_paths.raw_dir)
    documents = loaded.documents.set_index("document_id")
    assert "broken" not in documents.index
    assert documents.loc["latin", "text"] == "Coders earn \u00a345,000\n"
    rule, reason = con.execute("SELECT rule, reason FROM staging.quarantine WHERE file = 'articles/broken.htm'"
                               ).fetchone()
    assert rule == "utf8" and "byte 15" in reason
