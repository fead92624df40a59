"""The contract of each published table, in one place: `<table>.yml` beside the `<table>.sql` that creates it.

A contract names the table's columns (type, meaning, whether a value is required, the values allowed), its key and
its checks. Everything else is produced from it: the Dagster column schema and descriptions and the blocking asset
checks (`assets/curated.py`), the DuckDB column comments of the writer's and the published tables, and
`docs/warehouse.md` (`python -m pipeline.publish.docs`; a test keeps them equal).

Every table gets one blocking check, `contract`, made of rules that each count violating rows: the generated ones
(`columns`: columns and types as declared; `key`: unique; `required`: values present; `values`: only allowed ones)
and the named rules its file lists (a query each). One check per table keeps the Dagster run small; its metadata
names every rule with its count, and a failure names the rules broken. Identifiers come from the contract files
and are checked against a strict pattern; allowed values are bound as parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's loader when PyYAML was built with it
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
COLUMNS_SQL = """
    SELECT column_name, data_type FROM information_schema.columns
    WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position
"""


GENERATED_RULES = {
    "columns": "columns and types as the contract declares them, in its order",
    "key": "no two rows share the key",
    "required": "required columns hold a value in every row",
    "values": "columns with a list of allowed values hold only those",
}


class ContractFileError(ValueError):
    """A contract file that cannot be read or names something unsafe."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    required: bool = False
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    name: str
    description: str
    sql: str
    """A query returning one number: the rows that break the rule (0 = passes)."""


@dataclass(frozen=True)
class Contract:
    table: str
    schema: str
    title: str
    description: str
    grain: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    checks: tuple[Check, ...]
    path: Path

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.table}"

    @property
    def rules(self) -> dict[str, str]:
        """Every rule of the table's `contract` check with what it asks."""
        return {**GENERATED_RULES, **{check.name: check.description for check in self.checks}}


def _identifier(name: object, path: Path) -> str:
    if not isinstance(name, str) or not IDENTIFIER.match(name):
        raise ContractFileError(f"{path}: {name!r} is not a lower_snake_case identifier")
    return name


def load_contract(path: Path, schema: str = "curated") -> Contract:
    """The contract in `path` (`<table>.yml`); the table is named by the file."""
    try:
        spec = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise ContractFileError(f"{path}: not valid YAML: {exc}") from exc
    table = _identifier(path.stem, path)
    columns = tuple(
        Column(name=_identifier(c["name"], path), type=str(c["type"]), description=str(c["description"]),
               required=bool(c.get("required", False)), values=tuple(str(v) for v in c.get("values", ())))
        for c in spec["columns"])
    names = {c.name for c in columns}
    key = tuple(_identifier(k, path) for k in spec.get("key") or ())
    if unknown := [k for k in key if k not in names]:
        raise ContractFileError(f"{path}: key column(s) {', '.join(unknown)} are not columns of {table}")
    checks = tuple(Check(_identifier(c["name"], path), str(c["description"]), str(c["sql"]).strip())
                   for c in spec.get("checks") or ())
    return Contract(table=table, schema=schema, title=str(spec["title"]), description=str(spec["description"]),
                    grain=str(spec["grain"]), key=key, columns=columns, checks=checks, path=path)


def contract_violations(con: duckdb.DuckDBPyConnection, contract: Contract,
                        schema: str | None = None) -> dict[str, int]:
    """The generated `contract` rule counts (`columns`, `key`, `required`, `values`) of the table as it stands."""
    schema = schema or contract.schema
    target = f"{schema}.{contract.table}"
    actual = con.execute(COLUMNS_SQL, [schema, contract.table]).fetchall()
    declared = [(c.name, c.type) for c in contract.columns]
    counts = {"columns": sum(a != d for a, d in zip(actual, declared, strict=False)) + abs(len(actual) - len(declared))}
    if counts["columns"]:
        return counts  # the other rules name columns that may not be there
    if contract.key:  # unique; a NULL in a key column counts as a value (required columns catch NULLs)
        counts["key"] = con.execute(
            "SELECT count(*) - count(DISTINCT struct_pack(" + ", ".join(contract.key) + ")) FROM " + target
        ).fetchone()[0]
    required = [c.name for c in contract.columns if c.required]
    if required:
        counts["required"] = con.execute(
            "SELECT count(*) FROM " + target + " WHERE " + " OR ".join(f"{c} IS NULL" for c in required)).fetchone()[0]
    valued = [c for c in contract.columns if c.values]
    if valued:
        condition = " OR ".join(f"({c.name} IS NOT NULL AND NOT list_contains(${c.name}, {c.name}))" for c in valued)
        counts["values"] = con.execute("SELECT count(*) FROM " + target + " WHERE " + condition,
                                       {c.name: list(c.values) for c in valued}).fetchone()[0]
    return counts


def run_checks(con: duckdb.DuckDBPyConnection, contract: Contract) -> dict[str, int]:
    """{rule: violating rows} for every rule of the table's contract; all zero = the table keeps its contract."""
    results = contract_violations(con, contract)
    for check in contract.checks:
        results[check.name] = int(con.execute(check.sql).fetchone()[0])
    return results


def _literal(text: str) -> str:
    """A SQL string literal of contract text (COMMENT ON takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def comment_statements(contract: Contract, database: str | None = None) -> list[str]:
    """`COMMENT ON` statements that put the contract's meanings into the DuckDB catalogue (duckdb_columns())."""
    target = ".".join(part for part in (database, contract.schema, contract.table) if part)
    statements = ["COMMENT ON TABLE " + target + " IS " + _literal(f"{contract.title}. {contract.description}")]
    statements += ["COMMENT ON COLUMN " + target + "." + c.name + " IS " + _literal(c.description)
                   for c in contract.columns]
    return statements


def apply_comments(con: duckdb.DuckDBPyConnection, contract: Contract, database: str | None = None) -> None:
    for statement in comment_statements(contract, database):
        con.execute(statement)
