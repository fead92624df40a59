"""Readers for each raw source: plain functions over a DuckDB connection, no Dagster here."""
