"""Cut a page into the units that state claims: sentences, figure cards and table cells.

Web pages flattened to text mix prose with layout, and layout says what a number is:
- a **table** (cells separated by ` | `, or a label followed by numbers separated by spaces under a header line):
  a cell takes its measure, statistic, unit and period from its column header, its place, industry or group from
  its row label, and the rest from the table's caption (the line above it) and the heading of its section;
- a **label/value line** (`New Jersey: $54,020`, `Median Income | $30,600`, `Legal services ($48,680)`,
  `Entry $29,493 Median $42,611`, `22% Growth`): a one-row table whose label is its row label;
- a **figure card**: a number alone on a line with a short label above or below it and sometimes a credit line
  (`46%` / `Hospitals Using AI` / `AHA`);
- a **list item** introduced by a line ending with `:` (`According to the BLS, in 2008:`): a sentence whose
  caption is that line;
- a `Source:` line, or a credit line naming only an organisation (`BLS OEWS, most recent release.`), closes a
  section and credits the figures above it; a heading opens a new section.
Each unit becomes a `Segment` whose spans say which words around a number belong to it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipeline.extract.context import header_cue_spans
from pipeline.extract.numbers import NumberMention
from pipeline.extract.vocabulary import load_vocabulary

Span = tuple[int, int]

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
    r"|\s(?=(?:even\sthough|although|despite\sthe\sfact)\b)"
    r"|\s[—–]\s|—"
)
"""Where one clause ends and the next begins: attribution and subject do not leak backwards across these."""

LIST_PREFIX = re.compile(r"^[ \t]*(?:[-*•·▪★][ \t]*)?(?:\d{1,2}[.)][ \t]*|0\d(?=[A-Z]))?")
"""Bullets and numbering that open a list item; the quote starts after them."""
BULLET = re.compile(r"^[ \t]*(?:[-*•·▪★]|\d{1,2}[.)])[ \t]")

SOURCE_LINE = re.compile(r"^\s*Sources?:\s*(?P<source>\S.*?)\s*$")
"""`Source: BLS OEWS, May 2024`: credits the figures of the section it closes."""

PERIOD_TOKENS = re.compile(
    r"\b(?:19|20)\d{2}(?:\s?[-–]\s?(?:19|20)?\d{2})?\b"
    r"|\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:tember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
)
CREDIT_FILLER = re.compile(
    r"\b(?:most|recent|latest|current|release[sd]?|data|estimates?|survey|report|program|statistics|projections"
    r"|edition|the|of|and|from|via|by|based|on|as|at)\b",
    re.IGNORECASE,
)
"""Words a credit line may hold besides organisations and periods (`BLS OEWS, most recent release.`)."""
PIPE_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
"""`---|---|---|`: the rule under a table's header."""
PAIR_COLON = re.compile(r"^[ \t]*(?:[-*•·▪][ \t]*)?(?P<label>[^:|\n]{1,60}?)[ \t]*:[ \t]+(?P<value>\S.*?)\s*$")
"""`New Jersey: $54,020`, `10th Percentile: $35,080`."""
PAIR_PAREN = re.compile(r"^[ \t]*(?:[-*•·▪][ \t]*)?(?P<label>[^()|\n]{1,80}?)[ \t]*\((?P<value>[^()\n]+)\)[ \t]*$")
"""`Legal services ($48,680)`."""
SENTENCE_PUNCTUATION = re.compile(r"[.!?;:,](?:\s|$)")
WORD = re.compile(r"[A-Za-z][\w'’/&-]*")

MAX_CREDIT_CHARS = 80
"""A credit line is short; longer lines are prose and are not searched for organisations."""
MAX_LABEL_WORDS = 6
MAX_HEADING_WORDS = 10
MAX_SENTENCE_CHARS = 1500
MAX_CELL_WORDS = 12
"""A table cell with more words than this is prose (`Activities | Technicians who ...`), read as sentences."""
MAX_PAIR_WORDS = 4
"""Words a label/value line's value part may hold besides the number (`$30,600 per year in 2008`)."""
MAX_INLINE_LABEL_WORDS = 3


