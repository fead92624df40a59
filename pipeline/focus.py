"""The occupations the project follows, listed once in `raw/definitions/focus_occupations.csv`.

The live API door asks BLS for their series; the benchmarks generate data for them; previews show the first.
"""

from __future__ import annotations

import csv
from pathlib import Path

FOCUS_FILE = Path("definitions") / "focus_occupations.csv"


def focus_soc_codes(raw_dir: Path) -> list[str]:
    """SOC codes in the file's order (`29-2072` first: the occupation this project is about)."""
    with (raw_dir / FOCUS_FILE).open(newline="", encoding="utf-8") as handle:
        return [row["soc_code"] for row in csv.DictReader(handle)]


def occupation_codes(raw_dir: Path) -> list[str]:
    """The same as the 6-digit occupation codes of OEWS series ids (`292072`)."""
    return [code.replace("-", "") for code in focus_soc_codes(raw_dir)]
