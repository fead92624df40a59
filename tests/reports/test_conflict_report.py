"""The report renders untrusted article text as text, in HTML and in Markdown, and reads the curated tables."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.reports.conflict_report import (
    format_signed,
    format_value,
    md_escape,
    nice_ticks,
    number_line,
    render,
    report_data,
    split_quote,
    write_report,
)

EVIL = '<script>alert("x")</script> roughly 185,000 [click](javascript:alert(1))'
SCRIPT = "<script>document.title='pwned'</script>"


def sample_data() -> dict:
    figure = {
        "observation_id": "claim:x:1", "kind": "claim", "measure": "employment_count", "subject": "s",
        "soc_code": "29-2072", "universe": None, "activity": None, "unit": "count", "value": 185000.0,
        "value_low": 184500.0, "value_high": 185500.0, "value_text": "185,000", "reference_period": "2023",
        "evidence_role": "article_claim", "source_name": "<b>Site</b>", "attributed_source": "BLS",
        "url": "javascript:alert(1)", "document_title": "Title <img src=x onerror=alert(1)>",
        "verdict": "outdated", "evidence": "e", "is_recommended": False,
        "quote_parts": split_quote(EVIL, EVIL.index("185,000"), EVIL.index("185,000") + 7),
    }
    conflict = {"conflict_id": "c1", "topic": "t", "measure": "employment", "comparability": "not_comparable",
                "differing_fields": ["universe"], "reasons": ["vintage"], "recommendation_rule": "r",
                "figures": [figure], "chart": number_line([figure]), "recommended": None, "caveat": None,
                "pairs": [], "rulings": []}
    article = {"document_id": "x", "title": "A <i>title</i>", "url": None, "published_on": None, "claims": [{
        **figure, "quote_parts": figure["quote_parts"], "reasons": ["vintage"], "official_value": 194720.0,
        "official_unit": "count", "other_occurrences": 0}]}
    summary = {"claims": 1, "documents": 1, "conflicts": 1, "quarantined": 0,
               "verdicts": [{"verdict": "outdated", "n": 1, "meaning": "m"}]}
    return {"summary": summary, "conflicts": [conflict], "articles": [article]}


def test_html_escapes_article_text() -> None:
    html, _ = render(sample_data())
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "<b>Site</b>" not in html
    assert "<mark>185,000</mark>" in html
    assert 'href="javascript' not in html


def test_markdown_twin_escapes_html_and_links() -> None:
    _, markdown = render(sample_data())
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "](javascript" not in markdown


def test_md_escape_and_split_quote() -> None:
    assert md_escape("a|b <x>") == "a\\|b &lt;x&gt;"
    assert split_quote("about 46% of", 6, 9) == ("about ", "46%", " of")
    assert split_quote("text", None, None) == ("text", "", "")


def test_number_line_places_every_figure_of_the_main_unit() -> None:
    figs = [{"unit": "count", "value": v, "value_low": v - 1, "value_high": v + 1, "value_text": str(v),
             "kind": "claim", "is_recommended": False} for v in (10.0, 20.0)]
    figs.append({"unit": "percent", "value": 5.0, "value_low": 4.0, "value_high": 6.0, "value_text": "5%",
                 "kind": "claim", "is_recommended": False})
    chart = number_line(figs)
    assert chart["unit"] == "count" and len(chart["rows"]) == 2 and chart["omitted"] == 1
    assert chart["rows"][0]["x"] < chart["rows"][1]["x"]


def test_number_line_axis_and_unbounded_intervals() -> None:
    figs = [
        {"unit": "USD/year", "value": 48000.0, "value_low": 46800.0, "value_high": 49200.0, "value_text": "$48K",
         "kind": "claim", "is_recommended": False},
        {"unit": "USD/year", "value": 51140.0, "value_low": 51000.0, "value_high": None, "value_text": "51140",
         "kind": "oews", "is_recommended": True, "source_name": "BLS", "reference_period": "May 2025"},
    ]
    chart = number_line(figs)
    labels = [t["label"] for t in chart["ticks"]]
    assert labels[0] == "$46,000" and labels[-1] == "$52,000"  # round ends, in the unit, without "/year"
    assert chart["ticks"][0]["x"] == chart["left"] and chart["ticks"][-1]["x"] == chart["right"]
    claim, official = chart["rows"]
    assert not claim["open_low"] and not claim["open_high"] and claim["x1"] < claim["x"] < claim["x2"]
    assert official["open_high"] and official["x2"] == chart["right"] and official["role"] == "recommended"
    assert official["label"].startswith("$51,140 · May 2025 · BLS")
    assert chart["recommended_x"] == official["x"]


def test_formatting() -> None:
    assert nice_ticks(46.8, 49.2) == [46.5, 47.0, 47.5, 48.0, 48.5, 49.0, 49.5]
    assert nice_ticks(5.0, 5.0)[0] < 5.0 < nice_ticks(5.0, 5.0)[-1]
    assert format_value(46.0, "percent") == "46%"
    assert format_value(51140.0, "USD/year") == "$51,140/year"
    assert format_value(27.3, "USD/hour", per=False) == "$27.3"
    assert format_value(194720.0, "count") == "194,720" and format_value(None, "count") == "unbounded"
    assert format_signed(-5280.0, "count") == "−5,280" and format_signed(14790.0, "USD/year") == "+$14,790/year"


# A small warehouse with the columns the report reads (typed as in docs/warehouse.md): two articles, two conflicts,
# an official figure.
CURATED_SQL = """
CREATE SCHEMA IF NOT EXISTS curated;
CREATE TABLE curated.documents AS SELECT * FROM (VALUES
    ('doc_a', 'Coders <i>today</i>', 'javascript:alert(1)', DATE '2025-03-01'),
    ('doc_b', 'AI and coding', 'https://example.org/b', NULL)) AS t(document_id, title, url, published_on);
