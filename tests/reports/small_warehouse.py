"""A small writer database with the curated columns the report reads (typed as in docs/warehouse.md).

Two articles, two conflicts: the workforce (185,000 as of 2023 outdated, "over 150,000" confirmed, 194,800 all jobs
confirmed against an Employment Projections figure, OEWS 194,720 to use, and a 341,600 figure for a wider code
that must not squeeze the chart) and AI adoption (46% of hospitals in revenue cycle vs 48% of healthcare
organizations in documentation and coding: nothing to use). The first claim's quote embeds untrusted markup.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

SCRIPT = "<script>document.title='pwned'</script>"
HASH_A = "a" * 64
OBSERVATION_COLUMNS = (
    "observation_id, kind, source_id, producer_id, evidence_role, document_id, measure, measure_family, statistic, "
    "topic, subject, soc_code, universe, activity, unit, value, value_low, value_high, value_text, qualifier, "
    "qualifier_text, reference_period, period_end, is_official, in_scope, attributed_source, url, quote, "
    "char_start, value_start, value_end")
CURATED_SQL = f"""
CREATE SCHEMA IF NOT EXISTS curated;
CREATE TABLE curated.documents AS SELECT * FROM (VALUES
    ('doc_a', 'Coders <i>today</i>', 'javascript:alert(1)', DATE '2025-03-01'),
    ('doc_b', 'AI and coding', 'https://example.org/b', NULL)) AS t(document_id, title, url, published_on);
CREATE TABLE curated.sources AS SELECT * FROM (VALUES
    ('bls_oews', 'U.S. Bureau of Labor Statistics'), ('bls_ep', 'U.S. Bureau of Labor Statistics'),
    ('startrightcareers', 'StartRightCareers')) AS t(source_id, organisation);
