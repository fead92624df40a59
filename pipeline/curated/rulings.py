"""A ruling that names a conflict, observation or source the warehouse does not have stops the run.

`rulings.sql` marks such a ruling `invalid` with the field at fault; this turns those rows into one error that
names the rulings file, line and field, so the editor can fix the line.
"""

from __future__ import annotations

import duckdb

RULINGS_FILE = "rulings/rulings.csv"
INVALID_RULINGS = """
    SELECT ruling_id, source_line, invalid_field,
           CASE invalid_field WHEN 'conflict_id' THEN conflict_id WHEN 'source_id' THEN source_id
                ELSE observation_id END
    FROM curated.rulings WHERE status = 'invalid' ORDER BY source_line
"""


class RulingError(ValueError):
    """A ruling that names a conflict, observation or source the warehouse does not have."""


def raise_on_invalid_rulings(con: duckdb.DuckDBPyConnection) -> None:
    invalid = con.execute(INVALID_RULINGS).fetchall()
    if invalid:
        raise RulingError("; ".join(
            f"{RULINGS_FILE}, line {line}, field {field}: ruling {ruling_id} names unknown {field} '{value}'"
            for ruling_id, line, field, value in invalid))
