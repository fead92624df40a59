"""Extract the numeric statistical claims of one document: `extract_claims(text, published_on, url)`.

The steps: find the numbers (`numbers`), cut the page into sentences, figure cards and table cells (`segments`),
read each number's qualifier, measure, subject, place, period and source from the smallest unit outward
(`context`, `places`, `periods`), then merge the repeats of one figure into one claim whose primary occurrence is
the most informative one. A table cell reads its own text, then its column header, its row label, the table's
caption and the heading of its section; a sentence reads its clause, then the sentence, the paragraph, the
section and the page.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

from pipeline.extract.context import (
    ACTIVITY_FAMILIES,
    GENERIC_SOURCE_PATTERN,
    INDUSTRY_HEADER,
    MEAN_PAY,
    MEDIAN_PAY,
    PERCENT_HEADER,
    QUALIFIER_AFTER,
    QUALIFIER_BEFORE,
    SURVEY_AVERAGE_SOURCES,
    UNIVERSE_MEASURES,
    find_activity,
    find_measure_cue,
    find_universe,
    qualifier_for,
    resolve_pay,
)
from pipeline.extract.dates import find_url_date
from pipeline.extract.model import Claim, Occurrence
from pipeline.extract.numbers import NumberMention, SpanIndex, find_numbers
from pipeline.extract.periods import Period, find_period, find_source_period, gap
from pipeline.extract.places import NATIONAL, Place, find_places
from pipeline.extract.segments import Layout, Segment, Span, layout, segment_at, segment_lookup
from pipeline.extract.vocabulary import Vocabulary, load_vocabulary

OCCUPATION_FAMILIES = frozenset({
    "employment", "employment_change", "employment_growth", "openings", "pay", "pay_percentile", "demographics",
    "unemployment", "working_conditions", "automation_risk", "automation_horizon", "reliability",
    "employment_share", "pay_premium",
})  # fmt: skip
"""Measures about an occupation: their subject is an occupation, and the page's occupation when unnamed."""
ORGANISATION_FAMILIES = frozenset({
    "ai_adoption", "automation_adoption", "ai_adoption_stage", "ai_investment", "denial_cost", "revenue_leakage",
    "ai_governance", "ai_adoption_change", "ai_familiarity", "ai_vendor",
})  # fmt: skip
NO_SUBJECT_FAMILIES = frozenset({"spending"})
"""Measures about the economy as a whole (`$1 trillion of healthcare spending`): no population is counted."""
POPULATION_KINDS = frozenset({"organisation", "occupation", "occupation_group", "population"})
"""Subject kinds that can be a study's population (a technology named in the study's sentence is not)."""
"""Measures about organisations: their subject is an organisation (hospitals, healthcare organizations...)."""
OCCUPATION_KINDS = frozenset({"occupation", "occupation_group"})
PROJECTION_KIND = "projection"

