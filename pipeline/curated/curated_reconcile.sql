-- Reconciliation, set-based: which official figures each claim can be checked against, its verdict and
-- reasons, pairwise comparability inside each topic, the conflicts editors review, and the recommended figures.
--
-- Vocabulary (DOMAIN.md): verdicts confirmed / outdated / misattributed / not_comparable / contradicted /
-- unverifiable; reasons rounding / sampling_error / vintage / superseded_cycle / stale_citation / misattribution /
-- unit_or_scale_slip / copying / definition / genuine.

-- The authority rank of every official figure, from the declared policy (first matching rule wins).
CREATE OR REPLACE TEMP TABLE authority AS
SELECT k.kind AS producer_kind, k.evidence_role, CAST(ap.rank AS INTEGER) AS authority_rank, ap.rule AS authority_rule
FROM (SELECT DISTINCT reg.kind, o.evidence_role
      FROM curated.observations AS o JOIN staging.source_registry AS reg ON reg.source_id = o.producer_id
      WHERE o.is_official) AS k
JOIN staging.authority_policy AS ap
    ON (ap.producer_kind = '*' OR ap.producer_kind = k.kind) AND ap.evidence_role = k.evidence_role
QUALIFY row_number() OVER (PARTITION BY k.kind, k.evidence_role ORDER BY CAST(ap.rank AS INTEGER)) = 1;

CREATE OR REPLACE TEMP TABLE ranked_official AS
SELECT o.*, a.authority_rank, a.authority_rule, reg.organisation AS producer_organisation, m.kind AS measure_kind
FROM curated.observations AS o
JOIN staging.source_registry AS reg ON reg.source_id = o.producer_id
JOIN staging.measures AS m ON m.measure = o.measure
JOIN authority AS a ON a.producer_kind = reg.kind AND a.evidence_role = o.evidence_role
WHERE o.is_official;

-- Measures that can be compared after a transform (hourly x 2080 = annual), in both directions.
-- `factor` converts a b-measure value into a-measure units: a = annual, b = hourly gives 2080.
CREATE OR REPLACE TEMP TABLE measure_pairs AS
SELECT measure AS a_measure, measure AS b_measure, 1.0 AS factor, NULL AS transform FROM staging.measures
UNION ALL
SELECT to_measure, from_measure, CAST(factor AS DOUBLE), transform FROM staging.measure_transforms
UNION ALL
SELECT from_measure, to_measure, 1.0 / CAST(factor AS DOUBLE), transform FROM staging.measure_transforms;

CREATE OR REPLACE TEMP TABLE claim_obs AS
SELECT o.*, m.kind AS measure_kind, d.published_on AS document_date
FROM curated.observations AS o
JOIN staging.measures AS m USING (measure)
JOIN curated.documents AS d USING (document_id)
WHERE o.kind = 'claim';

-- Every (claim, official figure) pair in the same topic and measure family, with what differs.
CREATE OR REPLACE TEMP TABLE claim_candidates AS
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
FROM claim_obs AS c
-- Claims speak of the whole country and all industries; area and industry cells are never candidates.
JOIN ranked_official AS r
    ON r.topic = c.topic AND r.measure_family = c.measure_family
   AND (r.geography IS NULL OR r.geography = c.geography) AND r.industry IS NULL
LEFT JOIN measure_pairs AS mp ON mp.a_measure = c.measure AND mp.b_measure = r.measure
LEFT JOIN staging.attributions AS att ON att.attributed_source = c.attributed_source
WHERE c.in_scope;

-- The current figure for each claim: the compatible official figure of the latest period, then by authority.
CREATE OR REPLACE TEMP TABLE claim_current AS
SELECT * FROM claim_candidates WHERE len(differing_fields) = 0
QUALIFY row_number() OVER (PARTITION BY claim_id
                           ORDER BY official_period_end DESC NULLS LAST, authority_rank,
                                    measure_transform IS NOT NULL, official_id) = 1;

-- The figure that was current when the article was published (vintage check): released on or before its date.
CREATE OR REPLACE TEMP TABLE claim_at_writing AS
SELECT * FROM claim_candidates
WHERE len(differing_fields) = 0 AND document_date IS NOT NULL AND official_released_on <= document_date
QUALIFY row_number() OVER (PARTITION BY claim_id
                           ORDER BY official_period_end DESC NULLS LAST, authority_rank,
                                    measure_transform IS NOT NULL, official_id) = 1;

