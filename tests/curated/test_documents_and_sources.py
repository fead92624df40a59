"""curated.documents and curated.sources: the articles as read, and who published or produced every figure."""

from __future__ import annotations

import hashlib

import dagster as dg
import duckdb

from pipeline.settings import Paths


def test_documents_hold_the_articles_with_their_manifest_entries(
        reader: duckdb.DuckDBPyConnection, published: tuple[Paths, dg.ExecuteInProcessResult]) -> None:
    rows = reader.execute("SELECT document_id, title, sha256, source_file FROM curated.documents").fetchall()
    assert len(rows) == 5
    for document_id, title, sha256, source_file in rows:
        assert title and title != document_id  # from raw/articles/manifest.csv
        assert hashlib.sha256((published[0].raw_dir / source_file).read_bytes()).hexdigest() == sha256


def test_every_figure_names_a_known_source(reader: duckdb.DuckDBPyConnection) -> None:
    unknown = reader.execute(
        "SELECT count(*) FROM curated.observations o LEFT JOIN curated.sources s USING (source_id) "
        "WHERE s.source_id IS NULL").fetchone()[0]
    roles = dict(reader.execute("SELECT source_id, role FROM curated.sources "
                                "WHERE source_id IN ('bls_oews', 'article:002_703bde9ec234d6e9')").fetchall())
    assert unknown == 0
    assert roles == {"bls_oews": "producer", "article:002_703bde9ec234d6e9": "article"}


def test_repeats_of_a_figure_are_kept_beside_its_claim(reader: duckdb.DuckDBPyConnection) -> None:
    """curated.claim_occurrences: `5-7 years` and `five to seven years` are one claim stated twice."""
    texts = [t for t, in reader.execute(
        "SELECT value_text FROM curated.claim_occurrences WHERE document_id = '000_a4f5922104508ab5' "
        "ORDER BY value_start").fetchall()]
    assert {"5-7 years", "five to seven years"} <= set(texts)
