-- Every conflict, most-cited first (the claims among its figures, then the articles they come from), with the
-- caveat of its recommended figure (NULL when none is recommended).
SELECT
    c.*,
    (SELECT any_value(r.caveat) FROM curated.recommended_figures AS r
     WHERE r.observation_id = c.recommended_observation_id) AS caveat,
    (SELECT count(*) FROM curated.observations AS o
     WHERE o.kind = 'claim' AND list_contains(c.observation_ids, o.observation_id)) AS claim_count,
    (SELECT count(DISTINCT o.document_id) FROM curated.observations AS o
     WHERE o.kind = 'claim' AND list_contains(c.observation_ids, o.observation_id)) AS article_count
FROM curated.conflicts AS c
ORDER BY claim_count DESC, article_count DESC, c.figure_count DESC, c.conflict_id
