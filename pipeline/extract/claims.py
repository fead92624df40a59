"""Extract the numeric statistical claims of one document: `extract_claims(text, published_on)`.

The steps: cut the page into sentences and figure cards (`segments`), find the numbers (`numbers`), read each
number's qualifier, measure, subject, period and source from its clause outward (`context`), then merge the
repeats of one figure into one claim whose primary occurrence is the most informative one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

from pipeline.extract.context import (
    ACTIVITY_FAMILIES,
    GENERIC_SOURCE_PATTERN,
    MEAN_PAY,
    MEDIAN_PAY,
    QUALIFIER_AFTER,
    QUALIFIER_BEFORE,
    UNIVERSE_MEASURES,
    find_activity,
    find_measure_cue,
    find_universe,
    qualifier_for,
    resolve_pay,
)
from pipeline.extract.model import Claim, Occurrence
from pipeline.extract.numbers import NumberMention, SpanIndex, find_numbers
from pipeline.extract.periods import Period, find_period, find_source_period, gap
from pipeline.extract.segments import Layout, Segment, layout
from pipeline.extract.vocabulary import Vocabulary, load_vocabulary

OCCUPATION_FAMILIES = frozenset({
    "employment", "employment_change", "employment_growth", "openings", "pay", "pay_percentile", "demographics",
    "unemployment", "working_conditions", "automation_risk", "automation_horizon",
})  # fmt: skip
"""Measures about an occupation: their subject is an occupation, and the page's occupation when unnamed."""
ORGANISATION_FAMILIES = frozenset({
    "ai_adoption", "automation_adoption", "ai_adoption_stage", "ai_investment", "denial_cost", "revenue_leakage",
})  # fmt: skip
"""Measures about organisations: their subject is an organisation (hospitals, healthcare organizations...)."""
OCCUPATION_KINDS = frozenset({"occupation", "occupation_group"})
PROJECTION_KIND = "projection"

SUBJECT_AFTER_LINK = re.compile(r"^[^\d\n]{0,40}?\b(?:of|for|among)\s(?:the\s|all\s|U\.S\.\s|US\s)?$", re.IGNORECASE)
"""`46% of hospitals`, `7% growth for medical records specialists`: the subject right after the number."""
SUBJECT_EXCLUDED_BEFORE = re.compile(
    r"\b(?:including|such\sas|like|than(?:\sthe)?\saverage\sfor|than)\s$", re.IGNORECASE
)
"""A subject named in an aside or a comparison is not the subject of the figure."""
OCCUPATION_COUNT_AFTER = re.compile(r"^\s(?:[\w-]+\s){0,2}?$")
"""`186,400 medical records specialists`, `70,000 options`: the noun right after a number names what it counts."""
PRICE_CUE = re.compile(
    r"\bcosts?\b|\bprices?d?\b|\btuition\b|\bfees?\b|\bfor\sjust\b|\benroll\w*|\bdiscount\w*", re.IGNORECASE
)
"""A money amount that is the price of a product or course is not a statistic about the domain."""
DOMAIN_TERMS = re.compile(
    r"\bcod(?:ing|ers?|ed)\b|\bhealth\w*|\bhospitals?\b|\bmedical\b|\bclinical\b|\bpatients?\b|\bclaims?\b"
    r"|\brevenue[-\s]cycle|\bbilling\b|\bAI\b|\bautomat\w*|\bEHR\b|\bpayers?\b|\bphysicians?\b",
    re.IGNORECASE,
)
"""Words that tie a figure with no known measure or subject to this domain (kept in scope for review)."""
REPORTING_CUE = re.compile(
    r"\baccording\sto\b|\bpublished\b|\bfound\b|\bfind\w*|\breport\w*|\bsurvey\w*|\bstud(?:y|ies)\b|\bestimat\w*"
    r"|\bproject(?:s|ed|ions?)\b|\bsa(?:y|ys|id)\b|\bshow\w*|\bcount(?:s|ed)\b|\bdata\b|\bpoll\w*|\bresearch\b|\bpredict\w*",
    re.IGNORECASE,
)
"""An earlier sentence credits its organisation as a source (`A study published in NEJM AI found...`)."""
MAX_ARTICLE_CHARS = 8_000_000
"""The largest text `extract_claims` accepts (about 8 MB of ASCII); extraction time is linear up to it."""
CARRY_SENTENCES = 3
MAX_CARRY_BACK = 12
"""How far back a projection looks for its cycle within one paragraph."""
"""How many earlier sentences of a paragraph a source or subject may be carried from."""
DURATION_KINDS = frozenset({"years", "months", "weeks", "days"})
KIND_UNITS = {"percent": "percent", "years": "years", "months": "months", "weeks": "weeks", "days": "days"}


