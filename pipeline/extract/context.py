"""Read the words around a number: its qualifier, measure, subject, activity, period and source.

Each reader looks in the smallest unit first (the clause holding the number), then widens (the sentence, the
figure card, the paragraph, the section). The cue tables are data, kept here so an editor can see and extend what
the extractor recognises; a number whose measure no cue names is left `unknown` rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.numbers import SpanIndex
from pipeline.extract.periods import gap

# --- qualifiers -------------------------------------------------------------------------------------------------

QUALIFIER_BEFORE = re.compile(
    r"(?P<q>\broughly|\babout|\bapproximately|\baround|\bnear|\bsome|\ban\sestimated|\bestimated|\bcirca|\bca\.|~"
    r"|\bnearly|\balmost|\bjust\sunder|\bup\sto|\bbelow|\bunder|\bless\sthan|\bfewer\sthan|\bno\smore\sthan|\bat\smost"
    r"|\bjust\sover|\bover|\bmore\sthan|\bat\sleast|\babove|\bupwards\sof|\bin\sexcess\sof|\bgreater\sthan|\bexceeding"
    r"|\bclose\sto|\bas\smuch\sas|\bas\shigh\sas|\bas\smany\sas)\s?$",
    re.IGNORECASE,
)
"""A qualifying word written right before the number (`roughly 185,000`, `nearly 46%`, `~$40K`)."""

QUALIFIER_AFTER = re.compile(r"^\s(?P<q>or\s(?:more|higher|above)|or\s(?:less|fewer|lower|below))\b", re.IGNORECASE)
"""`20 years or more`, `10% or less`."""

APPROX_WORDS = {"roughly", "about", "approximately", "around", "near", "some", "an estimated", "estimated", "circa",
                "ca.", "~", "close to"}  # fmt: skip
UPPER_WORDS = {"nearly", "almost", "just under", "up to", "below", "under", "less than", "fewer than", "no more than",
               "at most", "or less", "or fewer", "or lower", "or below", "as much as", "as high as",
               "as many as"}  # fmt: skip
LOWER_WORDS = {"just over", "over", "more than", "at least", "above", "upwards of", "in excess of", "greater than",
               "exceeding", "or more", "or higher", "or above", "+"}  # fmt: skip


def qualifier_for(word: str | None) -> str:
    """Map a qualifying word to exact/approx/lower_bound/upper_bound ("nearly 46%" is at most 46%)."""
    if word is None:
        return "exact"
    word = " ".join(word.lower().split())
    if word in UPPER_WORDS:
        return "upper_bound"
    if word in LOWER_WORDS:
        return "lower_bound"
    return "approx" if word in APPROX_WORDS else "exact"


# --- measures ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """Words that name a measure, valid only for numbers of the given kinds (percent, count, usd, years...)."""

    measure: str
    kinds: frozenset[str]
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None = None
    """Another pattern that must appear in the same text for the cue to count."""


def _cue(measure: str, kinds: str, pattern: str, requires: str | None = None) -> Cue:
    flags = re.IGNORECASE
    return Cue(
        measure, frozenset(kinds.split()), re.compile(pattern, flags), re.compile(requires, flags) if requires else None
    )


MEDIAN_PAY = "@median"
MEAN_PAY = "@mean"
"""Placeholders resolved to hourly/annual wage or survey average once rate and source are known."""

MEASURE_CUES: tuple[Cue, ...] = (
    _cue(
        "employment_rse_pct",
        "percent count",
        r"\bemployment\s(?:RSE|relative\sstandard\serror)",
    ),
    _cue(
        "wage_rse_pct",
        "percent count",
        r"\bwage\s(?:RSE|relative\sstandard\serror)",
    ),
    _cue(
        "industry_employment_share_pct",
        "percent count",
        r"\b(?:percent|share)\sof\s(?:the\s)?industry(?:'s)?\s(?:employment|jobs)",
    ),
    _cue(
        "industry_share_of_occupation_pct",
        "percent",
        r"\bwork(?:ed|s)?\s(?:for|in|at)\s(?!home\b)|\bemployed\s(?:in|by|at)\b",
    ),
    _cue(
        "population_growth_pct",
        "percent",
        r"\b(?:population|age\sgroup)\b[^.;]{0,40}?\bgrow\w*",
    ),
    _cue(
        "productivity_decline_pct",
        "percent",
        r"\bproductivity\s(?:to\s)?(?:decline|drop|fall|loss)\w*|\b(?:decline|drop|loss)\w*\sin\sproductivity",
    ),
    _cue(
        "error_reduction_pct",
        "percent",
        r"\breduc\w*\s(?:coding\s)?errors|\berrors?\sreduction|\bfewer\s(?:coding\s)?errors",
    ),
    _cue(
        "ai_non_adoption_pct",
        "percent",
        r"\bno\sAI\b|\bnot\s(?:yet\s)?(?:using|adopted|deployed)\sAI\b",
    ),
    _cue(
        "no_ai_governance_pct",
        "percent",
        r"\b(?:no|neither|lack\w*)\b[^.;]{0,30}\bgovernance\b",
    ),
    _cue(
        "no_ai_data_policy_pct",
        "percent",
        r"\b(?:no|without|lack\w*)\s(?:formal\s)?(?:AI\s)?data\spolic\w*",
    ),
    _cue(
        "vendor_defined_ai_governance_pct",
        "percent",
        r"\brel(?:y|ies|ying)\son\svendors?\sto\sdefine|\bvendor[-\s]defined",
    ),
    _cue(
        "vendor_preference_pct",
        "percent",
        r"\bexisting\svendor\b[^.;]{0,80}\badvantage|\bprefer\w*\s(?:an?\s)?(?:existing\s)?vendors?\b",
    ),
    _cue(
        "data_sharing_comfort_pct",
        "percent",
        r"\bcomfortable\ssharing\b|\bwilling\sto\sshare\sdata",
    ),
    _cue(
        "ai_governance_pct",
        "percent",
        r"\bgovernance\b|\baccountable\sfor\b|\boversight\b",
    ),
    _cue(
        "ai_familiarity_pct",
        "percent",
        r"\bfamiliar\w*\b",
    ),
    _cue(
        "ai_tool_count_growth_pct",
        "percent",
        r"\b(?:AI\s)?tools?\b[^.;]{0,20}\bgr(?:ew|ow|owth)\b",
    ),
    _cue(
        "ai_adoption_change_pct",
        "percent",
        r"\byear[-\s]over[-\s]year\s(?:increase|growth|rise)|\bincrease\sin\s(?:AI\s)?adoption",
    ),
    _cue(
        "cac_purchase_intent_pct",
        "percent",
        r"\bplan\w*\sto\s(?:purchase|buy|acquire)\b[^.;]{0,40}?(?:computer[-\s]assisted\scoding|CAC)\b",
    ),
    _cue(
        "acceptable_error_rate_pct",
        "percent",
        r"acceptable\serror\srates?|error\srates?\s(?:\w+\s){0,3}accept\w*|"
        r"tolerat\w*\s(?:an\s)?error",
    ),
    _cue(
        "automation_risk_pct",
        "percent",
        r"\b(?:automation|AI|displacement|replacement)\srisk|"
        r"risk\sof\s(?:being\s)?(?:automat|replac)\w*",
    ),
    _cue(
        "accuracy_pct",
        "percent",
        r"\baccura(?:cy|te)\b|\bagreement\srates?\b|\bexact[-\s]match",
    ),
    _cue(
        "ai_assisted_share_pct",
        "percent",
        r"\bAI[-\s]assisted\b|\bwith\sAI\sassistance|\bassisted\sby\sAI",
    ),
    _cue(
        "manual_coding_share_pct",
        "percent",
        r"\bmanual(?:ly)?\b",
    ),
    _cue(
        "automation_adoption_pct",
        "percent",
        r"\b(?:use[sd]?|using|adopt\w*|deploy\w*|"
        r"implement\w*)\s(?:\w+\s){0,5}?(?:automation|RPA)\b|\bautomation\sadoption",
    ),
    _cue(
        "ai_adoption_pct",
        "percent",
        r"\b(?:use[sd]?|using|apply|applies|applying|adopt\w*|deploy\w*|pilot\w*|rolling\sout|roll(?:ed|s)?\sout|"
        r"implement\w*)\s(?:\w+\s){0,3}?(?:AI|artificial\sintelligence|machine\slearning|"
        r"generative\sAI|large\slanguage\smodels?)\b|\bAI\sadoption|\badoption\sof\sAI",
    ),
    _cue(
        "genai_rcm_engagement_pct",
        "percent",
        r"\b(?:exploring|piloting)\b[^.;]{0,40}generative\sAI",
    ),
    _cue(
        "paid_ai_license_pct",
        "percent",
        r"\bpa(?:y|ys|ying|id)\sfor\s(?:commercial\s)?AI\slicen[cs]es?",
    ),
    _cue(
        "ai_spending_intent_share",
        "percent",
        r"\b(?:increase|raise|boost)\w*\s(?:their\s)?(?:AI\s)?(?:spending|investment)"
        r"|\binvest\w*\sin\s(?:AI|artificial\sintelligence|automation|RPA)\b",
    ),
    _cue(
        "employment_growth_pct",
        "percent",
        r"\bgrow(?:th|s|ing)?\b|\bincrease\sin\semployment|"
        r"\bemployment\s(?:to\s)?(?:increase|rise)|\boutlook\b",
    ),
    _cue(
        "employment_growth_pct",
        "percent",
        r"\bincreas\w*|\bexpansion\b|\brise\b",
        requires=(
            r"\b(?:employment|jobs?|workforce|positions|demand|number\sof|technicians|specialists|coders|workers"
            r"|occupations?)\b"
        ),
    ),
    _cue(
        "productivity_change_pct",
        "percent",
        r"\b(?:coded|processed|completed)\sper\shour|\bproductivity\b|\bthroughput\b|"
        r"\bcharts?\sper\shour",
    ),
    _cue(
        "task_exposure_share",
        "percent",
        r"\btasks?\b[^.;]{0,40}?\b(?:augmented|automated|replaced|exposed)\b|"
        r"\bshare\sof\stasks\b",
    ),
    _cue(
        "revenue_leakage_pct",
        "percent",
        r"\bnet\spatient\srevenue|\bfail\w*\sto\scollect|\brevenue\sleakage|\buncollected",
    ),
    _cue(
        "certification_premium_pct",
        "percent",
        r"\bthan\s(?:their\s)?non-?certified|\bcertification\spremium|"
        r"\bpremium\sfor\scertification",
    ),
    _cue(
        "remote_work_pct",
        "percent",
        r"\bremote(?:ly)?\b|\bwork\sfrom\shome",
    ),
    _cue(
        "unemployment_rate_pct",
        "percent",
        r"\bunemploy\w*",
    ),
    _cue(
        "share_female_pct",
        "percent",
        r"\bwomen\b|\bfemale\b",
    ),
    _cue(
        "hard_to_fill_pct",
        "percent",
        r"\bhard\sto\s(?:fill|find)|\bdifficult\sto\s(?:fill|find|hire)",
    ),
    _cue(
        "workforce_shortage_pct",
        "percent",
        r"\bshortage\b",
    ),
    _cue(
        "automation_risk_pct",
        "percent",
        r"\brisk\b",
    ),
    _cue(
        "openings_retirement_component",
        "count",
        r"\bretire\w*|\blabor\sforce\sexits?\b|\bexits?\b",
    ),
    _cue(
        "openings_transfer_component",
        "count",
        r"\b(?:occupational\s)?transfers?\b",
    ),
    _cue(
        "openings_growth_component",
        "count",
        r"\bgrowth\b|\bnew\sjobs\b",
        requires=r"\bretire\w*|\btransfers?\b|\bexits?\b|\bseparations?\b",
    ),
    _cue(
        "annual_openings",
        "count",
        r"\bnew\s(?:jobs|positions)\s(?:opening|available)\w*\s(?:up\s)?(?:each|every|per|a)\syear"
        r"|\bannual(?:ly)?\s(?:job\s)?openings?\b|\bopenings\b(?=[^.;]{0,40}\b(?:(?:each|"
        r"per|every|a)\syear\b|annually|yearly))",
    ),
    _cue(
        "employment_count",
        "count",
        r"\b(?:people|workers)\sholding\b|\bhold(?:s|ing)?\s(?:these\s|those\s|such\s)?(?:positions|jobs)\b",
    ),
    _cue(
        "employment_change",
        "count",
        r"\badd(?:s|ing|ed)?\b|\bnew\s(?:jobs|positions)\b|\bpositions\b|\bjobs\sadded\b|"
        r"\bnet\schange\b",
    ),
    _cue(
        "projected_employment",
        "count",
        r"\bprojected\sto\s(?:reach|total)|\bprojected\semployment",
    ),
    _cue(
        "records_per_day",
        "count",
        r"\b(?:records|charts|claims|encounters)\s(?:per|a|each)\sday|\bper\sday\b",
    ),
    _cue(
        "code_set_size",
        "count",
        r"\boptions\b|\bcodes\b|\bcode\sset\b",
    ),
    _cue(
        "sample_size",
        "count",
        r"\brespondents\b|\bparticipants\b|\bsurveyed\b|\bsample\b|\b(?:poll|"
        r"survey|study)\s(?:covered|included|had|of|among)\b",
    ),
    _cue(
        "employment_count",
        "count",
        r"\bworkers\b|\bemployed\b|\bjobs\b|\bworkforce\b|\bwork(?:s|ing)?\sas\b|"
        r"\bemployment\s(?:of|at|was|stood|totall?ed)\b",
    ),
    _cue(
        "vendor_score",
        "count",
        r"\bscor(?:ed|es|e|ing)\b|\brat(?:ed|ing)\b",
    ),
    _cue(
        "denial_cost_usd",
        "usd",
        r"\bdenials?\b[^.;]{0,20}\bcost|\bcost\sof\s(?:claim\s)?denials",
    ),
    _cue(
        "experience_pay_premium_usd",
        "usd",
        r"\bmore\swith\s(?:more\s)?experience|\bexperience\spremium",
    ),
    _cue(
        "pay_increase_per_experience_year",
        "usd",
        r"\b(?:an\s)?(?:additional|each|every|extra)\syear\sof\sexperience|\bper\syear\sof\sexperience",
    ),
    _cue(
        "administrative_spending_usd",
        "usd",
        r"\badministrative\s(?:costs?|spending|expenses?)",
    ),
    _cue(
        "entry_level_wage",
        "usd",
        r"\bentry(?:[-\s]level)?\b|\bstarting\s(?:salary|salaries|pay|wages?)\b",
    ),
    _cue(
        "experienced_level_wage",
        "usd",
        r"\bexperienced\b|\bsenior[-\s]level\b",
    ),
    _cue(
        "wage_percentile_90_annual",
        "usd",
        r"\b(?:top|highest|upper)(?:[-\s](?:paid|earning|earners|earning))?\s10\s?(?:%|percent)|\b90th\spercentile"
        r"|\bpercentile\W+90\s?%|\b(?:highest|top)[-\s](?:paid|earning|earners)\b",
    ),
    _cue(
        "wage_percentile_10_annual",
        "usd",
        r"\b(?:bottom|lowest|lower)(?:[-\s](?:paid|earning|earners))?\s10\s?(?:%|percent)|\b10th\spercentile"
        r"|\bpercentile\W+10\s?%|\b(?:lowest|bottom)[-\s](?:paid|earning|earners)\b",
    ),
    _cue(
        "wage_percentile_75_annual",
        "usd",
        r"\b75th\spercentile|\bpercentile\W+75\s?%",
    ),
    _cue(
        "wage_percentile_25_annual",
        "usd",
        r"\b25th\spercentile|\bpercentile\W+25\s?%",
    ),
    _cue(
        MEDIAN_PAY,
        "usd",
        r"\bmedian\b|\bpercentile\W+50\s?%",
    ),
    _cue(
        MEAN_PAY,
        "usd",
        r"\bmean\b|\baverag\w*\b|\bavg\b\.?",
    ),
    _cue(
        "automation_horizon_years",
        "years",
        r"\bhorizon\b|\bwithin\b|\bover\sthe\snext\b|\bin\sthe\snext\b",
        requires=(
            r"\bautomat\w*|\bexposure\b|\bdisplace\w*|\breplace\w*|\bcompression\b|"
            r"\belimination\b|\bhorizon\b"
        ),
    ),
    _cue(
        "ai_roi_payback_months",
        "months years",
        r"\breturn\son\sinvestment\b|\bROI\b|\bpay\s?back\b|\bbreak\seven\b",
    ),
)
"""Cue phrases per measure, most specific first; the cue nearest the number wins."""

WEAK_CUES: tuple[Cue, ...] = (_cue(MEAN_PAY, "usd", r"\bpa(?:ys|id)\b|\bsalar(?:y|ies)\b"),)
"""Tried only when no other cue fits: a salary that names no statistic, or what an employer `pays`, is read as
a mean (an article's "average" or plain "salary" is a mean unless it says median)."""

HEADER_CUES: tuple[Cue, ...] = (
    _cue("wage_percentile_10_annual", "usd", r"\blowest\b|\bminimum\b|\blow\b"),
    _cue("wage_percentile_90_annual", "usd", r"\bhighest\b|\bmaximum\b|\bhigh\b"),
    _cue("employment_count", "count", r"\bemployment\b|\b(?:total\s)?jobs\b"),
)
"""Cues that hold only in a table's header or a label: a `Lowest` column is the 10th percentile, `Highest` the
90th (the usual meaning in tables drawn from BLS data); a bare `Employment` column counts jobs."""
PERCENT_HEADER = re.compile(r"\bpercent\b|%|\bshare\b|\brate\b", re.IGNORECASE)
"""A header saying its bare numbers are percentages (`Percent of industry employment` over `0.30`)."""
INDUSTRY_HEADER = re.compile(r"\bindustr(?:y|ies)\b|\bsectors?\b|\bemployers?\b|\bsettings?\b", re.IGNORECASE)
"""A header or caption saying its row labels are industries."""

SURVEY_AVERAGE_SOURCES = frozenset({"AAPC", "AHIMA", "MGMA"})
"""Sources whose `average salary` is the mean of their own survey respondents (measure `average_salary`)."""
SURVEY_WORDS = re.compile(r"\bsalary\s(?:survey|report)|\bsurvey\b|\brespondents\b", re.IGNORECASE)
HOURLY_WORDS = re.compile(r"\bhourly\b|\bper\shour\b|\ban\shour\b", re.IGNORECASE)


def find_measure_cue(
    text: str,
    start: int,
    end: int,
    value: tuple[int, int],
    kind: str,
    others: SpanIndex | None = None,
    context: str | None = None,
    header: bool = False,
    weak: bool = False,
) -> tuple[Cue, tuple[int, int]] | None:
    """The cue for a number of `kind` nearest to it in text[start:end]; None when no cue fits.

    A cue with another number (`others`) between it and this one belongs to that other number. A cue's
    `requires` pattern is looked for in `context` (a table row) when given, else in the region. `header` adds
    the cues that hold only in headers and labels.
    """
    best: tuple[int, int, Cue, tuple[int, int]] | None = None
    region = context if context is not None else text[start:end]
    cues = HEADER_CUES + MEASURE_CUES if header else WEAK_CUES if weak else MEASURE_CUES
    for order, cue in enumerate(cues):
        if kind not in cue.kinds or (cue.requires and not cue.requires.search(region)):
            continue
        for span in cue_spans(cue.pattern, text, start, end):
            if value[0] < span[1] and span[0] < value[1]:
                continue
            low, high = min(span[1], value[1]), max(span[0], value[0])
            if others is not None and others.any_within(low, high):
                continue
            rank = (gap(span, value), order)
            if best is None or rank < best[:2]:
                best = (*rank, cue, span)
    return (best[2], best[3]) if best else None


@lru_cache(maxsize=65536)
def cue_spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Where `pattern` matches in text[start:end]. Cached for the same reason as `periods.periods_between`: the
    numbers of one row or sentence look for the same cues in the same stretch of text."""
    return tuple(match.span() for match in pattern.finditer(text, start, end))


def header_cue_spans(text: str, start: int, end: int, kind: str) -> list[tuple[int, int]]:
    """The measure phrases of a header line, left to right, not overlapping: its columns when no separator
    splits it (`State Median Salary Bottom 10% Top 10%` -> `Median`, `Bottom 10%`, `Top 10%`)."""
    found = []
    for order, cue in enumerate(HEADER_CUES[:2] + MEASURE_CUES):
        if kind in cue.kinds and not cue.requires:
            found += [(m.start(), -m.end(), order) for m in cue.pattern.finditer(text, start, end)]
    spans: list[tuple[int, int]] = []
    for begin, negative_end, _ in sorted(found):
        if not spans or begin >= spans[-1][1]:
            spans.append((begin, -negative_end))
    return spans


HOURLY_CEILING = 200.0
"""A wage below this with no rate written is hourly: no annual wage is that small."""


def resolve_pay(
    measure: str, rate: str | None, label: str, source: str | None, context: str, value: float | None = None
) -> str:
    """Turn the median/mean placeholders into the wage measure the text states, or a survey's average salary."""
    small = value is not None and value < HOURLY_CEILING
    hourly = rate == "hour" or (rate is None and (bool(HOURLY_WORDS.search(label)) or small))
    if measure == MEDIAN_PAY:
        return "median_hourly_wage" if hourly else "median_annual_wage"
    if measure == MEAN_PAY:
        if hourly:
            return "mean_hourly_wage"
        if source in SURVEY_AVERAGE_SOURCES or SURVEY_WORDS.search(context):
            return "average_salary"
        return "mean_annual_wage"
    if hourly and measure.startswith("wage_percentile_"):
        return measure.replace("_annual", "_hourly")
    return measure


ACTIVITY_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (activity, re.compile(pattern, re.IGNORECASE))
    for activity, pattern in (
        ("documentation_and_coding", r"\bdocumentation\sand\scoding\b"),
        ("clinical_documentation", r"\bclinical\sdocumentation\b"),
        ("revenue_cycle", r"\brevenue[-\s]cycles?\b|\bRCM\b"),
        ("prior_authorization", r"\bprior\sauth\w*"),
        ("claims_processing", r"\bclaims\sprocessing\b"),
        ("coding", r"\bcoding\b"),
    )
)
"""What an adoption share covers: 46% in revenue-cycle operations is not 48% in documentation and coding."""
ACTIVITY_FAMILIES = frozenset({"ai_adoption", "automation_adoption", "ai_adoption_stage", "ai_workflow_share"})


