"""The curated layer as a set of tables, each created once, with its final columns, by one SQL file.

- `pipeline/curated/<table>.sql` creates the published table `curated.<table>`; `<table>.yml` is its contract.
- `pipeline/curated/internal/<table>.sql` creates an intermediate step, `internal.<table>`, never published.

What a table depends on is read from its SQL (every `staging.`, `internal.` and `curated.` table it names), so the
build order and the asset graph cannot drift from the queries themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from pipeline.curated.contracts import IDENTIFIER, Contract, ContractFileError, apply_comments, load_contract
from pipeline.curated.rulings import raise_on_invalid_rulings
from pipeline.sqlfiles import run_script

HERE = Path(__file__).resolve().parent
SCHEMAS = ("curated", "internal", "ledger")
TABLE_REFERENCE = re.compile(r"(?<![\w.])(staging|internal|curated)\.([a-z_][a-z0-9_]*)\b")
COMMENT_LINE = re.compile(r"--[^\n]*")
CREATES = re.compile(r"CREATE\s+OR\s+REPLACE\s+(TABLE|VIEW)\s+([a-z_]+\.[a-z_0-9]+)", re.IGNORECASE)
EXISTING_KIND = "SELECT table_type FROM information_schema.tables WHERE table_schema = ? AND table_name = ?"
# What a table's build must verify beyond its contract checks: these stop the run instead of flagging the table.
AFTER_BUILD = {"curated.rulings": raise_on_invalid_rulings}


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    sql_path: Path
    reads: frozenset[str]
    """The qualified tables its SQL and its contract's checks read (other than itself)."""
    contract: Contract | None
    """Published tables have one; internal steps do not."""

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


def tables_read_in(sql: str) -> frozenset[str]:
    """The `staging.`, `internal.` and `curated.` tables a SQL text names (comments ignored)."""
    code = COMMENT_LINE.sub("", sql)
    return frozenset(f"{schema}.{name}" for schema, name in TABLE_REFERENCE.findall(code))


def tables_read(sql_path: Path) -> frozenset[str]:
    return tables_read_in(sql_path.read_text(encoding="utf-8"))


@cache
def tables() -> dict[str, Table]:
    """Every curated and internal table by qualified name, in an order in which each is built after what it reads."""
    found: dict[str, Table] = {}
    for schema, folder in (("curated", HERE), ("internal", HERE / "internal")):
        for sql_path in sorted(folder.glob("*.sql")):
            if not IDENTIFIER.match(sql_path.stem):
                raise ContractFileError(f"{sql_path}: a table's file is named in lower_snake_case")
            qualified = f"{schema}.{sql_path.stem}"
            contract_path = sql_path.with_suffix(".yml")
            contract = load_contract(contract_path) if contract_path.exists() else None
            if schema == "curated" and contract is None:
                raise FileNotFoundError(f"{sql_path}: a published table needs its contract, {contract_path.name}")
            # a table is built after what its SQL reads and what its contract's checks compare it with
            reads = tables_read(sql_path).union(*(tables_read_in(c.sql) for c in contract.checks) if contract else [])
            found[qualified] = Table(schema, sql_path.stem, sql_path, reads - {qualified}, contract)
    graph = {name: {r for r in table.reads if r in found} for name, table in found.items()}
    return {name: found[name] for name in TopologicalSorter(graph).static_order()}


def published() -> list[Table]:
    """The published tables, in build order."""
    return [t for t in tables().values() if t.contract is not None]


def internal_steps(table: Table) -> list[Table]:
    """The internal tables `table` is built from (directly or through other internal ones), in build order."""
    needed: set[str] = set()
    pending = [r for r in table.reads if r.startswith("internal.")]
    while pending:
        name = pending.pop()
        if name not in needed:
            needed.add(name)
            pending.extend(r for r in tables()[name].reads if r.startswith("internal."))
    return [t for name, t in tables().items() if name in needed]


def inputs(table: Table) -> frozenset[str]:
    """The staging and curated tables `table` depends on, looking through the internal steps it is built from."""
    reads = set(table.reads)
    for step in internal_steps(table):
        reads |= step.reads
    return frozenset(r for r in reads if not r.startswith("internal."))


def drop_if_kind_changed(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """A table that became a view (or the other way round) in a newer version: CREATE OR REPLACE cannot change the
    kind of an object, so the old one goes first."""
    created = CREATES.search(COMMENT_LINE.sub("", table.sql_path.read_text(encoding="utf-8")))
    existing = con.execute(EXISTING_KIND, [table.schema, table.name]).fetchone()
    if created is None or existing is None:
        return
    wanted, found = created.group(1).upper(), "VIEW" if existing[0] == "VIEW" else "TABLE"
    if wanted != found:
        con.execute("DROP " + found + " " + table.qualified)


def build(con: duckdb.DuckDBPyConnection, table: Table, now: datetime | None = None) -> int:
    """(Re)create `table` from its SQL file, put its contract's meanings in the catalogue; returns its row count."""
    # one transaction per table: the table, its comments and nothing half-built; one commit, not one per statement
    con.execute("BEGIN TRANSACTION")
    try:
        for schema in SCHEMAS:
            con.execute("CREATE SCHEMA IF NOT EXISTS " + schema)
        drop_if_kind_changed(con, table)
        run_script(con, table.sql_path, {"now": now or datetime.now(UTC).replace(tzinfo=None)})
        if table.contract is not None:
            apply_comments(con, table.contract)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    if (after := AFTER_BUILD.get(table.qualified)) is not None:
        after(con)
    return int(con.execute("SELECT count(*) FROM " + table.qualified).fetchone()[0])


def build_all(con: duckdb.DuckDBPyConnection, now: datetime | None = None,
              skip: frozenset[str] = frozenset()) -> dict[str, int]:
    """Build every curated and internal table in order (but `skip`); returns row counts. Stops at a broken check
    only through `AFTER_BUILD` (rulings); the contract checks are run by the caller (`pipeline.curated.contracts`)."""
    return {name: build(con, table, now) for name, table in tables().items() if name not in skip}