-- One grouped pass over each claim's candidates (correlated subqueries per claim do not scale).
CREATE OR REPLACE TEMP TABLE claim_facts AS
WITH per_claim AS (
    SELECT
        cc.claim_id,
        -- an earlier compatible figure that matches the claim: it was right for an older release or cycle
        first(cc.official_id ORDER BY cc.official_period_end DESC, cc.authority_rank,
                                      cc.measure_transform IS NOT NULL, cc.official_id)
            FILTER (WHERE len(cc.differing_fields) = 0 AND cc.overlaps
                          AND cc.official_period_end < cur.official_period_end) AS earlier_match_id,
        count(*) FILTER (WHERE len(cc.differing_fields) = 0 AND cc.from_cited_source) AS cited_source_figures,
        count(*) FILTER (WHERE len(cc.differing_fields) = 0 AND cc.from_cited_source AND cc.overlaps)
            AS cited_source_matches,
        -- the closest look-alike when nothing is compatible: fewest differing fields, then latest, then authority
        first({'id': cc.official_id, 'fields': cc.differing_fields}
              ORDER BY len(cc.differing_fields), cc.official_period_end DESC NULLS LAST, cc.authority_rank,
                       cc.measure_transform IS NOT NULL, cc.official_id) AS nearest
    FROM claim_candidates AS cc
    LEFT JOIN claim_current AS cur USING (claim_id)
    GROUP BY cc.claim_id
)
SELECT
    c.observation_id AS claim_id, c.in_scope, c.measure_kind, c.attributed_source, c.period_end, c.period_inferred,
    cur.official_id AS current_id, cur.overlaps AS current_overlaps, cur.official_period_end AS current_period_end,
    cur.official_value_in_claim_units AS current_value, cur.official_role AS current_role,
    -- the claim matches the current figure once scaled by a power of ten: a unit or scale slip (185 vs 185,000)
    len(list_filter(
        [0.000001, 0.001, 0.01, 100.0, 1000.0, 1000000.0],
        lambda k: c.value * k
            BETWEEN coalesce(cur.official_low_in_claim_units, cur.official_value_in_claim_units)
                AND coalesce(cur.official_high_in_claim_units, cur.official_value_in_claim_units))) > 0 AS scale_slip,
    aw.official_id AS at_writing_id, aw.overlaps AS at_writing_overlaps, c.document_date,
    aw.official_id IS NOT NULL AND aw.official_id <> cur.official_id AS newer_since_writing,
    pc.earlier_match_id, coalesce(pc.cited_source_figures, 0) AS cited_source_figures,
    coalesce(pc.cited_source_matches, 0) AS cited_source_matches, pc.nearest
FROM claim_obs AS c
LEFT JOIN claim_current AS cur ON cur.claim_id = c.observation_id
LEFT JOIN claim_at_writing AS aw ON aw.claim_id = c.observation_id
LEFT JOIN per_claim AS pc ON pc.claim_id = c.observation_id;

