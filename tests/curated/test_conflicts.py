"""curated.conflicts: what disagrees, what only looks alike, and the figure to use."""

from __future__ import annotations

import duckdb


def test_ai_adoption_conflict_is_not_comparable_and_picks_no_figure(reader: duckdb.DuckDBPyConnection) -> None:
    comparability, fields, recommended = reader.execute(
        "SELECT comparability, differing_fields, recommended_value FROM curated.conflicts "
        "WHERE conflict_id = 'conflict:healthcare_organisations:ai_adoption'").fetchone()
    assert comparability == "not_comparable"
    assert {"universe", "activity"} <= set(fields)
    assert recommended is None


def test_openings_and_positions_added_are_different_measures(reader: duckdb.DuckDBPyConnection) -> None:
    rows = dict(reader.execute(
        "SELECT value, measure FROM curated.observations WHERE kind = 'claim' AND value IN (14200, 13800)").fetchall())
    assert rows == {14200: "annual_openings", 13800: "employment_change"}
    shared = reader.execute(
        "SELECT count(*) FROM curated.conflicts "
        "WHERE list_contains(observation_ids, ?) AND list_contains(observation_ids, ?)",
        [*reader.execute("SELECT list(observation_id ORDER BY value) FROM curated.observations "
                         "WHERE kind = 'claim' AND value IN (14200, 13800)").fetchone()[0]],
    ).fetchone()[0]
    assert shared == 0


def test_employment_conflict_recommends_oews(reader: duckdb.DuckDBPyConnection) -> None:
    recommended, rule = reader.execute(
        "SELECT recommended_value, recommendation_rule FROM curated.conflicts "
        "WHERE conflict_id = 'conflict:medical_coding_workforce:employment'").fetchone()
    assert recommended == 194720
    assert "authority rank 1" in rule
