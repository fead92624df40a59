-- Claims whose checked official figure has a different value than in the previous release (prev_release):
-- a new OEWS release or projection cycle moved the figure the claim is measured against.
SELECT
    n.observation_id, o.value_text, o.unit, d.title AS document_title,
    p.official_value AS official_before, n.official_value AS official_now,
    p.official_period_end AS period_before, n.official_period_end AS period_now,
    p.verdict AS verdict_before, n.verdict AS verdict_now
FROM curated.claim_verdicts AS n
JOIN prev_release.curated.claim_verdicts AS p ON p.observation_id = n.observation_id
LEFT JOIN curated.observations AS o ON o.observation_id = n.observation_id
LEFT JOIN curated.documents AS d ON d.document_id = o.document_id
WHERE p.official_value IS DISTINCT FROM n.official_value
ORDER BY d.title, o.char_start
