"""Articles as people save them: every `.txt`, `.html` and `.htm` file in `raw/articles/`, described by
`manifest.csv` where it has an entry.

An article without a manifest entry is still processed under its file name, with a warning, so dropping a file
in is enough to add one. A saved web page is turned into text with `pipeline.extract.html_text` (headings, list
items and table rows on their own lines); that text is what the claims' spans index. The publication date is the
manifest's; without one, the page's own: its HTML metadata, a date in its header, or a full date in its URL
(`published_on_source` says which), so "as of" defaults and the "right when written" check work on pages saved
without a manifest row. What is read is held to a contract:
- only regular files inside `raw/articles/` (a symbolic link, which could point anywhere, or a device is refused);
- UTF-8 (a byte-order mark is dropped; a file that is not UTF-8 is quarantined with the offset of its first bad
  byte), and at most `MAX_ARTICLE_BYTES` (a larger file is quarantined with its size, never read into memory);
- an article with a provenance sidecar, or a manifest row giving its sha256, must still have those bytes (an edited
  snapshot stops the run: add a new article instead);
- `manifest.csv` is parsed strictly: a header with `file` and `title`, no quote left open, one row per file, and
  every row naming a file that is there; anything else stops the run naming the line and field;
- text is UTF-8; a saved HTML page may declare another encoding (`<meta charset>`), which is then used; an encoding
  is never guessed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
from bs4 import BeautifulSoup
from bs4.dammit import EncodingDetector
from pandera.typing import Series

from pipeline.extract.claims import MAX_ARTICLE_CHARS
from pipeline.extract.dates import find_document_date, find_url_date
from pipeline.extract.html_text import html_to_text
from pipeline.provenance import ProvenanceError, read_sidecar, sidecar_path
from pipeline.staging import Loaded
from pipeline.staging.definitions import read_csv_strictly
from pipeline.staging.quarantine import QUARANTINE_COLUMNS, ContractError, replace_quarantine, validate_rows

log = logging.getLogger(__name__)
SOURCE = "articles"
RAW_INPUTS = ("articles",)
TABLES = ("staging.documents", "staging.quarantine")
MANIFEST = "manifest.csv"
MANIFEST_REQUIRED = ("file", "title")
MAX_ARTICLE_BYTES = MAX_ARTICLE_CHARS  # a character is at least a byte: what passes here the extractor takes
URL_LINE = re.compile(r"^https?://\S+$")
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
DOCUMENT_COLUMNS = ["document_id", "file", "title", "url", "published_on", "published_on_source", "publisher",
                    "sha256", "text", "source_file", "source_line"]
HTML_URL_META = (("link", "rel", "canonical", "href"), ("meta", "property", "og:url", "content"))
"""Where a saved page names its own address: the canonical link, else the Open Graph URL."""
HTML_DATE_META = (
    ("meta", "property", "article:published_time", "content"), ("meta", "name", "date", "content"),
    ("meta", "name", "dc.date", "content"), ("meta", "itemprop", "datePublished", "content"),
    ("time", "itemprop", "datePublished", "datetime"),
)  # fmt: skip
"""Where a saved page states when it was published (the first found wins)."""
ISO_DAY = re.compile(r"^\s*((?:19|20)\d{2}-\d{2}-\d{2})")


class ArticleRow(pa.DataFrameModel):
    """One article read from `raw/articles/` with its manifest entry (or file-name defaults)."""

    document_id: Series[str] = pa.Field(unique=True)
    file: Series[str] = pa.Field(str_matches=r"(?i)^.+\.(txt|html?)$")
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


def read_manifest(articles_dir: Path, raw_root: Path) -> dict[str, dict[str, str]]:
    """The manifest's rows by file name, each with its `line`; raises ContractError naming the line and field of
    a broken header, an unclosed quote, a repeated file or a row for a file that is not there."""
    path = articles_dir / MANIFEST
    if not path.exists():
        return {}
    rows = read_csv_strictly(path)
    if not rows:
        raise ContractError(f"{path}: empty; it needs a header line with {', '.join(MANIFEST_REQUIRED)}")
    header = rows[0]
    if missing := [name for name in MANIFEST_REQUIRED if name not in header]:
        raise ContractError(f"{path}, line 1: the header lacks {', '.join(missing)} (it has {', '.join(header)})")
    entries: dict[str, dict[str, str]] = {}
    for line, values in enumerate(rows[1:], start=2):
        if len(values) != len(header):
            raise ContractError(f"{path}, line {line}: {len(values)} fields where the header has {len(header)}")
        entry = dict(zip(header, values, strict=True)) | {"line": str(line)}
        name = entry["file"]
        if name in entries:
            raise ContractError(f"{path}, lines {entries[name]['line']} and {line}, field file: {name} is listed "
                                "twice; keep one row per article")
        if not name or "/" in name or not (articles_dir / name).is_file():
            raise ContractError(f"{path}, line {line}, field file: no article {name!r} in "
                                f"{articles_dir.relative_to(raw_root)}/ (rename the row or add the file)")
        entries[name] = entry
    return entries


def split_url_line(text: str) -> tuple[str | None, str]:
    """A page whose first line is a bare URL names its document URL; the text is what follows."""
    first, newline, rest = text.partition("\n")
    if newline and URL_LINE.match(first.strip()):
        return first.strip(), rest
    return None, text


def refusal(rel: str, rule: str, value: str, reason: str, line: int = 1) -> dict[str, object]:
    """A quarantine record for an article file that is not read."""
    return {"source": SOURCE, "file": rel, "line": line, "field": "text", "rule": rule, "value": value,
            "reason": f"{rel}: {reason}"}


def read_article_bytes(path: Path, rel: str, entry: dict[str, str] | None) -> tuple[bytes | None, dict | None]:
    """The article's bytes, or the quarantine record saying why it is not read. Raises ProvenanceError when the
    bytes no longer match the article's sidecar or the sha256 its manifest row registered."""
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        return None, refusal(rel, "regular_file", kind, f"{kind}; only regular files inside articles/ are read")
    if info.st_size > MAX_ARTICLE_BYTES:
        return None, refusal(rel, "max_size", f"{info.st_size} bytes",
                             f"{info.st_size / 1e6:.1f} MB, more than the {MAX_ARTICLE_BYTES / 1e6:.0f} MB an article "
                             "may have; split it or keep only the article's text")
    data = path.read_bytes()
    if sidecar_path(path).exists():
        read_sidecar(path)  # verifies the bytes against the sidecar's sha256
    elif entry is not None and entry.get("sha256") and entry["sha256"] != hashlib.sha256(data).hexdigest():
        raise ProvenanceError(f"{rel}: its bytes no longer have the sha256 {MANIFEST} line {entry['line']} "
                              "registered; articles are snapshots: add a new file instead of editing one")
    return data, None