def find_activity(text: str, start: int, end: int, value: tuple[int, int]) -> str | None:
    best: tuple[int, int, str] | None = None
    taken: list[tuple[int, int]] = []
    for order, (activity, pattern) in enumerate(ACTIVITY_CUES):
        for match in pattern.finditer(text, start, end):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append(match.span())
            rank = (gap(match.span(), value), order)
            if best is None or rank < best[:2]:
                best = (*rank, activity)
    return best[2] if best else None


# --- attribution ------------------------------------------------------------------------------------------------

GENERIC_SOURCE_PATTERN = re.compile(
    r"\b(?:(?:survey|study|report|poll|analysis|research)\b[^.;:]{0,60}?\s(?:by|from)|published\sin)\s(?:the\s)?"
    r"(?P<org>[A-Z][\w&'’-]*(?:(?:[ ](?:of|for|and|&|the))*[ ][A-Z][\w&'’-]*)*)"
)
"""`a survey by Black Book Research`, `a study conducted by Olive AI`, `a survey of 120 health systems by X`,
`published in the Journal of ...`: an organisation the table does not know, credited as written."""


# --- universe ---------------------------------------------------------------------------------------------------

UNIVERSE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "wage_and_salary",
        re.compile(r"\bwage[-\s]and[-\s]salary\b|\bexclud\w*\sself-employed|\bnot\scounting\sself-employed", re.I),
    ),
    (
        "all_jobs",
        re.compile(
            r"\btotal\sworkforce\b|\bincluding\s(?:the\s)?self-employed|\ball\sjobs\b|\btotal\semployment\b", re.I
        ),
    ),
)
"""Words that say whose jobs an employment figure counts (OEWS excludes the self-employed; projections do not)."""
UNIVERSE_MEASURES = frozenset({"employment_count", "projected_employment"})


def find_universe(text: str, start: int, end: int) -> str | None:
    for universe, pattern in UNIVERSE_CUES:
        if pattern.search(text, start, end):
            return universe
    return None
