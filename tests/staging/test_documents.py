"""staging.documents: articles as people save them (.txt and .html/.htm), the page's own date when the manifest
gives none, and articles as they go wrong: the manifest is read strictly, only regular files inside raw/articles
are read, a byte-order mark is not text, an oversized file is refused with its size, and an edited snapshot stops
the run."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from pipeline.provenance import ProvenanceError
from pipeline.settings import REPO_ROOT, Paths
from pipeline.staging.documents import MAX_ARTICLE_BYTES, load_articles, read_articles, read_manifest
from pipeline.staging.quarantine import ContractError
from tests.conftest import materialize_all

SEED = "001_3e5fcfdb7ec3c243"
MANIFEST_CASES = {
    "unclosed quote": (lambda t: t.replace('Medical coders and automation (essay)', '"Medical coders', 1),
                       r"manifest\.csv, line 3: not valid CSV .* never closed"),
    "duplicate row": (lambda t: t + t.splitlines()[2] + "\n",
                      rf"manifest\.csv, lines 3 and 7, field file: {SEED}\.txt is listed twice"),
    "missing file": (lambda t: t + "gone.txt,Gone,,,,,\n",
                     r"manifest\.csv, line 7, field file: no article 'gone\.txt'"),
    "missing header": (lambda t: t.replace("file,title,", "name,title,", 1),
                       r"manifest\.csv, line 1: the header lacks file"),
}


@pytest.mark.parametrize("case", sorted(MANIFEST_CASES))
def test_a_broken_manifest_stops_the_run_before_anything_is_built(tmp_paths: Paths, case: str) -> None:
    edit, message = MANIFEST_CASES[case]
    manifest = tmp_paths.raw_dir / "articles" / "manifest.csv"
    manifest.write_text(edit(manifest.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ContractError, match=message):
        read_manifest(tmp_paths.raw_dir / "articles", tmp_paths.raw_dir)


def test_make_run_reports_a_broken_manifest_and_builds_nothing(tmp_paths: Paths) -> None:
    manifest = tmp_paths.raw_dir / "articles" / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "gone.txt,Gone,,,,,\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "assets.cli", "run"], cwd=REPO_ROOT, capture_output=True,
                          text=True, check=False, env={**os.environ, "MEDCODER_RAW_DIR": str(tmp_paths.raw_dir),
                                                       "MEDCODER_WAREHOUSE_DIR": str(tmp_paths.warehouse_dir)})
    assert done.returncode == 1 and "no article 'gone.txt'" in done.stderr
    assert not tmp_paths.warehouse_dir.exists()


def test_links_oversized_files_and_byte_order_marks_as_a_user_sees_them(warm_paths: Paths) -> None:
    articles = warm_paths.raw_dir / "articles"
    (articles / "zz_passwd.txt").symlink_to("/etc/passwd")
    (articles / "zz_huge.txt").write_bytes(b"Medical coders earn money. " * (MAX_ARTICLE_BYTES // 27 + 1))
    (articles / "zz_bom.txt").write_bytes(b"\xef\xbb\xbfhttps://example.org/bom\nAbout 190,000 medical coders work "
                                          b"in the United States, according to the BLS.\n")
    assert materialize_all(warm_paths).success
    with duckdb.connect(str(warm_paths.published_db), read_only=True) as con:
        documents = dict(con.execute("SELECT document_id, url FROM curated.documents").fetchall())
        refused = dict(con.execute("SELECT file, reason FROM curated.quarantine WHERE source = 'articles'").fetchall())
        passwd = con.execute("SELECT count(*) FROM curated.documents WHERE text LIKE '%root:%'").fetchone()[0]
    assert documents["zz_bom"] == "https://example.org/bom"  # the URL line is found behind the mark
    assert "zz_passwd" not in documents and "zz_huge" not in documents and passwd == 0
    assert "a symbolic link" in refused["articles/zz_passwd.txt"]
    assert "more than the 8 MB an article may have" in refused["articles/zz_huge.txt"]


def test_an_edited_article_snapshot_stops_the_run(tmp_paths: Paths) -> None:
    article = tmp_paths.raw_dir / "articles" / f"{SEED}.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence with 12% in it.\n",
                       encoding="utf-8")
    with pytest.raises(ProvenanceError, match=f"{SEED}.txt"):
        read_articles(tmp_paths.raw_dir / "articles", tmp_paths.raw_dir)


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