CREATE OR REPLACE TABLE curated.claim_verdicts AS
WITH decided AS (
    SELECT f.*,
        CASE
            WHEN NOT f.in_scope THEN 'unverifiable'
            WHEN f.current_id IS NULL AND f.nearest IS NOT NULL THEN 'not_comparable'
            WHEN f.current_id IS NULL THEN 'unverifiable'
            WHEN f.current_overlaps THEN 'confirmed'
            WHEN f.newer_since_writing AND f.at_writing_overlaps THEN 'outdated'
            WHEN NOT f.period_inferred AND f.period_end < f.current_period_end THEN 'outdated'
            WHEN f.earlier_match_id IS NOT NULL THEN 'outdated'
            WHEN NOT f.period_inferred AND f.period_end > f.current_period_end THEN 'unverifiable'
            WHEN f.cited_source_figures > 0 AND f.cited_source_matches = 0 THEN 'misattributed'
            ELSE 'contradicted'
        END AS verdict
    FROM claim_facts AS f
)
SELECT
    d.claim_id AS observation_id,
    d.verdict,
    CASE d.verdict
        WHEN 'confirmed' THEN CASE WHEN d.current_value IS NOT NULL AND c.value <> d.current_value
                                   THEN ['rounding'] ELSE [] END
        WHEN 'outdated' THEN list_concat(
            CASE WHEN d.measure_kind = 'projection' THEN ['superseded_cycle'] ELSE ['vintage'] END,
            -- it cites a release that had already been replaced when the article was written
            CASE WHEN em.superseded_on <= d.document_date THEN ['stale_citation'] ELSE [] END)
        WHEN 'misattributed' THEN CASE WHEN d.scale_slip THEN ['misattribution', 'unit_or_scale_slip']
                                       ELSE ['misattribution'] END
        WHEN 'not_comparable' THEN ['definition']
        WHEN 'contradicted' THEN CASE WHEN d.scale_slip THEN ['unit_or_scale_slip'] ELSE ['genuine'] END
        ELSE []
    END::VARCHAR[] AS reasons,
    CASE WHEN d.verdict = 'not_comparable' THEN d.nearest.id ELSE d.current_id END AS checked_against,
    o.value AS official_value,
    o.period_end AS official_period_end,
    o.evidence_role AS official_evidence_role,
    d.earlier_match_id AS earlier_match,
    d.at_writing_id AS checked_at_writing,
    aw.value AS at_writing_value,
    CASE WHEN d.at_writing_id IS NULL THEN 'unknown' WHEN d.at_writing_overlaps THEN 'right' ELSE 'wrong' END
        AS when_written,
    CASE WHEN d.verdict = 'not_comparable' THEN d.nearest.fields ELSE []::VARCHAR[] END AS differing_fields,
    CASE d.verdict
        WHEN 'unverifiable' THEN CASE
            WHEN NOT d.in_scope THEN 'not a statistic about this domain'
            WHEN d.current_id IS NOT NULL THEN 'the claim refers to a period after the newest official figure held'
            ELSE 'no official figure for this fingerprint in the warehouse' END
        WHEN 'not_comparable' THEN 'nearest official figure differs in: ' || array_to_string(d.nearest.fields, ', ')
        WHEN 'outdated' THEN CASE
            WHEN d.newer_since_writing AND d.at_writing_overlaps
            THEN 'was right when written (' || strftime(d.document_date, '%Y-%m-%d') || '); a newer release differs'
            WHEN d.earlier_match_id IS NOT NULL
            THEN 'matches an earlier release; the newest figure differs'
            ELSE 'refers to an earlier period than the newest official figure, which differs' END
        WHEN 'misattributed' THEN 'no release of ' || d.attributed_source || ' in the warehouse matches'
        WHEN 'contradicted' THEN CASE WHEN d.scale_slip
            THEN 'matches the current official figure only after a power-of-ten rescaling: a unit or scale slip'
            ELSE 'outside the stated precision and sampling error of the current official figure' END
            || CASE WHEN d.attributed_source IS NULL THEN '; the claim names no source' ELSE '' END
        ELSE 'within the stated precision of the current official figure'
    END || CASE WHEN o.evidence_role = 'secondary_citation'
                THEN ' (official figure known only through a page citing it)' ELSE '' END AS evidence
FROM decided AS d
JOIN curated.observations AS c ON c.observation_id = d.claim_id
LEFT JOIN curated.observations AS o
    ON o.observation_id = CASE WHEN d.verdict = 'not_comparable' THEN d.nearest.id ELSE d.current_id END
LEFT JOIN curated.observations AS aw ON aw.observation_id = d.at_writing_id
LEFT JOIN curated.observations AS em ON em.observation_id = d.earlier_match_id
ORDER BY d.claim_id;