SUBJECT_AFTER_LINK = re.compile(r"^[^\d\n]{0,40}?\b(?:of|for|among)\s(?:the\s|all\s|U\.S\.\s|US\s)?$", re.IGNORECASE)
"""`46% of hospitals`, `7% growth for medical records specialists`: the subject right after the number."""
SUBJECT_EXCLUDED_BEFORE = re.compile(
    r"\b(?:including|such\sas|like|than(?:\sthe)?\saverage\sfor|than)\s$"
    r"|\b(?:than|comparable\sto|compared\s(?:to|with)|relative\sto|versus)\b[^.;,]{0,25}\s$",
    re.IGNORECASE,
)
"""A subject named in an aside or a comparison is not the subject of the figure."""
COMPARISON = re.compile(r"\bthan\b", re.IGNORECASE)
CREDENTIAL_AS_THING = re.compile(r"\s(?:exams?|tests?|courses?|programs?|certification|training|credential)\b", re.I)
"""`the CPC exam`: a credential's name before these words names the exam, not its holders."""
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
    r"|\bproject(?:s|ed|ions?)\b|\bsa(?:y|ys|id)\b|\bshow\w*|\bcount(?:s|ed)\b|\bdata\b|\bpoll\w*|\bresearch\b"
    r"|\bpredict\w*|\bbased\son\b",
    re.IGNORECASE,
)
"""An earlier sentence credits its organisation as a source (`A study published in NEJM AI found...`)."""
STUDY_WORDS = re.compile(r"\b(?:stud(?:y|ies)|survey\w*|report|poll|supplement|analysis|research)\b", re.IGNORECASE)
"""A sentence naming one of these with an organisation introduces the study a page reports."""
PROJECTION_WORDS = re.compile(r"\b(?:will|projected|projects|predicts?|expected|forecasts?)\b", re.IGNORECASE)
RESTATEMENT = re.compile(
    r"^\s*(?:(?:a|per)\s(?:year|hour)|annually|yearly|hourly|an\shour)?\s*[,;]?\s*(?:or\s)?\(\s*$", re.IGNORECASE
)
"""`$32,960 per year ($15.85 per hour)`: the second number restates the first (same measure and bound)."""
RATE_RIGHT_AFTER = re.compile(r"\)?\s?(?:hourly|per\shour|an\shour|a\shour)\b", re.IGNORECASE)
"""`($9.83) hourly`: a rate written just after a parenthesised amount."""
OWN_RESEARCH = re.compile(
    r"\b(?:we|our)\s(?:polled|surveyed|asked|interviewed|poll|survey|analysis|research|study|data)\b", re.IGNORECASE
)
"""`the coding managers we polled`, `Our poll covered 37 managers`: the page's own figures credit no one else."""
ANAPHORA = re.compile(
    r"^\s*(?:up|down)\sfrom\b|^\s*compared\s(?:with|to)\b|^\s*versus\b|\b(?:it|them|do\sso|did\sso|the\ssame)\b",
    re.IGNORECASE,
)
"""A clause that points back to the previous one (`, while just 18% use it for ...`, `, up from 41 percent`,
`half plan to do so`) shares its measure."""
OTHER_STUDY = re.compile(
    r"\b(?:a|an|another|one|new)\s(?:[\w-]+\s){0,3}?(?:study|survey|poll|report|analysis)\b|\bresearch\sfrom\b",
    re.IGNORECASE,
)
"""`Research from a radiology department found...`: a figure from another study than the page's main one."""
PARALLEL_PAY = re.compile(r"\b(?:earn\w*|make|makes|made|paid|pays|topped\sout|averag\w*)\b", re.IGNORECASE)
"""`..., while certified coders ... earned only $34,853`: a clause repeating a pay verb shares the pay measure."""
GENERIC_POPULATION = re.compile(
    r"\b(?:respondents|participants|organi[sz]ations)\b|\bthe\s(?:survey|study|poll|report)\b", re.IGNORECASE
)
"""`71% of survey respondents`: a figure about "respondents" is about the population of the page's study."""
SUBJECT_IN_PARENTHESES = re.compile(r"^\s?(?:or\smore\s|or\sless\s)?\($")
"""`$90,000 or more (CHFP, CDIP, and CPCO)`: the parenthesis right after a number names whom it is about."""
TITLE_YEAR = re.compile(r"\b(?:in|for|of)\s((?:19|20)\d{2})\s*$|^\s*((?:19|20)\d{2})\b|\b((?:19|20)\d{2})\s*$")
"""`The Ultimate Guide to Medical Coding Salary in 2023`: a year closing (or opening) the page's title dates it."""
NAMED_NATION = re.compile(r"U\.S\.|US|USA|United States", re.IGNORECASE)
ELLIPSIS_GAP = 60
"""A number with no cue of its own, this close after another of the same kind in its clause, shares its measure
(`over 200,000 technicians in the U.S. with over 17,000 in Texas`, `$34,910 per year, or $16.78 per hour`)."""
FOOTNOTE = re.compile(r"\s*\(\d\)\s*$")
LEAD_PARAGRAPHS = 4
"""A study named in the page's first paragraphs (naming whom it surveyed, unless in the first) is what the page
reports; one named later is just cited."""
CARRY_SENTENCES = 3
"""How many earlier sentences of a paragraph a source or subject may be carried from."""
MAX_CARRY_BACK = 12
"""How far back a projection looks for its cycle within one paragraph."""
MAX_ARTICLE_CHARS = 8_000_000
"""The largest text `extract_claims` accepts (about 8 MB of ASCII); extraction time is linear up to it."""
DURATION_KINDS = frozenset({"years", "months", "weeks", "days"})
KIND_UNITS = {"percent": "percent", "years": "years", "months": "months", "weeks": "weeks", "days": "days"}


@dataclass(frozen=True)
class _Found:
    """One occurrence of a figure with everything read around it, before repeats are merged."""

    mention: NumberMention
    segment: Segment
    qualifier: str
    qualifier_text: str | None
    raw_measure: str
    """The measure as the cue named it (`@mean` before hourly/annual is known), for a following number to share."""
    measure: str
    unit: str
    subject: str
    activity: str | None
    period: Period | None
    source: str | None
    attribution_text: str | None
    in_scope: bool
    universe: str | None
    place: Place
    industry: str | None

    def information(self) -> tuple[int, int]:
        """How much the occurrence tells (source, period, qualifier); prose beats cards on a tie."""
        score = 2 * (self.source is not None) + 2 * (self.period is not None)
        score += (self.period is not None and self.period.is_range) + (self.qualifier_text is not None)
        return score, self.segment.kind == "sentence"


