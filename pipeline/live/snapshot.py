"""Immutable raw snapshots for live sources: build a release folder beside the real one, then rename it in.

Files of one release are written into `raw/<source>/.partial/<random>/` and the folder is renamed to
`raw/<source>/<release>/` only when every file arrived and passed its checks. On any failure the partial folder
is removed (and any folder this code created), so `raw/` is left byte-identical. A release that already exists
with different bytes (BLS revised a file) is not edited: the old folder moves whole to
`raw/<source>/.superseded/<release>.<timestamp>/`, where no loader looks, and the new one takes its place.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.provenance import SIDECAR_SUFFIX, read_sidecar, sha256_file, write_sidecar

log = logging.getLogger(__name__)

LICENCE = "Public domain (U.S. federal government work)"
PRODUCER = "U.S. Bureau of Labor Statistics"
PARTIAL_DIR = ".partial"
SUPERSEDED_DIR = ".superseded"


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def release_folders(source_root: Path) -> list[Path]:
    """Published release folders of a source (hidden work folders excluded), oldest name first."""
    if not source_root.is_dir():
        return []
    return sorted(p for p in source_root.iterdir() if p.is_dir() and not p.name.startswith("."))


def previous_meta(source_root: Path, file_name: str, release: str | None = None) -> dict[str, Any] | None:
    """The sidecar of `file_name` in `release` (or the newest release holding it), for a conditional request."""
    folders = [source_root / release] if release else list(reversed(release_folders(source_root)))
    for folder in folders:
        path = folder / file_name
        if path.exists():
            try:
                return read_sidecar(path, verify=False)
            except ValueError:
                return None
    return None


def write_meta(path: Path, *, url: str, citation: str, etag: str | None = None, last_modified: str | None = None,
               retrieved: str | None = None, **extra: Any) -> dict[str, Any]:
    """The sidecar every live snapshot gets (url, retrieved, sha256, size, ETag, Last-Modified, licence)."""
    return write_sidecar(path, url=url, retrieved=retrieved or utc_now(), licence=LICENCE, citation=citation,
                         producer=PRODUCER, etag=etag, last_modified=last_modified, **extra)


@contextmanager
def staging_folder(source_root: Path) -> Iterator[Path]:
    """A private work folder under `source_root/.partial/`; removed on exit, with any folder made for it."""
    partial = source_root / PARTIAL_DIR
    created = [p for p in [*reversed(partial.parents), partial] if not p.exists()]
    partial.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=partial))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for folder in [partial, *reversed(created)]:
            _rmdir_if_empty(folder)


def _rmdir_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def folder_digest(folder: Path) -> dict[str, str]:
    """sha256 of every data file in `folder` (sidecars excluded: they carry the retrieval time)."""
    return {p.name: sha256_file(p) for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX)}


def carry_over(src: Path, dest_folder: Path) -> None:
    """Put an unchanged file (and its sidecar) of the held snapshot into the new folder, by hard link if possible."""
    for path in (src, src.with_name(src.name + SIDECAR_SUFFIX)):
        target = dest_folder / path.name
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)


def publish(work: Path, source_root: Path, release: str) -> str:
    """Move the finished `work` folder to `source_root/<release>`; returns 'new', 'unchanged' or 'superseded'.

    Must be called inside `staging_folder`, which removes `work` if we return without moving it.
    """
    final = source_root / release
    if not final.exists():
        os.replace(work, final)
        return "new"
    if folder_digest(final) == folder_digest(work):
        return "unchanged"
    old = source_root / SUPERSEDED_DIR / f"{release}.{utc_now().replace(':', '')}"
    old.parent.mkdir(parents=True, exist_ok=True)
    os.replace(final, old)
    try:
        os.replace(work, final)
    except OSError:
        os.replace(old, final)
        raise
    log.info("%s: the held snapshot differed; kept it in %s", final, old)
    return "superseded"
