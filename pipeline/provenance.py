"""Immutable raw snapshots and their metadata sidecars (`<file>.meta.json`), in the manner of owid/etl.

A sidecar records where a file came from (url, retrieved date, licence, citation) and its sha256, so every
figure in the warehouse can be traced back to the exact bytes it was read from.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

SIDECAR_SUFFIX = ".meta.json"
REQUIRED_SIDECAR_FIELDS = ("url", "retrieved", "sha256", "licence", "citation")


class ProvenanceError(ValueError):
    """A raw file whose sidecar is missing, incomplete or does not match the file's bytes."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path, *, verify: bool = True) -> dict[str, Any]:
    """The sidecar of `path`; with `verify`, fail loudly if the file's bytes no longer match it."""
    meta_path = sidecar_path(path)
    if not meta_path.exists():
        raise ProvenanceError(f"{path}: no metadata sidecar ({meta_path.name}); every raw file needs one")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ProvenanceError(f"{meta_path}: not valid JSON (line {exc.lineno}): {exc.msg}") from exc
    missing = [name for name in REQUIRED_SIDECAR_FIELDS if name not in meta]
    if missing:
        raise ProvenanceError(f"{meta_path}: missing field(s) {', '.join(missing)}")
    if verify:
        actual = sha256_file(path)
        if actual != meta["sha256"]:
            raise ProvenanceError(
                f"{path}: sha256 {actual} does not match its sidecar ({meta['sha256']}); "
                "raw snapshots are immutable: add a new snapshot instead of editing one"
            )
    return meta


def write_sidecar(path: Path, **fields: Any) -> dict[str, Any]:
    """Write `path`'s sidecar with its sha256 and size plus the given fields (url, retrieved, licence...)."""
    meta = {**fields, "sha256": sha256_file(path), "size_bytes": path.stat().st_size}
    atomic_write_bytes(sidecar_path(path), (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode())
    return meta


def current_umask() -> int:
    """The process's file-creation mask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(dest: Path, data: bytes) -> None:
    """Write `data` to `dest` so that readers see the old file or the new one, never a partial one."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o666 & ~current_umask())  # as readable as any file written plainly (mkstemp gives 0600)
        os.replace(tmp_name, dest)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
