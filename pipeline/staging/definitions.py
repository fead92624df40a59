"""Definitions and the source registry: the data files that say what measures, subjects and sources mean.

They live in `raw/definitions/` and `raw/registry/` as CSV so an analyst extends them without touching code, and
every one has a contract here (`DEFINITION_FILES`): its columns, what each may hold (a number, a date, one of a
list, a lower_snake_case key), its key, and the other files its values must be found in. A file that breaks its
contract stops the run before anything is built, naming the file, line, field and reason: a silent mistake here
(an unknown measure, a duplicate caveat, `2.5%` where a number is expected) would change every verdict.

The checked frames become the `staging.*` tables (all text, one per file), listed in `staging.definitions`.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa

from pipeline.staging import Loaded
from pipeline.staging.quarantine import ContractError

log = logging.getLogger(__name__)

NUMBER = r"^-?\d+(\.\d+)?$"
KEY = r"^[a-z0-9_]+$"
SOC = r"^\d{2}-\d{4}$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
MEASURE_KINDS = ["level", "projection"]
SOURCE_ROLES = ["producer", "publisher", "article"]
EVIDENCE_ROLES = ["primary", "secondary_citation", "secondary_report"]
PUBLISH_LABELS = ["publish", "publish_with_caveat", "do_not_publish"]
QUALIFIERS = ["exact", "approx", "lower_bound", "upper_bound", "range"]
SOC_VERSIONS = ["2010", "2018", "hybrid"]
ANCHORS = ["period_start", "period_end"]
FOCUS_ROLES = ["occupation", "all_occupations"]
MAX_ERRORS = 10  # a broken file lists this many problems, then says how many more


def text(pattern: str | None = None, *, allowed: list[str] | None = None, nullable: bool = False,
         what: str = "") -> pa.Column:
    """A text column; optionally matching `pattern` or one of `allowed` (the reason names what was expected)."""
    checks = []
    if pattern:
        checks.append(pa.Check.str_matches(pattern, error=what or f"matches {pattern}"))
    if allowed:
        checks.append(pa.Check.isin(allowed, error=f"one of {', '.join(allowed)}"))
    return pa.Column(str, checks=checks, nullable=nullable)


def number(nullable: bool = False) -> pa.Column:
    return text(NUMBER, nullable=nullable, what="a plain number (no %, no thousands separator)")


@dataclass(frozen=True)
class Reference:
    """Every value of `column` (each `|`-separated part when `many`) must be a `target_column` of `target`."""

    column: str
    target: str
    target_column: str
    many: bool = False
    wildcard: bool = False
    """`*` (any) is allowed besides the target's values."""


@dataclass(frozen=True)
class DefinitionFile:
    path: str
    """Relative to raw/."""
    schema: pa.DataFrameSchema
    references: tuple[Reference, ...] = ()

    @property
    def key(self) -> list[str]:
        return list(self.schema.metadata["key"])


def schema(columns: dict[str, pa.Column], key: list[str]) -> pa.DataFrameSchema:
    """Columns must all be there (others are allowed: notes); `key` names a row (checked unique on reading)."""
    return pa.DataFrameSchema(columns, strict=False, metadata={"key": key})


