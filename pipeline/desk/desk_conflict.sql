-- A conflict to rule on: its current evidence hash, recommended figure and the rule that chose it.
SELECT c.conflict_id, c.measure, c.topic, c.comparability, c.recommended_value, c.recommended_observation_id,
       c.recommendation_rule, c.ruling_id, c.ruling_status, c.figure_count, ev.evidence_hash AS current_evidence_hash
FROM curated.conflicts AS c
LEFT JOIN curated.evidence AS ev ON ev.target_id = c.conflict_id
WHERE c.conflict_id = ?
