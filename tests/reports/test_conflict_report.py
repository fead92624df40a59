"""The report: the answer first, in plain words built from the curated tables; corrections to paste; charts that
read; and untrusted article text rendered as text in HTML, Markdown and CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import duckdb

from pipeline.reports.bottom_line import answer_for
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
from pipeline.reports.words import load_words
from tests.reports.small_warehouse import RULINGS_SQL, build_previous_release, build_warehouse

EVIL = '<script>alert("x")</script> roughly 185,000 [click](javascript:alert(1))'


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
                "pairs": [], "rulings": [], "figure_count": 1, "claim_count": 1, "article_count": 1,
                "pair_count": 0, "comparable_pairs": 0, "evidence_hash": "h"}
    conflict["answer"] = answer_for("employment", [figure], conflict, lambda a, b: None, load_words())
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


def test_number_line_keeps_the_cluster_in_view_and_marks_the_outlier() -> None:
    """One 341,600 beside a 185K–200K cluster is drawn at the edge, named, not allowed to squeeze the axis."""
    long_title = "A very long article title that would have been cut at forty-five characters before"
    figs = [{"unit": "count", "value": v, "value_low": v - 500, "value_high": v + 500, "value_text": f"{v:,.0f}",
             "kind": "claim", "is_recommended": False, "document_title": long_title, "attributed_source": "BLS"}
            for v in (185000.0, 200000.0)]
    figs += [{"unit": "count", "value": v, "value_low": v, "value_high": v, "kind": "oews", "is_recommended": rec,
              "source_name": "U.S. Bureau of Labor Statistics", "producer_id": "bls_oews",
              "reference_period": "May 2025"} for v, rec in ((194720.0, True), (341600.0, False))]
    chart = number_line(figs)
    assert chart["max"] < 341600 and chart["off_scale"] == ["341,600"]
    outlier = next(r for r in chart["rows"] if r["outlier"])
    assert outlier["side"] == "high" and outlier["x"] == chart["right"]
    cluster = [r["x"] for r in chart["rows"] if not r["outlier"]]
    assert max(cluster) - min(cluster) > 0.25 * (chart["right"] - chart["left"])  # spread out, not a dot
    claim = chart["rows"][0]
    assert " ".join(line["text"] for line in claim["lines"]) == claim["label"] and long_title in claim["label"]
    assert len(claim["lines"]) > 1 and claim["height"] > chart["rows"][2]["height"] - 1  # wrapped, row grows
    assert "BLS Occupational Employment and Wage Statistics (OEWS)" in chart["rows"][2]["label"]
    # a spread that does not squeeze (46% .. 90%) keeps every figure on the scale
    spread = [{**figs[0], "unit": "percent", "value": v, "value_low": v, "value_high": v} for v in (15.2, 33.9, 70, 90)]
    assert number_line(spread)["off_scale"] == []


def test_formatting() -> None:
    assert nice_ticks(46.8, 49.2) == [46.5, 47.0, 47.5, 48.0, 48.5, 49.0, 49.5]
    assert nice_ticks(5.0, 5.0)[0] < 5.0 < nice_ticks(5.0, 5.0)[-1]
    assert format_value(46.0, "percent") == "46%"
    assert format_value(51140.0, "USD/year") == "$51,140/year"
    assert format_value(27.3, "USD/hour", per=False) == "$27.3"
    assert format_value(194720.0, "count") == "194,720" and format_value(None, "count") == "unbounded"
    assert format_signed(-5280.0, "count") == "−5,280" and format_signed(14790.0, "USD/year") == "+$14,790/year"


def test_report_data_without_previous_release_or_rulings(tmp_path: Path) -> None:
    con = duckdb.connect(str(build_warehouse(tmp_path / "w.duckdb")), read_only=True)
    data = report_data(con)
    assert not data["changes"]["available"] and data["rulings"]["to_review"] == 0
    assert [c["ruling_status"] for c in data["conflicts"]] == ["none", "none"]
    employment = next(c for c in data["conflicts"] if c["measure"] == "employment")
    assert employment["recommended"]["observation_id"] == "oews:2025A01:X01"
    assert employment["caveat"] == "OEWS excludes self-employed coders."
    assert [(p["claim_text"], p["gap"]) for p in employment["pairs"]][:2] == [("185,000", 9720.0),
                                                                              ("over 150,000", 44720.0)]
    assert any(r["open_high"] for r in employment["chart"]["rows"])  # "over 150,000" is unbounded above
    assert [c["observation_id"] for c in data["articles"][0]["claims"]] == [
        "claim:doc_a:50", "claim:doc_a:90", "claim:doc_a:120"]
    html, markdown = render(data)
    assert "Rulings to review: 0</strong>\n(none recorded)" in html and "Rulings</dt><dd>\nnone" in html
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
        == {("claim:doc_a:50", "changed", "confirmed", "outdated"), ("claim:doc_b:10", "new", None, "unverifiable"),
            ("claim:doc_b:30", "new", None, "unverifiable")}
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



def test_bottom_line_names_the_figure_to_use_and_why_the_others_differ(tmp_path: Path) -> None:
    """Generated from the tables: the recommended figure, its source, caveat and each claim's reason in words."""
    with duckdb.connect(str(build_warehouse(tmp_path / "w.duckdb")), read_only=True) as con:
        data = report_data(con)
    questions = {q["key"]: q for q in data["questions"]}
    assert list(questions)[:2] == ["workforce", "ai_adoption"]  # the editors' two questions first
    workforce = questions["workforce"]["answers"][0]
    assert workforce["use"]["figure"] == "194,720 wage-and-salary jobs"
    assert workforce["use"]["source"] == "BLS Occupational Employment and Wage Statistics (OEWS), May 2025"
    assert workforce["use"]["caveat"] == "OEWS excludes self-employed coders."
    why = "; ".join(workforce["why"])
    assert "roughly 185,000 (cites BLS) is for 2023, an earlier period than May 2025" in why
    assert ("194,800 (cites BLS) matches 194,800 from BLS Employment Projections (2024 EP base), which counts all "
            "jobs, including the self-employed") in why
    assert "over 150,000 (no source named) agrees with it at its stated precision" in why
    assert workforce["note"].startswith("2 other official figures in this conflict")
    ai = questions["ai_adoption"]["answers"][0]
    assert ai["use"] is None
    assert ai["none"] == ("No single figure to use: nearly 46% and about 48% measure different things (they differ "
                          "in who is counted, the activity covered and the source).")
    assert ai["measures"] == [
        "nearly 46% (cites AHA): share of hospitals and health systems using AI in revenue-cycle work",
        "about 48% (no source named): share of healthcare organizations using AI in documentation and coding"]
    html, markdown = render(data)
    assert html.index('id="bottom-line"') < html.index('id="conflicts"') < html.index('id="checklist"') \
        < html.index('id="articles"') < html.index('id="summary"')
    assert "Use <strong class=\"figure\">194,720 wage-and-salary jobs</strong>" in html
    assert "**Use 194,720 wage-and-salary jobs**" in markdown
    assert "fingerprint" not in html and "fingerprint" not in markdown  # internal words said plainly