@dataclass(frozen=True)
class _Mention:
    span: Span
    name: str


@dataclass(frozen=True)
class _Credit:
    """An organisation a sentence credits, with the year of its survey or report when the text gives one."""

    position: int
    organisation: _Mention
    period: Period | None
    population: frozenset[str] = frozenset()
    """The subjects the sentence names (`a survey of 120 health systems`): whom the study's figures are about."""


def _in_range(mentions: list[_Mention], starts: list[int], start: int, end: int) -> list[_Mention]:
    """The mentions lying wholly inside [start, end)."""
    first = bisect_left(starts, start)
    return [m for m in mentions[first : bisect_left(starts, end)] if m.span[1] <= end]


def _inside(inner: Span, outer: Span) -> bool:
    """Strictly inside: `AI` in `NEJM AI` or in `AI-assisted`, but not `options` as both cue and subject."""
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


def _page_organisation(vocab: Vocabulary, url: str | None) -> str | None:
    """The organisation whose own site the page is on (`bls.gov` -> BLS), from organisations.csv `domains`."""
    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    for domain, organisation in vocab.domains.items():
        if host == domain or host.endswith("." + domain):
            return organisation
    return None


class _Document:
    """One page being read: its text, layout and the lookups every occurrence needs."""

    def __init__(self, text: str, published_on: date | None, url: str | None) -> None:
        self.text = text
        self.published_on = published_on
        self.as_of = published_on or find_url_date(url, partial=True)
        """The page's date for relative periods (`last year`); a month from the URL is enough for that."""
        self.vocab = load_vocabulary()
        self.mentions = find_numbers(text)
        self.number_spans = SpanIndex([(m.start, m.end) for m in self.mentions])
        self.subject_mentions = [_Mention((s, e), name) for s, e, name in self.vocab.subjects.find(text)]
        self.subject_starts = [m.span[0] for m in self.subject_mentions]
        known = [_Mention((s, e), name) for s, e, name in self.vocab.organisations.find(text)]
        known_spans = SpanIndex([k.span for k in known])
        generic = [
            _Mention(m.span("org"), m["org"])
            for m in GENERIC_SOURCE_PATTERN.finditer(text)
            if not known_spans.overlaps(m.start("org"), m.end("org"))
        ]
        self.organisation_mentions = sorted(known + generic, key=lambda m: m.span)
        self.organisation_starts = [m.span[0] for m in self.organisation_mentions]
        self.layout: Layout = layout(text, self.mentions, self._label_fits)
        self.starts = [s.start for s in self.layout.segments]
        self.lookup_starts, self.lookup_segments = segment_lookup(self.layout.segments)
        self.default_subject = self._default_subject()
        self.places = find_places(text)
        self.place_starts = [p.span[0] for p in self.places]
        self.page_organisation = _page_organisation(self.vocab, url)
        self.credits: dict[int, list[_Credit]] = {}
        self.credit_positions: dict[int, list[int]] = {}
        """Section -> sentences crediting an organisation with a reporting word, in reading order."""
        self.study: _Credit | None = None
        """The first study, survey or report the page names with its organisation: the page's main source."""
        self.title_period = self._title_period()
        """A year in the page's title (`... Salary in 2023`): the "as of" of figures that state no period."""
        self.source_periods: dict[str, Period | None] = {}
        """Organisation -> the year of its survey or report as the page dates it (None when dated twice)."""
        self._read_credits()

    def subjects(self, start: int, end: int) -> list[_Mention]:
        return _in_range(self.subject_mentions, self.subject_starts, start, end)

    def organisations(self, start: int, end: int) -> list[_Mention]:
        return _in_range(self.organisation_mentions, self.organisation_starts, start, end)

    def _label_fits(self, label: str, value_text: str) -> bool:
        mentions = find_numbers(value_text)
        return bool(mentions) and (
            find_measure_cue(label, 0, len(label), (len(label), len(label)), mentions[0].kind, header=True)
            is not None
        )

    def _default_subject(self) -> str | None:
        """The occupation the page is about: the one its phrases name most often."""
        counts: dict[str, int] = {}
        for mention in self.subject_mentions:
            if self.vocab.subject_kinds.get(mention.name) == "occupation":
                counts[mention.name] = counts.get(mention.name, 0) + 1
        return max(sorted(counts), key=lambda s: counts[s]) if counts else None

    def _title_period(self) -> Period | None:
        first = next((s for s in self.layout.segments), None)
        heading = self.layout.section_heading.get(1)
        if heading is None or (first is not None and first.start < heading[0]):
            return None
        match = TITLE_YEAR.search(self.text, *heading)
        if not match:
            return None
        year = int(match.group(1) or match.group(2) or match.group(3))
        span = match.span(1) if match.group(1) else match.span(2) if match.group(2) else match.span(3)
        return Period(self.text[span[0] : span[1]], date(year, 1, 1), date(year, 12, 31), span)

    def _read_credits(self) -> None:
        paragraphs: set[int] = set()
        for segment in self.layout.segments:
            if segment.kind == "sentence":
                paragraphs.add(segment.block)
            if segment.kind != "sentence" or not REPORTING_CUE.search(self.text, segment.start, segment.end):
                continue
            organisations = self.organisations(segment.start, segment.end)
            if not organisations:
                continue
            organisation = organisations[0]
            period = find_source_period(self.text, segment.start, segment.end)
            section = self.layout.section_of_block.get(segment.block, 0)
            population = frozenset(
                m.name
                for m in self.subjects(segment.start, segment.end)
                if not any(_inside(m.span, o.span) for o in organisations)
                and self.vocab.subject_kinds.get(m.name) in POPULATION_KINDS
            )
            credit = _Credit(segment.start, organisation, period, population)
            self.credits.setdefault(section, []).append(credit)
            lead = len(paragraphs) == 1 or (len(paragraphs) <= LEAD_PARAGRAPHS and bool(population))
            if self.study is None and lead and STUDY_WORDS.search(self.text, segment.start, segment.end):
                self.study = credit
            if period is not None:
                known = self.source_periods.get(organisation.name, period)
                same = known is not None and known.start == period.start
                self.source_periods[organisation.name] = period if same else None

    def segment_of(self, mention: NumberMention) -> Segment | None:
        return segment_at(self.lookup_starts, self.lookup_segments, mention.start, mention.end)

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

    def section(self, segment: Segment) -> int:
        return self.layout.section_of_block.get(segment.block, 0)

    def section_source(self, segment: Segment) -> Span | None:
        return self.layout.section_source.get(self.section(segment))

    def heading(self, segment: Segment) -> Span | None:
        return self.layout.section_heading.get(self.section(segment))

    def section_credit(self, segment: Segment) -> _Credit | None:
        """The nearest earlier sentence of the section that credits an organisation as the source of its data."""
        section = self.section(segment)
        credits = self.credits.get(section, [])
        if section not in self.credit_positions:
            self.credit_positions[section] = [c.position for c in credits]
        index = bisect_left(self.credit_positions[section], segment.start) - 1
        return credits[index] if index >= 0 else None


