"""HTML pages to plain text: headings and list items on their own lines, tables one row a line with ` | `."""

from __future__ import annotations

from pipeline.extract.html_text import html_to_text

PAGE = """<!doctype html><html><head><title>Coder pay</title><style>p { color: red }</style></head><body>
<nav><a href="/">Home</a> <a href="/jobs">Jobs</a></nav>
<h1>What medical coders earn</h1>
<p>Coders are paid <b>well</b>.<br>Pay varies by state.</p>
<ul><li>Certified coders</li><li>Remote <em>coders</em></li></ul>
<table><caption>Pay by state, May 2024</caption>
<thead><tr><th></th><th>Median</th><th colspan="2">Percentiles</th></tr></thead>
<tbody><tr><td>Texas</td><td>$45,000</td><td>$30,000</td><td>$70,000</td></tr></tbody></table>
<script>var tracking = "$99,999";</script><footer>Copyright 2024</footer></body></html>"""


def test_headings_paragraphs_and_list_items_get_their_own_lines() -> None:
    lines = html_to_text(PAGE).splitlines()
    assert lines[0] == "What medical coders earn"
    assert "Coders are paid well." in lines and "Pay varies by state." in lines
    first = lines.index("- Certified coders")
    assert lines[first + 1] == "- Remote coders"


def test_a_table_is_one_line_per_row_with_cells_separated_by_bars() -> None:
    lines = html_to_text(PAGE).splitlines()
    caption = lines.index("Pay by state, May 2024")
    assert lines[caption + 1] == "| Median | Percentiles | Percentiles"
    assert lines[caption + 2] == "Texas | $45,000 | $30,000 | $70,000"


def test_scripts_styles_navigation_and_footers_are_dropped() -> None:
    text = html_to_text(PAGE)
    for dropped in ("tracking", "$99,999", "color: red", "Home", "Copyright", "Coder pay\n"):
        assert dropped not in text


def test_ordered_lists_keep_their_numbers_and_an_empty_page_gives_no_text() -> None:
    assert html_to_text("<ol><li>Learn anatomy</li><li>Learn CPT</li></ol>") == "1. Learn anatomy\n2. Learn CPT\n"
    assert html_to_text("<html><body><script>x()</script></body></html>") == ""
