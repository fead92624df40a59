"""Recording a ruling from the desk: build the row, validate it exactly as the pipeline does, append it atomically.

Validation is the pipeline's own, run on the rulings file as it would be after the append:
1. `pipeline.staging.rulings.read_rulings` (the Pandera row model `RulingRow`: ids, dates, actions, the fields
   each action needs, the evidence hash's form);
2. the curated checks: `load_rulings` and the statements of `pipeline/curated/rulings.sql` (which mark a ruling
   naming an unknown conflict, observation or source `invalid`), then the pipeline's own query for such rulings
   (`pipeline.curated.rulings.INVALID_RULINGS`), on the writer database inside a transaction that is always rolled
   back, so nothing in the warehouse changes.
Only a ruling that passes both is appended; a refused one leaves `rulings.csv` byte for byte as it was.
The desk binds the evidence hash itself (`curated.evidence`), and refuses when it moved since the editor looked.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from pipeline.curated import tables
from pipeline.curated.rulings import INVALID_RULINGS
from pipeline.provenance import atomic_write_bytes
from pipeline.sqlfiles import run_script
from pipeline.staging.rulings import COLUMNS, RULINGS_FILE, load_rulings, read_rulings

RULING_ID = re.compile(r"^R-(\d{4})-(\d+)$")
CONFLICT_ACTIONS = ("accept_figure", "prefer_source", "mark_not_comparable")
CLAIM_ACTIONS = ("reject_claim",)
# Pandera rule names in words an editor can act on.
RULE_WORDS = {"not_nullable": "is required", "str_length": "is required", "isin": "is not one of the allowed values",
              "str_matches": "is not in the expected form", "field_uniqueness": "is already used"}
EVIDENCE_SQL = "SELECT evidence_hash FROM curated.evidence WHERE target_id = ?"


class RulingRefused(ValueError):
    """A ruling the pipeline would not accept; `reasons` say why in an editor's words. Nothing was written."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class RulingRequest:
    """What the editor chose on the form (the desk adds the id, the date and the evidence hash)."""

    action: str
    target_id: str
    reviewer: str
    reason: str
    observation_id: str | None = None
    source_id: str | None = None
    seen_evidence_hash: str | None = None
    """The hash shown on the page the editor decided on; a different current hash means the evidence moved."""


@dataclass
class RecordedRuling:
    ruling_id: str
    line: int
    row: dict[str, str] = field(default_factory=dict)


def one_line(text: str | None) -> str:
    """Form text on one line: a rulings file row must stay one line (the pipeline numbers rows by line)."""
    return " ".join(str(text or "").split())


def next_ruling_id(existing: list[str], today: date) -> str:
    """`R-<year>-<n>`: one more than the highest number used this year (three digits, more when needed)."""
    numbers = [int(m.group(2)) for rid in existing if (m := RULING_ID.match(rid)) and int(m.group(1)) == today.year]
    return f"R-{today.year}-{(max(numbers, default=0) + 1):03d}"


def current_evidence(con: duckdb.DuckDBPyConnection, target_id: str) -> str | None:
    row = con.execute(EVIDENCE_SQL, [target_id]).fetchone()
    return row[0] if row else None


def build_row(request: RulingRequest, ruling_id: str, today: date, evidence_hash: str | None) -> dict[str, str]:
    """The CSV row: conflict actions name the conflict; `reject_claim` names the claim as its observation."""
    is_claim = request.action in CLAIM_ACTIONS
    observation = request.target_id if is_claim else (request.observation_id or "")
    return {
        "ruling_id": ruling_id, "decided_on": today.isoformat(), "reviewer": one_line(request.reviewer),
        "action": one_line(request.action), "conflict_id": "" if is_claim else one_line(request.target_id),
        "observation_id": one_line(observation) if request.action in ("accept_figure", "reject_claim") else "",
        "source_id": one_line(request.source_id) if request.action == "prefer_source" else "",
        "reason": one_line(request.reason), "evidence_hash": evidence_hash or "",
    }


