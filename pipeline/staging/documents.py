"""Articles: every UTF-8 `.txt` file in `raw/articles/`, described by `manifest.csv` where it has an entry.

An article without a manifest entry is still processed under its file name, with a warning, so dropping a file
in is enough to add one. A file that is not UTF-8 is quarantined with the byte offset of the first bad byte.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.staging import Loaded
from pipeline.staging.quarantine import QUARANTINE_COLUMNS, replace_quarantine, validate_rows

log = logging.getLogger(__name__)
SOURCE = "articles"
RAW_INPUTS = ("articles",)
TABLES = ("staging.documents", "staging.quarantine")
MANIFEST = "manifest.csv"
URL_LINE = re.compile(r"^https?://\S+$")
DOCUMENT_COLUMNS = ["document_id", "file", "title", "url", "published_on", "publisher", "sha256", "text",
                    "source_file", "source_line"]


class ArticleRow(pa.DataFrameModel):
    """One article read from `raw/articles/` with its manifest entry (or file-name defaults)."""

    document_id: Series[str] = pa.Field(unique=True)
    file: Series[str] = pa.Field(str_endswith=".txt")
    title: Series[str] = pa.Field(str_length={"min_value": 1})
    url: Series[str] = pa.Field(nullable=True)
    published_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    text: Series[str] = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = False



@dataclass
class ArticleLoad:
    documents: pd.DataFrame
    quarantined: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def read_manifest(articles_dir: Path) -> dict[str, dict[str, str]]:
    path = articles_dir / MANIFEST
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def split_url_line(text: str) -> tuple[str | None, str]:
    """A page whose first line is a bare URL names its document URL; the text is what follows."""
    first, newline, rest = text.partition("\n")
    if newline and URL_LINE.match(first.strip()):
        return first.strip(), rest
    return None, text


def read_articles(articles_dir: Path, raw_root: Path) -> ArticleLoad:
    manifest = read_manifest(articles_dir)
    rows, rejects, warnings = [], [], []
    for path in sorted(articles_dir.glob("*.txt")):
        rel = str(path.relative_to(raw_root))
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            rejects.append({"source": SOURCE, "file": rel, "line": data[: exc.start].count(b"\n") + 1,
                            "field": "text", "rule": "utf8", "value": repr(data[exc.start: exc.start + 8]),
                            "reason": f"{rel}: not UTF-8 at byte {exc.start}; save the article as UTF-8"})
            continue
        url_line, text = split_url_line(decoded)
        entry = manifest.get(path.name)
        if entry is None:
            message = f"{rel}: no entry in {MANIFEST}; using the file name as its title"
            log.warning(message)
            warnings.append(message)
            entry = {}
        elif entry.get("sha256") and entry["sha256"] != sha:
            message = f"{rel}: sha256 differs from {MANIFEST}; the article changed since it was registered"
            log.warning(message)
            warnings.append(message)
        rows.append({
            "document_id": path.stem,
            "file": path.name,
            "title": entry.get("title") or path.stem,
            "url": entry.get("url") or url_line,
            "published_on": entry.get("published_on") or None,
            "publisher": entry.get("publisher") or None,
            "sha256": sha,
            "text": text,
            "source_file": rel,
            "source_line": 1,
        })
    frame = pd.DataFrame.from_records(rows, columns=DOCUMENT_COLUMNS)
    raw_dates = frame["published_on"]
    frame["published_on"] = pd.to_datetime(raw_dates, errors="coerce", format="ISO8601")
    for row in frame[raw_dates.notna() & frame["published_on"].isna()].itertuples():
        reason = f"{MANIFEST}: published_on '{raw_dates[row.Index]}' of {row.file} is not a YYYY-MM-DD date; ignored"
        log.warning(reason)
        warnings.append(reason)
        rejects.append({"source": SOURCE, "file": str((articles_dir / MANIFEST).relative_to(raw_root)),
                        "line": list(manifest).index(row.file) + 2, "field": "published_on", "rule": "iso_date",
                        "value": str(raw_dates[row.Index]), "reason": reason})
    checked = validate_rows(frame, ArticleRow, source=SOURCE)
    quarantined = pd.concat([pd.DataFrame(rejects, columns=QUARANTINE_COLUMNS), checked.quarantined],
                            ignore_index=True)
    return ArticleLoad(checked.valid, quarantined, warnings)


def load_articles(con: duckdb.DuckDBPyConnection, articles_dir: Path, raw_root: Path) -> ArticleLoad:
    """(Re)build `staging.documents` from `raw/articles/`."""
    loaded = read_articles(articles_dir, raw_root)
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    documents = loaded.documents.assign(published_on=loaded.documents["published_on"].dt.date)
    con.register("documents_frame", documents)
    con.execute("CREATE OR REPLACE TABLE staging.documents AS SELECT * FROM documents_frame ORDER BY document_id")
    con.unregister("documents_frame")
    replace_quarantine(con, SOURCE, loaded.quarantined)
    log.info("articles: %d documents from %s, %d quarantined", len(documents), articles_dir, len(loaded.quarantined))
    return loaded


def load(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Loaded:
    loaded = load_articles(con, raw_dir / "articles", raw_dir)
    return Loaded(rows=len(loaded.documents), quarantined=len(loaded.quarantined),
                  summary=f"{len(loaded.documents)} articles from {raw_dir / 'articles'}",
                  warnings=tuple(loaded.warnings))