def _clause(segment: Segment, value: Span) -> tuple[Span, list[Span]]:
    """The clause holding the number and the clauses before it in the sentence (nearest first)."""
    if segment.kind != "sentence":
        return segment.cell or value, []
    for index, clause in enumerate(segment.clauses):
        if clause[0] <= value[0] < clause[1] or index == len(segment.clauses) - 1:
            return clause, list(reversed(segment.clauses[:index]))
    return (segment.start, segment.end), []


def _anchor(region: Span, value: Span) -> Span:
    """Where to measure distances from in a region: the number when it stands there, else the region's end."""
    return value if region[0] <= value[0] < region[1] else (region[1], region[1])


def _joined(doc: _Document, *spans: Span | None) -> str:
    """The texts of the given spans (missing ones skipped), joined by spaces."""
    return " ".join(doc.text[span[0] : span[1]] for span in spans if span is not None)


def _header_regions(doc: _Document, segment: Segment) -> list[Span]:
    """A cell's or card's labels, most specific first: column header, row label."""
    return [r for r in (segment.column, segment.row_label) if r is not None]


def _percentile_header(doc: _Document, segment: Segment) -> str | None:
    """`Percentile | 10% | 25% | 50% (Median)`: a bare percent column under a percentile header names a percentile."""
    if segment.column is None:
        return None
    column = doc.text[segment.column[0] : segment.column[1]]
    match = re.match(r"\s*(\d{1,2})(?:st|nd|rd|th)?\s?%?", column)
    around = _joined(doc, segment.corner, segment.caption)
    if not match or "percentile" not in (column + " " + around).lower():
        return None
    return f"percentile {match.group(1)}%"


