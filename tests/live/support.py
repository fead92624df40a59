"""Builders shared by the live-source tests (no tests here): configuration, raw-tree fingerprints, fixture files.

Workbooks are built with openpyxl at test time and carry a "fixture" note; every figure in them is synthetic.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import openpyxl

from pipeline.live.config import LiveConfig

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "live"
TIMESERIES_FIXTURES = FIXTURES / "timeseries"
API_URL = "https://api.bls.test/publicAPI/v2/timeseries/data/"
DOWNLOAD_URL = "https://download.bls.test/pub/time.series/oe/"
WWW_URL = "https://www.bls.test"
CONTACT = "tester@example.org"
FIXTURE_NOTE = "FIXTURE built by tests/support.py: synthetic values, not BLS figures"

RECENT_HEADER = [
    "AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP", "OWN_CODE", "OCC_CODE",
    "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT", "H_MEAN",
    "A_MEAN", "MEAN_PRSE", "H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90", "A_PCT10", "A_PCT25", "A_MEDIAN",
    "A_PCT75", "A_PCT90", "ANNUAL", "HOURLY",
]
# An older layout: lower-case names, OCC_TITL, LOC_Q, OCC_GROUP, columns in another order.
OLD_HEADER = [
    "occ_code", "occ_titl", "occ_group", "tot_emp", "emp_prse", "h_mean", "a_mean", "mean_prse", "h_pct10",
    "h_pct25", "h_median", "h_pct75", "h_pct90", "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90", "loc_q",
    "annual", "hourly",
]


def config(**overrides: object) -> LiveConfig:
    """A configuration pointed at test hosts (intercepted by `responses`), without backoff waits."""
    values = {"api_url": API_URL, "download_url": DOWNLOAD_URL, "www_url": WWW_URL, "contact_email": CONTACT,
              "retries": 2, "backoff_factor": 0.0}
    values.update(overrides)
    return LiveConfig(**values)  # type: ignore[arg-type]


def tree_state(root: Path) -> dict[str, str]:
    """Every path under `root` with the sha256 of files ('dir' for folders), to show a tree is byte-identical."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))}


def timeseries_bytes(name: str) -> bytes:
    return (TIMESERIES_FIXTURES / name).read_bytes()


def recent_row(code: str, title: str, group: str, **values: object) -> list[object]:
    """A national cross-industry row in the 32-column layout; unspecified numeric cells stay empty."""
    base = {"AREA": "99", "AREA_TITLE": "U.S.", "AREA_TYPE": 1, "PRIM_STATE": "US", "NAICS": "000000",
            "NAICS_TITLE": "Cross-industry", "I_GROUP": "cross-industry", "OWN_CODE": 1235, "OCC_CODE": code,
            "OCC_TITLE": title, "O_GROUP": group}
    base.update(values)
    return [base.get(name) for name in RECENT_HEADER]