@dataclass(frozen=True)
class _Found:
    """One occurrence of a figure with everything read around it, before repeats are merged."""

    mention: NumberMention
    segment: Segment
    qualifier: str
    qualifier_text: str | None
    measure: str
    unit: str
    subject: str
    activity: str | None
    period: Period | None
    source: str | None
    attribution_text: str | None
    in_scope: bool
    universe: str | None

    def information(self) -> tuple[int, int]:
        """How much the occurrence tells (source, period, qualifier); prose beats cards on a tie."""
        score = 2 * (self.source is not None) + 2 * (self.period is not None)
        score += (self.period is not None and self.period.is_range) + (self.qualifier_text is not None)
        return score, self.segment.kind == "sentence"


@dataclass(frozen=True)
class _Mention:
    span: tuple[int, int]
    name: str


def _in_range(mentions: list[_Mention], starts: list[int], start: int, end: int) -> list[_Mention]:
    """The mentions lying wholly inside [start, end)."""
    first = bisect_left(starts, start)
    return [m for m in mentions[first : bisect_left(starts, end)] if m.span[1] <= end]


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    """Strictly inside: `AI` in `NEJM AI` or in `AI-assisted`, but not `options` as both cue and subject."""
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


class _Document:
    """One page being read: its text, layout and the lookups every occurrence needs."""

    def __init__(self, text: str, published_on: date | None) -> None:
        self.text = text
        self.published_on = published_on
        self.vocab = load_vocabulary()
        self.subject_mentions = [_Mention((s, e), name) for s, e, name in self.vocab.subjects.find(text)]
        self.subject_starts = [m.span[0] for m in self.subject_mentions]
        known = [_Mention((s, e), name) for s, e, name in self.vocab.organisations.find(text)]
        known_spans = SpanIndex([k.span for k in known])
        generic = [
            _Mention(m.span("org"), m["org"])
            for m in GENERIC_SOURCE_PATTERN.finditer(text)
            if not known_spans.overlaps(m.start("org"), m.start("org") + 1)
        ]
        self.organisation_mentions = sorted(known + generic, key=lambda m: m.span)
        self.organisation_starts = [m.span[0] for m in self.organisation_mentions]
        self.layout: Layout = layout(text, self._label_fits)
        self.starts = [s.start for s in self.layout.segments]
        self.default_subject = self._default_subject()
        self.number_spans = SpanIndex([])

    def subjects(self, start: int, end: int) -> list[_Mention]:
        return _in_range(self.subject_mentions, self.subject_starts, start, end)

    def organisations(self, start: int, end: int) -> list[_Mention]:
        return _in_range(self.organisation_mentions, self.organisation_starts, start, end)

    def _label_fits(self, label: str, value_text: str) -> bool:
        mentions = find_numbers(value_text)
        return (
            bool(mentions)
            and find_measure_cue(label, 0, len(label), (len(label), len(label)), mentions[0].kind) is not None
        )

    def _default_subject(self) -> str | None:
        """The occupation the page is about: the one its phrases name most often."""
        counts: dict[str, int] = {}
        for mention in self.subject_mentions:
            if self.vocab.subject_kinds.get(mention.name) in OCCUPATION_KINDS:
                counts[mention.name] = counts.get(mention.name, 0) + 1
        return max(sorted(counts), key=lambda s: counts[s]) if counts else None

    def segment_of(self, mention: NumberMention) -> Segment | None:
        index = bisect_right(self.starts, mention.start) - 1
        if index < 0:
            return None
        segment = self.layout.segments[index]
        if segment.kind == "card":
            return (
                segment
                if segment.value_line and segment.value_line[0] <= mention.start < segment.value_line[1]
                else None
            )
        return segment if mention.end <= segment.end else None

    def previous_sentences(self, segment: Segment, limit: int = MAX_CARRY_BACK) -> list[Segment]:
        """Earlier sentences of the same paragraph, nearest first (at most `limit`, so long paragraphs stay cheap)."""
        found: list[Segment] = []
        index = bisect_left(self.starts, segment.start) - 1
        while index >= 0 and len(found) < limit:
            previous = self.layout.segments[index]
            if previous.block != segment.block:
                break
            if previous.kind == "sentence":
                found.append(previous)
            index -= 1
        return found

    def section_source(self, segment: Segment) -> tuple[int, int] | None:
        section = self.layout.section_of_block.get(segment.block)
        return self.layout.section_source.get(section) if section is not None else None