def with_row(existing: bytes, row: dict[str, str]) -> bytes:
    """The file's bytes with `row` appended as one CSV line, existing bytes untouched."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row[c] for c in COLUMNS])
    prefix = existing if not existing or existing.endswith(b"\n") else existing + b"\n"
    return prefix + buffer.getvalue().encode("utf-8")


def _model_reasons(candidate: Path, raw_root: Path, line: int) -> list[str]:
    """The Pandera model's failures for the new line, in words."""
    quarantined = read_rulings(candidate, raw_root).quarantined
    reasons = []
    for case in quarantined[quarantined["line"] == line].itertuples():
        rule = str(case.rule)
        if ": " in rule:  # a dataframe check names its field and says what it requires
            reasons.append(rule)
        else:
            words = next((w for name, w in RULE_WORDS.items() if rule.startswith(name)), f"fails {rule}")
            reasons.append(f"{case.field}: {words}")
    return reasons


def _curated_reasons(con: duckdb.DuckDBPyConnection, candidate: Path, raw_root: Path, line: int) -> list[str]:
    """The curated checks for the new line, run as the pipeline runs them but never kept.

    Inside one transaction that is always rolled back: `load_rulings` (staging), the statements of
    `pipeline/curated/rulings.sql` (which mark a ruling naming something unknown `invalid`), and the query the
    pipeline stops the run with (`INVALID_RULINGS`), read for the new line.
    """
    table = tables.tables()["curated.rulings"]
    con.execute("BEGIN TRANSACTION")
    try:
        load_rulings(con, candidate, raw_root)
        run_script(con, table.sql_path)
        invalid = con.execute(INVALID_RULINGS).fetchall()
    finally:
        con.execute("ROLLBACK")
    return [f"{field}: names unknown {field} '{value}'" + (" (not one of this conflict's figures)"
                                                            if field == "observation_id" else "")
            for _ruling, at, field, value in invalid if at == line]


def validate_and_append(con: duckdb.DuckDBPyConnection, raw_dir: Path, request: RulingRequest,
                        today: date | None = None) -> RecordedRuling:
    """Validate the ruling as the pipeline would and append it to `raw/rulings/rulings.csv`; raise RulingRefused.

    `con` is a read-write connection to the writer database (the curated checks run in a rolled-back transaction).
    The caller serialises calls (the desk holds its lock), so the file cannot change between read and replace.
    """
    today = today or date.today()
    path = raw_dir / RULINGS_FILE
    existing = path.read_bytes() if path.exists() else (",".join(COLUMNS) + "\n").encode()
    allowed = CLAIM_ACTIONS if request.target_id.startswith("claim:") else CONFLICT_ACTIONS
    if request.action not in allowed:
        raise RulingRefused([f"action: '{request.action}' is not an action for this "
                             f"{'claim' if allowed == CLAIM_ACTIONS else 'conflict'} "
                             f"(allowed: {', '.join(allowed)})"])
    evidence = current_evidence(con, request.target_id)
    if evidence is None:
        raise RulingRefused([f"{request.target_id}: not a conflict or claim of the current warehouse"])
    if request.seen_evidence_hash and request.seen_evidence_hash != evidence:
        raise RulingRefused(["evidence_hash: the figures changed since this page was opened (a new run or "
                             "release); review them again before deciding"])
    rows = list(csv.DictReader(io.StringIO(existing.decode("utf-8"))))
    ruling_id = next_ruling_id([r.get("ruling_id") or "" for r in rows], today)
    row = build_row(request, ruling_id, today, evidence)
    line = len(rows) + 2
    candidate_bytes = with_row(existing, row)
    with tempfile.TemporaryDirectory(prefix="desk-ruling-") as tmp:
        root = Path(tmp)
        candidate = root / RULINGS_FILE
        candidate.parent.mkdir(parents=True)
        candidate.write_bytes(candidate_bytes)
        reasons = _model_reasons(candidate, root, line)
        if not reasons:
            reasons = _curated_reasons(con, candidate, root, line)
    if reasons:
        raise RulingRefused(reasons)
    if (path.read_bytes() if path.exists() else existing) != existing:
        raise RulingRefused(["rulings.csv changed while this ruling was checked; save it again"])
    atomic_write_bytes(path, candidate_bytes)
    return RecordedRuling(ruling_id, line, row)
