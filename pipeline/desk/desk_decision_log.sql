-- The decision log's events for one ruling, oldest first.
SELECT logged_at, ruling_id, action, status, reviewer, reason, conflict_id, observation_id, ruling_evidence_hash,
       current_evidence_hash
FROM curated.decision_log
WHERE ruling_id = ?
ORDER BY logged_at