CREATE TABLE curated.observations AS SELECT * FROM (VALUES
    ('claim:doc_a:50', 'claim', 'article:doc_a', NULL, 'article_claim', 'doc_a', 'employment_count', 'employment',
     'count', 'medical_coding_workforce', 'medical_records_specialists', '29-2072', NULL, NULL, 'count', 185000.0,
     180375.0, 189625.0, '185,000', 'approx', 'roughly', 'as of 2023', DATE '2023-12-31', false, true, 'BLS', NULL,
     'set by build_warehouse', 0, 0, 0),
    ('claim:doc_a:90', 'claim', 'article:doc_a', NULL, 'article_claim', 'doc_a', 'employment_count', 'employment',
     'count', 'medical_coding_workforce', 'medical_records_specialists', '29-2072', NULL, NULL, 'count', 150000.0,
     150000.0, NULL, 'over 150,000', 'lower_bound', 'over', NULL, NULL, false, true, NULL, NULL,
     'There are over 150,000 coders.', 200, 210, 222),
    ('claim:doc_a:120', 'claim', 'article:doc_a', NULL, 'article_claim', 'doc_a', 'employment_count', 'employment',
     'count', 'medical_coding_workforce', 'medical_records_specialists', '29-2072', 'all_jobs', NULL, 'count',
     194800.0, 194750.0, 194850.0, '194,800', 'exact', NULL, 'May 2024', DATE '2024-05-31', false, true, 'BLS',
     NULL, 'The total workforce is 194,800.', 300, 326, 333),
    ('claim:doc_b:10', 'claim', 'article:doc_b', NULL, 'article_claim', 'doc_b', 'ai_adoption_pct', 'ai_adoption',
     'share', 'healthcare_organisations', 'hospitals_and_health_systems', NULL, 'hospitals_and_health_systems',
     'revenue_cycle', 'percent', 46.0, 44.85, 46.0, '46%', 'upper_bound', 'Nearly', NULL, NULL, false, true, 'AHA',
     NULL, 'Nearly 46% of hospitals use AI.', 10, 17, 20),
    ('claim:doc_b:30', 'claim', 'article:doc_b', NULL, 'article_claim', 'doc_b', 'ai_adoption_pct', 'ai_adoption',
     'share', 'healthcare_organisations', 'healthcare_organizations', NULL, 'healthcare_organizations',
     'documentation_and_coding', 'percent', 48.0, 47.5, 48.5, '48%', 'approx', 'About', NULL, NULL, false, true,
     NULL, NULL, 'About 48% of organizations apply AI to coding.', 30, 36, 39),
    ('oews:2025A01:X01', 'oews', 'bls_oews', 'bls_oews', 'primary', NULL, 'employment_count', 'employment', 'count',
     'medical_coding_workforce', 'medical_records_specialists', '29-2072', 'wage_and_salary_jobs', NULL, 'count',
     194720.0, 190521.8, 198918.2, '194720', 'exact', NULL, 'May 2025', DATE '2025-05-31', true, true, NULL,
     'https://data.bls.gov/timeseries/X01', NULL, NULL, NULL, NULL),
    ('ref:ep2024', 'reference', 'startrightcareers', 'bls_ep', 'secondary_citation', NULL, 'employment_count',
     'employment', 'count', 'medical_coding_workforce', 'medical_records_specialists', '29-2072', 'all_jobs', NULL,
     'count', 194800.0, 194750.0, 194850.0, '194800', 'exact', NULL, 'not stated (2024 EP base)', NULL, true, true,
     NULL, 'https://example.org/ep', NULL, NULL, NULL, NULL),
    ('ref:wide2019', 'reference', 'bls_ep', 'bls_ep', 'primary', NULL, 'employment_count', 'employment', 'count',
     'medical_coding_workforce', 'medical_records_and_health_information_specialists_hybrid', '29-2072/29-9021',
     'all_jobs', NULL, 'count', 341600.0, 341550.0, 341650.0, '341600', 'exact', NULL, '2019', NULL, true, true, NULL,
     'https://example.org/wide', NULL, NULL, NULL, NULL)
) AS t({OBSERVATION_COLUMNS});
CREATE TABLE curated.claim_verdicts AS SELECT * FROM (VALUES
    ('claim:doc_a:50', 'outdated', ['vintage'], 'refers to an earlier period', 194720.0, DATE '2025-05-31',
     'oews:2025A01:X01', []::VARCHAR[], false, NULL, 'none', NULL),
    ('claim:doc_a:90', 'confirmed', ['rounding'], 'within its stated precision', 194720.0, DATE '2025-05-31',
     'oews:2025A01:X01', []::VARCHAR[], false, NULL, 'none', NULL),
    ('claim:doc_a:120', 'confirmed', []::VARCHAR[], 'within its stated precision', 194800.0, NULL,
     'ref:ep2024', []::VARCHAR[], false, NULL, 'none', NULL),
    ('claim:doc_b:10', 'unverifiable', []::VARCHAR[], 'no official figure held measures the same thing',
     NULL, NULL, NULL, []::VARCHAR[], false, NULL, 'none', NULL),
    ('claim:doc_b:30', 'unverifiable', []::VARCHAR[], 'no official figure held measures the same thing',
     NULL, NULL, NULL, []::VARCHAR[], false, NULL, 'none', NULL)
) AS t(observation_id, verdict, reasons, evidence, official_value, official_period_end, checked_against,
       differing_fields, rejected_by_editor, ruling_id, ruling_status, earlier_match);
CREATE TABLE curated.conflicts AS SELECT * FROM (VALUES
    ('conflict:workforce:employment', 'employment', 'workforce',
     ['claim:doc_a:50', 'claim:doc_a:90', 'claim:doc_a:120', 'oews:2025A01:X01', 'ref:ep2024', 'ref:wide2019'],
     'not_comparable', ['universe', 'occupation', 'period', 'source'], ['vintage', 'rounding', 'definition'],
     194720.0, 'oews:2025A01:X01', 'authority rank 1', NULL, 'none', '{HASH_A}', 6),
    ('conflict:hospitals:ai_adoption', 'ai_adoption', 'hospitals', ['claim:doc_b:10', 'claim:doc_b:30'],
     'not_comparable', ['universe', 'activity', 'source'], ['definition'], NULL, NULL,
     'no official figure is comparable: do not pick one', NULL, 'none', '{"b" * 64}', 2)
) AS t(conflict_id, measure, topic, observation_ids, comparability, differing_fields, reasons, recommended_value,
       recommended_observation_id, recommendation_rule, ruling_id, ruling_status, evidence_hash, figure_count);
