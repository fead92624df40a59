-- internal.claim_candidates: every (in-scope claim, official figure) pair in the same topic and measure family that
-- could bear on the claim: figures for the claim's own place and industry, and the national, all-industry figures
-- beside them (look-alikes, never evidence about another place). Each pair has the fingerprint fields that differ,
-- how far each difference goes, whether the intervals overlap, and the official figure in the claim's unit.
--
-- A difference is `not_comparable` when the claim names another statistic (a median against a mean), another
-- universe (a member survey's average against the establishment survey's mean; all jobs against wage-and-salary
-- jobs), the SOC 2010 group where only its SOC 2018 parts are held (29-2071 against 29-2072), or a place OEWS does not
-- publish while the statistic is published by place and cannot be built from places (a median or mean of a region;
-- a region's count is a sum of its parts, unverifiable without them). It `rules_out` the figure when the measure, the
-- subject (who is counted: a credential group, another kind of organisation), the activity, the industry, a
-- published place or, for a survey of organisations, the survey (the claim credits another producer) differs: such
-- a figure may be named to the reader, never used as evidence.
CREATE OR REPLACE TABLE internal.claim_candidates AS
WITH
claims AS (
    SELECT c.*, coalesce(m.base_measure, c.measure) AS base_measure, m.unit AS measure_unit
    FROM internal.claim_observations AS c JOIN staging.measures AS m USING (measure)
    WHERE c.in_scope
),
-- the all-occupation totals (raw/definitions/focus_occupations.csv, role `all_occupations`) are context for
-- derived shares, never evidence about a claim
official AS (
    SELECT r.observation_id, r.topic, r.measure_family, r.measure, r.statistic, r.subject, r.soc_code, r.universe,
           r.activity, r.geography, r.industry, r.period_end, r.period_inferred, r.evidence_role, r.producer_id,
           r.released_on, r.superseded_on, r.current_until, r.value, r.value_low, r.value_high, r.authority_rank,
           r.authority_rule, coalesce(m.base_measure, r.measure) AS base_measure, m.unit AS measure_unit
    FROM internal.ranked_official AS r JOIN staging.measures AS m USING (measure)
    -- only figures that can meet a claim: its topic, its place or the nation, its industry or all industries
    WHERE r.topic IN (SELECT topic FROM claims)
      AND (r.geography IS NULL OR r.geography = 'United States' OR r.geography IN (SELECT geography FROM claims))
      AND (r.industry IS NULL OR lower(r.industry) IN (SELECT lower(industry) FROM claims))
      AND coalesce(r.soc_code, '') NOT IN (
          SELECT soc_code FROM staging.focus_occupations WHERE role = 'all_occupations')
),
-- (topic, measure) published for places below the nation: a claim about a place OEWS does not publish names a place
-- the measure could have been published for, so the national figure is a look-alike, not a gap in the data
published_by_place AS (
    SELECT DISTINCT topic, measure FROM internal.ranked_official
    WHERE geography <> 'United States' AND topic IN (SELECT topic FROM claims WHERE area_type = 'other')
),
pairs AS (
    SELECT
        c.observation_id AS claim_id, r.observation_id AS official_id, r.authority_rank, r.authority_rule,
        r.period_end AS official_period_end, r.period_inferred AS official_period_inferred,
        r.evidence_role AS official_role, r.producer_id, r.released_on AS official_released_on,
        r.superseded_on AS official_superseded_on, r.current_until AS official_current_until, c.document_date,
        mp.factor, mp.transform AS measure_transform,
        -- the statistic differs (median vs mean, p10 vs p90) for values of one kind (dollars with dollars)
        c.statistic <> r.statistic AND split_part(c.measure_unit, '/', 1) = split_part(r.measure_unit, '/', 1)
            AS statistic_differs,
        mp.a_measure IS NOT NULL AS measures_pair,
        -- a statistic published by place that no sum of places gives (a count adds up; a median does not)
        pbp.measure IS NOT NULL AND c.statistic <> 'count' AS place_lookalike,
        c.subject, c.subject_kind, c.soc_code, c.soc_version, c.universe, c.activity, c.geography, c.area_type,
        c.industry, c.measure, c.base_measure, c.value_low, c.value_high, c.attributed_source,
        r.subject AS r_subject, r.soc_code AS r_soc_code, r.universe AS r_universe, r.activity AS r_activity,
        r.geography AS r_geography, r.industry AS r_industry, r.measure AS r_measure,
        r.base_measure AS r_base_measure, r.value AS r_value, r.value_low AS r_value_low,
        r.value_high AS r_value_high, att.producer_ids
    FROM claims AS c
    JOIN official AS r
        ON r.topic = c.topic AND r.measure_family = c.measure_family
       AND (r.geography IS NULL OR r.geography = c.geography OR r.geography = 'United States')
       AND (r.industry IS NULL OR lower(r.industry) = lower(c.industry))
    -- measures compare through their base measure (a survey's average is the same quantity as a mean wage)
    LEFT JOIN internal.measure_pairs AS mp ON mp.a_measure = c.base_measure AND mp.b_measure = r.base_measure
    LEFT JOIN published_by_place AS pbp ON pbp.topic = c.topic AND pbp.measure = r.measure
    LEFT JOIN staging.attributions AS att ON att.attributed_source = c.attributed_source
),
fields AS (
    SELECT p.*,
        list_distinct(list_filter([
            CASE WHEN NOT p.measures_pair AND NOT p.statistic_differs THEN 'measure' END,
            CASE WHEN p.statistic_differs THEN 'statistic' END,
            CASE WHEN p.subject <> 'unknown' AND coalesce(p.soc_code, p.subject) <> coalesce(p.r_soc_code, p.r_subject)
                 THEN CASE WHEN p.soc_code IS NOT NULL AND p.r_soc_code IS NOT NULL THEN 'occupation' ELSE 'subject' END
            END,
            -- whose jobs or answers are counted; an organisation's population is its subject, compared above
            CASE WHEN coalesce(p.subject_kind, '') <> 'organisation' AND p.universe IS NOT NULL
                      AND p.r_universe IS NOT NULL AND p.universe <> p.r_universe THEN 'universe' END,
            -- two measures of one base quantity differ by definition of who is counted (AAPC average vs OEWS mean)
            CASE WHEN p.measures_pair AND p.measure <> p.r_measure
                      AND (p.base_measure <> p.measure OR p.r_base_measure <> p.r_measure) THEN 'universe' END,
            -- an activity is never assumed: AI "in the revenue cycle" is not AI "in any use"
            CASE WHEN coalesce(p.activity, 'any') <> coalesce(p.r_activity, 'any') THEN 'activity' END,
            CASE WHEN p.geography <> p.r_geography THEN 'geography' END,
            CASE WHEN coalesce(lower(p.industry), '') <> coalesce(lower(p.r_industry), '') THEN 'industry' END,
            -- each survey of organisations asks its own question of its own panel: a claim crediting one survey
            -- is checked against that producer's figures only (raw/registry/attributions.csv)
            CASE WHEN p.subject_kind = 'organisation' AND p.attributed_source IS NOT NULL
                      AND NOT coalesce(list_contains(string_split(p.producer_ids, '|'), p.producer_id), FALSE)
                 THEN 'source' END
        ], lambda x: x IS NOT NULL)) AS differing_fields
    FROM pairs AS p
)
SELECT
    claim_id, official_id, authority_rank, authority_rule, official_period_end, official_period_inferred,
    official_role, producer_id, official_released_on, official_superseded_on, official_current_until, document_date,
    factor, measure_transform, differing_fields,
    -- a difference that makes the figure no evidence at all (see the header)
    len(list_filter(differing_fields, lambda f: f IN ('measure', 'subject', 'activity', 'industry', 'source')
                                                 OR (f = 'geography' AND NOT (area_type = 'other' AND place_lookalike))
                                                 -- another SOC code is a look-alike only for a claim naming the
                                                 -- SOC 2010 group; for a SOC 2018 occupation it is another one
                                                 OR (f = 'occupation' AND coalesce(soc_version, '') <> '2010')
    )) > 0 AS rules_out,
    -- Intervals overlap (NULL bounds are open): the claim agrees with this figure at its stated precision.
    coalesce(value_low, '-infinity'::DOUBLE) < coalesce(r_value_high * factor, 'infinity'::DOUBLE)
        AND coalesce(r_value_low * factor, '-infinity'::DOUBLE) < coalesce(value_high, 'infinity'::DOUBLE)
        AS overlaps,
    r_value * coalesce(factor, 1) AS official_value_in_claim_units,
    r_value_low * coalesce(factor, 1) AS official_low_in_claim_units,
    r_value_high * coalesce(factor, 1) AS official_high_in_claim_units,
    list_contains(string_split(producer_ids, '|'), producer_id) AS from_cited_source,
    -- a SOC 2010 claim of a stated period, and a later figure of its SOC 2018 part, alike in all else: the
    -- occupation was split since, so the claim's release is an old one
    soc_version = '2010' AND differing_fields = ['occupation'] AS soc_successor
FROM fields