-- Conflict members: in-scope claims, the figures they were checked against, and per topic the leading
-- official figure of each distinct definition (national, all industries) so editors see every look-alike.
CREATE OR REPLACE TEMP TABLE conflict_members AS
WITH claim_topics AS (
    SELECT DISTINCT topic, measure_family FROM claim_obs WHERE in_scope AND measure <> 'unknown'
),
leading_official AS (
    SELECT r.* FROM ranked_official AS r
    JOIN claim_topics AS t USING (topic, measure_family)
    WHERE coalesce(r.geography, 'United States') = 'United States' AND r.industry IS NULL
    QUALIFY row_number() OVER (
        PARTITION BY r.topic, r.measure, coalesce(r.soc_code, r.subject), r.universe, r.activity, r.producer_id,
                     r.transform
        ORDER BY r.period_end DESC NULLS LAST, r.authority_rank, r.observation_id) = 1
)
SELECT DISTINCT topic, measure_family, observation_id FROM (
    SELECT topic, measure_family, observation_id FROM claim_obs WHERE in_scope AND measure <> 'unknown'
    UNION ALL
    SELECT c.topic, c.measure_family, v.checked_against
    FROM curated.claim_verdicts AS v JOIN claim_obs AS c ON c.observation_id = v.observation_id
    WHERE v.checked_against IS NOT NULL AND c.in_scope
    UNION ALL
    SELECT topic, measure_family, observation_id FROM leading_official
);

CREATE OR REPLACE TABLE curated.comparisons AS
WITH members AS (
    SELECT m.topic, m.measure_family, o.*, coalesce(o.soc_code, o.subject) AS occupation,
           -- the first claim of each definition in a topic stands for the others in claim-to-claim pairs,
           -- so pairs grow with claims x definitions, not claims x claims
           o.kind = 'claim' AND row_number() OVER (
               PARTITION BY m.topic, m.measure_family, o.kind = 'claim', o.measure, coalesce(o.soc_code, o.subject),
                            o.universe, o.activity
               ORDER BY o.observation_id) = 1 AS leads_definition
    FROM conflict_members AS m JOIN curated.observations AS o USING (observation_id)
),
pairs AS (
    SELECT
        'conflict:' || a.topic || ':' || a.measure_family AS conflict_id,
        a.observation_id AS a_id, b.observation_id AS b_id, a.value AS a_value, b.value AS b_value,
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
        a.measure_kind_projection OR b.measure_kind_projection AS is_projection
    FROM (SELECT *, measure IN (SELECT measure FROM staging.measures WHERE kind = 'projection') AS measure_kind_projection
          FROM members) AS a
    JOIN (SELECT *, measure IN (SELECT measure FROM staging.measures WHERE kind = 'projection') AS measure_kind_projection
          FROM members) AS b
        ON a.topic = b.topic AND a.measure_family = b.measure_family AND a.observation_id < b.observation_id
        -- two figures in one article are a comparison it makes (before/after, a range), not a disagreement
        AND (a.document_id IS NULL OR b.document_id IS NULL OR a.document_id <> b.document_id)
        AND (a.kind <> 'claim' OR b.kind <> 'claim' OR a.leads_definition OR b.leads_definition)
    LEFT JOIN measure_pairs AS mp ON mp.a_measure = a.measure AND mp.b_measure = b.measure
)
SELECT
    conflict_id, a_id, b_id, a_value, b_value,
    CASE WHEN len(definition_fields) > 0 THEN 'not_comparable'
         WHEN transform IS NOT NULL THEN 'comparable_after_transform'
         ELSE 'comparable' END AS comparability,
    transform,
    list_concat(definition_fields, context_fields) AS differing_fields,
    intervals_overlap AS agree,
    b_value * coalesce(factor, 1) - a_value AS gap,
    CASE WHEN a_value <> 0 THEN round(100 * (b_value * coalesce(factor, 1) - a_value) / abs(a_value), 2) END AS gap_pct,
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
ORDER BY conflict_id, a_id, b_id;

