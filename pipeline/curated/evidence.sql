-- curated.evidence: what an editorial ruling is bound to. For a conflict, its figures' ids, values and source-file
-- hashes; for a claim (or any non-OEWS figure), the figure with its quote and the official figure it was checked
-- against. Any change gives a new hash and reopens the rulings bound to the old one.
CREATE OR REPLACE TABLE curated.evidence AS
SELECT c.conflict_id AS target_id, 'conflict' AS target_kind,
       sha256(string_agg(o.observation_id || '=' || o.value || '@' || coalesce(o.snapshot_sha256, ''), ';'
                         ORDER BY o.observation_id)) AS evidence_hash
FROM internal.conflict_groups AS c, unnest(c.observation_ids) AS m(observation_id)
JOIN curated.observations AS o USING (observation_id)
GROUP BY c.conflict_id
UNION ALL
SELECT o.observation_id, 'observation',
       sha256(concat_ws(';', o.observation_id || '=' || o.value || '@' || coalesce(o.snapshot_sha256, ''),
                        o.quote, v.checked_against || '=' || ref.value || '@' || coalesce(ref.snapshot_sha256, '')))
FROM curated.observations AS o
LEFT JOIN internal.claim_checks AS v USING (observation_id)
LEFT JOIN curated.observations AS ref ON ref.observation_id = v.checked_against
WHERE o.kind <> 'oews'
ORDER BY target_id