def _regions(segment: Segment, value: tuple[int, int]) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """The clause holding the number and the clauses before it in the sentence (nearest first)."""
    if segment.kind == "card":
        assert segment.label
        return segment.label, []
    for index, clause in enumerate(segment.clauses):
        if clause[0] <= value[0] < clause[1] or index == len(segment.clauses) - 1:
            return clause, list(reversed(segment.clauses[:index]))
    return (segment.start, segment.end), []


def _read_occurrence(doc: _Document, mention: NumberMention, segment: Segment) -> _Found | None:
    text, vocab = doc.text, doc.vocab
    value = (mention.start, mention.end)
    clause, earlier = _regions(segment, value)

    qualifier_text = None
    before = QUALIFIER_BEFORE.search(text, max(segment.start, mention.start - 20), mention.start)
    if before:
        qualifier_text = before["q"]
    elif mention.plus:
        qualifier_text = "+"
    else:
        after = QUALIFIER_AFTER.match(text[mention.end : mention.end + 20])
        qualifier_text = after["q"] if after else None
    qualifier = "range" if mention.low is not None else qualifier_for(qualifier_text)

    measure, cue_span = _measure(doc, mention, segment, clause)
    source, attribution_text, source_period = _attribution(doc, mention, segment, clause, earlier)
    label = text[segment.label[0] : segment.label[1]] if segment.label else ""
    if measure in {MEDIAN_PAY, MEAN_PAY} or measure.startswith("wage_percentile_"):
        measure = resolve_pay(measure, mention.rate, label, source, text[segment.start : segment.end])
    family = vocab.measures[measure].family if measure in vocab.measures else "unknown"

    period = _period(doc, mention, segment, clause, earlier, measure, source, source_period)
    subject = _subject(doc, mention, segment, clause, family, cue_span)
    activity = None
    if family in ACTIVITY_FAMILIES:
        activity = find_activity(text, *clause, value) or find_activity(text, segment.start, segment.end, value)
    unit = _unit(vocab, mention, measure)
    universe = find_universe(text, *clause) if measure in UNIVERSE_MEASURES else None
    sentence = text[segment.start : segment.end]
    in_scope = True
    if measure == "unknown":
        if mention.kind in DURATION_KINDS or (mention.kind == "usd" and PRICE_CUE.search(sentence)):
            in_scope = False
        elif subject == "unknown":
            in_scope = bool(DOMAIN_TERMS.search(sentence))
    return _Found(
        mention=mention,
        segment=segment,
        qualifier=qualifier,
        qualifier_text=qualifier_text,
        measure=measure,
        unit=unit,
        subject=subject,
        activity=activity,
        period=period,
        source=source,
        attribution_text=attribution_text,
        in_scope=in_scope,
        universe=universe,
    )


def _measure(
    doc: _Document, mention: NumberMention, segment: Segment, clause: tuple[int, int]
) -> tuple[str, tuple[int, int] | None]:
    value = (mention.start, mention.end)
    for start, end in (clause, (segment.start, segment.end)):
        found = find_measure_cue(doc.text, start, end, value, mention.kind, doc.number_spans)
        if found:
            return found[0].measure, found[1]
    if mention.kind == "count":
        for subject in doc.subjects(mention.end, min(segment.end, mention.end + 60)):
            between = doc.text[mention.end : subject.span[0]]
            if OCCUPATION_COUNT_AFTER.match(between) and doc.vocab.subject_kinds.get(subject.name) in OCCUPATION_KINDS:
                return "employment_count", None
    return "unknown", None


def _nearest_organisation(doc: _Document, start: int, end: int, value: tuple[int, int]) -> _Mention | None:
    found = doc.organisations(start, end)
    return min(found, key=lambda m: gap(m.span, value)) if found else None


