"""The report renders untrusted article text as text, in HTML and in Markdown."""

from __future__ import annotations

from pipeline.report import md_escape, number_line, render, split_quote

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
                "figures": [figure], "chart": number_line([figure]), "recommended": None, "caveat": None}
    article = {"title": "A <i>title</i>", "url": None, "published_on": None, "claims": [{
        **figure, "quote_parts": figure["quote_parts"], "reasons": ["vintage"], "official_value": 194720.0,
        "other_occurrences": 0}]}
    summary = {"claims": 1, "documents": 1, "conflicts": 1, "quarantined": 0,
               "verdicts": [{"verdict": "outdated", "n": 1}]}
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
