"""The editors' conflict report: one self-contained HTML page, its Markdown twin, and the corrections CSV.

It opens with the bottom line (one answer per question editors ask: the figure to use, its source, period and
caveat, and why the other figures differ), then the conflicts most-cited first, then per article a checklist of
the claims to fix with text to paste, then every claim in reading order. Article text is untrusted input: the
HTML template is rendered with Jinja2 autoescaping on, the Markdown twin escapes HTML and Markdown control
characters, and the CSV neutralises cells a spreadsheet would run as formulas, so a claim containing `<script>`
shows as text everywhere.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.provenance import atomic_write_bytes
from pipeline.reports.bottom_line import answer_for, build_questions
from pipeline.reports.chart import nice_ticks, number_line
from pipeline.reports.checklist import build_checklist, checklist_csv
from pipeline.reports.words import Row, Words, format_number, format_signed, format_value, load_words, spaced
from pipeline.sqlfiles import sql

__all__ = ["ReportFiles", "format_signed", "format_value", "md_escape", "nice_ticks", "number_line", "render",
           "report_data", "split_quote", "write_report"]

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
CHECKLIST_CSV = "corrections.csv"

log = logging.getLogger(__name__)

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~])")
RULING_ORDER = ("reopened", "invalid", "applied")
VERDICT_MEANINGS = {
    "confirmed": "matches the official figure within its stated precision",
    "outdated": "refers to an earlier release or projection cycle; the newest figure differs",
    "misattributed": "no release of the source it cites has this figure",
    "not_comparable": "measures something different from the nearest official figure",
    "contradicted": "measures the same thing as the official figure, but differs by more than rounding and "
                    "sampling error allow",
    "unverifiable": "no official figure held measures the same thing (same measure, group and place), or it "
                    "is newer than the warehouse",
}


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    markdown: Path
    html_bytes: int
    checklist: Path | None = None


def md_escape(value: Any) -> str:
    """Text safe inside Markdown (and inside the HTML a Markdown viewer makes of it)."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def split_quote(quote: str | None, start: int | None, end: int | None) -> tuple[str, str, str]:
    """(before, number, after) so templates can highlight the number without building markup by hand."""
    if not quote:
        return "", "", ""
    if start is None or end is None or not 0 <= start <= end <= len(quote):
        return quote, "", ""
    return quote[:start], quote[start:end], quote[end:]


def sentence(text: Any) -> str:
    """First letter up, the rest as written (`share using AI`, not Jinja's `capitalize`, which lowers `AI`)."""
    value = str(text or "")
    return value[:1].upper() + value[1:]


def figure_text(fig: Row) -> str:
    """Claims as written (that is what the article says); official figures formatted, since OEWS writes `194720`."""
    if fig["kind"] == "claim" and fig.get("value_text"):
        return str(fig["value_text"])
    return format_value(fig["value"], fig["unit"], per=False)


def _records(con: duckdb.DuckDBPyConnection, name: str, params: list[Any] | None = None) -> list[Row]:
    """Rows of `pipeline/reports/<name>.sql` as dicts (plain Python values: lists, dates, None for NULL)."""
    cursor = con.execute(sql(HERE / f"{name}.sql"), params)
    columns = [d[0] for d in cursor.description]
    return [{k: _clean(v) for k, v in zip(columns, row, strict=True)} for row in cursor.fetchall()]


def query(con: duckdb.DuckDBPyConnection, name: str, params: list[Any] | None = None) -> list[Row]:
    """Rows of one of the report's SQL files (the desk reads claims and figures the way the report does)."""
    return _records(con, name, params)