def _measure(
    doc: _Document, mention: NumberMention, segment: Segment, clause: Span, kind: str
) -> tuple[str, Span | None]:
    """The measure a cue names for this number (raw: `@mean`/`@median` still open), and the cue's span."""
    text, value = doc.text, (mention.start, mention.end)
    if segment.kind == "sentence":
        found = find_measure_cue(text, *clause, value, kind, doc.number_spans)
        if found:
            return found[0].measure, found[1]
        found = find_measure_cue(text, segment.start, segment.end, value, kind, doc.number_spans)
        points_back = bool(ANAPHORA.search(text[clause[0] : clause[1]]))
        if found and (points_back or not _claimed_by_other_clause(doc, segment, found[1], value)):
            return found[0].measure, found[1]
        if kind == "count":
            for subject in doc.subjects(mention.end, min(segment.end, mention.end + 60)):
                between = text[mention.end : subject.span[0]]
                kind_of = doc.vocab.subject_kinds.get(subject.name)
                if OCCUPATION_COUNT_AFTER.match(between) and kind_of in OCCUPATION_KINDS:
                    return "employment_count", None
        return _weak_measure(doc, mention, [clause], kind)
    row = text[segment.row[0] : segment.row[1]] if segment.row else None
    if segment.cell:
        found = find_measure_cue(text, *segment.cell, value, kind, doc.number_spans)
        if found:
            return found[0].measure, found[1]
    for region in _header_regions(doc, segment):
        found = find_measure_cue(text, *region, _anchor(region, value), kind, None, row, header=True)
        if found:
            return found[0].measure, found[1]
    synthetic = _percentile_header(doc, segment)
    if synthetic:
        found = find_measure_cue(synthetic, 0, len(synthetic), (len(synthetic), len(synthetic)), kind)
        if found:
            return found[0].measure, None
    for region in (segment.caption, doc.heading(segment)):
        if region is not None:
            found = find_measure_cue(text, *region, _anchor(region, value), kind)
            if found:
                return found[0].measure, found[1]
    return _weak_measure(doc, mention, [r for r in (segment.cell, *_header_regions(doc, segment)) if r], kind)


def _weak_measure(doc: _Document, mention: NumberMention, regions: list[Span], kind: str) -> tuple[str, Span | None]:
    """The weak cues (`salary` alone, `pays`), tried only when no other cue fits."""
    value = (mention.start, mention.end)
    for region in regions:
        found = find_measure_cue(doc.text, *region, _anchor(region, value), kind, doc.number_spans, weak=True)
        if found:
            return found[0].measure, found[1]
    return "unknown", None


def _claimed_by_other_clause(doc: _Document, segment: Segment, cue: Span, value: Span) -> bool:
    """A cue in another clause that states its own number belongs to that number (`40% of coders work in
    hospitals, and fewer than 10 percent are self-employed`), unless this clause points back to it (ANAPHORA)."""
    for clause in segment.clauses:
        if clause[0] <= cue[0] < clause[1]:
            return not (clause[0] <= value[0] < clause[1]) and doc.number_spans.any_within(*clause)
    return False


def _nearest_organisation(doc: _Document, start: int, end: int, value: Span) -> _Mention | None:
    found = doc.organisations(start, end)
    return min(found, key=lambda m: gap(m.span, value)) if found else None


def _attribution(
    doc: _Document,
    mention: NumberMention,
    segment: Segment,
    clause: Span,
    earlier: list[Span],
    subject: str = "",
    measure: str = "unknown",
) -> tuple[str | None, str | None, Period | None]:
    """Who the text credits: the clause (or cell and labels), the sentence, the card's credit line, the paragraph,
    the list's caption, the section's Source line, an earlier sentence of the section, the page's study."""
    text, value = doc.text, (mention.start, mention.end)
    if segment.kind == "sentence":
        regions = [clause, *earlier]
    elif segment.kind == "card":
        regions = [r for r in (segment.source, segment.row_label) if r]
    else:
        regions = [r for r in (segment.cell, segment.row_label, segment.column, segment.caption) if r]
    for start, end in regions:
        organisation = _nearest_organisation(doc, start, end, value)
        if organisation:
            period = find_source_period(text, start, end)
            return organisation.name, text[organisation.span[0] : organisation.span[1]], period
    if segment.kind == "sentence" and _own_research(doc, segment):
        return None, None, None
    if segment.kind == "sentence":
        for previous in doc.previous_sentences(segment)[:CARRY_SENTENCES]:
            organisation = _nearest_organisation(doc, previous.start, previous.end, value)
            if organisation and REPORTING_CUE.search(text, previous.start, previous.end):
                period = find_source_period(text, previous.start, previous.end) or find_period(
                    text, previous.start, previous.end, (previous.end, previous.end), doc.as_of
                )
                return organisation.name, text[organisation.span[0] : organisation.span[1]], period
        if segment.caption:
            organisation = _nearest_organisation(doc, *segment.caption, value)
            if organisation:
                return organisation.name, text[organisation.span[0] : organisation.span[1]], None
    section = doc.section_source(segment)
    if section:
        organisation = _nearest_organisation(doc, *section, value)
        if organisation:
            return organisation.name, "Source: " + text[section[0] : section[1]], None
    credit = doc.section_credit(segment) if segment.kind != "sentence" else None
    if credit:
        return credit.organisation.name, text[credit.organisation.span[0] : credit.organisation.span[1]], None
    if doc.study and _about_population(doc, doc.study, subject, measure) and not _other_study(doc, segment):
        organisation = doc.study.organisation
        return organisation.name, text[organisation.span[0] : organisation.span[1]], doc.study.period
    if segment.kind == "cell" and doc.page_organisation:
        return doc.page_organisation, None, None
    return None, None, None


