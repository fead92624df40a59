"""The first screen an editor sees (1400×1000) answers the two questions of the issue, read from the DOM of the
report built from the embedded snapshot; the screenshot is kept in tests/output/ for a person to look at."""

from __future__ import annotations

import struct

import dagster as dg

from pipeline.settings import Paths
from tests.reports.playwright_support import OUTPUT, chromium_browser

WIDTH, HEIGHT = 1400, 1000
# The part of an element inside the first screen: its text and whether its whole box is there.
ON_SCREEN = """selector => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const box = el.getBoundingClientRect();
  return {text: el.innerText, top: box.top, bottom: box.bottom, fits: box.top >= 0 && box.bottom <= innerHeight};
}"""


def test_first_screen_names_the_figure_and_explains_the_differences(
        published: tuple[Paths, dg.ExecuteInProcessResult]) -> None:
    report = published[0].reports_dir / "conflict_report.html"
    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto(report.as_uri())
        png = page.screenshot()  # the viewport: what is on screen before any scrolling
        use = page.evaluate(ON_SCREEN, "#q-workforce p.use")
        why = page.evaluate(ON_SCREEN, "#q-workforce p.why")
        caveat = page.evaluate(ON_SCREEN, "#q-workforce p.caveat")
        ai = page.evaluate(ON_SCREEN, "#q-ai_adoption p.use.none")
        ai_measures = page.evaluate(ON_SCREEN, "#q-ai_adoption ul.measures")
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "report_first_screen.png").write_bytes(png)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (WIDTH, HEIGHT)
    for part in (use, why, caveat, ai, ai_measures):
        assert part is not None and part["fits"], f"not on the first screen: {part}"
    assert "Use 194,720" in use["text"]  # the figure to use for workforce size
    assert "self-employed" in caveat["text"]
    text = why["text"]
    assert "185,000" in text and "194,800" in text and "200,000" in text
    assert "an earlier period than May 2025" in text  # 185K: vintage
    assert "including the self-employed" in text  # 194.8K: the projections' universe
    assert "agrees with it at its stated precision" in text  # roughly 200,000
    assert "46%" in ai["text"] and "48%" in ai["text"] and "measure different things" in ai["text"]
    assert "revenue-cycle" in ai_measures["text"] and "documentation and coding" in ai_measures["text"]
