"""The controlled vocabulary the extractor may emit, read once from raw/definitions.

Measures, subjects and organisations live in CSV files that editors can extend without touching code; the
extractor only ever returns values that appear there (or `unknown`).
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RAW_DIR_ENV = "MEDCODER_RAW_DIR"


def definitions_dir() -> Path:
    """The definitions folder, from the repository root unless MEDCODER_RAW_DIR points elsewhere."""
    override = os.environ.get(RAW_DIR_ENV)
    if override:
        return Path(override) / "definitions"
    return Path(__file__).resolve().parents[2] / "raw" / "definitions"


PREFIX = 2
"""Phrases are indexed by this many leading characters (the shortest phrase, `ai`, has two)."""
WORD_START = re.compile(r"(?<![\w*-])[\w~$]")
"""Where a phrase may begin: not inside a word."""


NAME_START = re.compile(r"(?<![\w*-])[A-Z0-9]")
"""Where an organisation's name may begin: organisations are proper names, written with a capital."""


class PhraseMatcher:
    """Finds known phrases in text, longest first, fast: candidates are looked up by their first characters.

    A single regex alternation of a few hundred phrases is tried at every character and was the slowest part
    of extraction; indexing the phrases by a two-character prefix makes a page scan linear and cheap.
    """

    def __init__(
        self,
        phrases: dict[str, str],
        case_sensitive: frozenset[str] = frozenset(),
        word_start: re.Pattern[str] = WORD_START,
    ) -> None:
        self.names = {p.casefold(): name for p, name in phrases.items()}
        self.case_sensitive = {p.casefold(): p for p in case_sensitive}
        self.by_prefix: dict[str, list[str]] = {}
        for phrase in sorted(self.names, key=len, reverse=True):
            self.by_prefix.setdefault(phrase[:PREFIX], []).append(phrase)
        if word_start is WORD_START and self.by_prefix:
            prefixes = "|".join(re.escape(p) for p in sorted(self.by_prefix, key=len, reverse=True))
            word_start = re.compile(rf"(?<![\w*-])(?=(?i:{prefixes}))")
        self.word_start = word_start
        """Where a phrase may begin: a word start followed by the first characters of some phrase (so the scan
        skips in C the words no phrase starts), or a narrower pattern such as capitals only."""

    def _at(self, text: str, position: int) -> str | None:
        for phrase in self.by_prefix.get(text[position : position + PREFIX].casefold(), ()):
            end = position + len(phrase)
            written = text[position:end]
            if written.casefold() != phrase or (end < len(text) and (text[end].isalnum() or text[end] in "_-*")):
                continue
            if phrase in self.case_sensitive and written != self.case_sensitive[phrase]:
                continue
            return phrase
        return None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, name) of each phrase wholly inside text[start:end], left to right, not overlapping."""
        end = len(text) if end is None else end
        found: list[tuple[int, int, str]] = []
        position = start
        while True:
            match = self.word_start.search(text, position, end)
            if not match:
                return found
            phrase = self._at(text, match.start())
            if phrase and match.start() + len(phrase) <= end:
                found.append((match.start(), match.start() + len(phrase), self.names[phrase]))
                position = match.start() + len(phrase)
            else:
                position = match.start() + 1


@dataclass(frozen=True)
class Measure:
    name: str
    family: str
    unit: str
    kind: str
    statistic: str = "unknown"


@dataclass(frozen=True)
class Vocabulary:
    measures: dict[str, Measure]
    subject_kinds: dict[str, str]
    subjects: PhraseMatcher
    """Subject phrases (subjects.csv `phrases`) -> subject key."""
    organisations: PhraseMatcher
    """Organisation aliases (organisations.csv) -> normalised organisation name; capitals match as written."""
    subject_topics: dict[str, str]
    """Subject -> the topic it belongs to (subject_topics.csv): certified coders and coders share a workforce."""
    domains: dict[str, str]
    """Web domain (organisations.csv `domains`, e.g. `bls.gov`) -> the organisation whose site it is."""


def _read(name: str) -> list[dict[str, str]]:
    with open(definitions_dir() / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def load_vocabulary() -> Vocabulary:
    """Read the definitions once per process; the extractor is otherwise pure."""
    measures = {
        row["measure"]: Measure(row["measure"], row["family"], row["unit"], row["kind"], row["statistic"])
        for row in _read("measures.csv")
    }
    subjects = _read("subjects.csv")
    phrase_subject: dict[str, str] = {}
    for row in subjects:
        for phrase in filter(None, (p.strip() for p in row["phrases"].split("|"))):
            phrase_subject.setdefault(phrase.casefold(), row["subject"])
    aliases: dict[str, str] = {}
    capitals: set[str] = set()
    domains: dict[str, str] = {}
    for row in _read("organisations.csv"):
        for domain in filter(None, (d.strip().lower() for d in (row.get("domains") or "").split("|"))):
            domains[domain] = row["organisation"]
        for alias in filter(None, (a.strip() for a in row["aliases"].split("|"))):
            aliases.setdefault(alias, row["organisation"])
            if alias.upper() == alias:
                capitals.add(alias)
    return Vocabulary(
        measures=measures,
        subject_kinds={row["subject"]: row["kind"] for row in subjects},
        subjects=PhraseMatcher(phrase_subject),
        organisations=PhraseMatcher(aliases, frozenset(capitals), NAME_START),
        subject_topics={row["subject"]: row["topic"] for row in _read("subject_topics.csv")},
        domains=domains,
    )