def _attribution(
    doc: _Document, mention: NumberMention, segment: Segment, clause: tuple[int, int], earlier: list[tuple[int, int]]
) -> tuple[str | None, str | None, Period | None]:
    """Who the text credits: the clause, the clauses before it, the card's source line, the paragraph, the section."""
    text, value = doc.text, (mention.start, mention.end)
    regions = [segment.source] if segment.kind == "card" and segment.source else []
    regions += [clause, *earlier]
    for start, end in regions:
        organisation = _nearest_organisation(doc, start, end, value)
        if organisation:
            period = find_source_period(text, start, end)
            return organisation.name, text[organisation.span[0] : organisation.span[1]], period
    if segment.kind == "sentence":
        for previous in doc.previous_sentences(segment)[:CARRY_SENTENCES]:
            organisation = _nearest_organisation(doc, previous.start, previous.end, value)
            if organisation and REPORTING_CUE.search(text, previous.start, previous.end):
                period = find_source_period(text, previous.start, previous.end)
                return organisation.name, text[organisation.span[0] : organisation.span[1]], period
    section = doc.section_source(segment)
    if section:
        organisation = _nearest_organisation(doc, *section, value)
        if organisation:
            return organisation.name, "Source: " + text[section[0] : section[1]], None
    return None, None, None


def _period(
    doc: _Document,
    mention: NumberMention,
    segment: Segment,
    clause: tuple[int, int],
    earlier: list[tuple[int, int]],
    measure: str,
    source: str | None,
    source_period: Period | None,
) -> Period | None:
    """The period the text gives for this figure, or None (the caller then falls back to the document date)."""
    text, value = doc.text, (mention.start, mention.end)
    regions = [segment.source] if segment.kind == "card" and segment.source else []
    regions += [clause, *earlier]
    for start, end in regions:
        period = find_period(text, start, end, value)
        if period:
            return period
    if source_period:
        return source_period
    measure_info = doc.vocab.measures.get(measure)
    if segment.kind == "sentence" and measure_info and measure_info.kind == PROJECTION_KIND:
        for previous in doc.previous_sentences(segment):
            period = find_period(text, previous.start, previous.end, (previous.end, previous.end))
            if period and period.is_range:
                return period
    section = doc.section_source(segment)
    if section:
        section_org = _nearest_organisation(doc, *section, value)
        if source is None or (section_org and section_org.name == source):
            return find_period(text, *section, value)
    return None


def _subject(
    doc: _Document,
    mention: NumberMention,
    segment: Segment,
    clause: tuple[int, int],
    family: str,
    cue_span: tuple[int, int] | None,
) -> str:
    """Who or what is counted: named right after the number, then nearest in the clause, sentence, paragraph."""
    text, vocab, value = doc.text, doc.vocab, (mention.start, mention.end)

    def candidates(start: int, end: int) -> list[_Mention]:
        organisations = doc.organisations(start, end)
        kept = []
        for found in doc.subjects(start, end):
            kind = vocab.subject_kinds.get(found.name)
            if family in OCCUPATION_FAMILIES and kind not in OCCUPATION_KINDS:
                continue
            if family in ORGANISATION_FAMILIES and kind != "organisation":
                continue
            if cue_span and _inside(found.span, cue_span):
                continue
            if any(_inside(found.span, o.span) for o in organisations):
                continue
            if SUBJECT_EXCLUDED_BEFORE.search(text[max(0, found.span[0] - 30) : found.span[0]]):
                continue
            kept.append(found)
        return kept

    in_clause = candidates(*clause)
    for found in in_clause:
        if found.span[0] >= value[1] and OCCUPATION_COUNT_AFTER.match(text[value[1] : found.span[0]]):
            return found.name
    for found in in_clause:
        if found.span[0] >= value[1] and SUBJECT_AFTER_LINK.match(text[value[1] : found.span[0]]):
            return found.name
    preceding = [f for f in in_clause if f.span[1] <= value[0]]
    if preceding:
        return preceding[-1].name
    if in_clause:
        return in_clause[0].name
    in_sentence = candidates(segment.start, segment.end)
    if in_sentence:
        return min(in_sentence, key=lambda f: gap(f.span, value)).name
    if segment.kind == "sentence":
        for previous in doc.previous_sentences(segment)[:CARRY_SENTENCES]:
            found_before = candidates(previous.start, previous.end)
            if found_before:
                return found_before[0].name
    if family in OCCUPATION_FAMILIES and doc.default_subject:
        return doc.default_subject
    return "unknown"


