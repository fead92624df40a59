"""Staging: one module per raw source, each turning its files into typed, validated `staging.*` tables.

Every module has the same face, so the Dagster package wraps each in a few lines:
- `RAW_INPUTS`: what it reads, as paths under `raw/`;
- `TABLES`: the `staging.*` tables it writes (and its rows of `staging.quarantine`);
- `load(con, raw_dir) -> Loaded`: (re)build those tables; rows that break the source's contract go to
  `staging.quarantine` with file, line, field and rule; a file that cannot be read at all stops the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Loaded:
    """What a load did, for the log and the Dagster UI."""

    rows: int
    quarantined: int = 0
    summary: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)
