"""`python -m pipeline.curated.evidence evidence <conflict_id | observation_id>`: the evidence hash to cite in a ruling.

Reads the published warehouse (read-only), so editors can run it while the pipeline runs.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

from pipeline.settings import paths_from_env

EVIDENCE_SQL = "SELECT target_kind, evidence_hash FROM curated.evidence WHERE target_id = ?"


def evidence_hash(con: duckdb.DuckDBPyConnection, target_id: str) -> str | None:
    row = con.execute(EVIDENCE_SQL, [target_id]).fetchone()
    return row[1] if row else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.curated.evidence", description=__doc__)
    parser.add_argument("command", choices=["evidence"])
    parser.add_argument("target_id", help="a conflict_id or an observation_id")
    args = parser.parse_args(argv)
    published = paths_from_env().published_db
    if not published.exists():
        print(f"no published warehouse at {published}; run `make run` first", file=sys.stderr)
        return 1
    with duckdb.connect(str(published), read_only=True) as con:
        found = evidence_hash(con, args.target_id)
    if found is None:
        print(f"unknown conflict or observation: {args.target_id}", file=sys.stderr)
        return 1
    print(found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