-- One conflict per topic and measure family where figures disagree or look alike but are not comparable.
CREATE OR REPLACE TABLE curated.conflicts AS
WITH grouped AS (
    SELECT
        conflict_id,
        bool_or(comparability = 'not_comparable') AS any_not_comparable,
        bool_or(comparability = 'comparable_after_transform') AS any_transform,
        bool_or(NOT agree) AS any_disagreement,
        list_sort(list_distinct(flatten(list(differing_fields)))) AS differing_fields,
        list_sort(list_distinct(flatten(list(reasons)))) AS reasons
    FROM curated.comparisons
    GROUP BY conflict_id
),
members AS (
    SELECT 'conflict:' || topic || ':' || measure_family AS conflict_id, topic, measure_family,
           list(observation_id ORDER BY observation_id) AS observation_ids
    FROM conflict_members GROUP BY ALL
),
-- Claims of each conflict and the official figures compatible with at least one of them.
compatible AS (
    SELECT 'conflict:' || c.topic || ':' || c.measure_family AS conflict_id, cc.official_id,
           count(DISTINCT cc.claim_id) AS claims_compatible,
           count(DISTINCT cc.claim_id) FILTER (WHERE cc.measure_transform IS NULL) AS claims_direct
    FROM claim_candidates AS cc JOIN claim_obs AS c ON c.observation_id = cc.claim_id
    WHERE len(cc.differing_fields) = 0
    GROUP BY ALL
),
recommended AS (
    SELECT cp.conflict_id, r.observation_id, r.value, r.authority_rank, r.authority_rule
    FROM compatible AS cp JOIN ranked_official AS r ON r.observation_id = cp.official_id
    WHERE coalesce(r.geography, 'United States') = 'United States' AND r.industry IS NULL
    QUALIFY row_number() OVER (PARTITION BY cp.conflict_id
                               ORDER BY r.authority_rank, r.period_end DESC NULLS LAST, cp.claims_direct DESC,
                                        cp.claims_compatible DESC, r.observation_id) = 1
)
SELECT
    m.conflict_id, m.measure_family AS measure, m.topic, m.observation_ids,
    CASE WHEN g.any_not_comparable THEN 'not_comparable'
         WHEN g.any_transform THEN 'comparable_after_transform'
         ELSE 'comparable' END AS comparability,
    g.differing_fields, g.reasons,
    rec.value AS recommended_value, rec.observation_id AS recommended_observation_id,
    CASE WHEN rec.observation_id IS NULL
         THEN 'no official figure is comparable with the claims: do not pick one'
         ELSE 'authority rank ' || rec.authority_rank || ' (' || rec.authority_rule || '), latest period' END
        AS recommendation_rule,
    len(m.observation_ids) AS figure_count
FROM members AS m
JOIN grouped AS g USING (conflict_id)
LEFT JOIN recommended AS rec USING (conflict_id)
WHERE g.any_disagreement OR g.any_not_comparable
ORDER BY m.conflict_id;

-- The recommended figure for every official fingerprint, picked by the declared authority policy:
-- lowest authority rank, then latest period, then id (an arg_min per fingerprint; a window over every row is slower).
CREATE OR REPLACE TABLE curated.recommended_figures AS
WITH picked AS (
    SELECT arg_min(observation_id,
                   (authority_rank, -epoch_ms(coalesce(period_end, DATE '1900-01-01')), observation_id)) AS observation_id
    FROM ranked_official
    GROUP BY measure, coalesce(soc_code, subject), universe, activity, geography, industry, unit
)
SELECT
    r.measure, r.statistic, coalesce(r.soc_code, r.subject) AS occupation, r.subject, r.universe, r.activity,
    r.geography, r.industry, r.unit,
    r.observation_id, r.value, r.value_low, r.value_high, r.period_start, r.period_end, r.reference_period,
    r.producer_id, r.evidence_role,
    'authority rank ' || r.authority_rank || ' (' || r.authority_rule || '), then latest period, then id' AS rule,
    CASE WHEN r.soc_version IN ('2010', 'hybrid')
         THEN 'Occupation code ' || r.soc_code || ' predates or straddles the SOC 2018 split of 29-2071; '
              || 'do not compare it with current 29-2072 figures.'
         ELSE coalesce(cv.caveat, 'Check the source for its definition before publishing.')
              || CASE WHEN r.evidence_role = 'secondary_citation'
                      THEN ' Known only through a page citing the producer.' ELSE '' END
    END AS caveat,
    CASE WHEN r.soc_version IN ('2010', 'hybrid') THEN 'do_not_publish'
         WHEN r.evidence_role = 'primary' THEN coalesce(cv.publish_label, 'publish')
         ELSE 'publish_with_caveat' END AS publish_label
FROM picked
JOIN ranked_official AS r USING (observation_id)
LEFT JOIN staging.caveats AS cv ON cv.producer_id = r.producer_id;
