"""Benchmark: reconcile >= 1,000,000 synthetic observations with the pipeline's SQL, against a pandas baseline.

Run `python bench/reconcile_scale.py [--observations 1000000] [--claims 20000]`. It builds synthetic STAGING
tables in a fresh DuckDB file (set-based SQL; the real definitions and OEWS dimension files from `raw/`; every
figure is synthetic and clearly labelled so, nothing here is a published number), then times in two separate
child processes, one after the other on the same file:

- `pipeline.curated.tables.build` of curated.observations, then `build_all` of every other curated table (the real
  pipeline code), and
- `bench/pandas_reconcile.py`, a straightforward pandas implementation of the same verdict rules,

and asserts both give every claim the same verdict. Peak RSS is each child's `ru_maxrss` from `os.wait4`
(resource usage of that one child, no psutil needed). It prints one summary line:
`name=reconcile_scale seconds=... peak_rss_mb=... floor_seconds= baseline_seconds=... speedup=... ...`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.focus import occupation_codes  # noqa: E402
from pipeline.sqlfiles import run_script  # noqa: E402
from pipeline.staging import claims as staging_claims  # noqa: E402
from pipeline.staging import ep_projections, oews_history  # noqa: E402
from pipeline.staging import oews_data as staging_oews  # noqa: E402
from pipeline.staging.definitions import load_definitions  # noqa: E402

RAW = REPO / "raw"
OEWS_DIMENSIONS = RAW / "bls_oews" / "2025A01"
FIRST_YEAR, LAST_YEAR = 2021, 2025
FOCUS_OCCUPATIONS = occupation_codes(RAW)
"""Occupations of the embedded snapshot: published in every area (as BLS does), and in a share of industries."""

# ---------------------------------------------------------------------------------------------------------------
# Synthetic staging tables. Every statement is set-based; `$name` parameters are bound by run_statements.
# ---------------------------------------------------------------------------------------------------------------

CELLS = """
CREATE OR REPLACE TEMP TABLE bench_cells AS
WITH occupations AS (
    SELECT occupation_code, soc_code, list_contains($focus, occupation_code) AS focus FROM staging.oews_occupations
)
-- national, all industries: the focus occupations, then (at full size) every occupation
SELECT o.occupation_code, o.soc_code, 'N' AS areatype_code, '0000000' AS area_code, '000000' AS industry_code
FROM occupations AS o
WHERE o.focus OR hash('n' || o.occupation_code) % 1000000 < $other_national_ppm
UNION ALL
-- states and metro areas: the focus occupations everywhere (at full size), the others in a share of areas
SELECT o.occupation_code, o.soc_code, a.areatype_code, a.area_code, '000000'
FROM occupations AS o JOIN staging.oews_areas AS a ON a.areatype_code <> 'N'
WHERE hash(o.occupation_code || a.area_code) % 1000000 < CASE WHEN o.focus THEN $focus_ppm ELSE $other_area_ppm END
UNION ALL
-- national industry cells: the focus occupations in a quarter of the industries
SELECT o.occupation_code, o.soc_code, 'N', '0000000', i.industry_code
FROM occupations AS o JOIN staging.oews_industries AS i ON i.industry_code <> '000000'
WHERE o.focus AND hash(o.occupation_code || i.industry_code) % 4 = 0
  AND hash('i' || o.occupation_code || i.industry_code) % 1000000 < $focus_ppm
"""

CELL_COUNTS = """
SELECT
    (SELECT count(*) FROM staging.oews_occupations) AS occupations,
    (SELECT count(*) FROM staging.oews_areas WHERE areatype_code <> 'N') AS areas,
    (SELECT count(*) FROM staging.oews_industries AS i, staging.oews_occupations AS o
     WHERE i.industry_code <> '000000' AND list_contains($focus, o.occupation_code)
       AND hash(o.occupation_code || i.industry_code) % 4 = 0) AS industry_cells