@dataclass(frozen=True)
class Segment:
    """One unit of text that can state claims: a sentence (with its clauses), a figure card or a table cell.

    Spans are offsets into the page. A cell's quote is its whole row; `cell` is where its numbers stand.
    """

    start: int
    end: int
    kind: str
    """`sentence`, `card` or `cell`."""
    block: int
    """Index of the line the segment belongs to; cards get their value line's index."""
    clauses: tuple[Span, ...] = ()
    cell: Span | None = None
    """Cards: the value line; cells: the cell text holding the number (`$30,600 per year in 2008`)."""
    row_label: Span | None = None
    """Cards: the label line; cells: the row's label (`New Jersey`, `Hourly Wage`, `Median Salary`)."""
    column: Span | None = None
    """Cells: the column header (`Median Pay`, `Annual mean wage (2)`)."""
    corner: Span | None = None
    """Cells: the header over the row labels (`State`, `Industry`, `Percentile`)."""
    row: Span | None = None
    """Cells: the whole row line."""
    caption: Span | None = None
    """Cells and list items: the line introducing the table, list or pair (`... as of 2018:`)."""
    source: Span | None = None
    """Cards: the credit line under the card (`2024-2034, BLS`)."""

    @property
    def lookup(self) -> Span:
        """Where this segment's numbers stand: the cell or value line, else the whole segment."""
        return self.cell if self.cell is not None else (self.start, self.end)


@dataclass
class Layout:
    """The segments of a page and its sections (a heading opens one; a Source or credit line closes one)."""

    segments: list[Segment] = field(default_factory=list)
    source_lines: list[tuple[int, int, int]] = field(default_factory=list)
    """(line index, start, end) of each `Source:` or credit line's source text."""
    section_of_block: dict[int, int] = field(default_factory=dict)
    """Line index -> index of the section it belongs to."""
    section_source: dict[int, Span] = field(default_factory=dict)
    """Section index -> span of the `Source:` text that closes it."""
    section_heading: dict[int, Span] = field(default_factory=dict)
    """Section index -> span of the heading that opens it."""


class _Page:
    """The lines of a page with the numbers on each, so every test on a line is cheap."""

    def __init__(self, text: str, mentions: Sequence[NumberMention]) -> None:
        self.text = text
        self.lines: list[Span] = []
        start = 0
        for match in re.finditer(r"\n", text):
            self.lines.append((start, match.start()))
            start = match.end()
        self.lines.append((start, len(text)))
        self.mentions = list(mentions)
        self.mention_starts = [m.start for m in self.mentions]

    def line(self, index: int) -> str:
        start, end = self.lines[index]
        return self.text[start:end]

    def stripped(self, index: int) -> Span:
        return _strip(self.text, *self.lines[index])

    def numbers(self, start: int, end: int) -> list[NumberMention]:
        """The numbers lying wholly inside [start, end)."""
        first = bisect_left(self.mention_starts, start)
        last = bisect_left(self.mention_starts, end)
        return [m for m in self.mentions[first:last] if m.end <= end]

    def line_numbers(self, index: int) -> list[NumberMention]:
        return self.numbers(*self.lines[index])

    def blank(self, index: int) -> bool:
        return not self.line(index).strip()

    def neighbour(self, index: int, step: int, skip: int = 2) -> int | None:
        """The nearest non-blank line before (step -1) or after (step 1), skipping at most `skip` blank lines."""
        probe = index + step
        for _ in range(skip + 1):
            if not 0 <= probe < len(self.lines):
                return None
            if not self.blank(probe):
                return probe
            probe += step
        return None


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _words(text: str) -> int:
    return len(WORD.findall(text))


def is_value_only(page: _Page, index: int) -> bool:
    """A line that holds one number and nothing else (`185K`, `$66,979`, `5-7 years`)."""
    start, end = page.stripped(index)
    if start == end or end - start > 24:
        return False
    numbers = page.numbers(start, end)
    return len(numbers) == 1 and numbers[0].start == start and numbers[0].end == end


