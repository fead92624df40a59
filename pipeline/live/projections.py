"""BLS Employment Projections: the occupational projections workbook the Occupational Outlook Handbook is built from.

Sheet "Table 1.2" (header on the second row) gives base and projected employment, change and median wage;
"Table 1.10" gives annual openings. Headers carry the cycle's years with an en dash ("Employment change, numeric,
2024–34"), so columns are found by pattern and the cycle is read from them. Employment, change and openings are
published in thousands and converted to persons here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from pipeline.live.client import LiveFetchError, build_session, download
from pipeline.live.config import LiveConfig
from pipeline.live.snapshot import previous_meta, publish, release_folders, staging_folder, write_meta
from pipeline.live.workbook import open_workbook

log = logging.getLogger(__name__)

SOURCE = "bls_ep"
URL_PATH = "/emp/ind-occ-matrix/occupation.xlsx"
FILE_NAME = "occupation.xlsx"
EMPLOYMENT_SHEET = "Table 1.2"
OPENINGS_SHEET = "Table 1.10"
THOUSANDS = 1000
HEADER_SEARCH_ROWS = 5
SOC_RE = re.compile(r"^\d{2}-\d{4}$")
TITLE_RE = re.compile(r"matrix title$|^occupation title", re.IGNORECASE)
CODE_RE = re.compile(r"matrix code$|^occupation code", re.IGNORECASE)
TYPE_RE = re.compile(r"^occupation type", re.IGNORECASE)
EMPLOYMENT_RE = re.compile(r"^employment,\s*(\d{4})$", re.IGNORECASE)
CHANGE_NUMBER_RE = re.compile(r"^employment change,\s*numeric", re.IGNORECASE)
CHANGE_PERCENT_RE = re.compile(r"^employment change,\s*percent", re.IGNORECASE)
WAGE_RE = re.compile(r"^median annual wage", re.IGNORECASE)
OPENINGS_RE = re.compile(r"^occupational openings.*annual average", re.IGNORECASE)
CYCLE_RE = re.compile(r"(\d{4})\s*[\u2013\u2014-]\s*(\d{2,4})")
COLUMNS = ["cycle", "soc_code", "title", "occupation_type", "base_year", "projected_year", "employment_base",
           "employment_projected", "change_number", "change_percent", "annual_openings", "median_annual_wage",
           "source_file", "source_line"]
CITATION = "U.S. Bureau of Labor Statistics, Employment Projections {cycle}, occupation.xlsx (Tables 1.2 and 1.10)."


@dataclass
class ProjectionsFetch:
    cycle: str
    status: str
    path: Path
    frame: pd.DataFrame


def _header(cell: Any) -> str:
    return " ".join(str(cell or "").split())


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value or "").replace(",", "").strip()
    try:
        return float(text)
    except ValueError:
        return None  # "—", ">=239,200" and other non-figures stay missing


def _persons(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else round(number * THOUSANDS)


def _table(workbook: Any, sheet_name: str) -> tuple[list[str], list[tuple[int, tuple]]]:
    """A sheet's header (found by its code column, normally the second row) and its numbered data rows."""
    if sheet_name not in workbook.sheetnames:
        raise LiveFetchError(f"{FILE_NAME}: no sheet {sheet_name!r} (sheets: {', '.join(workbook.sheetnames)})")
    rows = list(workbook[sheet_name].iter_rows(values_only=True))
    for at, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        header = [_header(cell) for cell in cells]
        if any(CODE_RE.search(name) for name in header):
            return header, [(at + 2 + i, r) for i, r in enumerate(rows[at + 1:])]
    raise LiveFetchError(f"{FILE_NAME} {sheet_name!r}: no header row with a matrix code column")


def _find(header: list[str], pattern: re.Pattern[str], sheet: str) -> int:
    for i, name in enumerate(header):
        if pattern.search(name):
            return i
    raise LiveFetchError(f"{FILE_NAME} {sheet!r}: no column matching {pattern.pattern!r}")


