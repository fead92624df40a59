"""A ruling's whole life: recorded, applied, reopened when its evidence changes, logged; bad rulings are errors."""

from __future__ import annotations

import csv

import dagster as dg
import duckdb

from pipeline.curated.evidence import evidence_hash
from pipeline.settings import Paths
from tests.conftest import materialize_all

EMPLOYMENT = "conflict:medical_coding_workforce:employment"
EP_BASE_2024 = "SELECT observation_id FROM curated.observations WHERE producer_id = 'bls_ep' AND value = 194800"


def add_ruling(paths: Paths, **fields: str) -> None:
    path = paths.raw_dir / "rulings" / "rulings.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, fieldnames=header).writerow(fields)


def published(paths: Paths) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(paths.published_db), read_only=True)


def test_ruling_is_applied_then_reopened_when_evidence_changes_and_logged(warm_paths: Paths) -> None:
    with published(warm_paths) as con:
        bound_to = evidence_hash(con, EMPLOYMENT)
        ep_base = con.execute(EP_BASE_2024).fetchone()[0]
        policy_pick = con.execute("SELECT recommended_value FROM curated.conflicts WHERE conflict_id = ?",
                                  [EMPLOYMENT]).fetchone()[0]
    assert policy_pick == 194720

    add_ruling(warm_paths, ruling_id="R-1", decided_on="2026-11-20", reviewer="Editor A", action="accept_figure",
               conflict_id=EMPLOYMENT, observation_id=ep_base, source_id="",
               reason="Readers ask about all coders, self-employed included", evidence_hash=bound_to)
    assert materialize_all(warm_paths).success
    with published(warm_paths) as con:
        status, = con.execute("SELECT status FROM curated.rulings WHERE ruling_id = 'R-1'").fetchone()
        value, rule, ruling_status = con.execute(
            "SELECT recommended_value, recommendation_rule, ruling_status FROM curated.conflicts WHERE conflict_id = ?",
            [EMPLOYMENT]).fetchone()
        log = con.execute("SELECT status FROM curated.decision_log WHERE ruling_id = 'R-1'").fetchall()
    assert (status, value, ruling_status) == ("applied", 194800, "applied")
    assert "editorial ruling R-1" in rule
    assert log == [("applied",)]

    # New evidence: an article adds another employment figure to the conflict.
    (warm_paths.raw_dir / "articles" / "new_story.txt").write_text(
        "About 190,000 medical coders work in the United States, according to the BLS.\n", encoding="utf-8")
    assert materialize_all(warm_paths).success
    with published(warm_paths) as con:
        status, = con.execute("SELECT status FROM curated.rulings WHERE ruling_id = 'R-1'").fetchone()
        value, ruling_status = con.execute(
            "SELECT recommended_value, ruling_status FROM curated.conflicts WHERE conflict_id = ?",
            [EMPLOYMENT]).fetchone()
        log = con.execute(
            "SELECT status FROM curated.decision_log WHERE ruling_id = 'R-1' ORDER BY logged_at").fetchall()
        assert evidence_hash(con, EMPLOYMENT) != bound_to
    assert (status, ruling_status) == ("reopened", "reopened")
    assert value == 194720  # not applied blindly: back to the authority policy
    assert log == [("applied",), ("reopened",)]

    # Re-running with nothing changed appends nothing.
    assert materialize_all(warm_paths).success
    with published(warm_paths) as con:
        assert con.execute("SELECT count(*) FROM curated.decision_log").fetchone()[0] == 2


def test_ruling_naming_an_unknown_conflict_is_a_clear_error(warm_paths: Paths) -> None:
    add_ruling(warm_paths, ruling_id="R-9", decided_on="2026-11-20", reviewer="Editor B",
               action="mark_not_comparable", conflict_id="conflict:no_such:thing", observation_id="", source_id="",
               reason="typo", evidence_hash="0" * 64)
    result = materialize_all(warm_paths)
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE)
    message = failure.step_failure_data.error.cause.message if failure.step_failure_data.error.cause else ""
    message += failure.step_failure_data.error.message
    assert "rulings/rulings.csv, line 2, field conflict_id" in message
    assert "conflict:no_such:thing" in message
    with published(warm_paths) as con:  # the release published before is still the one readers see
        assert con.execute("SELECT count(*) FROM curated.rulings").fetchone()[0] == 0


def test_malformed_ruling_is_quarantined(warm_paths: Paths) -> None:
    add_ruling(warm_paths, ruling_id="R-5", decided_on="last tuesday", reviewer="Editor C", action="overrule",
               conflict_id=EMPLOYMENT, observation_id="", source_id="", reason="x", evidence_hash="abc")
    assert materialize_all(warm_paths).success
    with published(warm_paths) as con:
        fields = {row[0] for row in con.execute(
            "SELECT field FROM curated.quarantine WHERE source = 'rulings' AND line = 2").fetchall()}
        assert con.execute("SELECT count(*) FROM curated.rulings").fetchone()[0] == 0
    assert {"decided_on", "action", "evidence_hash"} <= fields