def _own_research(doc: _Document, segment: Segment) -> bool:
    """The sentence, or the one before it in the paragraph, reports the page's own poll or analysis."""
    regions = [segment, *doc.previous_sentences(segment, limit=1)]
    return any(OWN_RESEARCH.search(doc.text, s.start, s.end) for s in regions)


def _other_study(doc: _Document, segment: Segment) -> bool:
    """The sentence or one just before it reports another study that names no organisation."""
    if segment.kind != "sentence":
        return False
    for sentence in [segment, *doc.previous_sentences(segment, limit=CARRY_SENTENCES)]:
        if OTHER_STUDY.search(doc.text, sentence.start, sentence.end) and not doc.organisations(
            sentence.start, sentence.end
        ):
            return True
    return False


def _about_population(doc: _Document, study: _Credit, subject: str, measure: str) -> bool:
    """A figure is about a study's population when its subject is one the study names, or, for a figure whose
    measure is known, of the same topic (certified coders in a survey of coders); a study naming no population
    covers figures about organisations."""
    if not study.population:
        return doc.vocab.subject_kinds.get(subject) == "organisation"
    if subject in study.population:
        return True
    topics = {doc.vocab.subject_topics.get(s) for s in study.population} - {None}
    return measure != "unknown" and doc.vocab.subject_topics.get(subject) in topics


def _period(
    doc: _Document,
    mention: NumberMention,
    segment: Segment,
    clause: Span,
    earlier: list[Span],
    measure: str,
    source: str | None,
    source_period: Period | None,
) -> Period | None:
    """The period the text gives for this figure, or None (the caller then falls back to the document date)."""
    text, value, as_of = doc.text, (mention.start, mention.end), doc.as_of
    if segment.kind == "sentence":
        regions = [clause, *earlier]
    elif segment.kind == "card":
        regions = [r for r in (segment.source, segment.row_label) if r]
    else:
        regions = [r for r in (segment.cell, segment.column, segment.row_label, segment.caption) if r]
    for start, end in regions:
        period = find_period(text, start, end, _anchor((start, end), value), as_of)
        if period:
            return period
    if source_period:
        return source_period
    measure_info = doc.vocab.measures.get(measure)
    if segment.kind == "sentence" and measure_info and measure_info.kind == PROJECTION_KIND:
        for previous in doc.previous_sentences(segment):
            period = find_period(text, previous.start, previous.end, (previous.end, previous.end), as_of)
            if period and (period.is_range or period.is_open_ended):
                return period
    if segment.kind == "sentence" and segment.caption:
        period = find_period(text, *segment.caption, (segment.caption[1], segment.caption[1]), as_of)
        if period:
            return period
    section = doc.section_source(segment)
    if section:
        section_org = _nearest_organisation(doc, *section, value)
        if source is None or (section_org and section_org.name == source):
            period = find_period(text, *section, value, as_of)
            if period:
                return period
    if source is not None and doc.source_periods.get(source):
        return doc.source_periods[source]
    if doc.published_on is None and doc.title_period is not None:
        return doc.title_period
    return None


def _subject(
    doc: _Document, mention: NumberMention, segment: Segment, clause: Span, family: str, cue_span: Span | None
) -> str:
    """Who or what is counted: named right after the number, then nearest in the clause, sentence, paragraph;
    for cells, in the cell, its labels, the caption and the heading; else the page's occupation."""
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
            window_start = max(0, found.span[0] - 30)
            if window_start < value[1] <= found.span[0]:
                window_start = value[1]  # "than the 4% average for all occupations": the number is the comparison
            if SUBJECT_EXCLUDED_BEFORE.search(text[window_start : found.span[0]]):
                continue
            if found.span[0] >= value[1] and COMPARISON.search(text, value[1], found.span[0]):
                continue
            if CREDENTIAL_AS_THING.match(text, found.span[1]):
                continue
            kept.append(found)
        return kept

    if family in NO_SUBJECT_FAMILIES:
        return "unknown"
    for found in candidates(value[1], min(value[1] + 80, segment.end)):
        if SUBJECT_IN_PARENTHESES.match(text[value[1] : found.span[0]]):
            return found.name
    if segment.kind != "sentence":
        regions = [segment.cell, segment.column, segment.row_label, segment.caption, doc.heading(segment)]
        for region in regions:
            if region is None:
                continue
            found_here = candidates(*region)
            if found_here:
                anchor = _anchor(region, value)
                return min(found_here, key=lambda f: gap(f.span, anchor)).name
    else:
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
        for previous in doc.previous_sentences(segment)[:CARRY_SENTENCES]:
            found_before = candidates(previous.start, previous.end)
            if found_before:
                return found_before[0].name
        if segment.caption:
            found_caption = candidates(*segment.caption)
            if found_caption:
                return found_caption[-1].name
    if family in OCCUPATION_FAMILIES and doc.default_subject:
        return doc.default_subject
    return "unknown"


