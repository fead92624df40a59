"""The editors' conflict report: one self-contained HTML page and its Markdown twin.

Article text is untrusted input: the HTML template is rendered with Jinja2 autoescaping on, and the Markdown
twin escapes HTML and Markdown control characters, so a claim containing `<script>` shows as text.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.provenance import atomic_write_bytes
from pipeline.sql import sql

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHART_WIDTH, CHART_ROW, CHART_PAD = 640, 22, 12
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~])")


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


def number_line(figures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Layout of an SVG number line for the figures sharing the conflict's most common unit."""
    units: dict[str, int] = defaultdict(int)
    for fig in figures:
        units[fig["unit"]] += 1
    unit = max(sorted(units), key=lambda u: units[u])
    plotted = [f for f in figures if f["unit"] == unit and f["value"] is not None]
    if not plotted:
        return None
    bounds = [v for f in plotted for v in (f["value_low"], f["value_high"], f["value"]) if v is not None]
    lo, hi = min(bounds), max(bounds)
    span = (hi - lo) or abs(hi) or 1.0
    lo, hi = lo - span * 0.05, hi + span * 0.05

    def x(value: float | None, default: float) -> float:
        if value is None or not math.isfinite(value):
            return default
        return round(CHART_PAD + (value - lo) / (hi - lo) * (CHART_WIDTH - 2 * CHART_PAD - 200), 1)

    rows = []
    for i, fig in enumerate(plotted):
        left = x(fig["value_low"], CHART_PAD)
        right = x(fig["value_high"], CHART_WIDTH - 200 - CHART_PAD)
        rows.append({"y": CHART_PAD + i * CHART_ROW, "x": x(fig["value"], left), "x1": left, "x2": right,
                     "label": (fig["value_text"] or format_number(fig["value"]))[:28], "kind": fig["kind"],
                     "recommended": fig["is_recommended"]})
    return {"unit": unit, "width": CHART_WIDTH, "height": CHART_PAD * 2 + len(rows) * CHART_ROW, "rows": rows,
            "label_x": CHART_WIDTH - 190, "min": lo, "max": hi, "omitted": len(figures) - len(plotted)}


def report_data(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the templates show, read from the curated tables."""
    summary = con.execute(sql("report_summary")).df().to_dict("records")[0]
    conflicts = con.execute("SELECT * FROM curated.conflicts ORDER BY conflict_id").df().to_dict("records")
    figures = con.execute(sql("report_figures")).df()
    figures = figures.astype(object).where(figures.notna(), None).to_dict("records")
    by_conflict: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fig in figures:
        fig["quote_parts"] = split_quote(fig["quote"], fig["highlight_start"], fig["highlight_end"])
        by_conflict[fig["conflict_id"]].append(fig)
    recommended = {f["observation_id"]: f for f in figures if f["is_recommended"]}
    for conflict in conflicts:
        conflict["figures"] = by_conflict[conflict["conflict_id"]]
        conflict["chart"] = number_line(conflict["figures"])
        conflict["recommended"] = recommended.get(conflict["recommended_observation_id"])
        conflict["caveat"] = _caveat(con, conflict["recommended_observation_id"])
    claims = con.execute(sql("report_claims")).df()
    claims = claims.astype(object).where(claims.notna(), None).to_dict("records")
    articles: dict[str, dict[str, Any]] = {}
    for claim in claims:
        claim["quote_parts"] = split_quote(claim["quote"], claim["highlight_start"], claim["highlight_end"])
        article = articles.setdefault(claim["document_id"], {"title": claim["title"], "url": claim["url"],
                                                              "published_on": claim["published_on"], "claims": []})
        article["claims"].append(claim)
    return {"summary": summary, "conflicts": conflicts, "articles": list(articles.values())}


def _caveat(con: duckdb.DuckDBPyConnection, observation_id: str | None) -> str | None:
    if observation_id is None:
        return None
    row = con.execute("SELECT caveat FROM curated.recommended_figures WHERE observation_id = ?",
                      [observation_id]).fetchone()
    return row[0] if row else None


def render(data: dict[str, Any]) -> tuple[str, str]:
    """(html, markdown) of the report."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = format_number
    env.filters["http_url"] = http_url
    md_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, trim_blocks=True, lstrip_blocks=True)
    md_env.filters["md"] = md_escape
    md_env.filters["num"] = format_number
    return env.get_template("report.html.j2").render(**data), md_env.get_template("report.md.j2").render(**data)


def http_url(value: Any) -> str | None:
    """Only http(s) links reach an href: a `javascript:` URL in an article's first line must not."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def format_number(value: Any) -> str:
    if value is None:
        return "—"
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def write_report(con: duckdb.DuckDBPyConnection, reports_dir: Path) -> ReportFiles:
    """Render and write `conflict_report.html` and `conflict_report.md` (atomically)."""
    html, markdown = render(report_data(con))
    html_path, md_path = reports_dir / "conflict_report.html", reports_dir / "conflict_report.md"
    atomic_write_bytes(html_path, html.encode("utf-8"))
    atomic_write_bytes(md_path, markdown.encode("utf-8"))
    return ReportFiles(html_path, md_path, len(html.encode("utf-8")))
