"""Numeric-claim extraction: find the statistical claims in an article, with spans, fields and provenance."""