def _place(doc: _Document, mention: NumberMention, segment: Segment, clause: Span) -> Place:
    """The place a figure is for: in its row label or cell, its clause or sentence, the caption or heading."""
    value = (mention.start, mention.end)
    if segment.kind == "sentence":
        regions = [clause, (segment.start, segment.end), segment.caption]
    else:
        regions = [segment.row_label, segment.cell, segment.column, segment.caption, doc.heading(segment)]
    for region in regions:
        if region is None:
            continue
        first, last = bisect_left(doc.place_starts, region[0]), bisect_left(doc.place_starts, region[1])
        places = [p for p in doc.places[first:last] if p.span[1] <= region[1]]
        if any(p.kind != "national" for p in places):
            # "ranked seventh in the country": a generic national phrase yields to a named place; "U.S." does not
            places = [p for p in places if p.kind != "national" or NAMED_NATION.fullmatch(doc.text[slice(*p.span)])]
        if places:
            anchor = _anchor(region, value)
            return min(places, key=lambda p: gap(p.span, anchor))
    return NATIONAL


def _industry(doc: _Document, segment: Segment) -> str | None:
    """A row label under an `Industry` header or a caption about industries names the figure's industry."""
    if segment.kind != "cell" or segment.row_label is None or segment.row_label == segment.row:
        return None
    headers = _joined(doc, segment.corner, segment.caption)
    if not INDUSTRY_HEADER.search(headers):
        return None
    label = doc.text[segment.row_label[0] : segment.row_label[1]]
    label = FOOTNOTE.sub("", label).strip(" :-•")
    return label or None


def _unit(vocab: Vocabulary, mention: NumberMention, measure: str, kind: str) -> str:
    """`percent`; `USD/year` for salaries and yearly totals, `USD/hour`, `USD`; `count` or the measure's count unit."""
    measure_unit = vocab.measures[measure].unit if measure in vocab.measures else "unknown"
    if kind == "usd":
        if mention.rate == "hour":
            return "USD/hour"
        if mention.rate == "year":
            return "USD/year"
        return measure_unit if measure_unit in {"USD/year", "USD/hour"} and measure != "denial_cost_usd" else "USD"
    if kind == "count":
        return measure_unit if measure_unit.startswith("count") or measure_unit == "score" else "count"
    return KIND_UNITS[kind]


def _kind(doc: _Document, mention: NumberMention, segment: Segment) -> str:
    """The mention's kind, except that a bare number under a `Percent of ...` header is a percentage."""
    if mention.kind == "count" and segment.kind == "cell" and segment.column:
        if PERCENT_HEADER.search(doc.text, *segment.column):
            return "percent"
    return mention.kind


def _qualifier(doc: _Document, mention: NumberMention, segment: Segment) -> str | None:
    text = doc.text
    before = QUALIFIER_BEFORE.search(text, max(segment.start, mention.start - 20), mention.start)
    if before:
        return before["q"]
    if mention.plus:
        return "+"
    after = QUALIFIER_AFTER.match(text[mention.end : mention.end + 20])
    return after["q"] if after else None


