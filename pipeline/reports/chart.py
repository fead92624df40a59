"""The number line of a conflict: coordinates for an SVG the template draws, so the template does no arithmetic.

Two rules make it read: labels are never cut (they wrap onto as many lines as they need, and the row grows), and
the axis frames the cluster around the figure to use. A figure far from that cluster (one 341,600 beside a
185K–200K cluster) would squeeze the cluster into a dot, so it is drawn at the edge, marked "off the scale" with
its value, and named in the caption.
"""

from __future__ import annotations

import math
import statistics
import textwrap
from collections import defaultdict
from typing import Any

from pipeline.reports.words import Row, Words, format_value, load_words

# Geometry (px): plot on the left, wrapped labels on the right, legend above, axis below.
CHART_WIDTH, PLOT_LEFT, PLOT_RIGHT, LABEL_X = 1040, 16, 590, 612
LABEL_CHARS, LINE_HEIGHT, ROW_MIN, CHART_TOP, CHART_AXIS = 60, 15, 26, 34, 40
BOLD_LABEL_CHARS = 54  # the figure to use is labelled in bold, which is wider
# The cluster: figures within this share of the centre; outliers are set apart only when the whole range is this
# many times wider than the cluster's.
CLUSTER_SHARE, SQUEEZE_RATIO = 0.35, 2.5


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


def finite(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def chart_label(fig: Row, words: Words) -> str:
    """The whole label: the figure, then where it comes from (never truncated)."""
    if fig.get("kind") == "claim":
        text = str(fig.get("value_text") or format_value(fig.get("value"), fig.get("unit"), per=False))
        where = f"claim in “{fig['document_title']}”" if fig.get("document_title") else "claim"
        cites = f", cites {fig['attributed_source']}" if fig.get("attributed_source") else ", no source named"
        return f"{text} · {where}{cites}"
    parts = [format_value(fig.get("value"), fig.get("unit"), per=False)]
    if fig.get("reference_period"):
        parts.append(str(fig["reference_period"]))
    if fig.get("soc_code"):
        parts.append(f"SOC {fig['soc_code']}")
    source = words.source(fig.get("producer_id"), fig.get("source_name"))
    if fig.get("publisher_name"):
        source += f" (via {fig['publisher_name']})"
    parts.append(source)
    return " · ".join(parts)


def split_outliers(values: list[float], centre: float) -> set[int]:
    """Indexes of the values far enough from the cluster around `centre` to squeeze it; empty when none do."""
    if not values or centre == 0:
        return set()
    cluster = [v for v in values if abs(v - centre) <= CLUSTER_SHARE * abs(centre)]
    if not cluster or len(cluster) == len(values):
        return set()
    cluster_span = max(max(cluster) - min(cluster), 0.1 * abs(centre))
    if (max(values) - min(values)) / cluster_span <= SQUEEZE_RATIO:
        return set()
    return {i for i, v in enumerate(values) if abs(v - centre) > CLUSTER_SHARE * abs(centre)}


def number_line(figures: list[Row], words: Words | None = None) -> dict[str, Any] | None:
    """Layout of the number line for the figures sharing the conflict's most common unit.

    A NULL interval end is unbounded and drawn as an arrow to the edge; an end beyond the axis is clipped to the
    edge the same way.
    """
    words = words or load_words()
    units: dict[str, int] = defaultdict(int)
    for fig in figures:
        units[fig["unit"]] += 1
    if not units:
        return None
    unit = max(sorted(units, key=str), key=lambda u: units[u])
    plotted = [f for f in figures if f["unit"] == unit and finite(f["value"])]
    if not plotted:
        return None
    recommended = next((f for f in plotted if f.get("is_recommended")), None)
    centre = recommended["value"] if recommended else statistics.median(f["value"] for f in plotted)
    far = split_outliers([f["value"] for f in plotted], centre)
    in_view = [f for i, f in enumerate(plotted) if i not in far]
    bounds = [v for f in in_view for v in (f["value_low"], f["value_high"], f["value"]) if finite(v)]
    if far:  # the cluster's own intervals may be wide; the axis frames the values, clipping the bars
        values = [f["value"] for f in in_view]
        bounds = [v for v in bounds if min(values) - CLUSTER_SHARE * abs(centre) <= v
                  <= max(values) + CLUSTER_SHARE * abs(centre)]
    ticks = nice_ticks(min(bounds), max(bounds))
    lo, hi = ticks[0], ticks[-1]
    left, right = PLOT_LEFT, PLOT_RIGHT

    def x(value: float) -> float:
        return round(left + (min(max(value, lo), hi) - lo) / (hi - lo) * (right - left), 1)

    rows, y = [], CHART_TOP
    for i, fig in enumerate(plotted):
        low, high = fig["value_low"], fig["value_high"]
        label = chart_label(fig, words)
        width = BOLD_LABEL_CHARS if fig.get("is_recommended") else LABEL_CHARS
        lines = textwrap.wrap(label, width) or [""]
        height = max(ROW_MIN, len(lines) * LINE_HEIGHT + 8)
        middle = y + height // 2
        role = "recommended" if fig.get("is_recommended") else ("claim" if fig["kind"] == "claim" else "official")
        outlier = i in far
        side = "high" if fig["value"] > hi else "low" if fig["value"] < lo else None
        rows.append({
            "y": middle, "top": y, "height": height, "x": x(fig["value"]),
            "x1": x(low) if finite(low) else left, "x2": x(high) if finite(high) else right,
            "open_low": not finite(low) or low < lo, "open_high": not finite(high) or high > hi,
            "lines": [{"text": line, "y": middle - (len(lines) - 1) * LINE_HEIGHT // 2 + k * LINE_HEIGHT + 4}
                      for k, line in enumerate(lines)],
            "label": label, "role": role, "outlier": outlier, "side": side,
            "value_text": format_value(fig["value"], unit, per=False),
            "title": f"{label}: {format_value(fig['value'], unit)} (interval {format_value(low, unit)} to "
                     f"{format_value(high, unit)})" + (" — off the scale" if outlier else ""),
        })
        y += height
    axis_y = y + 8
    chosen = next((r for r in rows if r["role"] == "recommended"), None)
    return {
        "unit": unit, "width": CHART_WIDTH, "height": axis_y + CHART_AXIS, "rows": rows, "left": left,
        "right": right, "label_x": LABEL_X, "top": CHART_TOP - 4, "axis_y": axis_y,
        "ticks": [{"x": x(t), "label": format_value(t, unit, per=False), "anchor": _anchor(i, len(ticks))}
                  for i, t in enumerate(ticks)],
        "recommended_x": chosen["x"] if chosen else None,
        "min": lo, "max": hi, "omitted": len(figures) - len(plotted),
        "off_scale": [r["value_text"] for r in rows if r["outlier"]],
    }


def _anchor(index: int, count: int) -> str:
    """End tick labels align inward so they stay inside the plot and clear of the row labels."""
    return "start" if index == 0 else "end" if index == count - 1 else "middle"