def is_source_like(line: str) -> bool:
    """A credit line: only organisation names, periods and a few filler words (`2024-2034, BLS`)."""
    stripped = line.strip()
    if not stripped or SOURCE_LINE.match(stripped):
        return bool(stripped)
    if len(stripped) > MAX_CREDIT_CHARS:
        return False
    found = load_vocabulary().organisations.find(stripped)
    if not found:
        return False
    rest = stripped
    for start, end, _ in reversed(found):
        rest = rest[:start] + rest[end:]
    rest = PERIOD_TOKENS.sub("", rest)
    rest = CREDIT_FILLER.sub("", rest) if found[0][0] == 0 else rest
    return not re.sub(r"[\s,;/&·|().-]|\band\b", "", rest)


def is_label_like(page: _Page, index: int) -> bool:
    stripped = page.line(index).strip()
    words = stripped.split()
    return (
        0 < len(words) <= MAX_LABEL_WORDS
        and len(stripped) <= 48
        and not stripped.endswith(("!", "?", ":"))
        and (not stripped.endswith(".") or words[-1].lower().rstrip(".") in ABBREVIATIONS)
        and not is_value_only(page, index)
        and not is_source_like(stripped)
    )


def is_heading(page: _Page, index: int) -> bool:
    """A short title line without closing punctuation: it starts a new section."""
    stripped = page.line(index).strip()
    words = stripped.split()
    prefix = LIST_PREFIX.match(stripped)
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and stripped[0].isupper()
        and not stripped.endswith((".", "!", "?", ":", ";", ",", '"', "”"))
        and not (prefix and prefix.group(0))
        and not is_value_only(page, index)
        and not SOURCE_LINE.match(stripped)
    )


def split_sentences(text: str, start: int, end: int) -> list[Span]:
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


def _capped(text: str, spans: list[Span]) -> list[Span]:
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


def split_clauses(text: str, start: int, end: int) -> tuple[Span, ...]:
    spans, begin = [], start
    for match in CLAUSE_BREAK.finditer(text, start, end):
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, end))
    return tuple(spans)


# --- tables ------------------------------------------------------------------------------------------------------


def _is_pipe_row(page: _Page, index: int) -> bool:
    line = page.line(index)
    if PIPE_SEPARATOR_ROW.match(line) and "-" in line:
        return True
    return "|" in line and len([c for c in line.split("|") if c.strip()]) >= 1 and line.strip() != "|"


def _pipe_cells(page: _Page, index: int) -> list[Span | None]:
    """The cells of a `a | b | c` row as spans (None for an empty cell); a closing `|` adds no cell."""
    start, end = page.lines[index]
    cells: list[Span | None] = []
    position = start
    for part in page.line(index).split("|"):
        span = _strip(page.text, position, position + len(part))
        cells.append(span if span[0] < span[1] else None)
        position += len(part) + 1
    if len(cells) > 1 and cells[-1] is None:
        cells.pop()
    return cells


def _caption(page: _Page, first: int, is_member: Callable[[int], bool]) -> Span | None:
    """The line introducing a table or list: the nearest non-blank line above it that is not one of its rows."""
    probe = page.neighbour(first, -1)
    while probe is not None and is_member(probe):
        probe = page.neighbour(probe, -1)
    return page.stripped(probe) if probe is not None else None


def _cell_segment(page: _Page, index: int, cell: Span, **context: Span | None) -> Segment:
    start, end = page.stripped(index)
    return Segment(start=start, end=end, kind="cell", block=index, cell=cell, row=(start, end), **context)


def _prose(page: _Page, index: int, start: int, end: int, caption: Span | None = None) -> list[Segment]:
    return [
        Segment(start=s, end=e, kind="sentence", block=index, clauses=split_clauses(page.text, s, e), caption=caption)
        for s, e in split_sentences(page.text, start, end)
    ]