def _unit(vocab: Vocabulary, mention: NumberMention, measure: str) -> str:
    """`percent`; `USD/year` for salaries and yearly totals, `USD/hour`, `USD`; `count` or the measure's count unit."""
    measure_unit = vocab.measures[measure].unit if measure in vocab.measures else "unknown"
    if mention.kind == "usd":
        if mention.rate == "hour":
            return "USD/hour"
        if mention.rate == "year":
            return "USD/year"
        return measure_unit if measure_unit in {"USD/year", "USD/hour"} and measure != "denial_cost_usd" else "USD"
    if mention.kind == "count":
        return measure_unit if measure_unit.startswith("count") or measure_unit == "score" else "count"
    return KIND_UNITS[mention.kind]


def _in_subject_phrase(doc: _Document, mention: NumberMention) -> bool:
    """`those with 3+ certifications`: a number that is part of a subject's name is not a claim."""
    return any(
        m.span[0] <= mention.start and mention.end <= m.span[1]
        for m in doc.subjects(mention.start - 40, mention.end + 40)
    )


def _to_claim(doc: _Document, group: list[_Found]) -> Claim:
    primary = max(group, key=lambda f: (*f.information(), -f.mention.start))
    m, segment = primary.mention, primary.segment
    period = primary.period
    from_document = period is None and doc.published_on is not None
    return Claim(
        value=m.value,
        value_text=m.text,
        value_start=m.start,
        value_end=m.end,
        quote=doc.text[segment.start : segment.end],
        char_start=segment.start,
        char_end=segment.end,
        qualifier=primary.qualifier,
        qualifier_text=primary.qualifier_text,
        rounding_unit=m.rounding_unit,
        range_low=m.low,
        range_high=m.high,
        unit=primary.unit,
        measure=primary.measure,
        subject=primary.subject,
        activity=primary.activity,
        reference_period=period.text if period else None,
        period_start=period.start if period else (doc.published_on if from_document else None),
        period_end=period.end if period else (doc.published_on if from_document else None),
        period_from_document_date=from_document,
        attributed_source=primary.source,
        attribution_text=primary.attribution_text,
        in_scope=primary.in_scope,
        occurrences=tuple(
            Occurrence(f.mention.start, f.mention.end, f.mention.text)
            for f in sorted(group, key=lambda f: f.mention.start)
            if f is not primary
        ),
        universe=primary.universe or next((f.universe for f in group if f.universe), None),
    )


def extract_claims(text: str, published_on: date | None = None) -> list[Claim]:
    """All numeric claims in `text`, sorted by value_start; repeats of one figure are merged into one claim.

    Raises ValueError for a text longer than MAX_ARTICLE_CHARS: no article is that long, so such a text is a
    mistake upstream (a whole dump read as one page), and refusing it keeps a run's time bounded.
    """
    if len(text) > MAX_ARTICLE_CHARS:
        raise ValueError(
            f"article text is {len(text):,} characters, above the extractor's limit of {MAX_ARTICLE_CHARS:,}; "
            "split it into documents"
        )
    doc = _Document(text, published_on)
    found: list[_Found] = []
    mentions = find_numbers(text)
    doc.number_spans = SpanIndex([(m.start, m.end) for m in mentions])
    for mention in mentions:
        segment = doc.segment_of(mention)
        if segment is None or _in_subject_phrase(doc, mention):
            continue
        occurrence = _read_occurrence(doc, mention, segment)
        if occurrence:
            found.append(occurrence)
    groups: dict[tuple[float, str, str], list[_Found]] = {}
    singles: list[list[_Found]] = []
    for occurrence in found:
        if occurrence.measure == "unknown":
            singles.append([occurrence])
        else:
            key = (round(occurrence.mention.value, 6), occurrence.measure, occurrence.unit)
            groups.setdefault(key, []).append(occurrence)
    claims = [_to_claim(doc, group) for group in [*groups.values(), *singles]]
    return sorted(claims, key=lambda c: c.value_start)