# Loaded (and checked) in this order: a file is checked against the ones it references, which come earlier.
DEFINITION_FILES: dict[str, DefinitionFile] = {
    "source_kinds": DefinitionFile("registry/source_kinds.csv", schema(
        {"kind": text(KEY, what="a lower_snake_case key"), "role": text(allowed=SOURCE_ROLES)}, ["kind"])),
    "source_registry": DefinitionFile("registry/sources.csv", schema(
        {"source_id": text(KEY, what="a lower_snake_case key"), "organisation": text(), "kind": text(),
         "method": text(), "universe": text(nullable=True), "url": text(nullable=True)}, ["source_id"]),
        (Reference("kind", "source_kinds", "kind"),)),
    "measures": DefinitionFile("definitions/measures.csv", schema(
        {"measure": text(KEY, what="a lower_snake_case key"), "family": text(KEY, what="a lower_snake_case key"),
         "statistic": text(), "unit": text(), "kind": text(allowed=MEASURE_KINDS),
         "base_measure": text(nullable=True)}, ["measure"]),
        (Reference("base_measure", "measures", "measure"),)),
    "measure_aliases": DefinitionFile("definitions/measure_aliases.csv", schema(
        {"alias": text(), "measure": text(), "activity": text(nullable=True)}, ["alias"]),
        (Reference("measure", "measures", "measure"),)),
    "unit_aliases": DefinitionFile("definitions/unit_aliases.csv", schema(
        {"alias": text(), "unit": text()}, ["alias"])),
    "subjects": DefinitionFile("definitions/subjects.csv", schema(
        {"subject": text(KEY, what="a lower_snake_case key"), "label": text(), "kind": text(),
         "soc_code": text(r"^\d{2}-\d{4}(/\d{2}-\d{4})*$", nullable=True, what="a SOC code like 29-2072"),
         "soc_version": text(allowed=SOC_VERSIONS, nullable=True), "phrases": text(nullable=True)}, ["subject"])),
    "subject_topics": DefinitionFile("definitions/subject_topics.csv", schema(
        {"subject": text(), "topic": text(KEY, what="a lower_snake_case key")}, ["subject"]),
        (Reference("subject", "subjects", "subject"),)),
    "oews_measures": DefinitionFile("definitions/oews_datatypes.csv", schema(
        {"datatype_code": text(r"^(0[1-9]|1[0-7])$", what="an OEWS datatype code 01-17"), "measure": text(),
         "rse_datatype_code": text(r"^\d{2}$", nullable=True, what="an OEWS datatype code"),
         "rounding_unit": number()}, ["datatype_code"]),
        (Reference("measure", "measures", "measure"),
         Reference("rse_datatype_code", "oews_measures", "datatype_code"))),
    "qualifier_precision": DefinitionFile("definitions/qualifier_precision.csv", schema(
        {"qualifier": text(allowed=QUALIFIERS), "word": text(nullable=True),
         "low_tolerance_pct": number(nullable=True), "high_tolerance_pct": number(nullable=True)},
        ["qualifier", "word"])),
    "soc_crosswalk": DefinitionFile("definitions/soc_crosswalk.csv", schema(
        {"soc_2010": text(SOC, what="a SOC code like 29-2071"),
         "soc_2018_parts": text(r"^\d{2}-\d{4}(\|\d{2}-\d{4})+$", what="SOC codes separated by |"),
         "soc_2018_in_use_from": text(DATE, what="a date YYYY-MM-DD")}, ["soc_2010"])),
    "measure_transforms": DefinitionFile("definitions/transforms.csv", schema(
        {"from_measure": text(), "to_measure": text(), "factor": number(), "transform": text()},
        ["from_measure", "to_measure"]),
        (Reference("from_measure", "measures", "measure"), Reference("to_measure", "measures", "measure"))),
    "authority_policy": DefinitionFile("registry/authority_policy.csv", schema(
        {"rank": text(r"^\d+$", what="a whole number"), "producer_kind": text(),
         "evidence_role": text(allowed=EVIDENCE_ROLES), "rule": text()}, ["producer_kind", "evidence_role"]),
        (Reference("producer_kind", "source_kinds", "kind", wildcard=True),)),
    "attributions": DefinitionFile("registry/attributions.csv", schema(
        {"attributed_source": text(), "producer_ids": text()}, ["attributed_source"]),
        (Reference("producer_ids", "source_registry", "source_id", many=True),)),
    "caveats": DefinitionFile("definitions/caveats.csv", schema(
        {"producer_id": text(nullable=True), "soc_version": text(allowed=SOC_VERSIONS, nullable=True),
         "publish_label": text(allowed=PUBLISH_LABELS), "caveat": text()}, ["producer_id", "soc_version"]),
        (Reference("producer_id", "source_registry", "source_id"),)),
    "release_calendar": DefinitionFile("definitions/release_calendar.csv", schema(
        {"producer_id": text(), "measure_kind": text(allowed=[*MEASURE_KINDS, "*"]),
         "anchor": text(allowed=ANCHORS), "lag_months": text(r"^\d+$", what="a whole number of months"),
         "cadence_months": text(r"^\d+$", nullable=True, what="a whole number of months")},
        ["producer_id", "measure_kind"]),
        (Reference("producer_id", "source_registry", "source_id", wildcard=True),)),
    "focus_occupations": DefinitionFile("definitions/focus_occupations.csv", schema(
        {"soc_code": text(SOC, what="a SOC code like 29-2072"), "occupation": text(),
         "role": text(allowed=FOCUS_ROLES)}, ["soc_code"])),
    "organisations": DefinitionFile("definitions/organisations.csv", schema(
        {"organisation": text(), "aliases": text(), "domains": text(nullable=True)}, ["organisation"])),
    "reference_sources": DefinitionFile("registry/reference_sources.csv", schema(
        {"source_org": text(), "measure_pattern": text(), "publisher_id": text(), "producer_id": text()},
        ["source_org", "measure_pattern"]),
        (Reference("publisher_id", "source_registry", "source_id"),
         Reference("producer_id", "source_registry", "source_id"))),
}
RAW_INPUTS = ("definitions", "registry")
TABLES = ("staging.definitions", *(f"staging.{name}" for name in DEFINITION_FILES))


def read_csv_strictly(path: Path) -> list[list[str]]:
    """The rows of a UTF-8 CSV file (a byte-order mark is dropped); a quote never closed is an error naming the line
    it was opened on, not a field that swallows the rest of the file."""
    rows: list[list[str]] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            while True:
                starts_on = reader.line_num + 1
                try:
                    rows.append(next(reader))
                except StopIteration:
                    return rows
                except csv.Error as exc:
                    raise ContractError(f"{path}, line {starts_on}: not valid CSV ({exc}): a quote opened on this "
                                        "line is never closed?") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError(f"{path}: cannot be read as a UTF-8 text file: {exc}") from exc


