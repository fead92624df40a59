-- curated.observations: one long table of every figure, official or claimed, with its fingerprint
-- (measure, statistic, occupation, universe, activity, place, industry, period, unit) and full provenance.
-- A place is its name as OEWS writes it (`United States` for the nation), its OEWS area code and its kind:
-- national, state, metro, nonmetro, or `other` for a place OEWS does not publish (a region, a division).
-- value_low/value_high is the interval the figure stands for: its stated precision (rounding, qualifier) and,
-- for OEWS, the 95% sampling band from the published RSE. NULL on one side means unbounded ("over 70,000").
CREATE OR REPLACE TABLE curated.observations AS
WITH
measures AS (
    SELECT measure, family AS measure_family, statistic, kind,
           regexp_matches(statistic, '^p[0-9]+$') AS is_percentile
    FROM staging.measures
),
-- OEWS places: the nation, states (with DC and territories), metropolitan and nonmetropolitan areas (OEWS files the
-- latter under area type M, named "... nonmetropolitan area")
oews_places AS (
    SELECT area_code, area_name,
           CASE areatype_code WHEN 'N' THEN 'national' WHEN 'S' THEN 'state'
                ELSE CASE WHEN area_name ILIKE '%nonmetropolitan area' THEN 'nonmetro' ELSE 'metro' END
           END AS area_type
    FROM staging.oews_areas
),
subjects AS (
    SELECT s.subject, s.kind AS subject_kind, s.soc_code, s.soc_version, coalesce(t.topic, s.subject) AS topic,
           s.phrases
    FROM staging.subjects AS s LEFT JOIN staging.subject_topics AS t USING (subject)
),
registry AS (SELECT source_id, organisation, kind AS source_kind, universe FROM staging.source_registry),
precision AS (
    SELECT qualifier, word, TRY_CAST(low_tolerance_pct AS DOUBLE) / 100 AS low_tol,
           TRY_CAST(high_tolerance_pct AS DOUBLE) / 100 AS high_tol,
           low_tolerance_pct IS NULL AS low_unbounded, high_tolerance_pct IS NULL AS high_unbounded
    FROM staging.qualifier_precision
),
-- Every OEWS value held: the current release from its time-series files, and earlier releases from the live
-- doors' snapshots (staging.oews_history; the yearly file wins over the API for one release, and neither replaces
-- a release the time-series files hold). NOT MATERIALIZED: read twice below, never copied.
oews_cells AS NOT MATERIALIZED (
    SELECT series_id, seasonal_code, areatype_code, area_code, industry_code, occupation_code, soc_code,
           datatype_code, "year", "value", value_raw, release, release_published_on, source_file, source_line,
           snapshot_sha256, 'https://data.bls.gov/timeseries/' || series_id AS url
    FROM staging.oews_data
    UNION ALL
    SELECT * FROM (
        SELECT series_id, seasonal_code, areatype_code, area_code, industry_code, occupation_code, soc_code,
               datatype_code, "year", "value", value_raw, release, NULL::DATE AS release_published_on, source_file,
               source_line, snapshot_sha256, url
        FROM staging.oews_history
        WHERE release NOT IN (SELECT release FROM staging.oews_files)
        QUALIFY row_number() OVER (PARTITION BY release, series_id ORDER BY door = 'yearly' DESC, door) = 1
    )
),
oews AS (
    SELECT
        'oews:' || d.release || ':' || d.series_id                         AS observation_id,
        'oews'                                                              AS kind,
        'bls_oews' AS source_id, 'bls_oews' AS producer_id, 'primary' AS evidence_role,
        NULL AS document_id,
        m.measure, s.subject, d.soc_code, s.soc_version,
        CASE WHEN d.areatype_code = 'N' THEN 'United States' ELSE a.area_name END AS geography,
        d.area_code, coalesce(a.area_type, 'metro') AS area_type,
        d.industry_code,
        CASE WHEN d.industry_code = '000000' THEN NULL ELSE i.industry_name END AS industry,
        NULL AS activity,
        make_date(d."year", 5, 1) AS period_start, make_date(d."year", 5, 31) AS period_end,
        'May ' || d."year" AS reference_period, FALSE AS period_inferred,
        'OEWS May ' || d."year" AS release, d.release_published_on AS released_on_stated,
        d."value" AS value,
        CAST(m.rounding_unit AS DOUBLE) AS rounding_unit,
        rse."value" AS rse_pct,
        'exact' AS qualifier, NULL AS qualifier_text, NULL AS range_low, NULL AS range_high,
        ms.unit, d.value_raw AS value_text,
        NULL AS quote, NULL AS char_start, NULL AS char_end, NULL AS value_start, NULL AS value_end,
        NULL AS attributed_source, NULL AS universe_hint,
        d.url, d.source_file, d.source_line, d.snapshot_sha256,
        NULL AS transform, TRUE AS in_scope
    FROM oews_cells AS d
    JOIN staging.oews_measures AS m USING (datatype_code)
    JOIN staging.measures AS ms ON ms.measure = m.measure
    LEFT JOIN (  -- the same series' relative standard error; only RSE rows go into the join's hash table
        SELECT * FROM oews_cells
        WHERE datatype_code IN (SELECT rse_datatype_code FROM staging.oews_measures)
    ) AS rse
        ON rse.release = d.release AND rse.seasonal_code = d.seasonal_code AND rse.areatype_code = d.areatype_code
       AND rse.area_code = d.area_code AND rse.industry_code = d.industry_code
       AND rse.occupation_code = d.occupation_code AND rse.datatype_code = m.rse_datatype_code
    LEFT JOIN oews_places AS a ON a.area_code = d.area_code
    LEFT JOIN staging.oews_industries AS i ON i.industry_code = d.industry_code
    LEFT JOIN subjects AS s ON s.soc_code = d.soc_code
    WHERE d."value" IS NOT NULL
),
-- Employment Projections workbooks (staging.ep_projections): base-year and projected employment, the change over
-- the cycle (number and percent) and average annual openings, per occupation and cycle.
ep AS (
    SELECT
        'ep:' || p.cycle || ':' || p.soc_code || ':' || f.measure AS observation_id,
        'ep' AS kind, 'bls_ep' AS source_id, 'bls_ep' AS producer_id, 'primary' AS evidence_role,
        NULL AS document_id, f.measure, s.subject, p.soc_code, s.soc_version,
        'United States' AS geography, '0000000' AS area_code, 'national' AS area_type, NULL AS industry,
        NULL AS activity, f.period_start, f.period_end, f.reference_period, FALSE AS period_inferred,
        'Employment Projections ' || p.cycle AS release, NULL::DATE AS released_on_stated,
        f."value", f.rounding_unit, NULL AS rse_pct,
        'exact' AS qualifier, NULL AS qualifier_text, NULL AS range_low, NULL AS range_high,
        ms.unit, CAST(f."value" AS VARCHAR) AS value_text,
        NULL AS quote, NULL AS char_start, NULL AS char_end, NULL AS value_start, NULL AS value_end,
        NULL AS attributed_source, NULL AS universe_hint,
        p.url, p.source_file, p.source_line, p.snapshot_sha256,
        NULL AS transform, TRUE AS in_scope
    FROM staging.ep_projections AS p
    CROSS JOIN LATERAL (VALUES
        ('employment_count', CAST(p.employment_base AS DOUBLE), 100.0,
         make_date(p.base_year, 1, 1), make_date(p.base_year, 12, 31), CAST(p.base_year AS VARCHAR)),
        ('projected_employment', CAST(p.employment_projected AS DOUBLE), 100.0,
         make_date(p.projected_year, 1, 1), make_date(p.projected_year, 12, 31), CAST(p.projected_year AS VARCHAR)),
        ('employment_change', CAST(p.change_number AS DOUBLE), 100.0,
         make_date(p.base_year, 1, 1), make_date(p.projected_year, 12, 31), p.base_year || '-' || p.projected_year),
        ('employment_growth_pct', p.change_percent, 0.1,
         make_date(p.base_year, 1, 1), make_date(p.projected_year, 12, 31), p.base_year || '-' || p.projected_year),
        ('annual_openings', CAST(p.annual_openings AS DOUBLE), 100.0,
         make_date(p.base_year, 1, 1), make_date(p.projected_year, 12, 31), p.base_year || '-' || p.projected_year)
    ) AS f(measure, "value", rounding_unit, period_start, period_end, reference_period)
    JOIN staging.measures AS ms ON ms.measure = f.measure
    LEFT JOIN subjects AS s ON s.soc_code = p.soc_code
    WHERE f."value" IS NOT NULL
),
reference AS (
    SELECT
        'ref:' || substr(md5(concat_ws('|', r.url, r.measure, r.soc_code_raw, r.occupation_title, r.reference_period,
                                         r.geography, r.note, r.value_raw)), 1, 16) AS observation_id,
        'reference' AS kind,
        r.publisher_id AS source_id, r.producer_id, r.source_role AS evidence_role,
        NULL AS document_id,
        coalesce(al.measure, r.measure) AS measure,
        coalesce(s_code.subject, s_title.subject, 'unknown') AS subject,
        r.soc_code,
        coalesce(s_code.soc_version, s_title.soc_version) AS soc_version,
        nullif(r.geography, 'n/a') AS geography,
        CASE WHEN r.geography = 'United States' THEN '0000000' ELSE ar.area_code END AS area_code,
        CASE WHEN nullif(r.geography, 'n/a') IS NULL THEN NULL WHEN r.geography = 'United States' THEN 'national'
             WHEN ar.areatype_code = 'S' THEN 'state' WHEN ar.areatype_code = 'M' THEN 'metro' ELSE 'other'
        END AS area_type,
        r.industry,
        al.activity,
        r.period_start, r.period_end, r.reference_period, r.period_inferred,
        r.dataset AS release,
        r."value" AS value, r.rounding_unit, NULL AS rse_pct,
        r.qualifier, NULL AS qualifier_text, NULL AS range_low, NULL AS range_high,
        coalesce(ua.unit, r.unit) AS unit, r.value_raw AS value_text,
        NULL AS quote, NULL AS char_start, NULL AS char_end, NULL AS value_start, NULL AS value_end,
        NULL AS attributed_source, NULL AS universe_hint,
        r.url, r.source_file, r.source_line, r.snapshot_sha256,
        NULL AS transform, TRUE AS in_scope
    FROM staging.reference_figures AS r
    LEFT JOIN staging.measure_aliases AS al ON al.alias = r.measure
    LEFT JOIN staging.unit_aliases AS ua ON ua.alias = r.unit
    LEFT JOIN subjects AS s_code ON s_code.soc_code = r.soc_code
    LEFT JOIN subjects AS s_title ON list_contains(string_split(s_title.phrases, '|'), lower(r.occupation_title))
    LEFT JOIN staging.oews_areas AS ar ON ar.area_name = r.geography
),
claims AS (
    SELECT
        'claim:' || c.claim_id AS observation_id,
        'claim' AS kind,
        'article:' || c.document_id AS source_id,
        NULL AS producer_id, 'article_claim' AS evidence_role,
        c.document_id,
        c.measure, c.subject,
        -- A SOC 2010 title used for a period after SOC 2018 came into use (soc_crosswalk.csv) names the part
        -- that holds coders, the first of the SOC 2018 parts.
        CASE WHEN s.soc_version = '2010' AND c.period_end >= CAST(x.soc_2018_in_use_from AS DATE)
             THEN split_part(x.soc_2018_parts, '|', 1) ELSE s.soc_code END AS soc_code,
        CASE WHEN s.soc_version = '2010' AND c.period_end >= CAST(x.soc_2018_in_use_from AS DATE)
             THEN '2018' ELSE s.soc_version END AS soc_version,
        -- the place and industry the text gives the figure (the nation and all industries when it names none)
        c.geography, c.area_code, c.area_type, c.industry, c.activity,
        c.period_start, c.period_end, c.reference_period, c.period_from_document_date AS period_inferred,
        NULL AS release,
        c."value", c.rounding_unit, NULL AS rse_pct,
        c.qualifier, c.qualifier_text, c.range_low, c.range_high,
        c.unit, c.value_text,
        c.quote, c.char_start, c.char_end, c.value_start, c.value_end,
        c.attributed_source, c.universe AS universe_hint,
        doc.url, c.source_file, c.source_line, c.document_sha256 AS snapshot_sha256,
        NULL AS transform, c.in_scope
    FROM staging.claims AS c
    JOIN staging.documents AS doc USING (document_id)
    LEFT JOIN subjects AS s USING (subject)
    LEFT JOIN staging.soc_crosswalk AS x ON x.soc_2010 = s.soc_code
),
-- OEWS employment cells, read by the two derivations below (a small share of all cells)
oews_employment AS MATERIALIZED (
    SELECT * FROM oews WHERE measure = 'employment_count'
),
-- SOC 2018 parts summed back to their SOC 2010 aggregate (29-2072 + 29-9021 = 29-2071), per OEWS release and
-- place where every part is published; its RSE combines the parts' sampling errors (independent estimates).
crosswalk_sums AS (
    SELECT
        'derived:' || x.soc_2010 || ':' || o.release
            || CASE WHEN o.area_code <> '0000000' THEN ':' || o.area_code ELSE '' END AS observation_id,
        'derived' AS kind, 'bls_oews' AS source_id, 'bls_oews' AS producer_id, 'primary' AS evidence_role,
        NULL AS document_id, o.measure, s.subject, x.soc_2010 AS soc_code, '2010 (sum of SOC 2018 parts)' AS soc_version,
        o.geography, o.area_code, o.area_type, NULL AS industry, NULL AS activity,
        any_value(o.period_start) AS period_start, any_value(o.period_end) AS period_end,
        any_value(o.reference_period) AS reference_period, FALSE AS period_inferred, o.release,
        sum(o.value) AS value, any_value(o.rounding_unit) AS rounding_unit,
        100 * sqrt(sum(power(coalesce(o.rse_pct, 0) / 100 * o.value, 2))) / nullif(sum(o.value), 0) AS rse_pct,
        'exact' AS qualifier, NULL AS qualifier_text, NULL AS range_low, NULL AS range_high,
        any_value(o.unit) AS unit, NULL AS value_text,
        NULL AS quote, NULL AS char_start, NULL AS char_end, NULL AS value_start, NULL AS value_end,
        NULL AS attributed_source, NULL AS universe_hint,
        string_agg(o.url, ' + ' ORDER BY o.soc_code) AS url,
        any_value(o.source_file) AS source_file, NULL AS source_line, any_value(o.snapshot_sha256) AS snapshot_sha256,
        'sum of SOC 2018 ' || replace(x.soc_2018_parts, '|', ' + ') || ' = SOC 2010 ' || x.soc_2010 AS transform,
        max(o.released_on_stated) AS released_on_stated,
        TRUE AS in_scope
    FROM staging.soc_crosswalk AS x
    JOIN oews_employment AS o ON list_contains(string_split(x.soc_2018_parts, '|'), o.soc_code)
    LEFT JOIN subjects AS s ON s.soc_code = x.soc_2010
    WHERE o.measure = 'employment_count' AND o.industry IS NULL
    GROUP BY x.soc_2010, x.soc_2018_parts, o.release, o.measure, s.subject, o.geography, o.area_code, o.area_type
    HAVING count(DISTINCT o.soc_code) = len(string_split(x.soc_2018_parts, '|'))
),
-- An occupation's share of an industry's jobs (OEWS "percent of industry employment"), derived from the
-- occupation's and all occupations' employment in the same industry and place; it carries the occupation's RSE.
industry_shares AS (
    SELECT
        'derived:share:' || o.observation_id AS observation_id,
        'derived' AS kind, 'bls_oews' AS source_id, 'bls_oews' AS producer_id, 'primary' AS evidence_role,
        NULL AS document_id, 'industry_employment_share_pct' AS measure, o.subject, o.soc_code, o.soc_version,
        o.geography, o.area_code, o.area_type, o.industry, NULL AS activity,
        o.period_start, o.period_end, o.reference_period, FALSE AS period_inferred, o.release,
        100 * o.value / t.value AS value, 0.0 AS rounding_unit, o.rse_pct,
        'exact' AS qualifier, NULL AS qualifier_text, NULL AS range_low, NULL AS range_high,
        ms.unit, NULL AS value_text,
        NULL AS quote, NULL AS char_start, NULL AS char_end, NULL AS value_start, NULL AS value_end,
        NULL AS attributed_source, NULL AS universe_hint,
        o.url || ' / ' || t.url AS url, o.source_file, NULL AS source_line, o.snapshot_sha256,
        'share of industry employment = ' || o.soc_code || ' employment / all occupations'' employment in '
            || o.industry || ' x 100' AS transform,
        o.released_on_stated, TRUE AS in_scope
    FROM oews_employment AS o
    JOIN oews_employment AS t
        ON t.release = o.release AND t.area_code = o.area_code AND t.industry_code = o.industry_code
       AND t.soc_code IN (SELECT soc_code FROM staging.focus_occupations WHERE role = 'all_occupations')
    JOIN staging.measures AS ms ON ms.measure = 'industry_employment_share_pct'
    WHERE o.industry IS NOT NULL AND t.value > 0
      AND o.soc_code NOT IN (SELECT soc_code FROM staging.focus_occupations WHERE role = 'all_occupations')
),
all_figures AS (
    SELECT * FROM oews UNION ALL BY NAME SELECT * FROM ep UNION ALL BY NAME SELECT * FROM reference
    UNION ALL BY NAME SELECT * FROM claims UNION ALL BY NAME SELECT * FROM crosswalk_sums
    UNION ALL BY NAME SELECT * FROM industry_shares
),
with_fingerprint AS (
    SELECT f.*, m.measure_family, m.statistic, m.kind AS measure_kind, s.subject_kind,
           coalesce(s.topic, f.subject) AS topic,
           CASE WHEN s.subject_kind = 'organisation' THEN f.subject
                ELSE coalesce(f.universe_hint, reg.universe) END AS universe,
           coalesce(p_word.low_tol, p_default.low_tol) AS low_tol,
           coalesce(p_word.high_tol, p_default.high_tol) AS high_tol,
           coalesce(p_word.low_unbounded, p_default.low_unbounded) AS low_unbounded,
           coalesce(p_word.high_unbounded, p_default.high_unbounded) AS high_unbounded
    FROM all_figures AS f
    LEFT JOIN measures AS m USING (measure)
    LEFT JOIN subjects AS s USING (subject)
    LEFT JOIN registry AS reg ON reg.source_id = f.producer_id
    -- "the lowest 10% earn less than $20,440" states the 10th percentile itself: for a percentile, a bound word
    -- describes the earners beyond it, not the figure's precision
    LEFT JOIN precision AS p_word
        ON p_word.qualifier = CASE WHEN m.is_percentile AND f.qualifier IN ('lower_bound', 'upper_bound')
                                   THEN 'exact' ELSE f.qualifier END
       AND p_word.word = lower(f.qualifier_text)
    LEFT JOIN precision AS p_default
        ON p_default.qualifier = CASE WHEN m.is_percentile AND f.qualifier IN ('lower_bound', 'upper_bound')
                                      THEN 'exact' ELSE f.qualifier END
       AND p_default.word IS NULL
),
-- The release-calendar rule of each (producer, measure kind): the most specific matching row wins.
calendar AS (
    SELECT k.producer_id, k.measure_kind, rc.anchor, CAST(rc.lag_months AS INTEGER) AS lag_months,
           TRY_CAST(rc.cadence_months AS INTEGER) AS cadence_months
    FROM (SELECT DISTINCT producer_id, measure_kind FROM with_fingerprint WHERE kind <> 'claim') AS k
    JOIN staging.release_calendar AS rc
        ON (rc.producer_id = k.producer_id OR rc.producer_id = '*')
       AND (rc.measure_kind = k.measure_kind OR rc.measure_kind = '*')
    QUALIFY row_number() OVER (PARTITION BY k.producer_id, k.measure_kind
                               ORDER BY rc.producer_id = '*', rc.measure_kind = '*') = 1
),
-- When each official figure became the current published value: a stated date, else the release calendar.
with_release AS (
    SELECT w.*,
        coalesce(w.released_on_stated,
                 -- a cycle known only by its end ("through 2033") started ten years earlier
                 CAST(CASE cal.anchor
                          WHEN 'period_start' THEN coalesce(w.period_start, make_date(year(w.period_end) - 10, 1, 1))
                          ELSE w.period_end END
                      + to_months(cal.lag_months) AS DATE)) AS released_on,
        w.released_on_stated IS NULL AS released_on_estimated,
        cal.cadence_months,
        -- one key per series (fingerprint and producer): cheaper to partition on than nine columns
        hash(w.kind = 'claim', w.measure, coalesce(w.soc_code, w.subject), w.universe, w.activity, w.geography,
             w.industry, w.producer_id, w.transform) AS series_key
    FROM with_fingerprint AS w
    LEFT JOIN calendar AS cal
        ON w.kind <> 'claim' AND cal.producer_id = w.producer_id AND cal.measure_kind = w.measure_kind
),
-- The next period of the same series replaced a figure on its release date (a lead over distinct periods is far
-- cheaper than a range window over every row).
successors AS (
    SELECT series_key, period_end,
           lead(released_on) OVER (PARTITION BY series_key ORDER BY period_end) AS superseded_on
    FROM (SELECT series_key, period_end, min(released_on) AS released_on
          FROM with_release WHERE kind <> 'claim' AND period_end IS NOT NULL GROUP BY ALL)
)
SELECT
    observation_id::VARCHAR AS observation_id, kind::VARCHAR AS kind, source_id::VARCHAR AS source_id,
    producer_id::VARCHAR AS producer_id, evidence_role::VARCHAR AS evidence_role, document_id::VARCHAR AS document_id,
    measure::VARCHAR AS measure, measure_family::VARCHAR AS measure_family, statistic::VARCHAR AS statistic,
    subject::VARCHAR AS subject, subject_kind::VARCHAR AS subject_kind, topic::VARCHAR AS topic,
    soc_code::VARCHAR AS soc_code, soc_version::VARCHAR AS soc_version, universe::VARCHAR AS universe,
    activity::VARCHAR AS activity, geography::VARCHAR AS geography, area_code::VARCHAR AS area_code,
    area_type::VARCHAR AS area_type, industry::VARCHAR AS industry,
    period_start::DATE AS period_start, period_end::DATE AS period_end, reference_period::VARCHAR AS reference_period,
    period_inferred::BOOLEAN AS period_inferred, release::VARCHAR AS release,
    released_on::DATE AS released_on, released_on_estimated::BOOLEAN AS released_on_estimated,
    successors.superseded_on::DATE AS superseded_on,
    -- the producer's current figure until the next release: the next one held, else one cadence later (a release
    -- the warehouse does not hold still replaced it then)
    least(successors.superseded_on, CAST(released_on + to_months(cadence_months) AS DATE))::DATE AS current_until,
    value::DOUBLE AS value,
    (CASE WHEN low_unbounded THEN NULL
          ELSE coalesce(range_low, value) - greatest(rounding_unit / 2, abs(value) * low_tol,
                                                     coalesce(1.96 * rse_pct / 100 * value, 0)) END)::DOUBLE AS value_low,
    (CASE WHEN high_unbounded THEN NULL
          ELSE coalesce(range_high, value) + greatest(rounding_unit / 2, abs(value) * high_tol,
                                                      coalesce(1.96 * rse_pct / 100 * value, 0)) END)::DOUBLE AS value_high,
    unit::VARCHAR AS unit, qualifier::VARCHAR AS qualifier, qualifier_text::VARCHAR AS qualifier_text,
    rounding_unit::DOUBLE AS rounding_unit, rse_pct::DOUBLE AS rse_pct, value_text::VARCHAR AS value_text,
    quote::VARCHAR AS quote, char_start::BIGINT AS char_start, char_end::BIGINT AS char_end,
    value_start::BIGINT AS value_start, value_end::BIGINT AS value_end,
    attributed_source::VARCHAR AS attributed_source, transform::VARCHAR AS transform, url::VARCHAR AS url,
    source_file::VARCHAR AS source_file, source_line::BIGINT AS source_line, snapshot_sha256::VARCHAR AS snapshot_sha256,
    evidence_role IN ('primary', 'secondary_citation') AS is_official,
    in_scope::BOOLEAN AS in_scope
FROM with_release
LEFT JOIN successors USING (series_key, period_end)