CREATE TABLE curated.sources AS SELECT * FROM (VALUES ('bls_oews', 'U.S. Bureau of Labor Statistics'))
    AS t(source_id, organisation);
CREATE TABLE curated.observations AS SELECT * FROM (VALUES
    ('claim:doc_a:50', 'claim', 'article:doc_a', NULL, 'article_claim', 'doc_a', 'employment_count',
     'medical_records_specialists', '29-2072', NULL, NULL, 'count', 185000.0, 180375.0, 189625.0, 'roughly 185,000',
     'approx', 'roughly', 'as of 2023', DATE '2023-12-31', false, 'BLS', NULL, 'set by build_warehouse', 0, 0, 0),
    ('claim:doc_a:90', 'claim', 'article:doc_a', NULL, 'article_claim', 'doc_a', 'employment_count',
     'medical_records_specialists', '29-2072', NULL, NULL, 'count', 150000.0, 150000.0, NULL, 'over 150,000',
     'lower_bound', 'over', NULL, NULL, false, NULL, NULL, 'There are over 150,000 coders.', 200, 210, 222),
    ('claim:doc_b:10', 'claim', 'article:doc_b', NULL, 'article_claim', 'doc_b', 'ai_adoption_pct',
     'hospitals', NULL, NULL, 'revenue_cycle', 'percent', 46.0, 44.85, 46.0, 'Nearly 46%',
     'upper_bound', 'nearly', NULL, NULL, false, 'AHA', NULL, 'Nearly 46% of hospitals use AI.', 10, 10, 20),
    ('oews:2025A01:X01', 'oews', 'bls_oews', 'bls_oews', 'primary', NULL, 'employment_count',
     'medical_records_specialists', '29-2072', 'wage_and_salary_jobs', NULL, 'count', 194720.0, 190521.8, 198918.2,
     '194720', 'exact', NULL, 'May 2025', DATE '2025-05-31', true, NULL, 'https://data.bls.gov/timeseries/X01', NULL,
     NULL, NULL, NULL)
) AS t(observation_id, kind, source_id, producer_id, evidence_role, document_id, measure, subject, soc_code,
       universe, activity, unit, value, value_low, value_high, value_text, qualifier, qualifier_text,
       reference_period, period_end,
       is_official, attributed_source, url, quote, char_start, value_start, value_end);
CREATE TABLE curated.claim_verdicts AS SELECT * FROM (VALUES
    ('claim:doc_a:50', 'outdated', ['vintage'], 'refers to an earlier period', 194720.0, DATE '2025-05-31',
     'oews:2025A01:X01'),
    ('claim:doc_a:90', 'confirmed', ['rounding'], 'within its stated precision', 194720.0, DATE '2025-05-31',
     'oews:2025A01:X01'),
    ('claim:doc_b:10', 'unverifiable', []::VARCHAR[], 'no official figure', NULL, NULL, NULL)
) AS t(observation_id, verdict, reasons, evidence, official_value, official_period_end, checked_against);
CREATE TABLE curated.conflicts AS SELECT * FROM (VALUES
    ('conflict:workforce:employment', 'employment', 'workforce',
     ['claim:doc_a:50', 'claim:doc_a:90', 'oews:2025A01:X01'], 'comparable', ['period', 'source'],
     ['vintage', 'rounding'], 194720.0, 'oews:2025A01:X01', 'authority rank 1', 3),
    ('conflict:hospitals:ai_adoption', 'ai_adoption', 'hospitals', ['claim:doc_b:10'], 'not_comparable',
     ['universe', 'activity'], ['definition'], NULL, NULL, 'no official figure is comparable: do not pick one', 1)
) AS t(conflict_id, measure, topic, observation_ids, comparability, differing_fields, reasons, recommended_value,
       recommended_observation_id, recommendation_rule, figure_count);