CREATE TABLE curated.comparisons AS SELECT * FROM (VALUES
    ('conflict:workforce:employment', 'claim:doc_a:50', 'oews:2025A01:X01', 185000.0, 194720.0, 'comparable', NULL,
     ['period', 'source'], false, 9720.0, 5.25, ['vintage'], true),
    ('conflict:workforce:employment', 'claim:doc_a:90', 'oews:2025A01:X01', 150000.0, 194720.0, 'comparable', NULL,
     ['source'], true, 44720.0, 29.81, ['rounding'], true),
    ('conflict:workforce:employment', 'claim:doc_a:120', 'oews:2025A01:X01', 194800.0, 194720.0, 'not_comparable',
     NULL, ['universe', 'period', 'source'], true, -80.0, -0.04, ['definition'], true),
    ('conflict:workforce:employment', 'claim:doc_a:120', 'ref:ep2024', 194800.0, 194800.0, 'comparable',
     NULL, ['period', 'source'], true, 0.0, 0.0, []::VARCHAR[], true),
    ('conflict:workforce:employment', 'oews:2025A01:X01', 'ref:ep2024', 194720.0, 194800.0, 'not_comparable',
     NULL, ['universe', 'period', 'source'], true, 80.0, 0.04, ['definition'], false),
    ('conflict:hospitals:ai_adoption', 'claim:doc_b:10', 'claim:doc_b:30', 46.0, 48.0, 'not_comparable', NULL,
     ['universe', 'activity', 'source'], false, 2.0, 4.35, ['definition'], true)
) AS t(conflict_id, a_id, b_id, a_value, b_value, comparability, transform, differing_fields, agree, gap, gap_pct,
       reasons, involves_claim);
CREATE TABLE curated.recommended_figures AS
    SELECT 'oews:2025A01:X01' AS observation_id, 'OEWS excludes self-employed coders.' AS caveat;
CREATE TABLE curated.evidence AS SELECT * FROM (VALUES
    ('conflict:workforce:employment', 'conflict', '{HASH_A}'),
    ('claim:doc_a:50', 'observation', '{"c" * 64}')) AS t(target_id, target_kind, evidence_hash);
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


def run_sql(con: duckdb.DuckDBPyConnection, script: str) -> None:
    for statement in script.split(";\n"):
        if statement.strip():
            con.execute(statement)


def build_warehouse(path: Path, evil_quote: str = SCRIPT) -> Path:
    """A writer database with the tables the report reads; the first claim's quote embeds `evil_quote`."""
    quote = f"Coders: {evil_quote} roughly 185,000 in 2023."
    start = quote.index("roughly")
    with duckdb.connect(str(path)) as con:
        run_sql(con, CURATED_SQL + STAGING_SQL)
        con.execute("UPDATE curated.observations SET quote = ?, char_start = 100, value_start = ?, value_end = ? "
                    "WHERE observation_id = 'claim:doc_a:50'", [quote, 100 + start + 8, 100 + start + 15])
    return path


def build_previous_release(path: Path) -> Path:
    """The release before: a different verdict, claims since added, an official figure that moved, and a
    conflict that has since been resolved."""
    with duckdb.connect(str(path)) as con:
        run_sql(con, CURATED_SQL)
        con.execute("CREATE TABLE curated.release_info AS SELECT 'rprevious0001' AS release_id, '1.0' AS "
                    "schema_version, 'abc' AS code_version")
        con.execute("UPDATE curated.claim_verdicts SET verdict = 'confirmed', reasons = ['rounding'], "
                    "official_value = 185000 WHERE observation_id = 'claim:doc_a:50'")
        con.execute("DELETE FROM curated.claim_verdicts WHERE observation_id LIKE 'claim:doc_b:%'")
        con.execute("DELETE FROM curated.conflicts WHERE conflict_id = 'conflict:hospitals:ai_adoption'")
        con.execute("INSERT INTO curated.conflicts (conflict_id, topic, measure, observation_ids, figure_count) "
                    "VALUES ('conflict:old:pay', 'old', 'pay', ['x', 'y'], 2)")
    return path
