"""The bottom line: one answer per question editors ask, with the figure to use and why the others differ.

Every sentence is assembled from the curated rows the report reads — the conflict's recommended figure, its
source, period, universe and caveat, each claim's verdict and reasons, the official figure it was checked against,
and the fields in which that figure differs from the one to use (`curated.comparisons`) — in the words of
`plain_words.yml`. Nothing is written per case, so a new release, article or ruling changes the sentences with
the data. Where no figure should be used (46% vs 48% AI adoption), the answer says so and what each one measures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipeline.reports.words import (
    Row,
    Words,
    as_written,
    bare_period,
    format_value,
    join_and,
    period_phrase,
    spaced,
)

Compare = Callable[[str | None, str | None], Row | None]
# Fields that say how two figures differ in what they measure (period and source are context, said separately).
DEFINITION_FIELDS = ("measure", "statistic", "occupation", "universe", "activity", "geography", "industry", "unit")


def cited(claim: Row) -> str:
    """`roughly 185,000 (cites BLS)`: a claim as written with who it credits, since that is what editors check."""
    source = claim.get("attributed_source")
    repeats = f"; in {claim['articles']} articles" if (claim.get("articles") or 1) > 1 else ""
    return f"{as_written(claim)} ({'cites ' + str(source) if source else 'no source named'}{repeats})"


def official_text(fig: Row) -> str:
    return format_value(fig.get("value"), fig.get("unit"), per=False)


def source_line(fig: Row, words: Words) -> str:
    """`BLS Employment Projections, 2024-2034, through a page citing it (AmericanDreamJobs)`."""
    parts = [words.source(fig.get("producer_id"), fig.get("source_name"))]
    if period := bare_period(fig.get("reference_period")):
        parts.append(period)
    text = ", ".join(parts)
    if fig.get("evidence_role") == "secondary_citation":
        text += f", known through a page citing it ({fig.get('publisher_name') or 'a third party'})"
    return text


def official_from_claim(claim: Row) -> Row:
    """The official figure a claim was checked against, as a figure row (from report_claims' `official_*`)."""
    return {"observation_id": claim.get("checked_against"), "value": claim.get("official_value"),
            "unit": claim.get("official_unit"), "reference_period": claim.get("official_period"),
            "measure": claim.get("official_measure"), "subject": claim.get("official_subject"),
            "universe": claim.get("official_universe"), "activity": claim.get("official_activity"),
            "evidence_role": claim.get("official_evidence_role"), "producer_id": claim.get("official_producer_id"),
            "source_name": claim.get("official_source"), "publisher_name": claim.get("official_publisher")}


def difference(fig: Row, use: Row, fields: list[str], words: Words) -> str:
    """How `fig` differs from the figure to use, in a reader's words: `counts all jobs, including the self-employed`."""
    parts = []
    for name in fields:
        if name == "universe" and fig.get("universe"):
            parts.append(f"counts {words.universe(fig['universe'])}")
        elif name == "occupation" and fig.get("subject"):
            parts.append(f"covers {words.subject(fig['subject'])}")
        elif name == "measure":
            parts.append(f"measures the {words.measure(fig.get('measure'))}")
        elif name == "statistic":
            parts.append(f"is a {words.measure(fig.get('measure'))}")
        elif name == "activity" and fig.get("activity"):
            parts.append(f"covers {words.activity(fig['activity'])}")
        elif name in ("geography", "industry", "unit"):
            parts.append(f"differs in {words.field(name)}")
    if not parts and "period" in fields and fig.get("reference_period"):
        parts.append(f"is for {bare_period(fig['reference_period'])}")
    return join_and(parts) or "differs in how it was produced"


def why_clause(claim: Row, use: Row | None, compare: Compare, words: Words) -> str:
    """One clause saying why a claim's figure is not the one to use, from its verdict, reasons and comparisons."""
    ref, verdict = cited(claim), claim.get("verdict")
    reasons = set(claim.get("reasons") or [])
    checked = official_from_claim(claim) if claim.get("checked_against") else None
    use_id = use.get("observation_id") if use else None
    if claim.get("rejected_by_editor"):
        return f"{ref} was rejected by the editors (ruling {claim.get('ruling_id')})"
    if verdict == "confirmed":
        if checked is None or use is None or checked["observation_id"] == use_id:
            how = "at its stated precision" if "rounding" in reasons or claim.get("qualifier_text") else ""
            target = "it" if use is not None else f"{official_text(checked or {})}"
            return " ".join(f"{ref} agrees with {target} {how}".split())
        pair = compare(checked["observation_id"], use_id)
        fields = [f for f in (pair or {}).get("differing_fields") or [] if f in DEFINITION_FIELDS] or ["period"]
        period = bare_period(checked["reference_period"])
        return (f"{ref} matches {official_text(checked)} from "
                f"{words.source(checked['producer_id'], checked['source_name'])}{f' ({period})' if period else ''}"
                f", which {difference(checked, use, fields, words)}")
    if verdict == "outdated":
        newer = bare_period((checked or use or {}).get("reference_period")) or "the newest release"
        if "superseded_cycle" in reasons:
            text = f"{ref} is from the {bare_period(claim.get('reference_period')) or 'earlier'} projection cycle, " \
                   f"since replaced by {newer}"
        elif claim.get("earlier_period"):
            text = f"{ref} matches the {bare_period(claim['earlier_period'])} release, since replaced by {newer}"
        elif claim.get("reference_period"):
            text = f"{ref} is for {bare_period(claim['reference_period'])}, an earlier period than {newer}"
        else:
            text = f"{ref} refers to an earlier release than {newer}"
        if "stale_citation" in reasons:
            text += "; it was already out of date when written"
        return text
    if verdict == "contradicted" and checked:
        return (f"{ref} does not match the {bare_period(checked['reference_period'])} "
                f"{words.measure(checked['measure'])}, {official_text(checked)}, even allowing for rounding and "
                "sampling error")
    if verdict == "misattributed":
        return f"{ref}: no release of {claim.get('attributed_source') or 'the cited source'} has this figure"
    if verdict == "not_comparable":
        fields = words.fields_text(claim.get("differing_fields"), skip=("period", "source"))
        return f"{ref} is the {words.about(claim)}" + (f" (it differs in {fields})" if fields else "")
    if verdict == "unverifiable" and checked and checked.get("reference_period") and claim.get("reference_period"):
        return (f"{ref} is for {bare_period(claim['reference_period'])}, later than the newest official figure held "
                f"({bare_period(checked['reference_period'])})")
    return f"{ref} cannot be checked: no official figure for the {words.about(claim)} is held"


def distinct_claims(claims: list[Row]) -> list[Row]:
    """One row per figure as written and verdict, with how many articles state it (copies read as one point)."""
    seen: dict[tuple[Any, ...], Row] = {}
    for claim in claims:
        key = (as_written(claim).lower(), claim.get("verdict"), claim.get("attributed_source"))
        if key in seen:
            seen[key]["articles"] += 1
        else:
            seen[key] = {**claim, "articles": 1}
    return sorted(seen.values(), key=lambda c: (c.get("value") is None, c.get("value") or 0))


def answer_for(family: str, claims: list[Row], conflict: Row | None, compare: Compare, words: Words) -> Row:
    """The answer for one measure family: the figure to use (or why none), and why the other figures differ."""
    use = (conflict or {}).get("recommended")
    rows = distinct_claims(claims)
    measure = (use or (rows[0] if rows else {})).get("measure")
    label = words.measure(measure) if str(measure) in words.measures else spaced(family)
    answer: Row = {"family": family, "label": label, "conflict_id": (conflict or {}).get("conflict_id"),
                   "figure_count": (conflict or {}).get("figure_count") or len(rows), "use": None,
                   "why": [], "measures": [], "none": None, "note": None}
    ruling = _ruling_text(conflict)
    if use is not None:
        answer["use"] = {
            "figure": words.noun(use, official_text(use)), "value": official_text(use),
            "source": source_line(use, words),
            "universe": words.universe(use["universe"]) if use.get("universe") else "",
            "caveat": (conflict or {}).get("caveat"), "ruling": ruling,
        }
        answer["why"] = [why_clause(c, use, compare, words) for c in rows]
        others = [f for f in (conflict or {}).get("figures", [])
                  if f.get("kind") != "claim" and not f.get("is_recommended")]
        if others:
            answer["note"] = (f"{len(others)} other official figure{'s' if len(others) != 1 else ''} in this conflict "
                              "cover other codes, groups or periods; see the conflict below.")
        return answer
    # No figure to use: say so, and what each claim measures.
    names = [as_written(c) for c in rows]
    fields = _claim_differences(rows, compare, words)
    if ruling:
        answer["none"] = f"No figure to use: {ruling}."
    elif len(rows) > 1 and fields:
        answer["none"] = (f"No single figure to use: {join_and(names)} measure different things "
                          f"(they differ in {fields}).")
    elif conflict is not None:
        answer["none"] = ("No figure to use: none of the official figures held measures the same thing as "
                          f"{join_and(names) or 'these figures'}.")
    else:
        answer["none"] = "No official figure to use: none is held for this."
    answer["measures"] = [f"{cited(c)}: {words.about(c)}{_period_note(c)}" for c in rows]
    if rows and all(c.get("verdict") == "unverifiable" for c in rows):
        answer["note"] = ("None of them can be checked against an official figure held here: keep the source named, "
                          "or leave the figure out.") if len(rows) > 1 else \
            "It cannot be checked against an official figure held here: keep its source named, or leave it out."
    return answer


def _period_note(claim: Row) -> str:
    period = period_phrase(claim.get("reference_period"))
    return f" ({period})" if period else ""


def _claim_differences(rows: list[Row], compare: Compare, words: Words) -> str:
    """The definition fields in which the claims differ from each other (from their pairwise comparisons)."""
    fields: list[str] = []
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            pair = compare(a.get("observation_id"), b.get("observation_id"))
            fields += [f for f in (pair or {}).get("differing_fields") or [] if f in (*DEFINITION_FIELDS, "source")]
    return words.fields_text(fields)


def _ruling_text(conflict: Row | None) -> str | None:
    """The editors' ruling deciding the conflict, when one applies (its rule names it)."""
    rule = str((conflict or {}).get("recommendation_rule") or "")
    return "chosen by the editors, " + rule if rule.startswith("editorial ruling") else None


def build_questions(conflicts: list[Row], claims: list[Row], compare: Compare, words: Words) -> list[Row]:
    """One block per question in `plain_words.yml`, then one per other topic whose claims no question covers."""
    in_scope = [c for c in claims if c.get("in_scope") is not False]
    by_family: dict[str, list[Row]] = {}
    for claim in in_scope:
        by_family.setdefault(str(claim.get("measure_family") or claim.get("measure") or "unknown"), []).append(claim)
    # a family may have conflicts in several topics; the most-cited one (conflicts come most-cited first) answers
    conflict_of: dict[str, Row] = {}
    for conflict in reversed(conflicts):
        conflict_of[str(conflict.get("measure"))] = conflict
    blocks, covered = [], set()
    for question in words.questions:
        families = [str(f) for f in question.get("families") or []]
        answers = [answer_for(f, by_family.get(f, []), conflict_of.get(f), compare, words)
                   for f in families if by_family.get(f) or f in conflict_of]
        covered.update(families)
        if answers:
            blocks.append({"key": question.get("key"), "question": question.get("question"), "answers": answers,
                           "note": _measures_note(answers, words)})
    topics: dict[str, dict[str, list[Row]]] = {}
    for family, rows in by_family.items():
        if family in covered or family == "unknown":
            continue
        topics.setdefault(str(rows[0].get("topic") or "other"), {})[family] = rows
    for topic, families in sorted(topics.items(), key=lambda t: (-sum(len(r) for r in t[1].values()), t[0])):
        answers = [answer_for(f, rows, conflict_of.get(f), compare, words) for f, rows in sorted(families.items())]
        blocks.append({"key": f"topic-{topic}", "question": f"Other figures: {spaced(topic)}", "answers": answers,
                       "note": None, "other": True})
    return blocks


def _measures_note(answers: list[Row], words: Words) -> str | None:
    """When one question gathers several measures (openings and jobs added), say they are not rivals."""
    labels = [a["label"] for a in answers]
    if len(labels) < 2:
        return None
    text = join_and(labels)
    return (f"{text[:1].upper() + text[1:]} are different measures: a figure for one does not contradict a "
            "figure for another.")
