"""Cut a page into the units that state claims: sentences, list items and figure cards.

Web pages flattened to text mix prose with layout: a figure card is a number alone on a line with a short label
above or below it and sometimes a source line (`46%` / `Hospitals Using AI` / `AHA`); a `Source:` line closes a
section and credits the figures above it. Knowing these units gives each claim a short, exact quote and tells
which words around a number belong to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.extract.numbers import find_numbers
from pipeline.extract.vocabulary import load_vocabulary

SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9$])")
"""A possible sentence boundary; abbreviations are checked separately."""

ABBREVIATIONS = frozenset(
    "avg approx est dr mr mrs ms st vs inc co corp ltd jr sr no fig vol al jan feb mar apr jun jul aug sep sept "
    "oct nov dec e.g i.e".split()
)
INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
"""`U.S`, `A`: a period after initials does not end a sentence."""

CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?=(?:and|but|yet|while|whereas|although|though|up\sfrom|down\sfrom|compared\s(?:with|to)|versus)\b)"
    r"|\s[—–]\s|—"
)
"""Where one clause ends and the next begins: attribution and subject do not leak backwards across these."""

LIST_PREFIX = re.compile(r"^[ \t]*(?:[-*•·▪][ \t]*)?(?:\d{1,2}[.)][ \t]*|0\d(?=[A-Z]))?")
"""Bullets and numbering that open a list item; the quote starts after them."""

SOURCE_LINE = re.compile(r"^\s*Sources?:\s*(?P<source>\S.*?)\s*$")
"""`Source: BLS OEWS, May 2024`: credits the figures of the section it closes."""

PERIOD_TOKENS = re.compile(
    r"\b(?:19|20)\d{2}(?:\s?[-–]\s?(?:19|20)?\d{2})?\b"
    r"|\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:tember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
)
MAX_LABEL_WORDS = 6
MAX_HEADING_WORDS = 10
MAX_SENTENCE_CHARS = 1500


@dataclass(frozen=True)
class Segment:
    """One unit of text that can state claims: a sentence (with its clauses) or a figure card."""

    start: int
    end: int
    kind: str
    """`sentence` or `card`."""
    block: int
    """Index of the paragraph (line) the segment belongs to; cards get their value line's index."""
    clauses: tuple[tuple[int, int], ...] = ()
    label: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    value_line: tuple[int, int] | None = None


@dataclass
class Layout:
    """The segments of a page and the section-closing `Source:` lines."""

    segments: list[Segment] = field(default_factory=list)
    source_lines: list[tuple[int, int, int]] = field(default_factory=list)
    """(block index, start, end) of each `Source:` line's source text."""
    section_of_block: dict[int, int] = field(default_factory=dict)
    """Block index -> index of the section it belongs to (sections end at headings and Source lines)."""
    section_source: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Section index -> span of the `Source:` text that closes it."""


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_value_line(line: str) -> bool:
    """A line that holds one number and nothing else (`185K`, `$66,979`, `5-7 years`)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 24:
        return False
    mentions = find_numbers(stripped)
    return len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(stripped)


def is_source_like(line: str) -> bool:
    """A card's credit line: only organisation names and periods (`2024-2034, BLS`, `AAPC, 2025`)."""
    stripped = line.strip()
    if not stripped or SOURCE_LINE.match(stripped):
        return bool(stripped)
    found = load_vocabulary().organisations.find(stripped)
    if not found:
        return False
    rest = stripped
    for start, end, _ in reversed(found):
        rest = rest[:start] + rest[end:]
    rest = PERIOD_TOKENS.sub("", rest)
    return not re.sub(r"[\s,;/&·|()-]|\band\b", "", rest)


