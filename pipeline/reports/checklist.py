"""The per-article checklist: for every claim that is not confirmed, what is wrong, what to do, and the text to
paste instead where the warehouse holds a figure to use; also written as `corrections.csv` beside the report.

The corrected text is built from the official figure the claim was checked against (its value, measure, who it
counts, period and producer), never from the article's own words, so it can be pasted as it stands.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from pipeline.reports.bottom_line import cited, official_from_claim, official_text, source_line
from pipeline.reports.words import Row, Words, as_written, bare_period, period_phrase, prose_value

CSV_COLUMNS = ["document_id", "article_title", "article_url", "claim_id", "claim_as_written", "quote", "verdict",
               "problem", "action", "replace_with", "official_figure", "official_source", "official_period"]
# A spreadsheet runs a cell starting with one of these as a formula; article text is untrusted.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def corrected_text(official: Row, words: Words) -> str:
    """`about 194,700 wage-and-salary jobs in May 2025 (BLS Occupational Employment and Wage Statistics (OEWS))`."""
    noun = words.noun(official, prose_value(official.get("value"), official.get("unit")))
    period = period_phrase(official.get("reference_period"))
    source = words.source(official.get("producer_id"), official.get("source_name"), short=True)
    if official.get("evidence_role") == "secondary_citation" and official.get("publisher_name"):
        source += f", as cited by {official['publisher_name']}"
    return " ".join(part for part in (noun, period, f"({source})") if part)


def check_claim(claim: Row, words: Words) -> Row:
    """What an editor should do about one claim that is not confirmed."""
    verdict = claim.get("verdict")
    official = official_from_claim(claim) if claim.get("checked_against") else None
    written = as_written(claim)
    item: Row = {"claim_id": claim.get("observation_id"), "claim_as_written": written, "verdict": verdict,
                 "problem": "", "action": "", "replace_with": "",
                 "official_figure": official_text(official) if official else "",
                 "official_source": source_line(official, words) if official else "",
                 "official_period": (official or {}).get("reference_period") or ""}
    reasons = set(claim.get("reasons") or [])
    if claim.get("rejected_by_editor"):
        item.update(problem=f"The editors rejected this claim (ruling {claim.get('ruling_id')}).",
                    action="Remove the figure.")
    elif verdict == "outdated" and official:
        what = ("it is from a projection cycle since replaced" if "superseded_cycle" in reasons
                else f"it refers to {bare_period(claim.get('reference_period')) or 'an earlier release'}")
        item.update(problem=f"Out of date: {what}; the newest figure is {official_text(official)} "
                            f"({bare_period(official.get('reference_period'))}).",
                    action="Replace it with the newest figure.", replace_with=corrected_text(official, words))
    elif verdict == "contradicted" and official:
        source = claim.get("attributed_source")
        item.update(problem=f"Does not match the official {words.measure(official.get('measure'))} "
                            f"({official_text(official)}), even allowing for rounding and sampling error"
                            + ("." if source else "; the article names no source."),
                    action="Replace it with the official figure.", replace_with=corrected_text(official, words))
    elif verdict == "misattributed":
        item.update(problem=f"Credited to {claim.get('attributed_source') or 'a source'}, but no release of it has "
                            "this figure.",
                    action="Credit the real source, or replace it with the official figure." if official else
                           "Credit the real source, or remove the figure.",
                    replace_with=corrected_text(official, words) if official else "")
    elif verdict == "not_comparable":
        fields = words.fields_text(claim.get("differing_fields"), skip=("period", "source"))
        nearest = f" {official_text(official)} ({words.about(official)})" if official else ""
        item.update(problem=f"Not comparable with the nearest official figure{nearest}"
                            + (f": they differ in {fields}." if fields else "."),
                    action="Keep it only with what it measures and its source spelled out.",
                    replace_with=_spelled_out(claim, written, words))
    elif verdict == "unverifiable":
        source = claim.get("attributed_source")
        later = official and claim.get("reference_period") and official.get("reference_period")
        item.update(problem=f"It refers to {bare_period(claim.get('reference_period'))}, later than the newest "
                            f"official figure held ({official_text(official)}, "
                            f"{bare_period(official.get('reference_period'))}); it cannot be checked yet."
                    if later and official else "No official figure held measures this, so it cannot be checked here.",
                    action="Keep it with its source named." if source else
                           "Name its source, or remove the figure.",
                    replace_with=_spelled_out(claim, written, words) if source else "")
    else:
        item.update(problem=str(claim.get("evidence") or ""), action="Check it against its source.")
    return item


def _spelled_out(claim: Row, written: str, words: Words) -> str:
    """`$81,227 (average salary of coders holding three or more credentials, according to AAPC, 2025)`."""
    measure = str(claim.get("measure") or "unknown")
    if measure == "unknown":
        return ""
    entry = words.measures.get(measure, {})
    parts = []
    if entry.get("noun") and not entry.get("about"):
        text = words.noun(claim, written)
    else:
        text, parts = written, [words.about(claim)]
    if claim.get("attributed_source"):
        parts.append(f"according to {claim['attributed_source']}")
    if claim.get("reference_period"):
        parts.append(bare_period(claim["reference_period"]))
    return f"{text} ({', '.join(parts)})" if parts else text


def build_checklist(articles: list[Row], words: Words) -> list[Row]:
    """Per article (in report order), the claims that are not confirmed, in reading order."""
    out = []
    for article in articles:
        items = [{**check_claim(c, words), "quote": c.get("quote") or "", "cited": cited(c),
                  "quote_parts": c.get("quote_parts")}
                 for c in article["claims"] if c.get("verdict") != "confirmed" or c.get("rejected_by_editor")]
        out.append({"document_id": article["document_id"], "title": article["title"], "url": article.get("url"),
                    "fixes": items, "confirmed": sum(c.get("verdict") == "confirmed" for c in article["claims"])})
    return out


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def checklist_csv(checklist: list[Row]) -> str:
    """The checklist as CSV (one row per claim to fix), for editors who track corrections in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for article in checklist:
        for item in article["fixes"]:
            row = {"document_id": article["document_id"], "article_title": article["title"],
                   "article_url": article.get("url") or "", **{k: item.get(k, "") for k in CSV_COLUMNS[3:]}}
            writer.writerow({k: csv_safe(row[k]) for k in CSV_COLUMNS})
    return buffer.getvalue()
