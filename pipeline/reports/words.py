"""Plain words for the report: numbers as editors write them, and the warehouse's codes in readers' words.

The vocabulary is `plain_words.yml` (beside this file) so analysts extend it without touching code; a code it
does not list reads as itself with spaces for underscores, so new measures never break the report.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

WORDS_FILE = Path(__file__).resolve().parent / "plain_words.yml"
Row = dict[str, Any]


def spaced(code: Any) -> str:
    """`wage_and_salary_jobs` → `wage and salary jobs`: the fallback for codes the vocabulary does not list."""
    return str(code or "").replace("_", " ")


def format_number(value: Any) -> str:
    if value is None:
        return "—"
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def format_value(value: Any, unit: str | None, per: bool = True) -> str:
    """A number in its unit as an editor would write it: 46%, $51,140/year, 194,720 (axis ticks drop `/year`)."""
    if value is None:
        return "unbounded"
    if unit == "percent":
        return f"{format_number(value)}%"
    if unit and unit.startswith("USD"):
        suffix = "/" + unit.split("/", 1)[1] if per and "/" in unit else ""
        return f"{'-' if value < 0 else ''}${format_number(abs(value))}{suffix}"
    return format_number(value)


def format_signed(value: Any, unit: str | None = None) -> str:
    """A gap with its sign, so editors see the direction: +9,720, −$5,280 or +2.5%."""
    if value is None:
        return "—"
    return ("+" if value > 0 else "−" if value < 0 else "±") + format_value(abs(value), unit)


def prose_value(value: Any, unit: str | None) -> str:
    """A figure for a sentence an editor pastes: large counts rounded to hundreds with "about", others exact."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if unit in ("count", "count/year") and abs(value) >= 10_000 and value % 100:
        return "about " + format_number(round(value, -2))
    return format_value(value, unit, per=False)


def as_written(claim: Row) -> str:
    """A claim as the article writes it, with its qualifier: `roughly 185,000`, `Nearly 46%` → `nearly 46%`."""
    text = str(claim.get("value_text") or format_value(claim.get("value"), claim.get("unit"), per=False))
    qualifier = str(claim.get("qualifier_text") or "").strip()
    if qualifier and qualifier.lower() not in text.lower():
        return f"{qualifier.lower()} {text}"
    return text


def bare_period(period: Any) -> str:
    """The period itself, for "is for 2023": `as of 2023` → `2023`, `from 2022 to 2032` → `2022-2032`, and a period
    the source did not state but the warehouse inferred, `not stated (consistent with May 2024)` → `May 2024`."""
    text = " ".join(str(period or "").split())
    if text.lower().startswith("not stated"):
        hint = text[len("not stated"):].strip(" ()")
        text = hint[len("consistent with "):] if hint.lower().startswith("consistent with ") else hint
    for prefix in ("as of ", "in ", "from "):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    if re.fullmatch(r"\d{4} to \d{4}", text):
        text = text.replace(" to ", "-")
    return text


def period_phrase(period: Any) -> str:
    """`over 2024-2034` for a cycle, `in May 2025` for a release; empty when the period is unknown."""
    text = bare_period(period)
    if not text:
        return ""
    return ("over " if re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", text) else "in ") + text


@dataclass(frozen=True)
class Words:
    """The vocabulary of `plain_words.yml`."""

    questions: tuple[Row, ...]
    measures: dict[str, Row]
    universes: dict[str, Any]
    subjects: dict[str, str]
    activities: dict[str, str]
    fields: dict[str, str]
    reasons: dict[str, str]
    evidence_roles: dict[str, str]
    sources: dict[str, Any]

    def measure(self, code: Any) -> str:
        return str(self.measures.get(str(code), {}).get("name") or spaced(code))

    def universe(self, code: Any) -> str:
        entry = self.universes.get(str(code))
        if isinstance(entry, dict):
            return str(entry.get("name") or spaced(code))
        return str(entry or spaced(code))

    def universe_short(self, code: Any) -> str:
        entry = self.universes.get(str(code))
        if isinstance(entry, dict):
            return str(entry.get("short") or "")
        return ""

    def subject(self, code: Any) -> str:
        return self.subjects.get(str(code)) or self.universe(code) if code else ""

    def activity(self, code: Any) -> str:
        return self.activities.get(str(code)) or spaced(code) if code else ""

    def field(self, code: Any) -> str:
        return self.fields.get(str(code)) or spaced(code)

    def reason(self, code: Any) -> str:
        return self.reasons.get(str(code)) or spaced(code)

    def role(self, code: Any) -> str:
        return self.evidence_roles.get(str(code)) or spaced(code)

    def source(self, producer_id: Any, organisation: Any = None, short: bool = False) -> str:
        """The producer's name (`BLS Employment Projections`; `short` for pasted text), else its organisation's."""
        entry = self.sources.get(str(producer_id))
        if isinstance(entry, dict):
            entry = entry.get("short" if short else "name") or entry.get("name")
        return str(entry or organisation or spaced(producer_id) or "unknown source")

    def fields_text(self, codes: Any, skip: tuple[str, ...] = ()) -> str:
        """`who is counted, the activity covered and the source`."""
        names = [self.field(c) for c in codes or [] if c not in skip]
        return join_and(names)

    def noun(self, fig: Row, value_text: str) -> str:
        """How a corrected figure reads: `about 194,700 wage-and-salary jobs`, `a median annual wage of $51,140`."""
        template = str(self.measures.get(str(fig.get("measure")), {}).get("noun") or "{value}")
        text = template.format(value=value_text, universe=self.universe_short(fig.get("universe")))
        return " ".join(text.split())

    def about(self, fig: Row) -> str:
        """What a figure measures: `share of hospitals and health systems using AI in revenue-cycle work`."""
        entry = self.measures.get(str(fig.get("measure")), {})
        who = self.subject(fig.get("subject")) or self.universe(fig.get("universe")) or "an unnamed group"
        activity = self.activity(fig.get("activity"))
        template = str(entry.get("about") or "{name} for {who}{activity}")
        text = template.format(name=self.measure(fig.get("measure")), who=who,
                               activity=f" in {activity}" if activity else "")
        universe = fig.get("universe")
        if universe and universe != fig.get("subject") and universe in self.universes and "{who}" in template:
            text += f", counting {self.universe(universe)}"
        return text


def join_and(items: list[str]) -> str:
    items = [i for i in dict.fromkeys(items) if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@cache
def load_words(path: Path = WORDS_FILE) -> Words:
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Words(
        questions=tuple(spec.get("questions") or ()),
        measures={str(k): v for k, v in (spec.get("measures") or {}).items()},
        universes={str(k): v for k, v in (spec.get("universes") or {}).items()},
        subjects={str(k): str(v) for k, v in (spec.get("subjects") or {}).items()},
        activities={str(k): str(v) for k, v in (spec.get("activities") or {}).items()},
        fields={str(k): str(v) for k, v in (spec.get("fields") or {}).items()},
        reasons={str(k): str(v) for k, v in (spec.get("reasons") or {}).items()},
        evidence_roles={str(k): str(v) for k, v in (spec.get("evidence_roles") or {}).items()},
        sources={str(k): v for k, v in (spec.get("sources") or {}).items()},
    )
