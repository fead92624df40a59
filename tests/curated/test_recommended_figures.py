"""curated.recommended_figures: one figure per official fingerprint, chosen by the authority policy, with a caveat."""

from __future__ import annotations

import duckdb

EMPLOYMENT = """
    SELECT value, caveat, publish_label FROM curated.recommended_figures
    WHERE measure = 'employment_count' AND occupation = ? AND geography = 'United States' AND industry IS NULL
    ORDER BY publish_label, value
"""


def test_oews_employment_is_recommended_with_the_producers_caveat(reader: duckdb.DuckDBPyConnection) -> None:
    (value, caveat, label), *_ = reader.execute(EMPLOYMENT, ["29-2072"]).fetchall()
    assert (value, label) == (194720, "publish")
    assert "excludes self-employed" in caveat  # raw/definitions/caveats.csv, producer bls_oews


def test_figures_on_older_soc_codes_are_not_to_be_published(reader: duckdb.DuckDBPyConnection) -> None:
    labels = {(value, label): caveat for value, caveat, label in reader.execute(EMPLOYMENT, ["29-2072/29-9021"])
              .fetchall()}
    assert list(labels) == [(341600, "do_not_publish")]
    # the caveat of the SOC version (caveats.csv) with the figure's own code put in
    assert next(iter(labels.values())).startswith("Occupation code 29-2072/29-9021 predates or straddles")
