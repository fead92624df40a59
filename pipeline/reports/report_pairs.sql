-- Per conflict, each claim against the official figure it was checked against and against the conflict's
-- recommended figure when that is another one: the gaps an editor would quote. Claim ids (`claim:`) sort before
-- official ids (`derived:`, `oews:`, `ref:`), so in curated.comparisons the claim is `a` and `gap` is the official
-- figure minus the claim, in the claim's unit.
WITH claims AS (
    SELECT c.conflict_id, c.recommended_observation_id, v.observation_id AS claim_id, v.checked_against, v.verdict
    FROM curated.conflicts AS c, unnest(c.observation_ids) AS m(observation_id)
    JOIN curated.claim_verdicts AS v USING (observation_id)
),
targets AS (
    SELECT conflict_id, claim_id, verdict, checked_against AS official_id, 'checked against' AS role
    FROM claims WHERE checked_against IS NOT NULL
    UNION ALL
    SELECT conflict_id, claim_id, verdict, recommended_observation_id, 'recommended'
    FROM claims
    WHERE recommended_observation_id IS NOT NULL AND recommended_observation_id IS DISTINCT FROM checked_against
)
SELECT
    t.conflict_id, t.claim_id, t.role, t.verdict,
    cl.value_text AS claim_text, cl.value AS claim_value, cl.unit AS claim_unit, d.title AS document_title,
    off.observation_id AS official_id, off.value AS official_value, off.unit AS official_unit,
    off.reference_period AS official_period, coalesce(src.organisation, off.source_id) AS official_source,
    off.evidence_role AS official_evidence_role,
    cmp.comparability, cmp.transform, cmp.agree, cmp.gap, cmp.gap_pct, cmp.reasons
FROM targets AS t
JOIN curated.comparisons AS cmp ON cmp.conflict_id = t.conflict_id AND cmp.a_id = t.claim_id AND cmp.b_id = t.official_id
JOIN curated.observations AS cl ON cl.observation_id = t.claim_id
JOIN curated.observations AS off ON off.observation_id = t.official_id
LEFT JOIN curated.documents AS d ON d.document_id = cl.document_id
LEFT JOIN curated.sources AS src ON src.source_id = coalesce(off.producer_id, off.source_id)
ORDER BY t.conflict_id, d.title, cl.char_start, t.role