def _pipe_table(page: _Page, rows: list[int]) -> list[Segment]:
    """Cells of a ` | ` table; header lines (all lines above a `---|---` rule, or a first row without numbers)
    name the columns; a first cell without numbers is the row's label."""
    separators = [i for i in rows if PIPE_SEPARATOR_ROW.match(page.line(i)) and "-" in page.line(i)]
    if separators:
        header_lines = [i for i in rows if i < separators[0]]
        data = [i for i in rows if i > separators[0] and i not in separators]
    else:
        first = rows[0]
        cells = [c for c in _pipe_cells(page, first) if c]
        is_header = (
            len(rows) > 1
            and not page.line_numbers(first)
            and all(_words(page.text[s:e]) <= MAX_LABEL_WORDS + 2 for s, e in cells)
        )
        header_lines, data = ([first], rows[1:]) if is_header else ([], rows)
    header: list[Span | None] = [c for i in header_lines for c in _pipe_cells(page, i)]
    members = set(rows)
    caption = _caption(page, rows[0], lambda i: i in members)
    segments: list[Segment] = []
    for index in data:
        cells = _pipe_cells(page, index)
        labelled = bool(cells) and (cells[0] is None or not page.numbers(*cells[0]))
        offset = len(cells) - len(header)
        corner = header[0] if header and labelled and offset == 0 else None
        for position, cell in enumerate(cells):
            if cell is None or not page.numbers(*cell) or (labelled and position == 0):
                continue
            if _words(page.text[cell[0] : cell[1]]) > MAX_CELL_WORDS:
                segments.extend(_prose(page, index, *cell, caption=caption))
                continue
            column = header[position - offset] if 0 <= position - offset < len(header) else None
            row_label = cells[0] if labelled else None
            segments.append(
                _cell_segment(page, index, cell, row_label=row_label, column=column, corner=corner, caption=caption)
            )
    return segments


def _row_values(page: _Page, index: int) -> tuple[Span, list[NumberMention]] | None:
    """`Alabama $39,500 $28,390 $62,710`: a label and two or more numbers with nothing between them."""
    start, end = page.stripped(index)
    numbers = page.numbers(start, end)
    if len(numbers) < 2 or numbers[-1].end != end:
        return None
    label = _strip(page.text, start, numbers[0].start)
    if label[0] == label[1] or any(ch.isdigit() for ch in page.text[label[0] : label[1]]):
        return None
    if _words(page.text[label[0] : label[1]]) > MAX_LABEL_WORDS:
        return None
    for before, after in zip(numbers, numbers[1:], strict=False):
        if page.text[before.end : after.start].strip():
            return None
    return label, numbers


def _space_table(page: _Page, rows: list[int]) -> list[Segment]:
    """Cells of a table whose cells are separated by spaces; the header line above names the columns, split at
    tabs or runs of spaces, else at the measure phrases it holds (`State Median Salary Bottom 10% Top 10%`)."""
    members = set(rows)
    header_index = page.neighbour(rows[0], -1)
    width = len(_row_values(page, rows[0])[1])  # type: ignore[index]
    columns: list[Span] = []
    corner: Span | None = None
    caption_first = rows[0]
    if header_index is not None and not page.line_numbers(header_index) and not is_value_only(page, header_index):
        caption_first = header_index
        columns, corner = _split_header(page, header_index, width, _row_values(page, rows[0])[1][0].kind)  # type: ignore[index]
    caption = _caption(page, caption_first, lambda i: i in members)
    segments = []
    for index in rows:
        label, numbers = _row_values(page, index)  # type: ignore[misc]
        for position, number in enumerate(numbers):
            column = columns[position] if len(columns) == len(numbers) else None
            segments.append(
                _cell_segment(
                    page, index, (number.start, number.end), row_label=label, column=column, corner=corner,
                    caption=caption,
                )
            )
    return segments


def _split_header(page: _Page, index: int, width: int, kind: str) -> tuple[list[Span], Span | None]:
    start, end = page.stripped(index)
    parts, position = [], start
    for piece in re.split(r"(\t+|\s{2,})", page.text[start:end]):
        if piece.strip():
            parts.append((position, position + len(piece)))
        position += len(piece)
    if len(parts) == width + 1:
        return parts[1:], parts[0]
    if len(parts) == width:
        return parts, None
    cues = header_cue_spans(page.text, start, end, kind)
    if len(cues) != width:
        return [], None
    columns = [(cue[0], cues[i + 1][0] if i + 1 < len(cues) else end) for i, cue in enumerate(cues)]
    columns = [_strip(page.text, *c) for c in columns]
    corner = _strip(page.text, start, cues[0][0])
    return columns, (corner if corner[0] < corner[1] else None)