def test_conflicts_most_cited_first_with_ids_and_evidence_hash(tmp_path: Path) -> None:
    with duckdb.connect(str(build_warehouse(tmp_path / "w.duckdb")), read_only=True) as con:
        data = report_data(con)
    assert [(c["conflict_id"], c["claim_count"]) for c in data["conflicts"]] == [
        ("conflict:workforce:employment", 3), ("conflict:hospitals:ai_adoption", 2)]
    html, _ = render(data)
    assert html.index('id="conflict:workforce:employment"') < html.index('id="conflict:hospitals:ai_adoption"')
    assert f"evidence hash <code>{'a' * 64}</code>" in html  # the conflict's, for a ruling
    assert f"claim id <code>claim:doc_a:50</code>, evidence hash <code>{'c' * 64}</code>" in html
    assert "Record a ruling" not in html  # desk links only when the desk serves the page


def test_checklist_gives_text_to_paste_and_a_safe_csv(tmp_path: Path) -> None:
    warehouse = build_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(warehouse)) as con:  # a claim written to run as a spreadsheet formula
        con.execute("UPDATE curated.observations SET value_text = '=HYPERLINK(\"http://x\")', qualifier_text = NULL, "
                    "quote = '@SUM(1) said 46%' WHERE observation_id = 'claim:doc_b:10'")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        files = write_report(con, tmp_path / "reports")
        data = report_data(con)
    by_claim = {i["claim_id"]: i for a in data["checklist"] for i in a["fixes"]}
    assert "claim:doc_a:90" not in by_claim and "claim:doc_a:120" not in by_claim  # confirmed: nothing to fix
    outdated = by_claim["claim:doc_a:50"]
    assert outdated["replace_with"] == "about 194,700 wage-and-salary jobs in May 2025 (BLS OEWS)"
    assert outdated["problem"] == "Out of date: it refers to 2023; the newest figure is 194,720 (May 2025)."
    assert by_claim["claim:doc_b:30"]["action"] == "Name its source, or remove the figure."
    assert by_claim["claim:doc_b:10"]["replace_with"].endswith(
        "(share of hospitals and health systems using AI in revenue-cycle work, according to AHA)")
    assert files.checklist == tmp_path / "reports" / "corrections.csv"
    rows = list(csv.DictReader(io.StringIO(files.checklist.read_text(encoding="utf-8"))))
    assert [r["claim_id"] for r in rows] == ["claim:doc_a:50", "claim:doc_b:10", "claim:doc_b:30"]
    assert rows[0]["replace_with"] == outdated["replace_with"] and rows[0]["article_title"] == "Coders <i>today</i>"
    assert rows[1]["claim_as_written"] == "'=HYPERLINK(\"http://x\")" and rows[1]["quote"] == "'@SUM(1) said 46%"
    html = files.html.read_text(encoding="utf-8")
    assert '<span class="paste">about 194,700 wage-and-salary jobs in May 2025 (BLS OEWS)</span>' in html
    assert not re.search(r"<i>today</i>", html)  # the article title stays escaped in the checklist too
