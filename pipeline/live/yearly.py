"""OEWS door 3: the yearly national files (`oesmYYnat.zip` -> `national_MYYYY_dl.xlsx`), history back to 2012.

Headers differ across years (`OCC_TITL`/`OCC_TITLE`, `LOC_Q`/`LOC_QUOTIENT`, `OCC_GROUP`/`O_GROUP`, lower case),
so columns are matched by name, never by position. Each row becomes up to 17 staging rows with a synthesized
national cross-industry series id. Special values stay as `value_raw` with a NULL value: `#` (top-coded wage,
footnote 5), `*`/`**` (not available, footnote 8), `~` (under 0.5 % of establishments reporting). Hybrid SOC
codes of May 2019 and May 2020 (e.g. 29-2098) are kept as they are.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from pipeline.live.client import LiveFetchError, build_session, download
from pipeline.live.config import LiveConfig
from pipeline.live.frames import row, series_id, to_frame
from pipeline.live.snapshot import previous_meta, publish, staging_folder, write_meta
from pipeline.live.workbook import open_workbook

log = logging.getLogger(__name__)

SOURCE = "bls_oews_yearly"
URL_PATH = "/oes/special-requests/oesm{yy}nat.zip"
ZIP_NAME = "oesm{yy}nat.zip"
MEMBER_RE = re.compile(r"national_M(\d{4})_dl\.(xlsx?)$", re.IGNORECASE)
SOC_RE = re.compile(r"^(\d{2})-(\d{4})$")
FIRST_YEAR = 2012
# Workbook column -> OEWS datatype code, as in `oe.datatype`.
COLUMN_DATATYPES = {
    "TOT_EMP": "01", "EMP_PRSE": "02", "H_MEAN": "03", "A_MEAN": "04", "MEAN_PRSE": "05",
    "H_PCT10": "06", "H_PCT25": "07", "H_MEDIAN": "08", "H_PCT75": "09", "H_PCT90": "10",
    "A_PCT10": "11", "A_PCT25": "12", "A_MEDIAN": "13", "A_PCT75": "14", "A_PCT90": "15",
    "JOBS_1000": "16", "LOC_QUOTIENT": "17",
}
HEADER_ALIASES = {"OCC_TITL": "OCC_TITLE", "LOC_Q": "LOC_QUOTIENT", "OCC_GROUP": "O_GROUP", "GROUP": "O_GROUP"}
SPECIAL_FOOTNOTES = {"#": "5", "*": "8", "**": "8", "~": None}
DETAILED = "detailed"
CITATION = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), May {year}, national."


@dataclass
class YearlyFetch:
    year: int
    status: str
    path: Path
    frame: pd.DataFrame


def zip_name(year: int) -> str:
    return ZIP_NAME.format(yy=f"{year % 100:02d}")


def workbook_member(archive: zipfile.ZipFile, year: int) -> str:
    """The `national_MYYYY_dl.xlsx` inside the zip (BLS nests it in a folder in some years)."""
    for name in archive.namelist():
        match = MEMBER_RE.search(name)
        if match and int(match.group(1)) == year:
            return name
    raise LiveFetchError(f"{zip_name(year)}: no national_M{year}_dl.xlsx inside ({', '.join(archive.namelist())})")


def verifier(year: int):
    def verify(path: Path) -> None:
        if not zipfile.is_zipfile(path):
            raise LiveFetchError(f"{zip_name(year)}: not a zip archive (an error page served with 200?)")
        with zipfile.ZipFile(path) as archive:
            workbook_member(archive, year)
    return verify


def normalize_header(cell: Any) -> str:
    name = str(cell or "").strip().upper().replace(" ", "_")
    return HEADER_ALIASES.get(name, name)


def cell_text(value: Any) -> str | None:
    """A cell as BLS wrote it: integers without `.0`, other numbers in their shortest form, text stripped."""
    if value is None:
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    return text or None


def parse_national_workbook(data: bytes, year: int, source_file: str) -> pd.DataFrame:
    """Staging rows (one per occupation and datatype) from a `national_MYYYY_dl.xlsx` workbook's bytes."""
    workbook = open_workbook(data, source_file)
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            for header_line, header in enumerate(rows, start=1):
                columns = [normalize_header(cell) for cell in header]
                if "OCC_CODE" in columns:
                    return _frame(columns, rows, header_line, year, source_file)
                if header_line >= 10:
                    break
    finally:
        workbook.close()
    raise LiveFetchError(f"{source_file}: no sheet with an OCC_CODE header row")


def _frame(columns: list[str], rows: Any, header_line: int, year: int, source_file: str) -> pd.DataFrame:
    index = {name: i for i, name in enumerate(columns) if name}
    value_columns = [(index[name], code) for name, code in COLUMN_DATATYPES.items() if name in index]
    group_at = index.get("O_GROUP")
    records = []
    for line, cells in enumerate(rows, start=header_line + 1):
        code = cell_text(cells[index["OCC_CODE"]]) if index["OCC_CODE"] < len(cells) else None
        if not code:
            continue  # blank or footnote lines under the table
        # Keep detailed occupations only; older files left the group blank on detailed rows.
        group = (cell_text(cells[group_at]) or DETAILED).lower() if group_at is not None else DETAILED
        if group != DETAILED:
            continue
        match = SOC_RE.match(code)
        occupation = match.group(1) + match.group(2) if match else code.replace("-", "")
        for position, datatype in value_columns:
            raw = cell_text(cells[position]) if position < len(cells) else None
            if raw is None:
                continue
            sid = series_id(occupation, datatype)
            records.append(row(source_file, line, sid, year, raw, SPECIAL_FOOTNOTES.get(raw)))
    return to_frame(records)


def parse_yearly_zip(path: Path, year: int, source_file: str) -> pd.DataFrame:
    """Staging rows from an `oesmYYnat.zip` snapshot; `source_file` names the zip, the member is appended."""
    with zipfile.ZipFile(path) as archive:
        member = workbook_member(archive, year)
        if member.lower().endswith(".xls"):
            raise LiveFetchError(f"{member}: an .xls workbook; reading it needs the xlrd package (not installed)")
        data = archive.read(member)
    return parse_national_workbook(data, year, f"{source_file}!{member}")


def fetch_yearly(config: LiveConfig, raw_root: Path, year: int, session: requests.Session | None = None) -> YearlyFetch:
    """Fetch May `year`'s national file into `raw/bls_oews_yearly/<year>/` (conditionally) and parse it."""
    if year < FIRST_YEAR:
        raise LiveFetchError(f"yearly OEWS files are supported from {FIRST_YEAR}, not {year}")
    session = session or build_session(config)
    source_root = raw_root / SOURCE
    name = zip_name(year)
    url = config.www(URL_PATH.format(yy=f"{year % 100:02d}"))
    final = source_root / str(year) / name
    source_file = str(final.relative_to(raw_root))
    with staging_folder(source_root) as work:
        got = download(session, config, url, work / name, previous=previous_meta(source_root, name, str(year)),
                       verify=verifier(year))
        if got.not_modified:
            status, frame = "unchanged", parse_yearly_zip(final, year, source_file)
        else:
            frame = parse_yearly_zip(work / name, year, source_file)  # a file we cannot read is not kept
            write_meta(work / name, url=url, citation=CITATION.format(year=year), etag=got.etag,
                       last_modified=got.last_modified, door="yearly", year=year)
            status = publish(work, source_root, str(year))
    log.info("OEWS May %d national file: %s snapshot %s, %d rows", year, status, final, len(frame))
    return YearlyFetch(year, status, final, frame)