"""

# Values are synthetic: a per-cell hash sets a level, a per-release drift moves it; a few BLS special values
# (`-` not released, `#` top-coded, `*` not available) stand in for the real ones.
OEWS_VALID = """
CREATE OR REPLACE TEMP TABLE oews_valid AS
WITH releases AS (
    SELECT y AS "year", CAST(y AS VARCHAR) || 'A01' AS release, make_date(y + 1, 4, 15) AS published
    FROM range($first_year, $last_year + 1) AS t(y)
),
datatypes AS (SELECT datatype_code FROM staging.oews_measures),
cells AS (
    SELECT c.*, r."year", r.release, r.published,
           hash(c.occupation_code || c.area_code || c.industry_code) AS h,
           hash(c.occupation_code || c.area_code || c.industry_code || r.release) AS hr,
           r."year" - $first_year AS age
    FROM bench_cells AS c CROSS JOIN releases AS r
),
levels AS (
    SELECT *,
        greatest(10, round(CASE WHEN areatype_code = 'N' AND industry_code = '000000' THEN 2000 + h % 400000
                                ELSE 30 + h % 9000 END
                           * (1 + 0.02 * age + ((hr % 41)::DOUBLE - 20) / 1000), -1)) AS employment,
        round((16 + ((h // 7) % 5000)::DOUBLE / 100) * (1 + 0.03 * age + ((hr % 21)::DOUBLE - 10) / 1000), 2)
            AS hourly
    FROM cells
),
valued AS (
    SELECT l.*, d.datatype_code,
        CASE d.datatype_code
            WHEN '01' THEN l.employment
            WHEN '02' THEN 0.5 + ((l.hr // 3) % 150)::DOUBLE / 10
            WHEN '03' THEN l.hourly
            WHEN '04' THEN round(l.hourly * 2080, -1)
            WHEN '05' THEN 0.3 + ((l.hr // 5) % 80)::DOUBLE / 10
            WHEN '06' THEN round(l.hourly * 0.62, 2)
            WHEN '07' THEN round(l.hourly * 0.78, 2)
            WHEN '08' THEN round(l.hourly * 0.95, 2)
            WHEN '09' THEN round(l.hourly * 1.2, 2)
            WHEN '10' THEN round(l.hourly * 1.5, 2)
            WHEN '11' THEN round(l.hourly * 0.62 * 2080, -1)
            WHEN '12' THEN round(l.hourly * 0.78 * 2080, -1)
            WHEN '13' THEN round(l.hourly * 0.95 * 2080, -1)
            WHEN '14' THEN round(l.hourly * 1.2 * 2080, -1)
            WHEN '15' THEN round(l.hourly * 1.5 * 2080, -1)
            WHEN '16' THEN round(((l.hr // 11) % 20000)::DOUBLE / 1000, 3)
            ELSE round(0.2 + ((l.hr // 13) % 300)::DOUBLE / 100, 2)
        END AS number,
        CASE WHEN d.datatype_code IN ('10', '15') AND l.hr % 97 = 0 THEN '#'
             WHEN d.datatype_code IN ('02', '05') AND l.hr % 89 = 0 THEN '*'
             WHEN (hash(l.hr + d.datatype_code::INTEGER) % 499) = 0 THEN '-'
        END AS special
    FROM levels AS l JOIN datatypes AS d
        -- BLS publishes employment per 1,000 jobs and location quotients for areas only
        ON l.areatype_code <> 'N' OR d.datatype_code NOT IN ('16', '17')
)
SELECT
    'OEU' || areatype_code || area_code || industry_code || occupation_code || datatype_code AS series_id,
    'U' AS seasonal_code, areatype_code, area_code, industry_code, occupation_code, soc_code, datatype_code,
    CAST("year" AS BIGINT) AS "year", 'A01' AS period,
    CASE WHEN special IS NULL THEN number END::DOUBLE AS "value",
    coalesce(special, CASE WHEN datatype_code IN ('01', '04', '11', '12', '13', '14', '15')
                           THEN CAST(CAST(number AS BIGINT) AS VARCHAR)
                           ELSE CAST(number AS VARCHAR) END) AS value_raw,
    CASE special WHEN '#' THEN '5' WHEN '-' THEN '8' END AS footnote_codes,
    release, published AS release_published_on,
    'synthetic/bls_oews/' || release || '/oe.data.0.Current' AS source_file,
    CAST(row_number() OVER (PARTITION BY release ORDER BY areatype_code, area_code, industry_code,
                                                          occupation_code, datatype_code) + 1 AS BIGINT)
        AS source_line,
    sha256('synthetic bench oews ' || release) AS snapshot_sha256
FROM valued
"""

# staging.oews_values and staging.oews_files from the generated rows, as load_oews stores them; readers then use
# the pipeline's own staging.oews_data view over them (oews_data_view.sql), so its read-time cost is measured.
OEWS_VALUES = """
CREATE OR REPLACE TABLE staging.oews_values AS
SELECT v.seasonal_code, v.areatype_code, v.area_code, v.industry_code, v.occupation_code, v.datatype_code,
       v."year", v.period, v."value", v.value_raw, v.footnote_codes, v.release, v.source_line
FROM oews_valid AS v
ORDER BY v.series_id
"""
OEWS_FILES = """
CREATE OR REPLACE TABLE staging.oews_files AS
SELECT DISTINCT release, CAST(release_published_on AS DATE) AS release_published_on, source_file, snapshot_sha256
FROM oews_valid
ORDER BY release
"""

# National values of the generated OEWS, the anchors claims are written around.
OEWS_ANCHORS = """
CREATE OR REPLACE TEMP TABLE bench_anchors AS
SELECT m.measure, d.soc_code, d."year", d."value"
FROM staging.oews_data AS d JOIN staging.oews_measures AS m USING (datatype_code)
WHERE d.areatype_code = 'N' AND d.industry_code = '000000' AND d."value" IS NOT NULL
  AND m.measure IN ('employment_count', 'median_annual_wage') AND d.soc_code IN ('29-2072', '43-3021')
"""

# A few hundred published figures: templates expanded over their years, all in the exact staging schema.
REFERENCE_FIGURES = """
CREATE OR REPLACE TABLE staging.reference_figures AS
WITH templates(tid, source_org, source_role, dataset, url, soc_code, occupation_title, measure, unit, geography,
               industry, publisher_id, producer_id, period_style, first_year, last_year, base, growth, rounding_unit,
               qualifier) AS (
    VALUES
    (1, 'BLS', 'primary', 'synthetic OEWS national page (SOC 2010)', 'https://example.org/synthetic/bls/oes',
     '29-2071', 'Medical Records and Health Information Technicians', 'employment', 'jobs', 'United States',
     NULL, 'bls_oews', 'bls_oews', 'may', 2011, 2018, 180000.0, 0.012, 10.0, 'exact'),
    (2, 'BLS', 'primary', 'synthetic OEWS national page (SOC 2010)', 'https://example.org/synthetic/bls/oes',
     '29-2071', 'Medical Records and Health Information Technicians', 'median_annual_wage', 'USD/year',
     'United States', NULL, 'bls_oews', 'bls_oews', 'may', 2011, 2018, 33000.0, 0.025, 10.0, 'exact'),
    (3, 'BLS', 'primary', 'synthetic OEWS national page', 'https://example.org/synthetic/bls/oes',
     '29-2072', 'Medical Records Specialists', 'employment', 'jobs', 'United States',
     NULL, 'bls_oews', 'bls_oews', 'may', 2019, 2020, 170000.0, 0.01, 10.0, 'exact'),
    (4, 'BLS', 'primary', 'synthetic OEWS industry profile', 'https://example.org/synthetic/bls/oes-industry',
     '29-2072', 'Medical Records Specialists', 'employment', 'jobs', 'United States',
     'General Medical and Surgical Hospitals', 'bls_oews', 'bls_oews', 'may', 2015, 2020, 60000.0, 0.01, 10.0,
     'exact'),
    (5, 'working-metro.com (citing BLS OEWS)', 'secondary_citation', 'synthetic career page',
     'https://example.org/synthetic/working-metro', '29-2072', 'Medical Records Specialists', 'employment', 'jobs',
     'United States', NULL, 'working_metro', 'bls_oews', 'may', 2016, 2026, 175000.0, 0.015, 100.0, 'exact'),
    (6, 'AlliedHealthWorld (citing BLS)', 'secondary_citation', 'synthetic career page',
     'https://example.org/synthetic/alliedhealthworld', '29-2072', 'Medical Records Specialists',
     'median_annual_wage', 'USD/year', 'United States', NULL, 'alliedhealthworld', 'bls_oews', 'may', 2016, 2026,
     40000.0, 0.03, 10.0, 'exact'),
    (7, 'BLS', 'primary', 'synthetic Employment Projections', 'https://example.org/synthetic/bls/ep',
     '29-2072', 'Medical Records Specialists', 'employment_growth_pct', 'percent', 'United States',
     NULL, 'bls_ep', 'bls_ep', 'cycle', 2014, 2020, 8.0, -0.03, 1.0, 'exact'),
    (8, 'CollegeGrad (citing BLS OOH)', 'secondary_citation', 'synthetic career page',
     'https://example.org/synthetic/collegegrad', '29-2072', 'Medical Records Specialists', 'employment_growth_pct',
     'percent', 'United States', NULL, 'collegegrad', 'bls_ep', 'cycle', 2019, 2024, 9.0, -0.04, 1.0, 'exact'),
    (9, 'BLS', 'primary', 'synthetic Employment Projections', 'https://example.org/synthetic/bls/ep',
     '29-2072', 'Medical Records Specialists', 'ep_base_employment', 'jobs', 'United States',
     NULL, 'bls_ep', 'bls_ep', 'cycle', 2014, 2024, 185000.0, 0.01, 100.0, 'exact'),
    (10, 'BLS', 'primary', 'synthetic Employment Projections', 'https://example.org/synthetic/bls/ep',
     '29-2072', 'Medical Records Specialists', 'annual_openings', 'openings', 'United States',
     NULL, 'bls_ep', 'bls_ep', 'cycle', 2014, 2024, 14000.0, 0.01, 100.0, 'exact'),
    (11, 'AAPC', 'primary', 'synthetic salary survey', 'https://example.org/synthetic/aapc',
     NULL, 'certified coders', 'mean_annual_salary', 'USD/year', 'United States',
     NULL, 'aapc_salary_survey', 'aapc_salary_survey', 'year', 2012, 2025, 52000.0, 0.02, 1.0, 'exact'),
    (12, 'AHA', 'primary', 'synthetic AHA survey', 'https://example.org/synthetic/aha',
     NULL, 'hospitals and health systems', 'ai_rcm_adoption_pct', 'percent', 'United States',
     NULL, 'aha', 'aha', 'year', 2018, 2025, 30.0, 0.06, 1.0, 'exact'),
    (13, 'HFMA', 'primary', 'synthetic HFMA survey', 'https://example.org/synthetic/hfma',
     NULL, 'health systems', 'ai_adoption_pct', 'percent', 'United States',
     NULL, 'hfma', 'hfma', 'year', 2019, 2026, 40.0, 0.05, 1.0, 'exact'),
    (14, 'BAM.ai (citing Oliver Wyman)', 'secondary_report', 'synthetic vendor blog',
     'https://example.org/synthetic/bam', NULL, 'healthcare organizations', 'ai_rcm_adoption_pct', 'percent',
     'United States', NULL, 'bam_ai', 'oliver_wyman', 'year', 2020, 2026, 42.0, 0.05, 1.0, 'exact'),
    (15, 'Oliver Wyman', 'primary', 'synthetic industry survey', 'https://example.org/synthetic/oliver-wyman',
     NULL, 'healthcare organizations', 'ai_clinical_documentation_pct', 'percent', 'United States',
     NULL, 'oliver_wyman', 'oliver_wyman', 'year', 2020, 2026, 35.0, 0.06, 1.0, 'exact'),
    (16, 'MedicalBillingCodingWorld (citing AAPC)', 'secondary_report', 'synthetic career page',
     'https://example.org/synthetic/mbcw', NULL, 'coders with a professional credential', 'unemployment_rate_pct',
     'percent', 'United States', NULL, 'medicalbillingcodingworld', 'aapc_salary_survey', 'year', 2012, 2020, 2.0,
     0.0, 1.0, 'upper_bound'),
    (17, 'BLS', 'primary', 'synthetic OEWS state page', 'https://example.org/synthetic/bls/oes-state',
     '29-2072', 'Medical Records Specialists', 'employment', 'jobs', 'Texas',
     NULL, 'bls_oews', 'bls_oews', 'may', 2016, 2020, 15000.0, 0.02, 10.0, 'exact')
),
expanded AS (
    SELECT t.*, y AS "year", row_number() OVER (ORDER BY t.tid, y) AS n,
           t.base * (1 + t.growth * (y - t.first_year)) AS raw_value
    FROM templates AS t, generate_series(t.first_year, t.last_year) AS g(y)
),
periods AS (
    SELECT *,
        round(raw_value / rounding_unit) * rounding_unit AS number,
        CASE period_style WHEN 'may' THEN 'May ' || "year"
                          WHEN 'cycle' THEN "year" || '-' || ("year" + 10)
                          ELSE CAST("year" AS VARCHAR) END AS reference_period,
        CASE period_style WHEN 'may' THEN make_date("year", 5, 1) ELSE make_date("year", 1, 1) END AS period_start,
        CASE period_style WHEN 'may' THEN make_date("year", 5, 31)
                          WHEN 'cycle' THEN make_date("year" + 10, 12, 31)
                          ELSE make_date("year", 12, 31) END AS period_end
    FROM expanded
)
SELECT
    'synthetic/reference/reference_figures.csv'::VARCHAR AS source_file, CAST(n + 1 AS BIGINT) AS source_line,
    source_org::VARCHAR AS source_org, source_role::VARCHAR AS source_role, dataset::VARCHAR AS dataset,
    (url || '/' || n)::VARCHAR AS url, soc_code::VARCHAR AS soc_code, soc_code::VARCHAR AS soc_code_raw,
    occupation_title::VARCHAR AS occupation_title,
    measure::VARCHAR AS measure, number::DOUBLE AS "value", unit::VARCHAR AS unit,
    reference_period::VARCHAR AS reference_period, geography::VARCHAR AS geography,
    ('synthetic benchmark figure' || coalesce('; industry=' || industry, ''))::VARCHAR AS note,
    (CASE WHEN qualifier = 'upper_bound' THEN '<' ELSE '' END
     || CASE WHEN rounding_unit >= 1 THEN CAST(CAST(number AS BIGINT) AS VARCHAR)
             ELSE CAST(number AS VARCHAR) END)::VARCHAR AS value_raw,
    qualifier::VARCHAR AS qualifier, rounding_unit::DOUBLE AS rounding_unit,
    period_start::DATE AS period_start, period_end::DATE AS period_end, FALSE AS period_inferred,
    industry::VARCHAR AS industry, publisher_id::VARCHAR AS publisher_id, producer_id::VARCHAR AS producer_id,
    sha256('synthetic bench reference figures') AS snapshot_sha256
FROM periods
ORDER BY source_line
"""

REFERENCE_ANCHORS = """
INSERT INTO bench_anchors
SELECT coalesce(al.measure, r.measure), coalesce(r.soc_code, r.occupation_title), year(r.period_start), r."value"
FROM staging.reference_figures AS r LEFT JOIN staging.measure_aliases AS al ON al.alias = r.measure
WHERE r.source_role = 'primary' AND coalesce(al.measure, r.measure) IN ('employment_growth_pct', 'ai_adoption_pct')
"""

# One claim per sentence. A claim kind fixes measure, subject, activity and how the sentence reads; hashes of the
# claim number pick its document, year, period style, attribution, qualifier and how far its value is off.
CLAIM_DRAFTS = """
CREATE OR REPLACE TEMP TABLE bench_claim_drafts AS
WITH kinds(kind, weight, measure, subject, anchor_key, activity, unit, phrase, period_style, in_scope) AS (
    VALUES
    (1, 22, 'employment_count', 'medical_records_specialists', '29-2072', NULL, 'count',
     'medical coders were employed in the United States', 'may', TRUE),
    (2, 3, 'employment_count', 'medical_records_and_health_information_technicians', '29-2072', NULL, 'count',
     'medical records and health information technicians held jobs', 'may', TRUE),
    (3, 2, 'employment_count', 'certified_coders', '29-2072', NULL, 'count',
     'certified coders were working', 'year', TRUE),
    (4, 3, 'employment_count', 'billing_and_posting_clerks', '43-3021', NULL, 'count',
     'billing and posting clerks were employed', 'may', TRUE),
    (5, 22, 'median_annual_wage', 'medical_records_specialists', '29-2072', NULL, 'USD/year',
     'was the median annual wage of medical coders', 'may', TRUE),
    (6, 3, 'median_annual_wage', 'billing_and_posting_clerks', '43-3021', NULL, 'USD/year',
     'was the median annual wage of billing and posting clerks', 'may', TRUE),
    (7, 20, 'employment_growth_pct', 'medical_records_specialists', '29-2072', NULL, 'percent',
     'job growth is projected for medical records specialists', 'cycle', TRUE),
    (8, 10, 'ai_adoption_pct', 'hospitals_and_health_systems', 'hospitals and health systems', 'revenue_cycle',
     'percent', 'of hospitals use AI in revenue-cycle operations', 'year', TRUE),
    (9, 6, 'ai_adoption_pct', 'healthcare_organizations', 'hospitals and health systems',
     'documentation_and_coding', 'percent', 'of healthcare organizations apply AI to documentation and coding',
     'year', TRUE),
    (10, 5, 'ai_adoption_pct', 'health_systems', 'health systems', NULL, 'percent',
     'of health systems use AI internally', 'year', TRUE),
    (11, 4, 'unknown', 'unknown', NULL, NULL, 'years', 'of experience is typical before promotion', 'none', FALSE),
    -- a member survey's average, not the establishment survey's mean: not comparable with OEWS
    (12, 3, 'average_salary', 'medical_records_specialists', '29-2072', NULL, 'USD/year',
     'was the average salary of medical coders who answered a salary survey', 'year', TRUE)
),
-- places a claim may name: a state OEWS publishes, or a region it does not
states AS (
    SELECT row_number() OVER (ORDER BY area_code) - 1 AS state_no, area_code, area_name
    FROM staging.oews_areas WHERE areatype_code = 'S'
),
bands AS (SELECT *, sum(weight) OVER (ORDER BY kind) - weight AS lo, sum(weight) OVER (ORDER BY kind) AS hi,
                 sum(weight) OVER () AS total FROM kinds),
drafts AS (
    SELECT i AS claim_no, i % $documents AS doc_no, i // $documents AS seq,
           hash('kind' || i) AS h1, hash('year' || i) AS h2, hash('shape' || i) AS h3, hash('off' || i) AS h4,
           hash('place' || i) AS h5
    FROM range($claims) AS t(i)
)
SELECT d.*, b.kind, b.measure, b.subject, b.anchor_key, b.activity, b.unit, b.in_scope,
    -- one employment or wage claim in ten is about a state, one in forty about a region OEWS does not publish
    CASE WHEN b.measure NOT IN ('employment_count', 'median_annual_wage') THEN 'United States'
         WHEN d.h5 % 40 = 1 THEN 'Great Lakes'
         WHEN d.h5 % 10 = 0 THEN st.area_name ELSE 'United States' END AS geography,
    CASE WHEN b.measure NOT IN ('employment_count', 'median_annual_wage') THEN '0000000'
         WHEN d.h5 % 40 = 1 THEN NULL WHEN d.h5 % 10 = 0 THEN st.area_code ELSE '0000000' END AS area_code,
    CASE WHEN b.measure NOT IN ('employment_count', 'median_annual_wage') THEN 'national'
         WHEN d.h5 % 40 = 1 THEN 'other' WHEN d.h5 % 10 = 0 THEN 'state' ELSE 'national' END AS area_type,
    b.phrase || CASE WHEN b.measure NOT IN ('employment_count', 'median_annual_wage') THEN ''
                     WHEN d.h5 % 40 = 1 THEN ' in the Great Lakes states'
                     WHEN d.h5 % 10 = 0 THEN ' in ' || st.area_name ELSE '' END AS phrase,
    CAST(CASE WHEN b.period_style = 'cycle' THEN 2014 + d.h2 % 12
              WHEN b.measure = 'ai_adoption_pct' THEN 2018 + d.h2 % 10
              ELSE $first_year - 3 + d.h2 % ($last_year - $first_year + 5) END AS INTEGER) AS claim_year,
    -- how the period is given: stated (0-5), left to the document date (6-7), not at all (8-9)
    CASE WHEN b.period_style = 'none' THEN 9 ELSE (d.h2 // 101) % 10 END AS period_mode,
    b.period_style,
    CASE WHEN (d.h3 % 20) < 11 THEN 'BLS' WHEN (d.h3 % 20) < 15 THEN NULL WHEN (d.h3 % 20) < 17 THEN 'AAPC'
         WHEN (d.h3 % 20) < 18 THEN 'AHA' ELSE 'Synthetic Blog' END AS attributed_source,
    CASE (d.h3 // 20) % 8 WHEN 0 THEN 'approx' WHEN 1 THEN 'approx' WHEN 2 THEN 'upper_bound'
         WHEN 3 THEN 'lower_bound' WHEN 4 THEN 'range' ELSE 'exact' END AS qualifier,
    CASE (d.h3 // 20) % 8 WHEN 0 THEN 'roughly' WHEN 1 THEN 'about' WHEN 2 THEN
         CASE WHEN d.h3 % 2 = 0 THEN 'nearly' ELSE 'under' END WHEN 3 THEN 'over' END AS qualifier_text,
    -- the factor applied to the anchor: exact, a rounding, a little off, far off
    CASE d.h4 % 10 WHEN 0 THEN 1.0 WHEN 1 THEN 1.0 WHEN 2 THEN 1.0 WHEN 3 THEN 1.004 WHEN 4 THEN 0.996
         WHEN 5 THEN 1.05 WHEN 6 THEN 0.93 WHEN 7 THEN 1.3 WHEN 8 THEN 0.7 ELSE 1.02 END AS factor,
    (d.h4 // 10) % 3 AS style,
    CASE WHEN b.measure = 'employment_count' AND (d.h4 // 30) % 20 = 0 THEN 'all_jobs' END AS universe
FROM drafts AS d JOIN bands AS b ON d.h1 % b.total >= b.lo AND d.h1 % b.total < b.hi
LEFT JOIN states AS st ON st.state_no = (d.h5 // 40) % (SELECT count(*) FROM states)
"""

CLAIM_VALUES = """
CREATE OR REPLACE TEMP TABLE bench_claim_values AS
WITH anchored AS (
    SELECT c.*,
        coalesce((SELECT a."value" FROM bench_anchors AS a
                  WHERE a.measure = c.measure AND a.soc_code = c.anchor_key
                  ORDER BY abs(a."year" - c.claim_year), a."year" DESC LIMIT 1), 3.0) AS anchor
    FROM bench_claim_drafts AS c
),
numbers AS (
    SELECT *,
        CASE WHEN unit = 'count' AND style = 0 THEN 1000.0
             WHEN unit = 'count' AND style = 1 THEN 100.0
             WHEN unit = 'count' THEN 10.0
             WHEN unit = 'USD/year' AND style = 0 THEN 1000.0
             WHEN unit = 'USD/year' THEN 10.0
             ELSE 1.0 END AS rounding_unit
    FROM anchored
)
SELECT *, greatest(rounding_unit, round(anchor * factor / rounding_unit) * rounding_unit) AS number
FROM numbers
"""

CLAIM_SENTENCES = """
CREATE OR REPLACE TEMP TABLE bench_claim_sentences AS
WITH texts AS (
    SELECT *,
        CASE WHEN qualifier = 'range' AND unit = 'percent'
             THEN CAST(CAST(number - 2 AS BIGINT) AS VARCHAR) || '-'
                  || CAST(CAST(number + 2 AS BIGINT) AS VARCHAR) || '%'
             WHEN qualifier = 'range'
             THEN format('{:,}', CAST(number * 0.95 AS BIGINT)) || ' to '
                  || format('{:,}', CAST(number * 1.05 AS BIGINT))
             WHEN unit = 'percent' THEN CAST(CAST(number AS BIGINT) AS VARCHAR) || '%'
             WHEN unit = 'years' THEN CAST(CAST(number AS BIGINT) AS VARCHAR) || ' years'
             WHEN rounding_unit = 1000 AND unit = 'USD/year'
             THEN '$' || CAST(CAST(number / 1000 AS BIGINT) AS VARCHAR) || 'K'
             WHEN rounding_unit = 1000 THEN CAST(CAST(number / 1000 AS BIGINT) AS VARCHAR) || 'K'
             WHEN unit = 'USD/year' THEN '$' || format('{:,}', CAST(number AS BIGINT))
             ELSE format('{:,}', CAST(number AS BIGINT)) END AS value_text,
        CASE WHEN qualifier = 'range' AND unit = 'percent' THEN number - 2
             WHEN qualifier = 'range' THEN CAST(number * 0.95 AS BIGINT) END::DOUBLE AS range_low,
        CASE WHEN qualifier = 'range' AND unit = 'percent' THEN number + 2
             WHEN qualifier = 'range' THEN CAST(number * 1.05 AS BIGINT) END::DOUBLE AS range_high,
        CASE WHEN period_mode > 5 THEN NULL
             WHEN period_style = 'may' AND period_mode < 3 THEN 'May ' || claim_year
             WHEN period_style = 'cycle' THEN 'from ' || claim_year || ' to ' || (claim_year + 10)
             ELSE CAST(claim_year AS VARCHAR) END AS reference_period,
        CASE attributed_source WHEN 'BLS' THEN 'the Bureau of Labor Statistics'
                               WHEN 'AAPC' THEN 'AAPC' WHEN 'AHA' THEN 'the American Hospital Association'
                               ELSE attributed_source END AS attribution_text
    FROM bench_claim_values
)
SELECT *,
    'Synthetic claim ' || claim_no || ': ' || coalesce(qualifier_text || ' ', '') AS lead,
    'Synthetic claim ' || claim_no || ': ' || coalesce(qualifier_text || ' ', '') || value_text || ' ' || phrase
        || coalesce(' (' || reference_period || ')', '') || coalesce(', according to ' || attribution_text, '')
        || '.' AS sentence
FROM texts
"""

DOCUMENTS = """
CREATE OR REPLACE TABLE staging.documents AS
WITH docs AS (
    SELECT i AS doc_no, 'bench_' || lpad(CAST(i AS VARCHAR), 5, '0') AS document_id,
           'Synthetic benchmark article ' || i || ' (no real figures)' AS title,
           -- one document in ten has no known publication date
           CASE WHEN i % 10 <> 9 THEN DATE '2019-06-01' + CAST(hash('date' || i) % 2500 AS INTEGER) END
               AS published_on
    FROM range($documents) AS t(i)
),
bodies AS (
    SELECT doc_no, string_agg(sentence, chr(10) ORDER BY seq) AS body FROM bench_claim_sentences GROUP BY doc_no
)
SELECT d.document_id::VARCHAR AS document_id, (d.document_id || '.txt')::VARCHAR AS file, d.title::VARCHAR AS title,
       ('https://example.org/synthetic/articles/' || d.document_id)::VARCHAR AS url,
       d.published_on::DATE AS published_on,
       'Synthetic Publisher ' || (d.doc_no % 17) AS publisher,
       sha256(d.title || chr(10) || coalesce(b.body, '')) AS sha256,
       (d.title || chr(10) || coalesce(b.body, ''))::VARCHAR AS text,
       ('synthetic/articles/' || d.document_id || '.txt')::VARCHAR AS source_file, CAST(1 AS BIGINT) AS source_line
FROM docs AS d LEFT JOIN bodies AS b USING (doc_no)
ORDER BY document_id
"""

# claims_frame is what pipeline/staging/claims.sql reads: the staging schema then comes from the pipeline itself.
CLAIMS_FRAME = """
CREATE OR REPLACE TEMP TABLE claims_frame AS
WITH placed AS (
    SELECT s.*, d.document_id, d.sha256 AS document_sha256, d.published_on,
           length(d.title) + 1 + coalesce(sum(length(s.sentence) + 1) OVER (
               PARTITION BY s.doc_no ORDER BY s.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS char_start
    FROM bench_claim_sentences AS s
    JOIN staging.documents AS d ON d.document_id = 'bench_' || lpad(CAST(s.doc_no AS VARCHAR), 5, '0')
)
SELECT
    document_id || ':' || (char_start + length(lead)) AS claim_id, document_id, document_sha256,
    number AS "value", value_text, char_start + length(lead) AS value_start,
    char_start + length(lead) + length(value_text) AS value_end,
    sentence AS quote, char_start, char_start + length(sentence) AS char_end,
    qualifier, qualifier_text, rounding_unit, range_low, range_high, unit, measure, subject, activity, universe,
    geography, area_code, area_type, reference_period,
    CASE WHEN reference_period LIKE 'May %' THEN make_date(claim_year, 5, 1)
         WHEN reference_period IS NOT NULL THEN make_date(claim_year, 1, 1)
         WHEN period_mode < 8 THEN published_on END AS period_start,
    CASE WHEN reference_period LIKE 'May %' THEN make_date(claim_year, 5, 31)
         WHEN reference_period LIKE 'from %' THEN make_date(claim_year + 10, 12, 31)
         WHEN reference_period IS NOT NULL THEN make_date(claim_year, 12, 31)
         WHEN period_mode < 8 THEN published_on END AS period_end,
    reference_period IS NULL AND period_mode < 8 AND published_on IS NOT NULL AS period_from_document_date,
    attributed_source, attribution_text, in_scope, 1 AS occurrence_count,
    'synthetic/articles/' || document_id || '.txt' AS source_file, seq + 2 AS source_line
FROM placed
"""

OCCURRENCES_FRAME = """
CREATE OR REPLACE TEMP TABLE occurrences_frame AS
SELECT NULL::VARCHAR AS claim_id, NULL::VARCHAR AS document_id, NULL::BIGINT AS value_start,
       NULL::BIGINT AS value_end, NULL::VARCHAR AS value_text
LIMIT 0
"""

EMPTY_RULINGS = """
CREATE OR REPLACE TABLE staging.rulings (
    source_file VARCHAR, source_line BIGINT, ruling_id VARCHAR, decided_on DATE, reviewer VARCHAR, action VARCHAR,
    conflict_id VARCHAR, observation_id VARCHAR, source_id VARCHAR, reason VARCHAR, evidence_hash VARCHAR
)
"""

EMPTY_QUARANTINE = """
CREATE OR REPLACE TABLE staging.quarantine (
    source VARCHAR, file VARCHAR, line BIGINT, field VARCHAR, rule VARCHAR, value VARCHAR, reason VARCHAR
)
"""


STAGING_COUNTS = """
SELECT 'oews_data', count(*) FROM staging.oews_data
UNION ALL SELECT 'reference_figures', count(*) FROM staging.reference_figures
UNION ALL SELECT 'documents', count(*) FROM staging.documents
UNION ALL SELECT 'claims', count(*) FROM staging.claims
"""


def run_statements(con: duckdb.DuckDBPyConnection, statement: str, params: dict[str, object]) -> None:
    """Bind to one statement only the `$params` it names (DuckDB rejects unused named parameters)."""
    used = {key: value for key, value in params.items() if f"${key}" in statement}
    con.execute(statement, used or None)


def cell_shares(con: duckdb.DuckDBPyConnection, observations: int, claims: int) -> dict[str, int]:
    """Shares (per million) of each class of OEWS cell that reach the target number of observations.

    Filled in order: the focus occupations nationally (always), their areas and industries, every other occupation
    nationally, then other occupations in a sample of areas. At 1,000,000 all but the last class are complete.
    """
    occupations, areas, industry_cells = con.execute(CELL_COUNTS, {"focus": FOCUS_OCCUPATIONS}).fetchone()
    releases = LAST_YEAR - FIRST_YEAR + 1
    focus, others = len(FOCUS_OCCUPATIONS), occupations - len(FOCUS_OCCUPATIONS)
    # ~0.4% of generated cells are special values without a number, and ~300 reference figures are added
    remaining = (observations - claims - 300) * 1.005 - releases * focus * 15
    shares = {}
    for name, size in (("focus_ppm", releases * (focus * areas * 17 + industry_cells * 15)),
                       ("other_national_ppm", releases * others * 15),
                       ("other_area_ppm", releases * others * areas * 17)):
        share = min(1.0, max(0.0, remaining / size))
        shares[name] = round(share * 1_000_000)
        remaining -= share * size
    return shares


def generate(db_path: Path, observations: int = 1_000_000, claims: int = 20_000,
             documents: int | None = None) -> dict[str, int]:
    """Write synthetic staging tables into a new DuckDB file; returns their row counts."""

    documents = documents or max(5, min(400, claims // 50))
    con = duckdb.connect(str(db_path))
    con.execute("SET enable_progress_bar = false")
    try:
        load_definitions(con, RAW)
        with tempfile.TemporaryDirectory() as no_snapshots:  # no live history or projections: empty, typed tables
            oews_history.load(con, Path(no_snapshots))
            ep_projections.load(con, Path(no_snapshots))
        run_script(con, staging_oews.HERE / "oews_create_dimensions.sql", {
            "area_file": str(OEWS_DIMENSIONS / "oe.area"), "industry_file": str(OEWS_DIMENSIONS / "oe.industry"),
            "occupation_file": str(OEWS_DIMENSIONS / "oe.occupation"),
            "datatype_file": str(OEWS_DIMENSIONS / "oe.datatype"),
        })
        params: dict[str, object] = {
            "focus": FOCUS_OCCUPATIONS, "first_year": FIRST_YEAR, "last_year": LAST_YEAR,
            "claims": claims, "documents": documents, **cell_shares(con, observations, claims),
        }
        for statement in (CELLS, OEWS_VALID):
            run_statements(con, statement, params)
        con.execute(OEWS_VALUES)
        con.execute(OEWS_FILES)
        run_script(con, staging_oews.OEWS_FLAG_MACROS)
        run_script(con, staging_oews.HERE / "oews_data_view.sql")
        for statement in (OEWS_ANCHORS, REFERENCE_FIGURES, REFERENCE_ANCHORS, CLAIM_DRAFTS, CLAIM_VALUES,
                          CLAIM_SENTENCES, DOCUMENTS, CLAIMS_FRAME, OCCURRENCES_FRAME, EMPTY_RULINGS,
                          EMPTY_QUARANTINE):
            run_statements(con, statement, params)
        run_script(con, staging_claims.HERE / "claims.sql")
        counts = dict(con.execute(STAGING_COUNTS).fetchall())
        con.execute("CHECKPOINT")
        return counts
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------------------------
# Child processes: each times one implementation and writes its result as JSON (and the pandas verdicts).
# ---------------------------------------------------------------------------------------------------------------


def run_sql(db_path: Path) -> dict[str, object]:
    """The pipeline's own code: build curated.observations, then every other curated table from it."""
    from datetime import datetime

    from pipeline.curated.tables import build, build_all, tables

    con = duckdb.connect(str(db_path))
    con.execute("SET enable_progress_bar = false")  # output only; the statements run as in the pipeline
    started = time.perf_counter()
    observations = build(con, tables()["curated.observations"])
    built = time.perf_counter()
    counts = build_all(con, now=datetime(2026, 1, 1), skip=frozenset({"curated.observations"}))
    finished = time.perf_counter()
    con.close()
    return {"seconds": finished - started, "observations_seconds": built - started,
            "reconcile_seconds": finished - built, "observations": observations, "counts": counts}


def run_pandas(db_path: Path, out: Path) -> dict[str, object]:
    """The pandas baseline: read the staging tables, compute observations and verdicts; verdicts go to `out`."""
    from bench.pandas_reconcile import load_staging, reconcile_claims

    started = time.perf_counter()
    con = duckdb.connect(str(db_path), read_only=True)
    staging = load_staging(con)
    con.close()
    loaded = time.perf_counter()
    verdicts, observations = reconcile_claims(staging)
    finished = time.perf_counter()
    verdicts.to_parquet(out)
    return {"seconds": finished - started, "load_seconds": loaded - started, "observations": observations}


def run_child(mode: str, db_path: Path, out_dir: Path) -> dict[str, object]:
    """Run one implementation in its own process; its peak RSS comes from `os.wait4` on that process only."""
    result_file = out_dir / f"{mode}.json"
    process = subprocess.Popen([sys.executable, __file__, "--child", mode, "--db", str(db_path),
                                "--out", str(out_dir)], cwd=REPO)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{mode} child failed with exit code {process.returncode}")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result["peak_rss_mb"] = usage.ru_maxrss / 1024  # Linux reports kilobytes
    return result


def compare(db_path: Path, pandas_verdicts: Path) -> dict[str, object]:
    """Claims whose verdict (or checked figure) differs between the SQL and the pandas implementation."""
    con = duckdb.connect(str(db_path), read_only=True)
    disagreements = con.execute("""
        SELECT coalesce(s.observation_id, p.observation_id) AS observation_id, s.verdict AS sql_verdict,
               p.verdict AS pandas_verdict, s.checked_against AS sql_checked, p.checked_against AS pandas_checked
        FROM curated.claim_verdicts AS s FULL JOIN read_parquet($path) AS p USING (observation_id)
        WHERE s.verdict IS DISTINCT FROM p.verdict OR s.checked_against IS DISTINCT FROM p.checked_against
        ORDER BY observation_id
    """, {"path": str(pandas_verdicts)}).fetchall()
    claims, = con.execute("SELECT count(*) FROM curated.claim_verdicts").fetchone()
    verdicts = dict(con.execute("SELECT verdict, count(*) FROM curated.claim_verdicts GROUP BY 1 ORDER BY 2 DESC")
                    .fetchall())
    con.close()
    verdict_diff = [row for row in disagreements if row[1] != row[2]]
    return {"claims": claims, "verdicts": verdicts, "verdict_disagreements": verdict_diff,
            "checked_disagreements": [row for row in disagreements if row[1] == row[2]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep the DuckDB file")
    parser.add_argument("--child", choices=["sql", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        result = run_sql(args.db) if args.child == "sql" else run_pandas(args.db, args.out / "pandas_verdicts.parquet")
        (args.out / f"{args.child}.json").write_text(json.dumps(result), encoding="utf-8")
        return

    with tempfile.TemporaryDirectory(prefix="reconcile_scale_") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db_path = folder / "bench.duckdb"
        db_path.unlink(missing_ok=True)
        started = time.perf_counter()
        counts = generate(db_path, args.observations, args.claims)
        print(f"generated in {time.perf_counter() - started:.1f}s: {counts}", flush=True)
        ours = run_child("sql", db_path, folder)
        print(f"sql:    {ours['seconds']:.2f}s (observations {ours['observations_seconds']:.2f}s, reconcile "
              f"{ours['reconcile_seconds']:.2f}s), peak {ours['peak_rss_mb']:.0f} MB, {ours['counts']}", flush=True)
        baseline = run_child("pandas", db_path, folder)
        print(f"pandas: {baseline['seconds']:.2f}s (reading staging {baseline['load_seconds']:.2f}s), "
              f"peak {baseline['peak_rss_mb']:.0f} MB", flush=True)
        agreement = compare(db_path, folder / "pandas_verdicts.parquet")
        print(f"verdicts: {agreement['verdicts']}")
        for row in agreement["verdict_disagreements"][:20]:
            print(f"  verdict differs: {row}")
        for row in agreement["checked_disagreements"][:20]:
            print(f"  same verdict, checked against a different figure: {row}")
        claims = agreement["claims"]
        agree = (claims - len(agreement["verdict_disagreements"])) / claims if claims else 1.0
        print(
            f"name=reconcile_scale seconds={ours['seconds']:.3f} peak_rss_mb={ours['peak_rss_mb']:.1f} floor_seconds= "
            f"baseline_seconds={baseline['seconds']:.3f} speedup={baseline['seconds'] / ours['seconds']:.2f} "
            f"observations={ours['observations']} claims={claims} verdict_agreement={agree:.6f} "
            f"baseline_peak_rss_mb={baseline['peak_rss_mb']:.1f}"
        )
        if agreement["verdict_disagreements"]:  # printed, not fatal: `make bench` goes on to the next benchmark
            print(f"{len(agreement['verdict_disagreements'])} claims have a different verdict (listed above)")


if __name__ == "__main__":
    main()
