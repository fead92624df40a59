-- Every conflict, with the caveat of its recommended figure (NULL when none is recommended).
SELECT
    c.*,
    (SELECT any_value(r.caveat) FROM curated.recommended_figures AS r
     WHERE r.observation_id = c.recommended_observation_id) AS caveat
FROM curated.conflicts AS c
ORDER BY c.conflict_id
