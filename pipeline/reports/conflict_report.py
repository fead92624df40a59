"""The editors' conflict report: one self-contained HTML page and its Markdown twin.

Article text is untrusted input: the HTML template is rendered with Jinja2 autoescaping on, and the Markdown
twin escapes HTML and Markdown control characters, so a claim containing `<script>` shows as text.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.provenance import atomic_write_bytes
from pipeline.sqlfiles import sql

HERE = Path(__file__).resolve().parent

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Number line geometry (px): plot area on the left, one row per figure, labels on the right, axis below.
CHART_WIDTH, CHART_LABELS, CHART_ROW, CHART_PAD, CHART_TOP, CHART_AXIS = 980, 310, 24, 16, 32, 40
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~])")
RULING_ORDER = ("reopened", "invalid", "applied")
VERDICT_MEANINGS = {
    "confirmed": "matches the official figure within its stated precision",
    "outdated": "refers to an earlier release or projection cycle; the newest figure differs",
    "misattributed": "no release of the source it cites has this figure",
    "not_comparable": "measures something different from the nearest official figure",
    "contradicted": "comparable, but outside precision and sampling error",
    "unverifiable": "no official figure for what it measures, or newer than the warehouse",
}


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    markdown: Path
    html_bytes: int


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


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round axis ticks (steps of 1, 2, 2.5 or 5 × 10^k) covering [lo, hi], so the ends read as plain numbers."""
    if hi <= lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(lo / step), math.ceil(hi / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


def number_line(figures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Layout of an SVG number line for the figures sharing the conflict's most common unit.

    Precomputing coordinates here keeps the template free of arithmetic; a NULL interval end is unbounded and is
    drawn as an arrow to the edge of the plot.
    """
    units: dict[str, int] = defaultdict(int)
    for fig in figures:
        units[fig["unit"]] += 1
    if not units:
        return None
    unit = max(sorted(units, key=str), key=lambda u: units[u])
    plotted = [f for f in figures if f["unit"] == unit and _finite(f["value"])]
    if not plotted:
        return None
    bounds = [v for f in plotted for v in (f["value_low"], f["value_high"], f["value"]) if _finite(v)]
    ticks = nice_ticks(min(bounds), max(bounds))
    lo, hi = ticks[0], ticks[-1]
    left, right = CHART_PAD, CHART_WIDTH - CHART_LABELS - CHART_PAD

    def x(value: float) -> float:
        return round(left + (value - lo) / (hi - lo) * (right - left), 1)

    rows = []
    for i, fig in enumerate(plotted):
        low, high = fig["value_low"], fig["value_high"]
        label = f"{figure_text(fig)} · {_short_source(fig)}"
        rows.append({
            "y": CHART_TOP + i * CHART_ROW + CHART_ROW // 2,
            "x": x(fig["value"]), "x1": x(low) if _finite(low) else left, "x2": x(high) if _finite(high) else right,
            "open_low": not _finite(low), "open_high": not _finite(high),
            "label": label if len(label) <= 45 else label[:44] + "…",
            "title": f"{label}: {format_value(fig['value'], unit)} (interval {format_value(low, unit)} to "
                     f"{format_value(high, unit)})",
            "role": "recommended" if fig.get("is_recommended") else ("claim" if fig["kind"] == "claim" else "official"),
        })
    axis_y = CHART_TOP + len(rows) * CHART_ROW + 8
    recommended = next((r for r in rows if r["role"] == "recommended"), None)
    return {
        "unit": unit, "width": CHART_WIDTH, "height": axis_y + CHART_AXIS, "rows": rows, "left": left,
        "right": right, "label_x": right + 12, "top": CHART_TOP - 4, "axis_y": axis_y,
        "ticks": [{"x": x(t), "label": format_value(t, unit, per=False), "anchor": _anchor(i, len(ticks))}
                  for i, t in enumerate(ticks)],
        "recommended_x": recommended["x"] if recommended else None,
        "min": lo, "max": hi, "omitted": len(figures) - len(plotted),
    }


def _anchor(index: int, count: int) -> str:
    """End tick labels align inward so they stay inside the plot and clear of the row labels."""
    return "start" if index == 0 else "end" if index == count - 1 else "middle"


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def figure_text(fig: dict[str, Any]) -> str:
    """Claims as written (that is what the article says); official figures formatted, since OEWS writes `194720`."""
    if fig["kind"] == "claim" and fig.get("value_text"):
        return str(fig["value_text"])
    return format_value(fig["value"], fig["unit"], per=False)


def _short_source(fig: dict[str, Any]) -> str:
    """Period first, so a long organisation name is what gets truncated."""
    if fig["kind"] == "claim":
        return "claim" + (f" citing {fig['attributed_source']}" if fig.get("attributed_source") else "")
    parts = (fig.get("reference_period"), fig.get("source_name") or fig["kind"])
    return " · ".join(str(part) for part in parts if part)


def _records(con: duckdb.DuckDBPyConnection, name: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Rows of `pipeline/reports/<name>.sql` as dicts (plain Python values: lists, dates, None for NULL)."""
    cursor = con.execute(sql(HERE / f"{name}.sql"), params)
    columns = [d[0] for d in cursor.description]
    return [{k: _clean(v) for k, v in zip(columns, row, strict=True)} for row in cursor.fetchall()]


def _clean(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def report_data(con: duckdb.DuckDBPyConnection, previous_release: Path | None = None) -> dict[str, Any]:
    """Everything the templates show, read from the curated tables (and the previous release, if given)."""
    summary = _records(con, "report_summary")[0]
    for verdict in summary["verdicts"] or []:
        verdict["meaning"] = VERDICT_MEANINGS.get(verdict["verdict"], "")
    rulings = read_rulings(con)
    conflicts = _records(con, "report_conflicts")
    by_conflict: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fig in _records(con, "report_figures"):
        fig["quote_parts"] = split_quote(fig["quote"], fig["highlight_start"], fig["highlight_end"])
        by_conflict[fig["conflict_id"]].append(fig)
    pairs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for pair in _records(con, "report_pairs"):
        pairs[pair["conflict_id"]].append(pair)
    for conflict in conflicts:
        conflict["figures"] = by_conflict[conflict["conflict_id"]]
        conflict["chart"] = number_line(conflict["figures"])
        conflict["recommended"] = next((f for f in conflict["figures"] if f["is_recommended"]), None)
        conflict["pairs"] = pairs[conflict["conflict_id"]]
        members = set(conflict["observation_ids"] or [])
        conflict["rulings"] = [r for r in rulings["all"]
                               if r["conflict_id"] == conflict["conflict_id"] or r["observation_id"] in members]
        conflict["ruling_status"] = next(
            (s for s in RULING_ORDER if any(r["status"] == s for r in conflict["rulings"])), "none")
    articles: dict[str, dict[str, Any]] = {}
    for claim in _records(con, "report_claims"):
        claim["quote_parts"] = split_quote(claim["quote"], claim["highlight_start"], claim["highlight_end"])
        article = articles.setdefault(claim["document_id"], {
            "document_id": claim["document_id"], "title": claim["title"], "url": claim["url"],
            "published_on": claim["published_on"], "claims": []})
        article["claims"].append(claim)
    return {"summary": summary, "conflicts": conflicts, "articles": list(articles.values()), "rulings": rulings,
            "changes": read_changes(con, previous_release)}


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


def render(data: dict[str, Any]) -> tuple[str, str]:
    """(html, markdown) of the report."""
    data = {"rulings": {"all": [], "counts": {}, "to_review": 0}, "changes": {"available": False}, **data}
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    md_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, trim_blocks=True, lstrip_blocks=True)
    for environment in (env, md_env):
        environment.filters.update(num=format_number, value=format_value, signed=format_signed,
                                   figure=figure_text, words=lambda v: str(v or "").replace("_", " "))
    env.filters["http_url"] = http_url
    env.filters["http_urls"] = http_urls
    md_env.filters["md"] = md_escape
    return env.get_template("report.html.j2").render(**data), md_env.get_template("report.md.j2").render(**data)


def http_url(value: Any) -> str | None:
    """Only http(s) links reach an href: a `javascript:` URL in an article's first line must not."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def http_urls(value: Any) -> list[str]:
    """The http(s) links of a URL field; derived figures list their inputs' URLs joined by ` + `."""
    return [url for part in str(value or "").split(" + ") if (url := http_url(part))]


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


def write_report(con: duckdb.DuckDBPyConnection, reports_dir: Path,
                 previous_release: Path | None = None) -> ReportFiles:
    """Render and write `conflict_report.html` and `conflict_report.md` (atomically).

    `previous_release` is the published warehouse before this run's release replaces it; when given (and
    present) the report says what changed since then.
    """
    html, markdown = render(report_data(con, previous_release))
    html_path, md_path = reports_dir / "conflict_report.html", reports_dir / "conflict_report.md"
    atomic_write_bytes(html_path, html.encode("utf-8"))
    atomic_write_bytes(md_path, markdown.encode("utf-8"))
    return ReportFiles(html_path, md_path, len(html.encode("utf-8")))
