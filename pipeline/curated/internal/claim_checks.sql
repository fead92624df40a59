-- internal.claim_checks: each claim checked against the official figures of its own fingerprint (measure and
-- statistic, subject, universe, activity, place, industry), before copies and editorial rulings are taken into
-- account (curated.claim_verdicts adds those). One row per claim.
-- The current figure is the compatible figure of the latest period (a dated release before a guessed vintage, then
-- the most authoritative, then one the claim agrees with among renderings of one release). The figure at writing
-- is the dated release that was current on the article's date; when that release is not held it is unknown, never
-- a guess. Without a compatible figure a claim is `not_comparable` when a look-alike differs only in what the claim
-- itself names (statistic, universe, SOC code, a place OEWS does not publish), else `unverifiable`: the nearest
-- figure is then named in the evidence, never used as evidence.
CREATE OR REPLACE TABLE internal.claim_checks AS
WITH
compatible AS (
    SELECT * FROM internal.claim_candidates WHERE len(differing_fields) = 0
),
claim_current AS (
    SELECT * FROM compatible
    QUALIFY row_number() OVER (PARTITION BY claim_id
                               ORDER BY official_period_end DESC NULLS LAST, official_period_inferred, authority_rank,
                                        "overlaps" DESC, measure_transform IS NOT NULL, official_id) = 1
),
claim_at_writing AS (
    SELECT * FROM compatible
    WHERE document_date IS NOT NULL AND NOT official_period_inferred AND official_released_on <= document_date
      AND (official_current_until IS NULL OR document_date < official_current_until)
    QUALIFY row_number() OVER (PARTITION BY claim_id
                               ORDER BY official_period_end DESC NULLS LAST, authority_rank, "overlaps" DESC,
                                        measure_transform IS NOT NULL, official_id) = 1
),
-- One grouped pass over each claim's candidates (correlated subqueries per claim do not scale).
per_claim AS (
    SELECT
        cc.claim_id,
        -- an earlier compatible figure that matches the claim: it was right for an older release or cycle
        first(cc.official_id ORDER BY cc.official_period_end DESC, cc.authority_rank,
                                      cc.measure_transform IS NOT NULL, cc.official_id)
            FILTER (WHERE len(cc.differing_fields) = 0 AND cc.overlaps
                          AND cc.official_period_end < cur.official_period_end) AS earlier_match_id,
        -- the cited source's figures of the very release the claim names ("May 2025"): none matching is a
        -- misattribution; a claim naming a year or no period may quote a release the warehouse does not hold
        count(*) FILTER (WHERE len(cc.differing_fields) = 0 AND cc.from_cited_source AND NOT c.period_inferred
                               AND cc.official_period_end = c.period_end) AS cited_source_figures,
        count(*) FILTER (WHERE len(cc.differing_fields) = 0 AND cc.from_cited_source AND cc.overlaps)
            AS cited_source_matches,
        -- the newest figure of the SOC 2018 part of a SOC 2010 claim, later than the claim's stated period
        first({'id': cc.official_id, 'fields': cc.differing_fields}
              ORDER BY cc.official_period_end DESC, cc.authority_rank, cc.measure_transform IS NOT NULL,
                       cc.official_id)
            FILTER (WHERE cc.soc_successor AND NOT c.period_inferred AND cc.official_period_end > c.period_end)
            AS soc_successor,
        -- the closest look-alike the claim is not comparable with: fewest differing fields, latest, authority
        first({'id': cc.official_id, 'fields': cc.differing_fields}
              ORDER BY len(cc.differing_fields), cc.official_period_end DESC NULLS LAST, cc.authority_rank,
                       cc.measure_transform IS NOT NULL, cc.official_id)
            FILTER (WHERE len(cc.differing_fields) > 0 AND NOT cc.rules_out) AS lookalike,
        -- the nearest figure of all, to name to the reader when nothing applies
        first({'id': cc.official_id, 'fields': cc.differing_fields}
              ORDER BY len(cc.differing_fields), cc.official_period_end DESC NULLS LAST, cc.authority_rank,
                       cc.measure_transform IS NOT NULL, cc.official_id) AS nearest
    FROM internal.claim_candidates AS cc
    JOIN internal.claim_observations AS c ON c.observation_id = cc.claim_id
    LEFT JOIN claim_current AS cur USING (claim_id)
    GROUP BY cc.claim_id
),
-- A projection claim of a stated cycle whose own measure is not held: a later cycle of the same producer for the same
-- occupation and place supersedes every figure of the older cycle (Employment Projections replace each cycle whole).
superseding_cycle AS (
    SELECT c.observation_id AS claim_id,
           first({'id': r.observation_id, 'fields': ['measure']}
                 ORDER BY r.period_end DESC, r.authority_rank, r.observation_id) AS successor
    FROM internal.claim_observations AS c
    JOIN internal.ranked_official AS r
        ON r.measure_kind = 'projection' AND r.topic = c.topic
       AND coalesce(r.soc_code, r.subject) = coalesce(c.soc_code, c.subject)
       AND r.geography = c.geography AND r.industry IS NULL AND c.industry IS NULL
       AND year(r.period_end) > year(c.period_end)
    WHERE c.in_scope AND c.measure_kind = 'projection' AND NOT c.period_inferred
    GROUP BY c.observation_id
),
facts AS (
    SELECT
        c.observation_id AS claim_id, c.in_scope, c.measure_kind, c.attributed_source, c.period_end,
        c.period_inferred, c.value,
        CASE WHEN c.measure_kind = 'projection' THEN year(c.period_end) > year(cur.official_period_end)
             ELSE coalesce(c.period_start, c.period_end) > cur.official_period_end END AS after_newest,
        cur.official_id AS current_id, cur.overlaps AS current_overlaps, cur.official_period_end AS current_period_end,
        cur.official_value_in_claim_units AS current_value, cur.official_role AS current_role,
        -- the claim matches the current figure once scaled by a power of ten: a unit or scale slip (185 vs 185,000)
        len(list_filter(
            [0.000001, 0.001, 0.01, 100.0, 1000.0, 1000000.0],
            lambda k: c.value * k
                BETWEEN coalesce(cur.official_low_in_claim_units, cur.official_value_in_claim_units)
                    AND coalesce(cur.official_high_in_claim_units, cur.official_value_in_claim_units))) > 0
            AS scale_slip,
        aw.official_id AS at_writing_id, aw.overlaps AS at_writing_overlaps, c.document_date,
        aw.official_id IS NOT NULL AND aw.official_id <> cur.official_id AS newer_since_writing,
        pc.earlier_match_id, coalesce(pc.cited_source_figures, 0) AS cited_source_figures,
        coalesce(pc.cited_source_matches, 0) AS cited_source_matches, pc.soc_successor, sc.successor AS cycle_successor,
        pc.lookalike, pc.nearest
    FROM internal.claim_observations AS c
    LEFT JOIN claim_current AS cur ON cur.claim_id = c.observation_id
    LEFT JOIN claim_at_writing AS aw ON aw.claim_id = c.observation_id
    LEFT JOIN per_claim AS pc ON pc.claim_id = c.observation_id
    LEFT JOIN superseding_cycle AS sc ON sc.claim_id = c.observation_id
),
decided AS (
    SELECT f.*,
        CASE
            WHEN NOT f.in_scope THEN 'unverifiable'
            WHEN f.current_id IS NULL AND (f.soc_successor IS NOT NULL OR f.cycle_successor IS NOT NULL)
                THEN 'outdated'
            WHEN f.current_id IS NULL AND f.lookalike IS NOT NULL THEN 'not_comparable'
            WHEN f.current_id IS NULL THEN 'unverifiable'
            WHEN f.current_overlaps THEN 'confirmed'
            WHEN f.newer_since_writing AND f.at_writing_overlaps THEN 'outdated'
            -- its stated period, or the page's date when it states none (and no release current then is held to
            -- say it was wrong), is older than the newest figure: a figure of an earlier release
            WHEN f.period_end < f.current_period_end AND (NOT f.period_inferred OR f.at_writing_id IS NULL)
                THEN 'outdated'
            WHEN f.earlier_match_id IS NOT NULL THEN 'outdated'
            -- a stated period that begins after the newest figure's (a level), or a later cycle (a projection)
            WHEN NOT f.period_inferred AND f.after_newest THEN 'unverifiable'
            WHEN f.cited_source_figures > 0 AND f.cited_source_matches = 0 THEN 'misattributed'
            ELSE 'contradicted'
        END AS verdict
    FROM facts AS f
),
shown AS (
    -- the figure a verdict names: the current one, the SOC 2018 successor, the look-alike, or (unverifiable) none
    SELECT d.*,
        CASE WHEN d.current_id IS NOT NULL THEN NULL
             WHEN d.verdict = 'outdated' THEN coalesce(d.soc_successor, d.cycle_successor)
             WHEN d.verdict = 'not_comparable' THEN d.lookalike
             ELSE d.nearest END AS named,
        CASE WHEN d.current_id IS NOT NULL THEN d.current_id
             WHEN d.verdict = 'outdated' THEN d.soc_successor.id
             WHEN d.verdict = 'not_comparable' THEN d.lookalike.id END AS checked_against
    FROM decided AS d
)
SELECT
    d.claim_id AS observation_id,
    d.verdict,
    CASE d.verdict
        WHEN 'confirmed' THEN CASE WHEN d.current_value IS NOT NULL AND d.value <> d.current_value
                                   THEN ['rounding'] ELSE [] END
        WHEN 'outdated' THEN list_concat(
            CASE WHEN d.measure_kind = 'projection' THEN ['superseded_cycle'] ELSE ['vintage'] END,
            CASE WHEN d.current_id IS NULL AND d.soc_successor IS NOT NULL THEN ['definition'] ELSE [] END,
            -- it cites a release that had already been replaced when the article was written
            CASE WHEN em.superseded_on <= d.document_date THEN ['stale_citation'] ELSE [] END)
        WHEN 'misattributed' THEN CASE WHEN d.scale_slip THEN ['misattribution', 'unit_or_scale_slip']
                                       ELSE ['misattribution'] END
        WHEN 'not_comparable' THEN ['definition']
        WHEN 'contradicted' THEN CASE WHEN d.scale_slip THEN ['unit_or_scale_slip'] ELSE ['genuine'] END
        ELSE []
    END::VARCHAR[] AS reasons,
    d.checked_against,
    o.value AS official_value,
    o.period_end AS official_period_end,
    o.evidence_role AS official_evidence_role,
    d.earlier_match_id AS earlier_match,
    d.at_writing_id AS checked_at_writing,
    aw.value AS at_writing_value,
    CASE WHEN d.at_writing_id IS NULL THEN 'unknown' WHEN d.at_writing_overlaps THEN 'right' ELSE 'wrong' END
        AS when_written,
    coalesce(d.named.fields, []::VARCHAR[]) AS differing_fields,
    CASE d.verdict
        WHEN 'unverifiable' THEN CASE
            WHEN NOT d.in_scope THEN 'not a statistic about this domain'
            WHEN d.current_id IS NOT NULL THEN 'the claim refers to a period after the newest official figure held'
            WHEN d.named IS NOT NULL
            THEN 'no official figure held measures the same thing (same measure, group and place); the nearest, '
                 || CASE WHEN nf.value = round(nf.value) THEN format('{:,}', CAST(nf.value AS BIGINT))
                         ELSE CAST(round(nf.value, 2) AS VARCHAR) END
                 || ' (' || concat_ws(', ', nf.release, nf.geography, nf.industry) || '), differs in '
                 || array_to_string(d.named.fields, ', ') || ' and is no evidence about it'
            ELSE 'no official figure held measures the same thing (same measure, group and place)' END
        WHEN 'not_comparable' THEN 'nearest official figure differs in: ' || array_to_string(d.named.fields, ', ')
        WHEN 'outdated' THEN CASE
            WHEN d.current_id IS NULL AND d.soc_successor IS NOT NULL
            THEN 'refers to an earlier period of a SOC 2010 occupation that was split since; the newest figure of '
                 || 'its SOC 2018 part differs'
            WHEN d.current_id IS NULL
            THEN 'its projection cycle was superseded by ' || sf.release || ' (' || sf.reference_period
                 || '), which replaces every figure of the older cycle; this measure of the newer cycle is not held'
            WHEN d.newer_since_writing AND d.at_writing_overlaps
            THEN 'was right when written (' || strftime(d.document_date, '%Y-%m-%d') || '); a newer release differs'
            WHEN d.period_end < d.current_period_end AND d.period_inferred
            THEN 'the page (' || strftime(d.document_date, '%Y-%m-%d') || ') predates the newest official figure, '
                 || 'which differs; the release current then is not held'
            WHEN d.earlier_match_id IS NOT NULL AND NOT coalesce(d.period_end < d.current_period_end, FALSE)
            THEN 'matches an earlier release; the newest figure differs'
            ELSE 'refers to an earlier period than the newest official figure, which differs' END
        WHEN 'misattributed' THEN 'no release of ' || d.attributed_source || ' in the warehouse matches'
        WHEN 'contradicted' THEN CASE WHEN d.scale_slip
            THEN 'matches the current official figure only after a power-of-ten rescaling: a unit or scale slip'
            ELSE 'outside the stated precision and sampling error of the current official figure' END
            || CASE WHEN d.attributed_source IS NULL THEN '; the claim names no source' ELSE '' END
        ELSE 'within the stated precision of the current official figure'
    END || CASE WHEN o.evidence_role = 'secondary_citation'
                THEN ' (official figure known only through a page citing it)'
                WHEN o.evidence_role = 'secondary_report'
                THEN ' (figure known only through a report citing its producer)' ELSE '' END AS evidence
FROM shown AS d
LEFT JOIN curated.observations AS o ON o.observation_id = d.checked_against
LEFT JOIN curated.observations AS nf ON nf.observation_id = d.named.id AND d.verdict = 'unverifiable'
LEFT JOIN curated.observations AS sf ON sf.observation_id = d.cycle_successor.id
LEFT JOIN curated.observations AS aw ON aw.observation_id = d.at_writing_id
LEFT JOIN curated.observations AS em ON em.observation_id = d.earlier_match_id
ORDER BY d.claim_id
