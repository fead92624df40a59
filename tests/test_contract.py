"""The published warehouse matches its documented contract (docs/warehouse.md), table by table, column by column."""

from __future__ import annotations

import re
import struct

import dagster as dg
import duckdb

from pipeline.publish.release import PUBLISHED_TABLES
from pipeline.settings import REPO_ROOT, Paths

SECTION = re.compile(r"^### `(?P<table>\w+)`", re.MULTILINE)
ROW = re.compile(r"^\| (?P<columns>[a-z_0-9, ]+) \| (?P<types>[A-Z\[\], ]+) \|", re.MULTILINE)
DUCKDB_1_0_STORAGE_NUMBER = 64  # what DuckDB writes in the file header for STORAGE_VERSION 'v1.0.0'
COLUMNS_SQL = """
    SELECT column_name, data_type FROM information_schema.columns
    WHERE table_schema = 'curated' AND table_name = ? ORDER BY ordinal_position
"""


def documented_contract() -> dict[str, dict[str, str]]:
    """{table: {column: type}} from the column tables of docs/warehouse.md (`| a, b | VARCHAR, DATE |` rows)."""
    text = (REPO_ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    headings = list(SECTION.finditer(text))
    contract: dict[str, dict[str, str]] = {}
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        body = text[heading.end(): following.start() if following else len(text)]
        columns: dict[str, str] = {}
        for row in ROW.finditer(body):
            names = [n.strip() for n in row["columns"].split(",")]
            types = [t.strip() for t in re.split(r",\s*(?![^\[]*\])", row["types"])]
            assert len(types) in (1, len(names)), f"{heading['table']}: row {row.group(0)!r}"
            columns.update(zip(names, types * len(names) if len(types) == 1 else types, strict=True))
        contract[heading["table"]] = columns
    return contract


def type_differences(actual: dict[str, str], documented: dict[str, str]) -> list[tuple[str, str, str]]:
    shared = actual.keys() & documented.keys()
    return sorted((c, actual[c], documented[c]) for c in shared if actual[c] != documented[c])


def test_every_published_table_matches_its_documentation(reader: duckdb.DuckDBPyConnection) -> None:
    contract = documented_contract()
    published = {row[0] for row in reader.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'curated'").fetchall()}
    assert published == set(PUBLISHED_TABLES) | {"release_info"}
    assert published <= set(contract), f"undocumented tables: {published - set(contract)}"
    for table in sorted(published):
        actual = dict(reader.execute(COLUMNS_SQL, [table]).fetchall())
        assert actual == contract[table], (
            f"curated.{table}: undocumented {sorted(set(actual) - set(contract[table]))}, "
            f"documented but missing {sorted(set(contract[table]) - set(actual))}, "
            f"type differences {type_differences(actual, contract[table])}"
        )


def test_published_file_uses_duckdb_1x_storage(published: tuple[Paths, dg.ExecuteInProcessResult]) -> None:
    """DuckDB 1.x clients can open the release: its header carries storage version 64 (v1.0.0), not 2.x's."""
    header = published[0].published_db.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert struct.unpack("<Q", header[12:20])[0] == DUCKDB_1_0_STORAGE_NUMBER
