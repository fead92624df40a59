-- internal.claim_copies: every in-scope claim with the figure it states and its attribution. Claims that repeat the
-- same figure with the same attribution (in any document) are one piece of evidence: the first document (by
-- publication date, then id) holds it (copy_rank 1, the original) and the others are copies of it.
CREATE OR REPLACE TABLE internal.claim_copies AS
SELECT
    o.observation_id, o.document_id, o.measure, coalesce(o.soc_code, o.subject) AS occupation,
    coalesce(o.universe, 'unstated') AS universe, coalesce(o.activity, 'any') AS activity,
    -- projection cycles are different things; levels of different years are compared through vintages instead
    CASE WHEN m.kind <> 'projection' THEN 'any'
         ELSE coalesce(year(o.period_start) || '-' || year(o.period_end), 'unstated') END AS cycle,
    o.value, o.value_low, o.value_high, o.unit, coalesce(o.attributed_source, '') AS attribution,
    row_number() OVER copies AS copy_rank,
    first_value(o.observation_id) OVER copies AS original_id
FROM curated.observations AS o
JOIN curated.documents AS d USING (document_id)
JOIN staging.measures AS m USING (measure)
WHERE o.kind = 'claim' AND o.in_scope AND o.measure <> 'unknown'
WINDOW copies AS (PARTITION BY o.measure, coalesce(o.soc_code, o.subject), o.activity, o.value,
                               coalesce(o.attributed_source, '')
                  ORDER BY d.published_on NULLS LAST, o.document_id, o.observation_id)
ORDER BY o.observation_id
