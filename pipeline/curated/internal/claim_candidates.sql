-- internal.claim_candidates: every (in-scope claim, official figure) pair in the same topic and measure family,
-- with the fingerprint fields that differ, whether the intervals overlap, and the official figure in the claim's
-- unit. Claims speak of the whole country and all industries: area and industry cells are never candidates.
CREATE OR REPLACE TABLE internal.claim_candidates AS
SELECT
    c.observation_id AS claim_id, r.observation_id AS official_id, r.authority_rank, r.authority_rule,
    r.period_end AS official_period_end, r.evidence_role AS official_role, r.producer_id,
    r.released_on AS official_released_on, r.superseded_on AS official_superseded_on, c.document_date,
    mp.factor, mp.transform AS measure_transform,
    list_filter([
        CASE WHEN mp.a_measure IS NULL THEN 'measure' END,
        CASE WHEN c.subject <> 'unknown' AND c.subject_kind <> 'organisation'
                  AND coalesce(c.soc_code, c.subject) <> coalesce(r.soc_code, r.subject) THEN 'occupation' END,
        CASE WHEN c.universe IS NOT NULL AND r.universe IS NOT NULL AND c.universe <> r.universe THEN 'universe' END,
        -- an activity is never assumed: AI "in the revenue cycle" is not AI "in any use"
        CASE WHEN coalesce(c.activity, 'any') <> coalesce(r.activity, 'any') THEN 'activity' END,
        CASE WHEN c.geography <> r.geography THEN 'geography' END
    ], lambda x: x IS NOT NULL) AS differing_fields,
    -- Intervals overlap (NULL bounds are open): the claim agrees with this figure at its stated precision.
    coalesce(c.value_low, '-infinity'::DOUBLE) < coalesce(r.value_high * mp.factor, 'infinity'::DOUBLE)
        AND coalesce(r.value_low * mp.factor, '-infinity'::DOUBLE) < coalesce(c.value_high, 'infinity'::DOUBLE)
        AS overlaps,
    r.value * coalesce(mp.factor, 1) AS official_value_in_claim_units,
    r.value_low * coalesce(mp.factor, 1) AS official_low_in_claim_units,
    r.value_high * coalesce(mp.factor, 1) AS official_high_in_claim_units,
    list_contains(string_split(att.producer_ids, '|'), r.producer_id) AS from_cited_source
FROM internal.claim_observations AS c
JOIN internal.ranked_official AS r
    ON r.topic = c.topic AND r.measure_family = c.measure_family
   AND (r.geography IS NULL OR r.geography = c.geography) AND r.industry IS NULL
LEFT JOIN internal.measure_pairs AS mp ON mp.a_measure = c.measure AND mp.b_measure = r.measure
LEFT JOIN staging.attributions AS att ON att.attributed_source = c.attributed_source
WHERE c.in_scope