@dataclass(frozen=True)
class PageText:
    """What a saved page says about itself: its text (what spans index) and, when it tells, URL, title and date."""

    text: str
    url: str | None = None
    title: str | None = None
    published_on: str | None = None


def _first_attribute(soup: BeautifulSoup, where: tuple[tuple[str, str, str, str], ...]) -> str | None:
    for tag, key, value, attribute in where:
        found = soup.find(tag, attrs={key: lambda v, wanted=value: bool(v) and wanted in (
            v if isinstance(v, list) else [v])})
        content = found.get(attribute) if found is not None else None
        if isinstance(content, str) and content.strip():
            return content.strip()
    return None


def html_page(markup: str) -> PageText:
    """A saved HTML page: its text as the extractor reads it, and the URL, title and date its head states."""
    soup = BeautifulSoup(markup, "html.parser")
    url = _first_attribute(soup, HTML_URL_META)
    stated = _first_attribute(soup, HTML_DATE_META)
    day = ISO_DAY.match(stated) if stated else None
    title = soup.title.get_text(" ", strip=True) if soup.title is not None else None
    return PageText(html_to_text(markup), url if url and URL_LINE.match(url) else None, title or None,
                    day.group(1) if day else None)


def decode_page(path: Path, data: bytes, rel: str) -> tuple[PageText | None, dict[str, object] | None]:
    """(the page, None) or (None, a quarantine record): text is UTF-8; a saved HTML page may declare another
    encoding (`<meta charset>`), which is then used; nothing is guessed."""
    encoding = "utf-8"
    if path.suffix.lower() in HTML_SUFFIXES:
        encoding = EncodingDetector.find_declared_encoding(data, is_html=True) or "utf-8"
    try:  # a byte-order mark is not text: "utf-8-sig" drops it, so a first-line URL is still found
        decoded = data.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        start = exc.start if isinstance(exc, UnicodeDecodeError) else 0
        return None, {"source": SOURCE, "file": rel, "line": data[:start].count(b"\n") + 1, "field": "text",
                      "rule": "utf8" if encoding == "utf-8" else "encoding",
                      "value": repr(data[start: start + 8]),
                      "reason": f"{rel}: not {'UTF-8' if encoding == 'utf-8' else encoding} at byte {start}; "
                                "save the article as UTF-8"}
    if path.suffix.lower() in HTML_SUFFIXES:
        return html_page(decoded), None
    url_line, text = split_url_line(decoded)
    return PageText(text, url_line), None


