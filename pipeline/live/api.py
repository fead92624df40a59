"""OEWS door 2: the BLS Public Data API v2 (current release only), in batches of at most 50 series.

BLS reports many failures inside HTTP 200: a status other than `REQUEST_SUCCEEDED` (quota, invalid key), and
even within success, "No Data Available", "Series does not exist" or a silently reduced year range. Every one of
these is an error naming the series and BLS's message. The key comes from `BLS_API_KEY` at request time and is
blanked out of every message and of the saved snapshot (BLS echoes an invalid key back).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from pipeline.focus import occupation_codes
from pipeline.live.client import LiveFetchError, build_session, check_status
from pipeline.live.config import LiveConfig, api_key, redact
from pipeline.live.frames import ANNUAL_PERIOD, row, series_id, to_frame
from pipeline.live.snapshot import publish, staging_folder, write_meta

log = logging.getLogger(__name__)

SOURCE = "bls_oews_api"
RESPONSE_FILE = "response.json"
SUCCESS = "REQUEST_SUCCEEDED"
BATCH_WITH_KEY = 50
BATCH_WITHOUT_KEY = 25
# Messages that make an answer unusable even when its status is REQUEST_SUCCEEDED.
FATAL_MESSAGE_RE = re.compile(r"No Data Available|does not exist|Year range has been reduced", re.IGNORECASE)
SERIES_IN_MESSAGE_RE = re.compile(r"Series\s+(?:id\s+)?([A-Z0-9]{10,})", re.IGNORECASE)
YEAR_IN_MESSAGE_RE = re.compile(r"Year:?\s*(\d{4})", re.IGNORECASE)
NATIONAL_DATATYPES = tuple(f"{code:02d}" for code in range(1, 16))  # 16, 17 are not published for the nation
CITATION = "U.S. Bureau of Labor Statistics, OEWS via the Public Data API v2, reference year {year}."


@dataclass
class ApiFetch:
    year: int
    status: str
    path: Path
    frame: pd.DataFrame


def default_series(raw_root: Path) -> list[str]:
    """National, cross-industry series of the occupations the project follows (datatypes 01-15)."""
    return [series_id(occ, dt) for occ in occupation_codes(raw_root) for dt in NATIONAL_DATATYPES]


def check_answer(answer: dict[str, Any], requested: list[str], year: int) -> None:
    """Raise unless the answer is a success that holds a value of `year` for every requested series."""
    messages = [str(m) for m in answer.get("message") or []]
    if answer.get("status") != SUCCESS:
        raise LiveFetchError(f"BLS API: {answer.get('status')}: {' | '.join(messages) or 'no message'}")
    for message in messages:
        if not FATAL_MESSAGE_RE.search(message):
            log.warning("BLS API message: %s", message)
            continue
        year_match = YEAR_IN_MESSAGE_RE.search(message)
        if year_match and int(year_match.group(1)) != year:
            log.warning("BLS API message about another year: %s", message)
            continue
        series = SERIES_IN_MESSAGE_RE.search(message)
        named = f"series {series.group(1)}: " if series else ""
        raise LiveFetchError(f"BLS API: {named}{message}")
    returned = {s.get("seriesID"): s for s in (answer.get("Results") or {}).get("series") or []}
    for sid in requested:
        if sid not in returned:
            raise LiveFetchError(f"BLS API: series {sid} missing from the answer")
        if not any(_is_target(point, year) for point in returned[sid].get("data") or []):
            raise LiveFetchError(f"BLS API: series {sid} has no annual value for {year}")


def _is_target(point: dict[str, Any], year: int) -> bool:
    return str(point.get("year")) == str(year) and point.get("period") == ANNUAL_PERIOD


def request_batch(session: requests.Session, config: LiveConfig, batch: list[str], year: int) -> dict[str, Any]:
    """POST one batch; the key is added here, at request time, and never leaves this function."""
    key = api_key()
    payload: dict[str, Any] = {"seriesid": batch, "startyear": str(year), "endyear": str(year)}
    if key:
        payload["registrationkey"] = key
    try:
        response = session.post(config.api_url, json=payload, timeout=(config.connect_timeout, config.read_timeout))
    except requests.RequestException as exc:
        raise LiveFetchError(f"BLS API: {type(exc).__name__} after retries: {exc}") from None
    check_status(response, "BLS API")
    try:
        answer = response.json()
    except ValueError as exc:
        raise LiveFetchError(f"BLS API: answer is not JSON ({response.text[:60]!r})") from exc
    answer = json.loads(redact(json.dumps(answer), key))  # the snapshot written to raw/ must not hold it either
    answer.pop("responseTime", None)  # varies per call; dropping it lets identical data give identical bytes
    check_answer(answer, batch, year)
    return answer


def api_frame(document: dict[str, Any], source_file: str) -> pd.DataFrame:
    """The staging rows of a saved API snapshot; `source_line` numbers the values in answer order."""
    year = int(document["year"])
    rows = []
    for answer in document["responses"]:
        for series in answer["Results"]["series"]:
            for point in series.get("data") or []:
                if _is_target(point, year):
                    codes = ",".join(str(f["code"]) for f in point.get("footnotes") or [] if f and f.get("code"))
                    rows.append(row(source_file, len(rows) + 1, series["seriesID"], year, str(point["value"]).strip(),
                                    codes))
    return to_frame(rows)


def fetch_api(config: LiveConfig, raw_root: Path, year: int, series: list[str] | None = None,
              session: requests.Session | None = None) -> ApiFetch:
    """Fetch `series` for `year` into `raw/bls_oews_api/<year>/response.json` and parse it to staging rows."""
    session = session or build_session(config)
    series = series or default_series(raw_root)
    size = BATCH_WITH_KEY if api_key() else BATCH_WITHOUT_KEY
    answers = []
    for start in range(0, len(series), size):
        batch = series[start:start + size]
        answers.append(request_batch(session, config, batch, year))
        log.info("BLS API: %d of %d series received", min(start + size, len(series)), len(series))
    document = {"api_url": config.api_url, "year": year, "requested_series": series, "responses": answers}
    source_root = raw_root / SOURCE
    with staging_folder(source_root) as work:
        path = work / RESPONSE_FILE
        path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        write_meta(path, url=config.api_url, citation=CITATION.format(year=year), door="api", year=year,
                   series_count=len(series), note="answers of every batch, responseTime dropped, key never stored")
        status = publish(work, source_root, str(year))
    final = source_root / str(year) / RESPONSE_FILE
    frame = api_frame(document, str(final.relative_to(raw_root)))
    log.info("BLS API %d: %s snapshot %s, %d rows", year, status, final, len(frame))
    return ApiFetch(year, status, final, frame)
