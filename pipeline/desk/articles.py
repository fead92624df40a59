"""Adding an article from the desk: the text file, its provenance sidecar and its manifest row, written for the
editor, each atomically.

An `.html` upload is turned into the extractor's text layout (`pipeline.extract.html_text.html_to_text`) and the
original bytes are kept beside it (`raw/articles/originals/`) with their own sidecar, so the text can always be
traced to what was uploaded. Staging reads `raw/articles/*.txt` and the manifest, as for any article.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.extract.html_text import html_to_text
from pipeline.provenance import atomic_write_bytes, write_sidecar
from pipeline.staging.documents import MANIFEST

MAX_UPLOAD_BYTES = 5_000_000
MAX_TITLE_CHARS = 300
MANIFEST_COLUMNS = ["file", "title", "url", "published_on", "publisher", "sha256", "origin"]
EXTENSIONS = {".txt": "text", ".html": "html", ".htm": "html"}
URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
DOCUMENT_NUMBER = re.compile(r"^(\d+)_")
LICENCE = "Quoted for verification and commentary (fair use)"


class ArticleRefused(ValueError):
    """An upload the desk will not add; `reasons` say why. Nothing was written."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    title: str
    url: str = ""
    published_on: str = ""


@dataclass(frozen=True)
class AddedArticle:
    document_id: str
    file: Path
    characters: int


def read_manifest_rows(articles_dir: Path) -> tuple[list[dict[str, str]], bytes]:
    path = articles_dir / MANIFEST
    data = path.read_bytes() if path.exists() else (",".join(MANIFEST_COLUMNS) + "\n").encode()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8")))), data


def check_upload(upload: Upload) -> tuple[str, list[str]]:
    """The article's text and the reasons it cannot be added (empty when it can)."""
    reasons = []
    kind = EXTENSIONS.get(Path(upload.filename or "").suffix.lower())
    if kind is None:
        reasons.append("file: upload a .txt or .html file")
    if not upload.data:
        reasons.append("file: the file is empty")
    if len(upload.data) > MAX_UPLOAD_BYTES:
        reasons.append(f"file: larger than {MAX_UPLOAD_BYTES // 1_000_000} MB")
    title = " ".join(upload.title.split())
    if not title:
        reasons.append("title: required")
    elif len(title) > MAX_TITLE_CHARS:
        reasons.append(f"title: longer than {MAX_TITLE_CHARS} characters")
    if upload.url and not URL.match(upload.url.strip()):
        reasons.append("url: must start with http:// or https://")
    if upload.published_on:
        try:
            date.fromisoformat(upload.published_on.strip())
        except ValueError:
            reasons.append("published_on: use YYYY-MM-DD")
    text = ""
    if kind and upload.data and len(upload.data) <= MAX_UPLOAD_BYTES:
        try:
            decoded = upload.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            reasons.append(f"file: not UTF-8 text (byte {exc.start}); save it as UTF-8")
        else:
            text = html_to_text(decoded) if kind == "html" else decoded.replace("\r\n", "\n")
            if not text.strip():
                reasons.append("file: no text found in it")
    return text, reasons


def add_article(raw_dir: Path, upload: Upload, today: date | None = None) -> AddedArticle:
    """Write the article's text, sidecar and manifest row; raise ArticleRefused without writing anything."""
    today = today or date.today()
    articles = raw_dir / "articles"
    text, reasons = check_upload(upload)
    rows, manifest_bytes = read_manifest_rows(articles)
    data = text.encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    if not reasons and (same := next((r for r in rows if r.get("sha256") == sha), None)):
        reasons.append(f"file: this article is already in the warehouse as {same.get('file')}")
    if reasons:
        raise ArticleRefused(reasons)
    numbers = [int(m.group(1)) for p in articles.glob("*.txt") if (m := DOCUMENT_NUMBER.match(p.name))]
    document_id = f"{max(numbers, default=-1) + 1:03d}_{sha[:16]}"
    title, url = " ".join(upload.title.split()), upload.url.strip()
    origin = f"desk upload of {Path(upload.filename).name}"
    target = articles / f"{document_id}.txt"
    atomic_write_bytes(target, data)
    write_sidecar(target, url=url or None, retrieved=today.isoformat(), licence=LICENCE, citation=title,
                  origin=origin)
    if EXTENSIONS[Path(upload.filename).suffix.lower()] == "html":
        original = articles / "originals" / f"{document_id}{Path(upload.filename).suffix.lower()}"
        atomic_write_bytes(original, upload.data)
        write_sidecar(original, url=url or None, retrieved=today.isoformat(), licence=LICENCE, citation=title,
                      origin=origin)
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=MANIFEST_COLUMNS, lineterminator="\n").writerow({
        "file": target.name, "title": title, "url": url, "published_on": upload.published_on.strip(),
        "publisher": "", "sha256": sha, "origin": origin})
    prefix = manifest_bytes if manifest_bytes.endswith(b"\n") else manifest_bytes + b"\n"
    atomic_write_bytes(articles / MANIFEST, prefix + buffer.getvalue().encode("utf-8"))
    return AddedArticle(document_id, target, len(text))
