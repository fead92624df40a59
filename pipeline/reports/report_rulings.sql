-- Editorial rulings, the ones needing review first: reopened (their evidence changed), then invalid, then applied.
SELECT
    r.ruling_id, r.conflict_id, r.observation_id, r.action, r.status, r.reviewer, r.reason, r.decided_on,
    o.value_text, d.title AS document_title
FROM curated.rulings AS r
LEFT JOIN curated.observations AS o ON o.observation_id = r.observation_id
LEFT JOIN curated.documents AS d ON d.document_id = o.document_id
ORDER BY r.status = 'reopened' DESC, r.status = 'invalid' DESC, r.decided_on DESC NULLS LAST, r.ruling_id