def _clean(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def report_data(con: duckdb.DuckDBPyConnection, previous_release: Path | None = None,
                words: Words | None = None) -> dict[str, Any]:
    """Everything the templates show, read from the curated tables (and the previous release, if given)."""
    words = words or load_words()
    summary = _records(con, "report_summary")[0]
    for verdict in summary["verdicts"] or []:
        verdict["meaning"] = VERDICT_MEANINGS.get(verdict["verdict"], "")
    rulings = read_rulings(con)
    claims = _records(con, "report_claims")
    claim_by_id = {c["observation_id"]: c for c in claims}
    comparisons = {frozenset((c["a_id"], c["b_id"])): c for c in _records(con, "report_comparisons")}

    def compare(a: str | None, b: str | None) -> Row | None:
        return comparisons.get(frozenset((a, b)))

    conflicts = _records(con, "report_conflicts")
    by_conflict: dict[str, list[Row]] = defaultdict(list)
    for fig in _records(con, "report_figures"):
        fig["quote_parts"] = split_quote(fig["quote"], fig["highlight_start"], fig["highlight_end"])
        by_conflict[fig["conflict_id"]].append(fig)
    pairs: dict[str, list[Row]] = defaultdict(list)
    for pair in _records(con, "report_pairs"):
        pairs[pair["conflict_id"]].append(pair)
    for conflict in conflicts:
        conflict["figures"] = by_conflict[conflict["conflict_id"]]
        conflict["chart"] = number_line(conflict["figures"], words)
        conflict["recommended"] = next((f for f in conflict["figures"] if f["is_recommended"]), None)
        conflict["pairs"] = pairs[conflict["conflict_id"]]
        members = set(conflict["observation_ids"] or [])
        conflict["rulings"] = [r for r in rulings["all"]
                               if r["conflict_id"] == conflict["conflict_id"] or r["observation_id"] in members]
        conflict["ruling_status"] = next(
            (s for s in RULING_ORDER if any(r["status"] == s for r in conflict["rulings"])), "none")
        conflict_claims = [claim_by_id[f["observation_id"]] for f in conflict["figures"]
                           if f["kind"] == "claim" and f["observation_id"] in claim_by_id]
        conflict["answer"] = answer_for(conflict["measure"], conflict_claims, conflict, compare, words)
        own = [c for c in comparisons.values() if c["conflict_id"] == conflict["conflict_id"]]
        conflict["pair_count"] = len(own)
        conflict["comparable_pairs"] = sum(c["comparability"] != "not_comparable" for c in own)
    articles: dict[str, Row] = {}
    for claim in claims:
        claim["quote_parts"] = split_quote(claim["quote"], claim["highlight_start"], claim["highlight_end"])
        article = articles.setdefault(claim["document_id"], {
            "document_id": claim["document_id"], "title": claim["title"], "url": claim["url"],
            "published_on": claim["published_on"], "claims": []})
        article["claims"].append(claim)
    article_list = list(articles.values())
    checklist = build_checklist(article_list, words)
    return {"summary": summary, "conflicts": conflicts, "articles": article_list, "rulings": rulings,
            "changes": read_changes(con, previous_release),
            "questions": build_questions(conflicts, claims, compare, words),
            "checklist": checklist, "to_correct": sum(len(a["fixes"]) for a in checklist)}


def read_rulings(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Editorial rulings from `curated.rulings` when that table exists (the rulings feature may not be there)."""
    rows = _records(con, "report_rulings") if _has_table(con, "curated", "rulings") else []
    counts = {status: sum(r["status"] == status for r in rows) for status in RULING_ORDER}
    return {"all": rows, "counts": counts, "to_review": counts["reopened"] + counts["invalid"]}


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(con.execute(sql(HERE / "report_table_exists.sql"), [schema, table]).fetchone()[0])


def read_changes(con: duckdb.DuckDBPyConnection, previous_release: Path | None) -> dict[str, Any]:
    """What changed since the previous release: verdicts, conflicts and claims whose official figure moved.

    The previous release is attached read-only as `prev_release` (the alias the report_changes_* SQL reads) and
    detached afterwards, so the writer connection is left as it was and the published file is never written.
    """
    if previous_release is None or not Path(previous_release).is_file():
        return {"available": False, "note": "No previous release to compare with: this is the first one."}
    try:
        con.execute("ATTACH ? AS prev_release (READ_ONLY)", [str(previous_release)])
    except duckdb.Error as exc:
        log.warning("report: cannot open the previous release %s: %s", previous_release, exc)
        return {"available": False, "note": f"The previous release could not be read ({type(exc).__name__})."}
    try:
        release = _records(con, "report_changes_release")
        changes = {
            "available": True, "release_id": release[0]["release_id"] if release else None,
            "verdicts": _records(con, "report_changes_verdicts"),
            "conflicts": _records(con, "report_changes_conflicts"),
            "official": _records(con, "report_changes_official"),
        }
    except duckdb.Error as exc:  # a release from an incompatible schema: say so rather than fail the report
        log.warning("report: cannot compare with the previous release %s: %s", previous_release, exc)
        changes = {"available": False, "note": f"The previous release could not be compared ({type(exc).__name__})."}
    finally:
        con.execute("DETACH prev_release")
    if changes["available"]:
        changes["total"] = len(changes["verdicts"]) + len(changes["conflicts"]) + len(changes["official"])
    return changes


@cache
def environments() -> tuple[Environment, Environment]:
    """(HTML, Markdown) Jinja2 environments with the report's filters, built once per process so templates are
    compiled once (a long-running desk renders the report on every page); the desk derives its own from these."""
    words = load_words()
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    md_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, trim_blocks=True, lstrip_blocks=True)
    for environment in (env, md_env):
        environment.filters.update(num=format_number, value=format_value, signed=format_signed, sentence=sentence,
                                   figure=figure_text, words=spaced, reason=words.reason, field=words.field,
                                   role=words.role, universe=words.universe, about=words.about)
        environment.globals.update(verdict_meanings=VERDICT_MEANINGS)
    env.filters["http_url"] = http_url
    env.filters["http_urls"] = http_urls
    md_env.filters["md"] = md_escape
    return env, md_env


def render(data: dict[str, Any], desk: dict[str, Any] | None = None) -> tuple[str, str]:
    """(html, markdown) of the report; with `desk`, the HTML carries the review desk's links and forms' targets."""
    data = {"rulings": {"all": [], "counts": {}, "to_review": 0}, "changes": {"available": False},
            "questions": [], "checklist": [], "to_correct": 0, **data, "desk": desk}
    env, md_env = environments()
    return env.get_template("report.html.j2").render(**data), md_env.get_template("report.md.j2").render(**data)


def http_url(value: Any) -> str | None:
    """Only http(s) links reach an href: a `javascript:` URL in an article's first line must not."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def http_urls(value: Any) -> list[str]:
    """The http(s) links of a URL field; derived figures list their inputs' URLs joined by ` + `."""
    return [url for part in str(value or "").split(" + ") if (url := http_url(part))]


def write_report(con: duckdb.DuckDBPyConnection, reports_dir: Path,
                 previous_release: Path | None = None) -> ReportFiles:
    """Render and write `conflict_report.html`, `conflict_report.md` and `corrections.csv` (each atomically).

    `previous_release` is the published warehouse before this run's release replaces it; when given (and
    present) the report says what changed since then.
    """
    data = report_data(con, previous_release)
    html, markdown = render(data)
    html_path, md_path = reports_dir / "conflict_report.html", reports_dir / "conflict_report.md"
    csv_path = reports_dir / CHECKLIST_CSV
    atomic_write_bytes(html_path, html.encode("utf-8"))
    atomic_write_bytes(md_path, markdown.encode("utf-8"))
    atomic_write_bytes(csv_path, checklist_csv(data["checklist"]).encode("utf-8"))
    return ReportFiles(html_path, md_path, len(html.encode("utf-8")), csv_path)
