-- curated.comparisons: every pair of figures inside each (topic, measure family) group, with its comparability,
-- the fields that differ, whether the intervals agree, the gap, and why they differ.
CREATE OR REPLACE TABLE curated.comparisons AS
WITH members AS (
    SELECT m.conflict_id, m.topic, m.measure_family, o.*, coalesce(o.soc_code, o.subject) AS occupation,
           mk.kind = 'projection' AS is_projection_measure,
           -- the first claim of each definition in a topic stands for the others in claim-to-claim pairs,
           -- so pairs grow with claims x definitions, not claims x claims
           o.kind = 'claim' AND row_number() OVER (
               PARTITION BY m.topic, m.measure_family, o.kind = 'claim', o.measure, coalesce(o.soc_code, o.subject),
                            o.universe, o.activity
               ORDER BY o.observation_id) = 1 AS leads_definition
    FROM internal.conflict_members AS m
    JOIN curated.observations AS o USING (observation_id)
    JOIN staging.measures AS mk ON mk.measure = o.measure
),
pairs AS (
    SELECT
        a.conflict_id, a.observation_id AS a_id, b.observation_id AS b_id, a.value AS a_value, b.value AS b_value,
        mp.factor, coalesce(mp.transform, a.transform, b.transform) AS transform,
        a.kind = 'claim' OR b.kind = 'claim' AS involves_claim,
        list_filter([
            CASE WHEN mp.a_measure IS NULL THEN 'measure' END,
            CASE WHEN a.statistic <> b.statistic THEN 'statistic' END,
            CASE WHEN a.subject_kind <> 'organisation' AND b.subject_kind <> 'organisation'
                      AND a.subject <> 'unknown' AND b.subject <> 'unknown' AND a.occupation <> b.occupation
                 THEN 'occupation' END,
            CASE WHEN a.universe IS NOT NULL AND b.universe IS NOT NULL AND a.universe <> b.universe THEN 'universe' END,
            CASE WHEN (a.activity IS NOT NULL OR b.activity IS NOT NULL)
                      AND coalesce(a.activity, 'any') <> coalesce(b.activity, 'any') THEN 'activity' END,
            CASE WHEN a.geography <> b.geography THEN 'geography' END,
            CASE WHEN coalesce(a.industry, '') <> coalesce(b.industry, '') THEN 'industry' END
        ], lambda x: x IS NOT NULL) AS definition_fields,
        list_filter([
            CASE WHEN a.period_end IS DISTINCT FROM b.period_end THEN 'period' END,
            CASE WHEN coalesce(a.producer_id, a.attributed_source, a.source_id)
                      <> coalesce(b.producer_id, b.attributed_source, b.source_id) THEN 'source' END,
            CASE WHEN a.unit <> b.unit THEN 'unit' END
        ], lambda x: x IS NOT NULL) AS context_fields,
        coalesce(a.value_low, '-infinity'::DOUBLE) < coalesce(b.value_high * coalesce(mp.factor, 1), 'infinity'::DOUBLE)
            AND coalesce(b.value_low * coalesce(mp.factor, 1), '-infinity'::DOUBLE) < coalesce(a.value_high, 'infinity'::DOUBLE)
            AS intervals_overlap,
        a.rse_pct IS NOT NULL OR b.rse_pct IS NOT NULL AS has_sampling_error,
        a.is_projection_measure OR b.is_projection_measure AS is_projection
    FROM members AS a
    JOIN members AS b
        ON a.conflict_id = b.conflict_id AND a.observation_id < b.observation_id
        -- two figures in one article are a comparison it makes (before/after, a range), not a disagreement
        AND (a.document_id IS NULL OR b.document_id IS NULL OR a.document_id <> b.document_id)
        AND (a.kind <> 'claim' OR b.kind <> 'claim' OR a.leads_definition OR b.leads_definition)
    LEFT JOIN internal.measure_pairs AS mp ON mp.a_measure = a.measure AND mp.b_measure = b.measure
)
SELECT
    conflict_id::VARCHAR AS conflict_id, a_id::VARCHAR AS a_id, b_id::VARCHAR AS b_id,
    a_value::DOUBLE AS a_value, b_value::DOUBLE AS b_value,
    CASE WHEN len(definition_fields) > 0 THEN 'not_comparable'
         WHEN transform IS NOT NULL THEN 'comparable_after_transform'
         ELSE 'comparable' END AS comparability,
    transform::VARCHAR AS transform,
    list_concat(definition_fields, context_fields) AS differing_fields,
    intervals_overlap AS agree,
    (b_value * coalesce(factor, 1) - a_value)::DOUBLE AS gap,
    CASE WHEN a_value <> 0 THEN round(100 * (b_value * coalesce(factor, 1) - a_value) / abs(a_value), 2) END::DOUBLE
        AS gap_pct,
    list_filter([
        CASE WHEN len(definition_fields) > 0 THEN 'definition' END,
        CASE WHEN list_contains(context_fields, 'period') AND is_projection THEN 'superseded_cycle'
             WHEN list_contains(context_fields, 'period') THEN 'vintage' END,
        CASE WHEN len(definition_fields) = 0 AND intervals_overlap AND a_value <> b_value * coalesce(factor, 1) THEN
             CASE WHEN has_sampling_error THEN 'sampling_error' ELSE 'rounding' END END,
        CASE WHEN NOT intervals_overlap AND len(definition_fields) = 0 AND NOT list_contains(context_fields, 'period')
             THEN 'genuine' END
    ], lambda x: x IS NOT NULL) AS reasons,
    involves_claim
FROM pairs
ORDER BY conflict_id, a_id, b_id