CREATE TABLE curated.comparisons AS SELECT * FROM (VALUES
    ('conflict:workforce:employment', 'claim:doc_a:50', 'oews:2025A01:X01', 185000.0, 194720.0, 'comparable', NULL,
     ['period', 'source'], false, 9720.0, 5.25, ['vintage'], true),
    ('conflict:workforce:employment', 'claim:doc_a:90', 'oews:2025A01:X01', 150000.0, 194720.0, 'comparable', NULL,
     ['source'], true, 44720.0, 29.81, ['rounding'], true)
) AS t(conflict_id, a_id, b_id, a_value, b_value, comparability, transform, differing_fields, agree, gap, gap_pct,
       reasons, involves_claim);
CREATE TABLE curated.recommended_figures AS
    SELECT 'oews:2025A01:X01' AS observation_id, 'OEWS excludes self-employed coders.' AS caveat;
ALTER TABLE curated.observations ALTER value TYPE DOUBLE;
ALTER TABLE curated.observations ALTER value_low TYPE DOUBLE;
ALTER TABLE curated.observations ALTER value_high TYPE DOUBLE;
ALTER TABLE curated.claim_verdicts ALTER official_value TYPE DOUBLE;
ALTER TABLE curated.conflicts ALTER recommended_value TYPE DOUBLE;
ALTER TABLE curated.comparisons ALTER gap TYPE DOUBLE;
ALTER TABLE curated.comparisons ALTER gap_pct TYPE DOUBLE;
"""
STAGING_SQL = """
CREATE TABLE curated.quarantine (source VARCHAR);
CREATE TABLE curated.claim_occurrences (claim_id VARCHAR);
"""
RULINGS_SQL = """
CREATE TABLE curated.rulings AS SELECT * FROM (VALUES
    ('R1', 'conflict:workforce:employment', NULL, 'accept_figure', 'applied', 'ed', 'OEWS is the count',
     DATE '2025-06-01'),
    ('R2', 'conflict:workforce:employment', NULL, 'prefer_source', 'reopened', 'ed', 'evidence <b>changed</b>',
     DATE '2025-05-01')
) AS t(ruling_id, conflict_id, observation_id, action, status, reviewer, reason, decided_on);
"""


def _run(con: duckdb.DuckDBPyConnection, script: str) -> None:
    for statement in script.split(";\n"):
        if statement.strip():
            con.execute(statement)


def build_warehouse(path: Path, evil_quote: str = SCRIPT) -> Path:
    """A writer database with the tables the report reads; the first claim's quote embeds `evil_quote`."""
    quote = f"Coders: {evil_quote} roughly 185,000 in 2023."
    start = quote.index("roughly")
    with duckdb.connect(str(path)) as con:
        _run(con, CURATED_SQL + STAGING_SQL)
        con.execute("UPDATE curated.observations SET quote = ?, char_start = 100, value_start = ?, value_end = ? "
                    "WHERE observation_id = 'claim:doc_a:50'", [quote, 100 + start, 100 + start + 15])
    return path


def build_previous_release(path: Path) -> Path:
    """The release before: a different verdict, a claim since removed, an official figure that moved, and a
    conflict that has since been resolved."""
    with duckdb.connect(str(path)) as con:
        _run(con, CURATED_SQL)
        con.execute("CREATE TABLE curated.release_info AS SELECT 'rprevious0001' AS release_id, '1.0' AS "
                    "schema_version, 'abc' AS code_version")
        con.execute("UPDATE curated.claim_verdicts SET verdict = 'confirmed', reasons = ['rounding'], "
                    "official_value = 185000 WHERE observation_id = 'claim:doc_a:50'")
        con.execute("DELETE FROM curated.claim_verdicts WHERE observation_id = 'claim:doc_b:10'")
        con.execute("DELETE FROM curated.conflicts WHERE conflict_id = 'conflict:hospitals:ai_adoption'")
        con.execute("INSERT INTO curated.conflicts (conflict_id, topic, measure, observation_ids, figure_count) "
                    "VALUES ('conflict:old:pay', 'old', 'pay', ['x', 'y'], 2)")
    return path


