"""curated.comparisons: pairs of figures, comparable as they are, after a transform, or not at all."""

from __future__ import annotations

import duckdb


def test_soc_break_is_not_comparable_but_the_crosswalk_sum_is(reader: duckdb.DuckDBPyConnection) -> None:
    derived = reader.execute(
        "SELECT observation_id, value FROM curated.observations WHERE kind = 'derived' AND reference_period = "
        "'May 2025' AND measure = 'employment_count' AND geography = 'United States'").fetchone()
    assert derived[1] == 194720 + 38100
    may_2011 = reader.execute(
        "SELECT observation_id FROM curated.observations WHERE kind = 'reference' AND soc_code = '29-2071' "
        "AND measure = 'employment_count' AND reference_period = 'May 2011' AND industry IS NULL").fetchone()[0]
    oews_2025 = "oews:2025A01:OEUN000000000000029207201"
    pairs = {(a, b): (comp, fields) for a, b, comp, fields in reader.execute(
        "SELECT a_id, b_id, comparability, differing_fields FROM curated.comparisons").fetchall()}

    def pair(x: str, y: str) -> tuple[str, list[str]]:
        return pairs.get((x, y)) or pairs[(y, x)]

    comparability, fields = pair(may_2011, oews_2025)
    assert comparability == "not_comparable" and "occupation" in fields
    comparability, fields = pair(may_2011, derived[0])
    assert comparability == "comparable_after_transform" and "occupation" not in fields