def read_definition(raw_dir: Path, name: str) -> pd.DataFrame:
    """One definitions file, parsed strictly (a row with too many fields or an unclosed quote is an error) and
    checked against its contract; raises ContractError naming the file, line and field."""
    spec = DEFINITION_FILES[name]
    path = raw_dir / spec.path
    rows = read_csv_strictly(path)
    if not rows:
        raise ContractError(f"{path}: empty; it needs a header line naming {', '.join(spec.schema.columns)}")
    header, body = rows[0], rows[1:]
    if missing := [c for c in spec.schema.columns if c not in header]:
        raise ContractError(f"{path}, line 1: the header lacks column(s) {', '.join(missing)} "
                            f"(it has {', '.join(header)})")
    for line, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise ContractError(f"{path}, line {line}: {len(row)} fields where the header has {len(header)} "
                                "(an unclosed quote or a stray comma?)")
    frame = pd.DataFrame(body, columns=header, dtype=object).replace({"": None})
    repeated = frame[frame.duplicated(spec.key, keep=False)]
    if not repeated.empty:
        lines = " and ".join(str(i + 2) for i in repeated.index[:MAX_ERRORS])
        value = ", ".join(str(v) for v in repeated.iloc[0][spec.key])
        raise ContractError(f"{path}, lines {lines}: the same {', '.join(spec.key)} ({value}) twice; each row "
                            "needs its own key")
    try:
        spec.schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise ContractError(_describe(path, err.failure_cases)) from err
    return frame


def _describe(path: Path, cases: pd.DataFrame) -> str:
    problems = []
    for case in cases.itertuples():
        line = f"line {int(case.index) + 2}, " if pd.notna(case.index) else ""
        field = f"field {case.column}" if isinstance(case.column, str) else "row"
        check = str(case.check)
        reason = "a value is required" if check == "not_nullable" else f"expected {check}"
        problems.append(f"{line}{field}: {reason} (value {case.failure_case!r})")
    more = f"; and {len(problems) - MAX_ERRORS} more" if len(problems) > MAX_ERRORS else ""
    return f"{path}: " + "; ".join(problems[:MAX_ERRORS]) + more


def check_references(raw_dir: Path, frames: dict[str, pd.DataFrame]) -> None:
    """Every reference between definitions files resolves: an unknown measure or source stops the run."""
    for name, spec in DEFINITION_FILES.items():
        for ref in spec.references:
            known = set(frames[ref.target][ref.target_column].dropna()) | ({"*"} if ref.wildcard else set())
            for line, value in zip(range(2, len(frames[name]) + 2), frames[name][ref.column], strict=True):
                for part in (value.split("|") if ref.many and value else [value]):
                    if part is not None and part not in known:
                        raise ContractError(
                            f"{raw_dir / spec.path}, line {line}, field {ref.column}: '{part}' is not a "
                            f"{ref.target_column} of {DEFINITION_FILES[ref.target].path}")


def read_definitions(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Every definitions and registry file, each checked against its contract and the files it references."""
    frames = {name: read_definition(raw_dir, name) for name in DEFINITION_FILES}
    check_references(raw_dir, frames)
    return frames


def load_definitions(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> dict[str, int]:
    """(Re)build one `staging.<name>` table per definitions file, all text, and `staging.definitions` listing them;
    nothing is written unless every file keeps its contract."""
    frames = read_definitions(raw_dir)
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.execute("BEGIN TRANSACTION")
    try:
        for name, frame in frames.items():  # names are the constant keys above, never file contents
            con.register("definition_frame", frame)
            columns = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in frame.columns)
            con.execute("CREATE OR REPLACE TABLE staging." + name + " AS SELECT " + columns + " FROM definition_frame")
            con.unregister("definition_frame")
        listing = pd.DataFrame({"table_name": [f"staging.{name}" for name in frames],
                                "file": [spec.path for spec in DEFINITION_FILES.values()],
                                "row_count": [len(frame) for frame in frames.values()]})
        con.register("definitions_listing", listing)
        con.execute("CREATE OR REPLACE TABLE staging.definitions AS SELECT table_name::VARCHAR AS table_name, "
                    "file::VARCHAR AS file, row_count::BIGINT AS row_count FROM definitions_listing")
        con.unregister("definitions_listing")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    counts = {name: len(frame) for name, frame in frames.items()}
    log.info("definitions: %s", counts)
    return counts


def load(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Loaded:
    counts = load_definitions(con, raw_dir)
    return Loaded(rows=sum(counts.values()), summary=f"{len(counts)} definition files from {raw_dir}")