def test_report_data_without_previous_release_or_rulings(tmp_path: Path) -> None:
    con = duckdb.connect(str(build_warehouse(tmp_path / "w.duckdb")), read_only=True)
    data = report_data(con)
    assert not data["changes"]["available"] and data["rulings"]["to_review"] == 0
    assert [c["ruling_status"] for c in data["conflicts"]] == ["none", "none"]
    employment = next(c for c in data["conflicts"] if c["measure"] == "employment")
    assert employment["recommended"]["observation_id"] == "oews:2025A01:X01"
    assert employment["caveat"] == "OEWS excludes self-employed coders."
    assert [(p["claim_text"], p["gap"]) for p in employment["pairs"]] == [("roughly 185,000", 9720.0),
                                                                          ("over 150,000", 44720.0)]
    assert any(r["open_high"] for r in employment["chart"]["rows"])  # "over 150,000" is unbounded above
    assert [c["observation_id"] for c in data["articles"][0]["claims"]] == ["claim:doc_a:50", "claim:doc_a:90"]
    html, markdown = render(data)
    assert "Rulings to review: 0</strong>\n(none recorded)" in html and "Ruling status</dt><dd>\nnone" in html
    assert "Rulings to review: 0** (none recorded)" in markdown
    assert "No previous release to compare with" in html
    assert "<script>" not in html and "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html


def test_changes_since_previous_release(tmp_path: Path) -> None:
    warehouse = build_warehouse(tmp_path / "w.duckdb")
    previous = build_previous_release(tmp_path / "published.duckdb")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        files = write_report(con, tmp_path / "reports", previous)
        assert con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = 'prev_release'"
                           ).fetchone()[0] == 0  # detached again
        changes = report_data(con, previous)["changes"]
    assert changes["available"] and changes["release_id"] == "rprevious0001"
    assert {(v["observation_id"], v["change"], v["verdict_before"], v["verdict_now"]) for v in changes["verdicts"]} \
        == {("claim:doc_a:50", "changed", "confirmed", "outdated"), ("claim:doc_b:10", "new", None, "unverifiable")}
    assert {(c["conflict_id"], c["change"]) for c in changes["conflicts"]} == {
        ("conflict:hospitals:ai_adoption", "new"), ("conflict:old:pay", "resolved")}
    assert [(o["observation_id"], o["official_before"], o["official_now"]) for o in changes["official"]] == [
        ("claim:doc_a:50", 185000.0, 194720.0)]
    html = files.html.read_text(encoding="utf-8")
    assert "Compared with the published release <code>rprevious0001</code>" in html
    assert 'class="tag c-resolved">resolved' in html and "old: pay" in html
    assert "## What changed since the last release" in files.markdown.read_text(encoding="utf-8")
    with duckdb.connect(str(previous), read_only=True) as con:  # the previous release was only read
        assert con.execute("SELECT verdict FROM curated.claim_verdicts WHERE observation_id = 'claim:doc_a:50'"
                           ).fetchone()[0] == "confirmed"


def test_same_release_and_missing_or_unreadable_previous(tmp_path: Path) -> None:
    warehouse = build_warehouse(tmp_path / "w.duckdb")
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a database")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert not report_data(con, tmp_path / "absent.duckdb")["changes"]["available"]
        assert not report_data(con, broken)["changes"]["available"]
    same = build_warehouse(tmp_path / "same.duckdb")
    with duckdb.connect(str(same)) as con:
        con.execute("CREATE TABLE curated.release_info AS SELECT 'rsame' AS release_id")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        changes = report_data(con, same)["changes"]
        assert changes["available"] and changes["total"] == 0
        assert "Nothing changed since release <code>rsame</code>" in render(report_data(con, same))[0]


def test_rulings_when_the_table_exists(tmp_path: Path) -> None:
    warehouse = build_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(warehouse)) as con:
        con.execute(RULINGS_SQL)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        data = report_data(con)
    rulings = data["rulings"]
    assert [r["ruling_id"] for r in rulings["all"]] == ["R2", "R1"]  # reopened first
    assert rulings["to_review"] == 1 and rulings["counts"] == {"reopened": 1, "invalid": 0, "applied": 1}
    employment = next(c for c in data["conflicts"] if c["measure"] == "employment")
    assert employment["ruling_status"] == "reopened" and len(employment["rulings"]) == 2
    html, markdown = render(data)
    assert "Rulings to review: 1</strong>\n(1 reopened, 0 invalid; 1 applied)" in html
    assert "evidence &lt;b&gt;changed&lt;/b&gt;" in html and "<b>changed" not in html
