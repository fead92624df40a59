-- curated.rulings: the editorial rulings of raw/rulings/rulings.csv (staging.rulings) checked against the current
-- evidence: `applied` while the evidence hash matches, `reopened` when the evidence changed, `invalid` when it
-- names a conflict, observation or source that does not exist (the run then stops naming the line and field).
CREATE OR REPLACE TABLE curated.rulings AS
SELECT
    r.ruling_id, r.decided_on, r.reviewer, r.action, r.conflict_id, r.observation_id, r.source_id, r.reason,
    r.evidence_hash AS ruling_evidence_hash, ev.evidence_hash AS current_evidence_hash, r.source_line,
    CASE
        WHEN r.conflict_id IS NOT NULL AND c.conflict_id IS NULL THEN 'conflict_id'
        WHEN r.observation_id IS NOT NULL AND o.observation_id IS NULL THEN 'observation_id'
        WHEN r.action = 'accept_figure' AND NOT list_contains(c.observation_ids, r.observation_id) THEN 'observation_id'
        WHEN r.action = 'reject_claim' AND coalesce(o.kind, '') <> 'claim' THEN 'observation_id'
        WHEN r.source_id IS NOT NULL AND s.source_id IS NULL THEN 'source_id'
    END AS invalid_field,
    CASE
        WHEN invalid_field IS NOT NULL THEN 'invalid'
        WHEN r.evidence_hash = ev.evidence_hash THEN 'applied'
        ELSE 'reopened'
    END AS status
FROM staging.rulings AS r
LEFT JOIN internal.conflict_groups AS c ON c.conflict_id = r.conflict_id
LEFT JOIN curated.observations AS o ON o.observation_id = r.observation_id
LEFT JOIN curated.sources AS s ON s.source_id = r.source_id
LEFT JOIN curated.evidence AS ev
    ON ev.target_id = CASE WHEN r.action = 'reject_claim' THEN r.observation_id ELSE r.conflict_id END
ORDER BY r.ruling_id
