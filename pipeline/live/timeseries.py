"""OEWS door 1: the BLS time-series files (`download.bls.gov/pub/time.series/oe/oe.*`), current release only.

Files are streamed to disk (the full `oe.data.0.Current` is about 330 MB) and land in `raw/bls_oews/<release>/`
under the names BLS gives them, so `pipeline.staging.oews_data.load_oews` reads them exactly like the embedded
snapshot. The release code (`2025A01`) comes from `oe.release`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import requests

from pipeline.live.client import Download, LiveFetchError, build_session, check_status, download
from pipeline.live.config import LiveConfig
from pipeline.live.snapshot import carry_over, previous_meta, publish, release_folders, staging_folder, write_meta

log = logging.getLogger(__name__)

SOURCE = "bls_oews"
RELEASE_FILE = "oe.release"
DATA_FILE = "oe.data.0.Current"
# Every file of a release, with the columns its header row must name (BLS pads and reorders them).
EXPECTED_COLUMNS: dict[str, frozenset[str]] = {
    RELEASE_FILE: frozenset({"release_date"}),
    DATA_FILE: frozenset({"series_id", "year", "period", "value", "footnote_codes"}),
    "oe.area": frozenset({"area_code", "areatype_code", "area_name"}),
    "oe.industry": frozenset({"industry_code", "industry_name"}),
    "oe.occupation": frozenset({"occupation_code", "occupation_name"}),
    "oe.datatype": frozenset({"datatype_code", "datatype_name"}),
    "oe.footnote": frozenset({"footnote_code", "footnote_text"}),
}
RELEASE_RE = re.compile(r"^(\d{4})A01$")
CITATION = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), {description}, {name}."


@dataclass
class TimeseriesFetch:
    release: str
    status: str  # new | unchanged | superseded
    folder: Path
    downloaded: dict[str, int] = field(default_factory=dict)  # file -> bytes fetched this time


def header_columns(path: Path) -> list[str]:
    with path.open("rb") as handle:
        first = handle.readline(65536).decode("latin-1")
    return [col.strip().lower() for col in first.rstrip("\r\n").split("\t")]


def verifier(name: str):
    """A check that `name` is the tab-separated BLS file we asked for, not an error page served with 200."""
    def verify(path: Path) -> None:
        columns = header_columns(path)
        missing = sorted(EXPECTED_COLUMNS[name] - set(columns))
        if missing:
            shown = " | ".join(columns)[:80]
            raise LiveFetchError(f"{name}: not a BLS time-series file (header lacks {', '.join(missing)}: {shown!r})")
    return verify


def read_release(text: str) -> tuple[str, str]:
    """The newest release code and its description (`2025A01`, `May 2025`) in the text of an `oe.release` file."""
    lines = text.splitlines()
    releases = []
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.split("\t")]
        if RELEASE_RE.match(cells[0]):
            releases.append((cells[0], cells[1] if len(cells) > 1 else cells[0]))
    if not lines or "release_date" not in lines[0] or not releases:
        raise LiveFetchError(f"{RELEASE_FILE}: no release code like 2025A01 in the file")
    return max(releases)


def _read_release_file(path: Path) -> tuple[str, str]:
    return read_release(path.read_text(encoding="latin-1"))


def release_year(release: str) -> int:
    return int(release[:4])


def fetch_timeseries(config: LiveConfig, raw_root: Path, session: requests.Session | None = None) -> TimeseriesFetch:
    """Fetch the current OEWS release into `raw/bls_oews/<release>/`; all files or none, unchanged ones not resent."""
    session = session or build_session(config)
    source_root = raw_root / SOURCE
    held = [p.name for p in release_folders(source_root) if (p / RELEASE_FILE).exists()]
    latest = held[-1] if held else None
    with staging_folder(source_root) as work:
        previous = previous_meta(source_root, RELEASE_FILE, latest) if latest else None
        got = _get(session, config, work, RELEASE_FILE, previous)
        if got.not_modified:
            release, description = _read_release_file(source_root / latest / RELEASE_FILE)
            carry_over(source_root / latest / RELEASE_FILE, work)
        else:
            release, description = _read_release_file(work / RELEASE_FILE)
        log.info("OEWS time series: current release %s (%s)", release, description)
        downloads = {RELEASE_FILE: got}
        for name in EXPECTED_COLUMNS:
            if name != RELEASE_FILE:
                downloads[name] = _get(session, config, work, name, previous_meta(source_root, name, release))
                if downloads[name].not_modified:
                    carry_over(source_root / release / name, work)
        for name, dl in downloads.items():
            if not dl.not_modified:
                write_meta(work / name, url=dl.url, citation=CITATION.format(description=description, name=name),
                           etag=dl.etag, last_modified=dl.last_modified, release=release, door="timeseries")
        status = publish(work, source_root, release)
    fetched = {name: dl.size for name, dl in downloads.items() if not dl.not_modified}
    log.info("OEWS time series %s: %s in %s (%d files fetched, %d bytes)", release, status, source_root / release,
             len(fetched), sum(fetched.values()))
    return TimeseriesFetch(release, status, source_root / release, fetched)


def _get(session: requests.Session, config: LiveConfig, work: Path, name: str, previous: dict | None) -> Download:
    return download(session, config, config.download_file_url(name), work / name, previous=previous,
                    verify=verifier(name))


def probe_release(config: LiveConfig, session: requests.Session | None = None) -> dict[str, str | None]:
    """What BLS serves now, cheaply: the release code from `oe.release` and the data file's validators (HEAD).

    The sensor compares this with its cursor; a new release or a changed ETag/Last-Modified means a new run.
    """
    session = session or build_session(config)
    timeout = (config.connect_timeout, config.read_timeout)
    try:
        release_answer = session.get(config.download_file_url(RELEASE_FILE), timeout=timeout)
        check_status(release_answer, RELEASE_FILE)
        head = session.head(config.download_file_url(DATA_FILE), timeout=timeout, allow_redirects=True)
        check_status(head, DATA_FILE)
    except requests.RequestException as exc:
        raise LiveFetchError(f"{config.download_url}: {type(exc).__name__} after retries: {exc}") from exc
    release, _ = read_release(release_answer.content.decode("latin-1"))
    return {"release": release, "etag": head.headers.get("ETag"),
            "last_modified": head.headers.get("Last-Modified")}