def parse_projections(data: bytes, source_file: str) -> pd.DataFrame:
    """One row per occupation of the workbook, employment figures in persons, the cycle read from the headers."""
    workbook = open_workbook(data, source_file or FILE_NAME)
    try:
        header, rows = _table(workbook, EMPLOYMENT_SHEET)
        open_header, open_rows = _table(workbook, OPENINGS_SHEET)
    finally:
        workbook.close()
    years = sorted((int(m.group(1)), i) for i, name in enumerate(header) if (m := EMPLOYMENT_RE.match(name)))
    if len(years) != 2:
        raise LiveFetchError(f"{FILE_NAME} {EMPLOYMENT_SHEET!r}: expected two 'Employment, YYYY' columns")
    (base_year, base_at), (projected_year, projected_at) = years
    change_header = header[_find(header, CHANGE_NUMBER_RE, EMPLOYMENT_SHEET)]
    cycle_match = CYCLE_RE.search(change_header)
    if not cycle_match or int(cycle_match.group(1)) != base_year:
        raise LiveFetchError(f"{FILE_NAME}: cannot read the cycle from {change_header!r}")
    cycle = f"{base_year}-{projected_year % 100:02d}"
    at = {name: _find(header, pattern, EMPLOYMENT_SHEET) for name, pattern in [
        ("title", TITLE_RE), ("code", CODE_RE), ("type", TYPE_RE), ("change_number", CHANGE_NUMBER_RE),
        ("change_percent", CHANGE_PERCENT_RE), ("wage", WAGE_RE)]}
    open_code, open_value = _find(open_header, CODE_RE, OPENINGS_SHEET), _find(open_header, OPENINGS_RE, OPENINGS_SHEET)
    openings = {str(r[open_code]).strip(): _persons(r[open_value]) for _, r in open_rows
                if len(r) > open_value and r[open_code] and SOC_RE.match(str(r[open_code]).strip())}
    records = []
    for line, cells in rows:
        code = str(cells[at["code"]] or "").strip() if len(cells) > at["code"] else ""
        if not SOC_RE.match(code):
            continue  # notes and blank lines under the table
        records.append({
            "cycle": cycle, "soc_code": code, "title": _header(cells[at["title"]]),
            "occupation_type": _header(cells[at["type"]]) or None, "base_year": base_year,
            "projected_year": projected_year, "employment_base": _persons(cells[base_at]),
            "employment_projected": _persons(cells[projected_at]),
            "change_number": _persons(cells[at["change_number"]]),
            "change_percent": _number(cells[at["change_percent"]]),
            "annual_openings": openings.get(code), "median_annual_wage": _number(cells[at["wage"]]),
            "source_file": source_file, "source_line": line,
        })
    if not records:
        raise LiveFetchError(f"{FILE_NAME} {EMPLOYMENT_SHEET!r}: no occupation rows")
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    int_columns = ["base_year", "projected_year", "employment_base", "employment_projected", "change_number",
                   "annual_openings", "source_line"]
    return frame.astype({name: "Int64" for name in int_columns})


def fetch_projections(config: LiveConfig, raw_root: Path, session: requests.Session | None = None) -> ProjectionsFetch:
    """Fetch the projections workbook into `raw/bls_ep/<cycle>/occupation.xlsx` (conditionally) and parse it."""
    session = session or build_session(config)
    source_root = raw_root / SOURCE
    url = config.www(URL_PATH)
    held = [p for p in release_folders(source_root) if (p / FILE_NAME).exists()]
    with staging_folder(source_root) as work:
        got = download(session, config, url, work / FILE_NAME,
                       previous=previous_meta(source_root, FILE_NAME, held[-1].name) if held else None)
        if got.not_modified:
            final = held[-1] / FILE_NAME
            frame = parse_projections(final.read_bytes(), str(final.relative_to(raw_root)))
            status = "unchanged"
        else:
            frame = parse_projections((work / FILE_NAME).read_bytes(), "")
            cycle = frame["cycle"].iloc[0]
            final = source_root / cycle / FILE_NAME
            frame["source_file"] = str(final.relative_to(raw_root))
            write_meta(work / FILE_NAME, url=url, citation=CITATION.format(cycle=cycle), etag=got.etag,
                       last_modified=got.last_modified, door="projections", cycle=cycle)
            status = publish(work, source_root, cycle)
    log.info("BLS projections %s: %s snapshot %s, %d occupations", frame["cycle"].iloc[0], status, final, len(frame))
    return ProjectionsFetch(frame["cycle"].iloc[0], status, final, frame)