def is_label_like(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return (
        0 < len(words) <= MAX_LABEL_WORDS
        and len(stripped) <= 48
        and not stripped.endswith(("!", "?", ":"))
        and (not stripped.endswith(".") or words[-1].lower().rstrip(".") in ABBREVIATIONS)
        and not is_value_line(stripped)
        and not is_source_like(stripped)
    )


def is_heading(line: str) -> bool:
    """A short title line without closing punctuation: it starts a new section."""
    stripped = line.strip()
    words = stripped.split()
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and stripped[0].isupper()
        and not stripped.endswith((".", "!", "?", ":", ";", ",", '"', "”"))
        and not LIST_PREFIX.match(stripped).group(0)
        and not is_value_line(stripped)
        and not SOURCE_LINE.match(stripped)
    )


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within one line, not cutting after initials (`U.S.`) or abbreviations (`Avg.`)."""
    spans, begin = [], start
    for match in SENTENCE_END.finditer(text, start, end):
        token = re.search(r"(\S+)$", text[begin : match.start()])
        word = token.group(1) if token else ""
        if word.lower().rstrip(".") in ABBREVIATIONS or INITIALS.fullmatch(word):
            continue
        spans.append((begin, match.start() + len(match.group(0).rstrip())))
        begin = match.end()
    spans.append((begin, end))
    return [_strip(text, s, e) for s, e in _capped(text, spans) if text[s:e].strip()]


def _capped(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut run-on "sentences" (text without stops) at a space every MAX_SENTENCE_CHARS, so work per number
    stays bounded and extraction time stays linear in the size of the text."""
    capped = []
    for start, end in spans:
        while end - start > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            capped.append((start, cut))
            start = cut
        capped.append((start, end))
    return capped


def split_clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans, begin = [], start
    for match in CLAUSE_BREAK.finditer(text, start, end):
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, end))
    return tuple(spans)


def _neighbour(lines: list[tuple[int, int]], text: str, index: int, step: int) -> int | None:
    """The nearest non-blank line before (step -1) or after (step 1), skipping at most two blank lines."""
    probe = index + step
    for _ in range(3):
        if not 0 <= probe < len(lines):
            return None
        if text[lines[probe][0] : lines[probe][1]].strip():
            return probe
        probe += step
    return None


def layout(text: str, label_fits: Callable[[str, str], bool]) -> Layout:
    """Segments of `text`; `label_fits(label, value_text)` says whether a label names a measure for a value."""
    lines = _lines(text)
    line_text = [text[s:e] for s, e in lines]
    used: set[int] = set()
    cards: dict[int, Segment] = {}
    for index, line in enumerate(line_text):
        if index in used or not is_value_line(line):
            continue
        before = _neighbour(lines, text, index, -1)
        after = _neighbour(lines, text, index, 1)
        options = [n for n in (before, after) if n is not None and n not in used and is_label_like(line_text[n])]
        fitting = [n for n in options if label_fits(line_text[n], line.strip())]
        if not options:
            continue
        label = fitting[0] if fitting else options[0]
        if not fitting and len(options) == 2:
            follow = _neighbour(lines, text, options[1], 1)
            label = options[1] if follow is not None and is_source_like(line_text[follow]) else options[0]
        last = max(index, label)
        source = _neighbour(lines, text, last, 1)
        if source is not None and not is_source_like(line_text[source]):
            source = None
        members = [n for n in (index, label, source) if n is not None]
        used.update(members)
        start = _strip(text, *lines[min(members)])[0]
        end = _strip(text, *lines[max(members)])[1]
        source_span = None
        if source is not None:
            match = SOURCE_LINE.match(line_text[source])
            offset = lines[source][0]
            source_span = (
                (offset + match.start("source"), offset + match.end("source"))
                if match
                else _strip(text, *lines[source])
            )
        cards[index] = Segment(
            start=start,
            end=end,
            kind="card",
            block=index,
            label=_strip(text, *lines[label]),
            source=source_span,
            value_line=_strip(text, *lines[index]),
        )
    result = Layout()
    section = 0
    for index, (start, end) in enumerate(lines):
        line = line_text[index]
        result.section_of_block[index] = section
        if index in cards:
            result.segments.append(cards[index])
            continue
        if index in used or not line.strip():
            continue
        source_match = SOURCE_LINE.match(line)
        if source_match:
            span = (start + source_match.start("source"), start + source_match.end("source"))
            result.source_lines.append((index, *span))
            result.section_source[section] = span
            section += 1
            continue
        if is_heading(line):
            section += 1
            result.section_of_block[index] = section
            continue
        prefix = LIST_PREFIX.match(line)
        body_start = start + (prefix.end() if prefix else 0)
        for sentence_start, sentence_end in split_sentences(text, body_start, end):
            result.segments.append(
                Segment(
                    start=sentence_start,
                    end=sentence_end,
                    kind="sentence",
                    block=index,
                    clauses=split_clauses(text, sentence_start, sentence_end),
                )
            )
    result.segments.sort(key=lambda s: s.start)
    return result
