"""The precision a published number states by how it is written: `180,280` is exact to 10, `7.0` to 0.1."""

from __future__ import annotations

import re

PLAIN_NUMBER = re.compile(r"^[<>~]?\s*(\d[\d,]*)(?:\.(\d+))?")


def implied_rounding_unit(text: str | None) -> float:
    """10 ** (trailing zeros) for whole numbers, 10 ** -decimals for decimals; 1 when it cannot tell."""
    match = PLAIN_NUMBER.match((text or "").strip())
    if not match:
        return 1.0
    whole, decimals = match.group(1).replace(",", ""), match.group(2)
    if decimals:
        return 10.0 ** -len(decimals)
    stripped = whole.rstrip("0")
    return 10.0 ** (len(whole) - len(stripped)) if stripped else 1.0