def _pairs(page: _Page, index: int) -> list[tuple[Span, NumberMention]] | None:
    """A label/value line as (label span, number) pairs, or None when the line is not one."""
    start, end = page.stripped(index)
    line = page.text[start:end]
    numbers = page.numbers(start, end)
    if not numbers:
        return None
    for pattern in (PAIR_COLON, PAIR_PAREN):
        match = pattern.match(line)
        if match and len(numbers) == 1:
            label = _strip(page.text, start + match.start("label"), start + match.end("label"))
            value = page.text[start + match.start("value") : start + match.end("value")]
            label_text = page.text[label[0] : label[1]]
            if (
                label[0] < label[1] <= numbers[0].start
                and _words(label_text) <= MAX_LABEL_WORDS + 2
                and _words(value.replace(numbers[0].text, " ")) <= MAX_PAIR_WORDS
            ):
                return [(label, numbers[0])]
    if SENTENCE_PUNCTUATION.search(re.sub(r"\d[.,]\d", "0", line)) or _words(line) > 2 * MAX_INLINE_LABEL_WORDS + 2:
        return None
    if len(numbers) == 1:
        number = numbers[0]
        before, after = page.text[start : number.start], page.text[number.end : end]
        short = _words(before) + _words(after) <= MAX_INLINE_LABEL_WORDS + 1 and not re.search(r"[()]", line)
        short = short and not BULLET.match(page.line(index))  # a list item is a sentence, not a label
        if (before.strip() or after.strip()) and short:
            return [((start, end), number)]
        return None
    pairs = []
    previous = start
    for number in numbers:
        label = _strip(page.text, previous, number.start)
        words = _words(page.text[label[0] : label[1]])
        if not 0 < words <= MAX_INLINE_LABEL_WORDS:
            return None
        pairs.append((label, number))
        previous = number.end
    return pairs if not page.text[previous:end].strip() else None


def _label_rank(
    page: _Page, label: int, value: int, value_text: str, label_fits: Callable[[str, str], bool]
) -> tuple[bool, bool, bool, bool]:
    """A card label that names a measure, then one above a credit line, then one touching the value line."""
    follow = page.neighbour(label, 1) if label > value else None
    credited = follow is not None and is_source_like(page.line(follow))
    return label_fits(page.line(label), value_text), credited, abs(label - value) == 1, label < value


def _cards(page: _Page, used: set[int], label_fits: Callable[[str, str], bool]) -> dict[int, Segment]:
    """Figure cards: a number alone on a line, its label above or below, an optional credit line after."""
    cards: dict[int, Segment] = {}
    for index in range(len(page.lines)):
        if index in used or not is_value_only(page, index):
            continue
        before, after = page.neighbour(index, -1), page.neighbour(index, 1)
        options = [n for n in (before, after) if n is not None and n not in used and is_label_like(page, n)]
        if not options:
            continue
        value_text = page.line(index).strip()
        label = max(options, key=lambda n, i=index, v=value_text: _label_rank(page, n, i, v, label_fits))
        source = page.neighbour(max(index, label), 1)
        if source is not None and (source in used or not is_source_like(page.line(source))):
            source = None
        members = [n for n in (index, label, source) if n is not None]
        used.update(members)
        source_span = None
        if source is not None:
            match = SOURCE_LINE.match(page.line(source))
            offset = page.lines[source][0]
            source_span = (
                (offset + match.start("source"), offset + match.end("source")) if match else page.stripped(source)
            )
        cards[index] = Segment(
            start=page.stripped(min(members))[0],
            end=page.stripped(max(members))[1],
            kind="card",
            block=index,
            row_label=page.stripped(label),
            source=source_span,
            cell=page.stripped(index),
        )
    return cards


