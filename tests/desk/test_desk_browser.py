"""The desk in real headless Chromium: an editor records a ruling through the form and sees it applied in the
report and in `curated.decision_log`; a bad ruling shows its reason and leaves `rulings.csv` as it was; an `.html`
article added through the form shows its claims with verdicts, its text escaped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page

from tests.desk.conftest import RunningDesk
from tests.reports.playwright_support import OUTPUT, chromium_browser

EMPLOYMENT = "conflict:medical_coding_workforce:employment"
ALTERNATIVE_SQL = """
    SELECT o.observation_id, o.value FROM curated.conflicts AS c, unnest(c.observation_ids) AS m(observation_id)
    JOIN curated.observations AS o USING (observation_id)
    WHERE c.conflict_id = ? AND o.is_official AND o.observation_id <> c.recommended_observation_id
      AND o.value BETWEEN 190000 AND 200000
    ORDER BY o.observation_id LIMIT 1
"""


@pytest.fixture(scope="module")
def page(desk: RunningDesk) -> Iterator[Page]:
    with chromium_browser() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        yield context.new_page()
        context.close()


def query(desk: RunningDesk, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(desk.paths.writer_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def rulings_file(desk: RunningDesk) -> Path:
    return desk.paths.raw_dir / "rulings" / "rulings.csv"


def test_a_ruling_recorded_through_the_form_is_applied(desk: RunningDesk, page: Page) -> None:
    alternative, value = query(desk, ALTERNATIVE_SQL, [EMPLOYMENT])[0]
    hash_now = query(desk, "SELECT evidence_hash FROM curated.evidence WHERE target_id = ?", [EMPLOYMENT])[0][0]
    page.goto(desk.url + "/")
    page.locator(f"[id='{EMPLOYMENT}'] a.desk-action").first.click()  # the report links to the form
    assert hash_now in page.content()  # the form shows the evidence hash the ruling will be bound to
    page.check("input[name=action][value=accept_figure]")
    page.check(f"input[name=observation_id][value='{alternative}']")
    page.fill("#reviewer", "Dana Editor")
    page.fill("#reason", "The projections base counts the self-employed, which our story is about.")
    page.click("#ruling-form button[type=submit]")
    page.wait_for_url("**/ruling/R-*")
    page.screenshot(path=str(OUTPUT / "desk_ruling_applied.png"), full_page=True)
    assert page.locator("#ruling-status").inner_text().startswith("Status: applied")
    assert "Dana Editor" in page.locator("#decision-log").inner_text()
    ruling_id = page.url.rsplit("/", 1)[1]
    # the decision log and the conflict in the warehouse
    assert query(desk, "SELECT status, reviewer FROM curated.decision_log WHERE ruling_id = ?", [ruling_id]) == [
        ("applied", "Dana Editor")]
    assert query(desk, "SELECT recommended_observation_id, ruling_status FROM curated.conflicts "
                       "WHERE conflict_id = ?", [EMPLOYMENT]) == [(alternative, "applied")]
    line = rulings_file(desk).read_text(encoding="utf-8").splitlines()[-1]
    assert line.startswith(f"{ruling_id},") and line.endswith(hash_now) and "accept_figure" in line
    # and in the report the desk serves: the figure to use is the accepted one, chosen by the editors
    page.goto(desk.url + "/")
    workforce = page.locator("#q-workforce").inner_text()
    assert f"Use {value:,.0f}" in workforce and f"chosen by the editors, editorial ruling {ruling_id}" in workforce


def test_a_bad_ruling_shows_its_reason_and_writes_nothing(desk: RunningDesk, page: Page) -> None:
    before = rulings_file(desk).read_bytes()
    page.goto(f"{desk.url}/ruling?target={EMPLOYMENT}")
    page.check("input[name=action][value=accept_figure]")  # ... but no figure chosen
    page.fill("#reviewer", "Dana Editor")
    page.fill("#reason", "Forgot to pick one.")
    page.click("#ruling-form button[type=submit]")
    errors = page.locator(".errors").inner_text()
    assert "Not saved." in errors and "observation_id: required for accept_figure" in errors
    assert rulings_file(desk).read_bytes() == before
    assert page.input_value("#reason") == "Forgot to pick one."  # the editor's text is kept to correct


def test_an_html_article_added_through_the_form_shows_its_claims(desk: RunningDesk, page: Page,
                                                                  tmp_path: Path) -> None:
    html = tmp_path / "coders-today.html"
    html.write_text(
        "<html><head><title>t</title><script>document.title='pwned'</script></head><body><h1>Coders today</h1>"
        "<p>The Bureau of Labor Statistics counted 194,720 medical records specialists in May 2025.</p>"
        "<p>About 48% of healthcare organizations apply AI to documentation and coding &lt;b&gt;bold&lt;/b&gt;.</p>"
        "</body></html>", encoding="utf-8")
    manifest_before = (desk.paths.raw_dir / "articles" / "manifest.csv").read_text(encoding="utf-8")
    page.goto(desk.url + "/articles/new")
    page.set_input_files("#file", str(html))
    page.fill("#title", "Coders <i>today</i>")
    page.fill("#url", "https://example.org/coders-today")
    page.fill("#published_on", "2026-01-15")
    page.click("#article-form button[type=submit]")
    page.wait_for_url("**/articles/*_*")
    page.screenshot(path=str(OUTPUT / "desk_article_added.png"), full_page=True)
    assert page.title().startswith("Coders <i>today</i>")  # the title as text, never markup
    claims = page.locator("#claims").inner_text()
    assert "194,720" in claims and "confirmed" in claims and "48%" in claims
    assert page.locator("#claims b").count() == 0 and "<b>bold</b>" in claims  # article text stays text
    document_id = page.url.rsplit("/", 1)[1]
    row = manifest_before.strip() + "\n"
    manifest = (desk.paths.raw_dir / "articles" / "manifest.csv").read_text(encoding="utf-8")
    assert manifest.startswith(row) and f"{document_id}.txt,Coders <i>today</i>,https://example.org/coders-today," \
        "2026-01-15" in manifest
    assert (desk.paths.raw_dir / "articles" / "originals" / f"{document_id}.html").read_bytes() == html.read_bytes()
    assert query(desk, "SELECT count(*) FROM curated.claim_verdicts v JOIN curated.observations o "
                       "USING (observation_id) WHERE o.document_id = ?", [document_id])[0][0] >= 2
