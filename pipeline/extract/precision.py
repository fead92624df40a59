"""The precision a number states by how it is written: `180,280` is exact to 10, `7.0` to 0.1, `46%` to 1.

One rule for the extractor (`numbers.py`, numbers found in articles) and for the staging of published reference
figures (`staging/reference_figures.py`), so a claim and the figure it is checked against are read alike.
"""

from __future__ import annotations

import re
from decimal import Decimal

PLAIN_NUMBER = re.compile(r"^[<>~]?\s*(\d[\d,]*(?:\.\d+)?)")


def place_value(digits: str, use_trailing_zeros: bool = True) -> Decimal:
    """The place of the last written digit: `194,800` -> 100, `2.8` -> 0.1, `46` -> 1.

    Trailing zeros of a whole number count as rounding (`200,000` -> 100000) unless `use_trailing_zeros` is
    False, as for percentages (`70%` is exact to 1).
    """
    plain = digits.replace(",", "")
    if "." in plain:
        return Decimal(1).scaleb(-len(plain.split(".")[1]))
    if not use_trailing_zeros or set(plain) == {"0"}:
        return Decimal(1)
    zeros = len(plain) - len(plain.rstrip("0"))
    return Decimal(1).scaleb(zeros)


def implied_rounding_unit(text: str | None) -> float:
    """The rounding unit of a published value as text (`180280` -> 10, `17.27` -> 0.01); 1 when it cannot tell."""
    match = PLAIN_NUMBER.match((text or "").strip())
    return float(place_value(match.group(1))) if match else 1.0