def _structures(page: _Page) -> tuple[dict[int, list[Segment]], set[int]]:
    """Tables and label/value lines: the cell segments of each line that belongs to one, and those lines."""
    by_line: dict[int, list[Segment]] = {}
    used: set[int] = set()
    count = len(page.lines)
    index = 0
    while index < count:
        if _is_pipe_row(page, index) and (page.line_numbers(index) or _next_is_pipe(page, index)):
            rows = [index]
            while rows[-1] + 1 < count and _is_pipe_row(page, rows[-1] + 1):
                rows.append(rows[-1] + 1)
            for segment in _pipe_table(page, rows):
                by_line.setdefault(segment.block, []).append(segment)
            used.update(rows)
            index = rows[-1] + 1
            continue
        values = _row_values(page, index)
        if values:
            rows = [index]
            probe = index + 1
            while probe < count and (found := _row_values(page, probe)) and len(found[1]) == len(values[1]):
                rows.append(probe)
                probe += 1
            for segment in _space_table(page, rows):
                by_line.setdefault(segment.block, []).append(segment)
            used.update(rows)
            if page.neighbour(rows[0], -1) is not None:
                header = page.neighbour(rows[0], -1)
                if header is not None and not page.line_numbers(header) and not is_heading(page, header):
                    used.add(header)
            index = probe
            continue
        index += 1
    pair_lines = {i: p for i in range(count) if i not in used and (p := _pairs(page, i))}
    caption: Span | None = None
    for index, pairs in pair_lines.items():
        above = page.neighbour(index, -1)
        if above is None or above not in pair_lines:  # a run of pairs shares the caption of its first line
            caption = _caption(page, index, lambda i: i in pair_lines)
        for label, number in pairs:
            segment = _cell_segment(page, index, (number.start, number.end), row_label=label, caption=caption)
            by_line.setdefault(index, []).append(segment)
        used.add(index)
    return by_line, used


def _next_is_pipe(page: _Page, index: int) -> bool:
    return index + 1 < len(page.lines) and _is_pipe_row(page, index + 1)


def layout(text: str, mentions: Sequence[NumberMention], label_fits: Callable[[str, str], bool]) -> Layout:
    """Segments of `text` (whose numbers are `mentions`); `label_fits(label, value_text)` says whether a card's
    label names a measure for its value."""
    page = _Page(text, mentions)
    structures, used = _structures(page)
    cards = _cards(page, used, label_fits)
    result = Layout()
    section = 0
    list_caption: Span | None = None
    for index, (start, end) in enumerate(page.lines):
        line = page.line(index)
        result.section_of_block[index] = section
        if index in cards:
            result.segments.append(cards[index])
            continue
        if index in structures:
            result.segments.extend(structures[index])
            continue
        if index in used or not line.strip():
            continue
        source_match = SOURCE_LINE.match(line)
        if source_match or (is_source_like(line) and not page.line_numbers(index)):
            span = (start + source_match.start("source"), start + source_match.end("source")) if source_match else (
                page.stripped(index)
            )
            result.source_lines.append((index, *span))
            result.section_source[section] = span
            section += 1
            continue
        if is_heading(page, index):
            section += 1
            result.section_of_block[index] = section
            result.section_heading[section] = page.stripped(index)
            continue
        item = bool(BULLET.match(line))
        if not item:
            list_caption = page.stripped(index) if line.rstrip().endswith(":") else None
        prefix = LIST_PREFIX.match(line)
        body_start = start + (prefix.end() if prefix else 0)
        result.segments.extend(_prose(page, index, body_start, end, caption=list_caption if item else None))
    result.segments.sort(key=lambda s: (s.start, s.lookup))
    return result


def segment_lookup(segments: list[Segment]) -> tuple[list[int], list[Segment]]:
    """Segments ordered by where their numbers stand, with those start offsets, for bisection."""
    ordered = sorted(segments, key=lambda s: s.lookup)
    return [s.lookup[0] for s in ordered], ordered


def segment_at(starts: list[int], ordered: list[Segment], position: int, end: int) -> Segment | None:
    """The segment whose number region holds [position, end)."""
    index = bisect_right(starts, position) - 1
    if index < 0:
        return None
    segment = ordered[index]
    low, high = segment.lookup
    return segment if low <= position and end <= high else None
