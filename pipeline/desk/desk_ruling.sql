-- One ruling as the pipeline judged it (curated.rulings: applied, reopened or invalid) with the claim it names.
SELECT r.ruling_id, r.decided_on, r.reviewer, r.action, r.conflict_id, r.observation_id, r.source_id, r.reason,
       r.status, r.ruling_evidence_hash, r.current_evidence_hash, r.source_line, o.value_text
FROM curated.rulings AS r
LEFT JOIN curated.observations AS o ON o.observation_id = r.observation_id
WHERE r.ruling_id = ?
