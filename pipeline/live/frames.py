"""The staging contract shared by every OEWS door: the columns `pipeline/staging/oews_parse_data.sql` produces.

The API and the yearly files do not come as `oe.data` lines, so their rows are built here with the same columns,
types and raw-beside-typed convention, and the OEWS contract's row rules (`pipeline/staging/oews_contract.py`) check
them as they check the time-series file.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

STAGING_COLUMNS = [
    "source_file", "source_line", "series_id", "seasonal_code", "areatype_code", "area_code", "industry_code",
    "occupation_code", "soc_code", "datatype_code", "year", "year_raw", "period", "value", "value_raw",
    "footnote_codes",
]
NATIONAL_AREA = "0000000"
CROSS_INDUSTRY = "000000"
ANNUAL_PERIOD = "A01"
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")


def series_id(occupation_code: str, datatype_code: str, *, areatype: str = "N", area: str = NATIONAL_AREA,
              industry: str = CROSS_INDUSTRY) -> str:
    """The 25-character OEWS series id: OE + U + areatype + area(7) + industry(6) + occupation(6) + datatype(2)."""
    return f"OEU{areatype}{area}{industry}{occupation_code}{datatype_code}"


def parse_number(raw: str | None) -> float | None:
    """A value as BLS wrote it ("194720", "1,234.5") as a number; special values (`-`, `#`, `*`...) give None."""
    if raw is None:
        return None
    text = raw.strip().replace(",", "")
    return float(text) if NUMBER_RE.match(text) else None


def row(source_file: str, source_line: int, sid: str, year: int, value_raw: str | None,
        footnote_codes: str | None) -> dict[str, Any]:
    """One staging row from a series id, cut exactly as the SQL parser cuts it."""
    occupation = sid[17:23]
    return {
        "source_file": source_file, "source_line": source_line, "series_id": sid, "seasonal_code": sid[2],
        "areatype_code": sid[3], "area_code": sid[4:11], "industry_code": sid[11:17], "occupation_code": occupation,
        "soc_code": f"{occupation[:2]}-{occupation[2:]}", "datatype_code": sid[23:25], "year": year,
        "year_raw": str(year), "period": ANNUAL_PERIOD, "value": parse_number(value_raw), "value_raw": value_raw,
        "footnote_codes": footnote_codes or None,
    }


def to_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a frame with the staging dtypes (BIGINT line, nullable Int64 year, float value)."""
    df = pd.DataFrame.from_records(rows, columns=STAGING_COLUMNS)
    return df.astype({"source_line": "int64", "year": "Int64", "value": "float64"})
