"""Published reference figures (`raw/reference/reference_figures.csv`), each row with its URL and source role.

Publisher and producer come from the source registry (`raw/registry/reference_sources.csv`): a third-party page
citing BLS is published by the site but produced by BLS. A row whose organisation is not in the registry, or
whose value cannot be read, is quarantined with its line number.
"""

from __future__ import annotations

import csv
import fnmatch
import logging
import re
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.extract.periods import parse_period
from pipeline.extract.precision import implied_rounding_unit
from pipeline.provenance import read_sidecar
from pipeline.staging import Loaded
from pipeline.staging.quarantine import LocatedRow, Validated, replace_quarantine, validate_rows

log = logging.getLogger(__name__)
SOURCE = "reference_figures"
RAW_INPUTS = ("reference", "registry")
TABLES = ("staging.reference_figures", "staging.quarantine")
BOUND_VALUE = re.compile(r"^\s*([<>])\s*([0-9][0-9,]*\.?[0-9]*)\s*$")
INDUSTRY_NOTE = r"industry=([^;]+)"
RATIO_VALUE = re.compile(r"^\s*(\d+)\s+in\s+(\d+)\s*$", re.IGNORECASE)
SOC_CODE = re.compile(r"\b\d{2}-\d{4}\b")


EVIDENCE_ROLES = ["primary", "secondary_citation", "secondary_report"]


class ReferenceFigureRow(LocatedRow):
    """One published figure from `raw/reference/reference_figures.csv`."""

    source_org: Series[str] = pa.Field(str_length={"min_value": 1})
    source_role: Series[str] = pa.Field(isin=EVIDENCE_ROLES)
    url: Series[str] = pa.Field(str_matches=r"^https?://")
    measure: Series[str] = pa.Field(nullable=False)
    value: Series[float] = pa.Field(nullable=False)
    value_raw: Series[str] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    reference_period: Series[str] = pa.Field(str_length={"min_value": 1})
    publisher_id: Series[str] = pa.Field(nullable=False)
    producer_id: Series[str] = pa.Field(nullable=False)

    class Config:
        strict = False



def parse_reference_value(text: str) -> tuple[float | None, str]:
    """(value, qualifier) for `12.5`, `<2` (upper bound), `>8000` (lower bound), `8 in 10` (0.8)."""
    cleaned = text.replace(",", "").strip()
    try:
        return float(cleaned), "exact"
    except ValueError:
        pass
    if match := BOUND_VALUE.match(text):
        return float(match.group(2).replace(",", "")), "upper_bound" if match.group(1) == "<" else "lower_bound"
    if match := RATIO_VALUE.match(text):
        return int(match.group(1)) / int(match.group(2)), "exact"
    return None, "exact"


def soc_code_of(written: str | None) -> str | None:
    """The SOC code(s) in a code as a page writes it: `29-2072/29-9021 (hybrid, see note)` -> `29-2072/29-9021`."""
    codes = SOC_CODE.findall(written or "")
    return "/".join(codes) or None


def read_source_map(registry_dir: Path) -> list[dict[str, str]]:
    with (registry_dir / "reference_sources.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def resolve_source(source_map: list[dict[str, str]], source_org: str, measure: str) -> tuple[str | None, str | None]:
    """(publisher_id, producer_id) of the first registry row matching the organisation and the measure."""
    for row in source_map:
        if row["source_org"] == source_org and any(
            fnmatch.fnmatch(measure, pattern) for pattern in row["measure_pattern"].split("|")
        ):
            return row["publisher_id"], row["producer_id"]
    return None, None


def read_reference(csv_path: Path, registry_dir: Path, raw_root: Path) -> tuple[Validated, str]:
    sha = read_sidecar(csv_path)["sha256"]
    rel = str(csv_path.relative_to(raw_root))
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    frame = frame.replace({"": None})
    frame.insert(0, "source_line", range(2, len(frame) + 2))
    frame.insert(0, "source_file", rel)
    parsed = frame["value"].fillna("").map(parse_reference_value)
    frame["value_raw"] = frame["value"]
    frame["value"] = [value for value, _ in parsed]
    frame["qualifier"] = [qualifier for _, qualifier in parsed]
    frame["rounding_unit"] = [implied_rounding_unit(raw) for raw in frame["value_raw"]]
    periods = [parse_period(label) for label in frame["reference_period"]]
    frame["period_start"] = [p.start for p in periods]
    frame["period_end"] = [p.end for p in periods]
    frame["period_inferred"] = [p.inferred for p in periods]
    frame["soc_code_raw"] = frame["soc_code"]
    frame["soc_code"] = frame["soc_code_raw"].map(soc_code_of)
    frame["industry"] = frame["note"].fillna("").str.extract(INDUSTRY_NOTE, expand=False)
    source_map = read_source_map(registry_dir)
    resolved = [resolve_source(source_map, org or "", measure or "")
                for org, measure in zip(frame["source_org"], frame["measure"], strict=True)]
    frame["publisher_id"] = [publisher for publisher, _ in resolved]
    frame["producer_id"] = [producer for _, producer in resolved]
    return validate_rows(frame, ReferenceFigureRow, source=SOURCE), sha


def load_reference(con: duckdb.DuckDBPyConnection, csv_path: Path, registry_dir: Path, raw_root: Path) -> Validated:
    """(Re)build `staging.reference_figures`."""
    checked, sha = read_reference(csv_path, registry_dir, raw_root)
    figures = checked.valid.assign(snapshot_sha256=sha)
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.register("reference_frame", figures)
    con.execute("CREATE OR REPLACE TABLE staging.reference_figures AS SELECT * FROM reference_frame"
                " ORDER BY source_line")
    con.unregister("reference_frame")
    replace_quarantine(con, SOURCE, checked.quarantined)
    log.info("reference figures: %d rows from %s, %d quarantined", len(figures), csv_path, len(checked.quarantined))
    return checked


def load(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Loaded:
    checked = load_reference(con, raw_dir / "reference" / "reference_figures.csv", raw_dir / "registry", raw_dir)
    return Loaded(rows=len(checked.valid), quarantined=len(checked.quarantined),
                  summary=f"{len(checked.valid)} reference figures")
