"""Opening the xlsx workbooks BLS publishes, with one clear error when the bytes are not a workbook."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from openpyxl.workbook.workbook import Workbook

from pipeline.live.client import LiveFetchError


def open_workbook(data: bytes, what: str) -> Workbook:
    """A read-only workbook (values, not formulas); an error page or a damaged file becomes a LiveFetchError."""
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LiveFetchError(f"{what}: not a readable xlsx workbook ({exc})") from exc