def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """An xlsx with the given sheets (rows of cells) plus a sheet saying it is a fixture."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for cells in rows:
            sheet.append(cells)
    workbook.create_sheet("fixture").append([FIXTURE_NOTE])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def recent_workbook() -> bytes:
    """May 2023 layout: detailed and broad rows, a top-coded wage (#), `*`, `**` and `~` special values."""
    rows = [
        RECENT_HEADER,
        recent_row("00-0000", "All Occupations", "total", TOT_EMP=123450, A_MEAN=23456),
        recent_row("29-0000", "Healthcare Practitioners", "major", TOT_EMP=3450),
        recent_row("29-2072", "Medical Records Specialists", "detailed", TOT_EMP=12345, EMP_PRSE=1.1, H_MEAN=11.11,
                   A_MEAN=23110, H_MEDIAN=10.5, A_MEDIAN=21840, A_PCT90="#", H_PCT90="#", LOC_QUOTIENT="~"),
        recent_row("29-9020", "Health Information Technologists (broad)", "broad", TOT_EMP=2345),
        recent_row("29-9021", "Health Information Technologists and Medical Registrars", "detailed", TOT_EMP=2345,
                   H_MEAN="*", A_MEAN=34560, A_MEDIAN="**"),
        [],
        ["Footnotes: fixture table ends here"],
    ]
    return workbook_bytes({"national_M2023_dl": rows})


def hybrid_workbook() -> bytes:
    """May 2019 layout with a hybrid SOC code (29-2098) and string numbers with thousands separators."""
    rows = [
        RECENT_HEADER,
        recent_row("29-2098", "Medical Dosimetrists, Medical Records Specialists, and Health Technologists",
                   "detailed", TOT_EMP="12,340", A_MEAN="23,450", H_MEAN=11.27, A_PCT90="#"),
        recent_row("29-2071", "Medical Records and Health Information Technicians", "detailed", TOT_EMP=1234),
    ]
    return workbook_bytes({"national_M2019_dl": rows})


def old_workbook() -> bytes:
    """May 2014 layout: lower-case headers, OCC_TITL, LOC_Q, OCC_GROUP in another column order."""
    def old(code: str, title: str, group: str | None, emp: object, a_mean: object) -> list[object]:
        cells: list[object] = [None] * len(OLD_HEADER)
        for name, value in (("occ_code", code), ("occ_titl", title), ("occ_group", group), ("tot_emp", emp),
                            ("a_mean", a_mean), ("loc_q", 1.0)):
            cells[OLD_HEADER.index(name)] = value
        return cells
    rows = [OLD_HEADER, old("00-0000", "All Occupations", "total", 123450, 23456),
            old("29-2071", "Medical Records and Health Information Technicians", "detailed", 12345, 23450)]
    return workbook_bytes({"national_dl": rows})


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def projections_workbook() -> bytes:
    """The EP workbook layout: a title row, the header on row 2 with the cycle's years and an en dash."""
    table_12 = [
        ["Table 1.2 Employment by detailed occupation, 2024 and projected 2034 (FIXTURE, synthetic numbers)"],
        ["2024 National Employment Matrix title", "2024 National Employment Matrix code", "Occupation type",
         "Employment, 2024", "Employment, 2034", "Employment distribution, percent, 2024",
         "Employment distribution, percent, 2034", "Employment change, numeric, 2024\u201334",
         "Employment change, percent, 2024\u201334", "Median annual wage, dollars, 2024",
         "Typical education needed for entry"],
        ["Total, all occupations", "00-0000", "Summary", 12345.6, 13456.7, 100.0, 100.0, 1111.1, 9.0, 23456,
         "\u2014"],
        ["Medical records specialists", "29-2072", "Line item", 123.4, 134.5, 0.1, 0.1, 11.1, 9.0, 23456,
         "Postsecondary nondegree award"],
        ["Chief executives", "11-1011", "Line item", 12.3, 12.0, 0.0, 0.0, -0.3, -2.4, ">=239,200",
         "Bachelor's degree"],
        [],
        ["Footnotes:"],
        ["Source: fixture"],
    ]
    table_110 = [
        ["Table 1.10 Occupational separations and openings, projected 2024\u201334 (FIXTURE)"],
        ["2024 National Employment Matrix title", "2024 National Employment Matrix code",
         "Employment, 2024", "Employment, 2034", "Occupational openings, 2024\u201334 annual average"],
        ["Total, all occupations", "00-0000", 12345.6, 13456.7, 1234.5],
        ["Medical records specialists", "29-2072", 123.4, 134.5, 12.3],
    ]
    return workbook_bytes({"Table 1.2": table_12, "Table 1.10": table_110})


def api_answer(series: list[str], year: int, value: str = "12345", message: list[str] | None = None) -> dict:
    """A successful API answer with one annual value per series (synthetic)."""
    return {
        "status": "REQUEST_SUCCEEDED", "responseTime": 123, "message": message or [],
        "Results": {"series": [
            {"seriesID": sid, "data": [{"year": str(year), "period": "A01", "periodName": "Annual", "latest": "true",
                                        "value": "-" if sid.endswith("15") else value,
                                        "footnotes": [{"code": "5", "text": "top-coded"}] if sid.endswith("15")
                                        else [{}]}]}
            for sid in series]},
    }
