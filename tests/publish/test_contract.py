"""The published warehouse keeps its contracts: tables, columns, types, meanings, checks, and the docs made of them."""

from __future__ import annotations

import struct
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline.curated.contracts import ContractFileError, contract_violations, load_contract
from pipeline.publish.docs import DOCS, render_docs
from pipeline.publish.release import PUBLISHED, PUBLISHED_TABLES, RELEASE_INFO
from pipeline.settings import Paths

DUCKDB_1_0_STORAGE_NUMBER = 64  # what DuckDB writes in the file header for STORAGE_VERSION 'v1.0.0'
CONTRACTS = {table.name: table.contract for table in PUBLISHED} | {"release_info": RELEASE_INFO}


def test_docs_are_generated_from_the_contracts() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_docs(), "run `python -m pipeline.publish.docs`"


def test_every_published_table_keeps_its_contract(reader: duckdb.DuckDBPyConnection) -> None:
    published = {row[0] for row in reader.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'curated'").fetchall()}
    assert published == set(PUBLISHED_TABLES) | {"release_info"}
    for name, contract in CONTRACTS.items():
        assert not any(contract_violations(reader, contract).values()), name


def test_published_columns_carry_their_meaning(reader: duckdb.DuckDBPyConnection) -> None:
    comments = dict(reader.execute(
        "SELECT table_name || '.' || column_name, comment FROM duckdb_columns() WHERE schema_name = 'curated'"
    ).fetchall())
    expected = {f"{name}.{c.name}": c.description for name, contract in CONTRACTS.items() for c in contract.columns}
    assert comments == expected
    table_comment = reader.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'claim_verdicts'").fetchone()
    assert table_comment[0].startswith(CONTRACTS["claim_verdicts"].title)


def test_a_column_that_drifts_from_its_contract_is_caught(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("CREATE SCHEMA curated")
        con.execute("CREATE TABLE curated.evidence (target_id VARCHAR, target_kind VARCHAR, evidence_hash INTEGER)")
        assert contract_violations(con, CONTRACTS["evidence"])["columns"] == 1
        con.execute("CREATE OR REPLACE TABLE curated.evidence AS SELECT * FROM (VALUES ('a', 'conflict', 'h'), "
                    "('a', 'claim', NULL)) AS t(target_id, target_kind, evidence_hash)")
        assert contract_violations(con, CONTRACTS["evidence"]) == {"columns": 0, "key": 1, "required": 1,
                                                                  "values": 1}


def test_a_contract_naming_an_unsafe_identifier_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.yml"
    path.write_text("title: t\ndescription: d\ngrain: g\nkey: []\ncolumns:\n"
                    "  - {name: 'x; DROP TABLE y', type: VARCHAR, description: d}\n", encoding="utf-8")
    with pytest.raises(ContractFileError, match="not a lower_snake_case identifier"):
        load_contract(path)


def test_published_file_uses_duckdb_1x_storage(published: tuple[Paths, dg.ExecuteInProcessResult]) -> None:
    """DuckDB 1.x clients can open the release: its header carries storage version 64 (v1.0.0), not 2.x's."""
    header = published[0].published_db.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert struct.unpack("<Q", header[12:20])[0] == DUCKDB_1_0_STORAGE_NUMBER