def page_date(page: PageText, url: str | None) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, where it was found) from the page itself: its metadata, its header, a full date in its URL."""
    if page.published_on:
        return page.published_on, "page_metadata"
    if found := find_document_date(page.text):
        return found.isoformat(), "page_text"
    if found := find_url_date(url):
        return found.isoformat(), "url"
    return None, None


def article_paths(articles_dir: Path) -> list[Path]:
    """Every article-named entry of the folder, links and special files included: they are refused with a reason
    (`read_article_bytes`), never skipped in silence or followed."""
    return sorted(p for p in articles_dir.iterdir()
                  if p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES and not stat.S_ISDIR(p.lstat().st_mode))


def read_articles(articles_dir: Path, raw_root: Path) -> ArticleLoad:
    manifest = read_manifest(articles_dir, raw_root)
    rows, rejects, warnings = [], [], []
    for path in article_paths(articles_dir):
        rel = str(path.relative_to(raw_root))
        entry = manifest.get(path.name)
        data, refused = read_article_bytes(path, rel, entry)
        if data is None:
            rejects.append(refused)
            log.warning(refused["reason"])
            continue
        sha = hashlib.sha256(data).hexdigest()
        page, reject = decode_page(path, data, rel)
        if page is None:
            rejects.append(reject)
            continue
        if entry is None:
            message = f"{rel}: no entry in {MANIFEST}; using the file name as its title"
            log.warning(message)
            warnings.append(message)
            entry = {}
        url = entry.get("url") or page.url
        found_on, found_in = page_date(page, url)
        rows.append({
            "document_id": path.stem,
            "file": path.name,
            "title": entry.get("title") or page.title or path.stem,
            "url": url,
            "published_on": entry.get("published_on") or None,
            "published_on_source": "manifest" if entry.get("published_on") else None,
            "page_date": found_on,
            "page_date_source": found_in,
            "publisher": entry.get("publisher") or None,
            "sha256": sha,
            "text": page.text,
            "source_file": rel,
            "source_line": 1,
        })
    frame = pd.DataFrame.from_records(rows, columns=[*DOCUMENT_COLUMNS, "page_date", "page_date_source"])
    raw_dates = frame["published_on"]
    frame["published_on"] = pd.to_datetime(raw_dates, errors="coerce", format="ISO8601")
    for row in frame[raw_dates.notna() & frame["published_on"].isna()].itertuples():
        reason = f"{MANIFEST}: published_on '{raw_dates[row.Index]}' of {row.file} is not a YYYY-MM-DD date; ignored"
        log.warning(reason)
        warnings.append(reason)
        rejects.append({"source": SOURCE, "file": str((articles_dir / MANIFEST).relative_to(raw_root)),
                        "line": int(manifest[row.file]["line"]), "field": "published_on", "rule": "iso_date",
                        "value": str(raw_dates[row.Index]), "reason": reason})
    # no (valid) manifest date: the page's own date, when it states one
    frame.loc[frame["published_on"].isna(), "published_on_source"] = None
    page_dates = pd.to_datetime(frame["page_date"], errors="coerce", format="ISO8601")
    use_page = frame["published_on"].isna() & page_dates.notna()
    frame.loc[use_page, "published_on"] = page_dates[use_page]
    frame.loc[use_page, "published_on_source"] = frame.loc[use_page, "page_date_source"]
    frame = frame[DOCUMENT_COLUMNS]
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