def _read_occurrence(doc: _Document, mention: NumberMention, segment: Segment, previous: _Found | None) -> _Found:
    text, vocab = doc.text, doc.vocab
    value = (mention.start, mention.end)
    clause, earlier = _clause(segment, value)
    kind = _kind(doc, mention, segment)
    qualifier_text = _qualifier(doc, mention, segment)

    raw_measure, cue_span = _measure(doc, mention, segment, clause, kind)
    if previous is not None and previous.mention.kind == kind and segment.kind == "sentence":
        between = text[previous.mention.end : mention.start]
        restated = bool(RESTATEMENT.match(between))
        same_clause = clause[0] <= previous.mention.start
        parallel = kind == "usd" and bool(PARALLEL_PAY.search(text, *clause)) and previous.raw_measure != "unknown"
        weak = raw_measure == "unknown" or (raw_measure == MEAN_PAY and cue_span is not None and parallel)
        if restated or (weak and ((same_clause and len(between) <= ELLIPSIS_GAP) or parallel)):
            raw_measure = previous.raw_measure
        if restated and qualifier_text is None:
            qualifier_text = previous.qualifier_text
    labels = _joined(doc, segment.column, segment.row_label)
    if RATE_RIGHT_AFTER.match(text, mention.end):
        labels += " hourly"
    source, attribution_text, source_period = _attribution(doc, mention, segment, clause, earlier)
    measure = raw_measure
    if measure in {MEDIAN_PAY, MEAN_PAY} or measure.startswith("wage_percentile_"):
        measure = resolve_pay(measure, mention.rate, labels, source, text[segment.start : segment.end], mention.value)
    family = vocab.measures[measure].family if measure in vocab.measures else "unknown"
    subject = _subject(doc, mention, segment, clause, family, cue_span)
    study = doc.study
    if subject == "unknown" and study and len(study.population) == 1 and source in (None, study.organisation.name):
        if GENERIC_POPULATION.search(text, *clause):
            subject = next(iter(study.population))
    if measure == "mean_annual_wage" and vocab.subject_kinds.get(subject) == "occupation_group":
        measure = "average_salary"  # a credential group's or survey respondents' mean comes from a member survey
    if source is None:
        source, attribution_text, source_period = _attribution(
            doc, mention, segment, clause, earlier, subject, measure
        )
        if measure == "mean_annual_wage" and source in SURVEY_AVERAGE_SOURCES:
            measure = "average_salary"
    period = _period(doc, mention, segment, clause, earlier, measure, source, source_period)
    if measure == "employment_count" and period is not None and period.is_open_ended:
        if PROJECTION_WORDS.search(text, segment.start, segment.end):
            measure = "projected_employment"  # "there will be 207,600 jobs by 2018"
    activity = None
    if family in ACTIVITY_FAMILIES:
        activity = find_activity(text, *clause, value) or find_activity(text, segment.start, segment.end, value)
    unit = _unit(vocab, mention, measure, kind)
    universe = find_universe(text, *clause) if measure in UNIVERSE_MEASURES else None
    sentence = text[segment.start : segment.end]
    in_scope = True
    if measure == "unknown":
        if kind in DURATION_KINDS or (kind == "usd" and PRICE_CUE.search(sentence)):
            in_scope = False
        elif subject == "unknown":
            in_scope = bool(DOMAIN_TERMS.search(sentence))
    return _Found(
        mention=mention,
        segment=segment,
        qualifier="range" if mention.low is not None else qualifier_for(qualifier_text),
        qualifier_text=qualifier_text,
        raw_measure=raw_measure,
        measure=measure,
        unit=unit,
        subject=subject,
        activity=activity,
        period=period,
        source=source,
        attribution_text=attribution_text,
        in_scope=in_scope,
        universe=universe,
        place=_place(doc, mention, segment, clause),
        industry=_industry(doc, segment),
    )


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
    measure = doc.vocab.measures.get(primary.measure)
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
        geography=primary.place.name,
        area_code=primary.place.area_code,
        area_type=primary.place.kind,
        industry=primary.industry,
        statistic=measure.statistic if measure and measure.statistic != "unknown" else None,
    )


def extract_claims(text: str, published_on: date | None = None, url: str | None = None) -> list[Claim]:
    """All numeric claims in `text`, sorted by value_start; repeats of one figure are merged into one claim.

    `published_on` is the page's date (the default "as of" of figures with no period); `url`, when known, tells
    whose site the page is on (a statistical agency's own table credits it) and dates relative periods.
    Raises ValueError for a text longer than MAX_ARTICLE_CHARS: no article is that long, so such a text is a
    mistake upstream (a whole dump read as one page), and refusing it keeps a run's time bounded.
    """
    if len(text) > MAX_ARTICLE_CHARS:
        raise ValueError(
            f"article text is {len(text):,} characters, above the extractor's limit of {MAX_ARTICLE_CHARS:,}; "
            "split it into documents"
        )
    doc = _Document(text, published_on, url)
    found: list[_Found] = []
    last: dict[int, _Found] = {}
    for mention in doc.mentions:
        segment = doc.segment_of(mention)
        if segment is None or _in_subject_phrase(doc, mention):
            continue
        key = id(segment)
        occurrence = _read_occurrence(doc, mention, segment, last.get(key))
        last[key] = occurrence
        found.append(occurrence)
    groups: dict[tuple[float, str, str, str], list[_Found]] = {}
    singles: list[list[_Found]] = []
    for occurrence in found:
        if occurrence.measure == "unknown":
            singles.append([occurrence])
        else:
            place = occurrence.place.area_code or occurrence.place.name
            key = (round(occurrence.mention.value, 6), occurrence.measure, occurrence.unit, place)
            groups.setdefault(key, []).append(occurrence)
    claims = [_to_claim(doc, group) for group in [*groups.values(), *singles]]
    return sorted(claims, key=lambda c: c.value_start)
