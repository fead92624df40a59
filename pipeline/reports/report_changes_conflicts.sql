-- Conflicts that are new, resolved (gone) or changed since the previous release (attached as prev_release),
-- naming what changed.
WITH joined AS (
    SELECT
        coalesce(n.conflict_id, p.conflict_id) AS conflict_id,
        coalesce(n.topic, p.topic) AS topic, coalesce(n.measure, p.measure) AS measure,
        CASE WHEN p.conflict_id IS NULL THEN 'new'
             WHEN n.conflict_id IS NULL THEN 'resolved'
             ELSE 'changed' END AS change,
        p.comparability AS comparability_before, n.comparability AS comparability_now,
        p.recommended_value AS recommended_before, n.recommended_value AS recommended_now,
        p.figure_count AS figures_before, n.figure_count AS figures_now,
        len(list_filter(n.observation_ids, lambda x: NOT list_contains(p.observation_ids, x))) AS figures_added,
        len(list_filter(p.observation_ids, lambda x: NOT list_contains(n.observation_ids, x))) AS figures_removed,
        list_filter([
            CASE WHEN p.comparability IS DISTINCT FROM n.comparability THEN 'comparability' END,
            CASE WHEN p.recommended_observation_id IS DISTINCT FROM n.recommended_observation_id
                      OR p.recommended_value IS DISTINCT FROM n.recommended_value THEN 'recommended figure' END,
            CASE WHEN list_sort(p.observation_ids) IS DISTINCT FROM list_sort(n.observation_ids) THEN 'figures' END,
            CASE WHEN list_sort(p.differing_fields) IS DISTINCT FROM list_sort(n.differing_fields)
                 THEN 'differing fields' END,
            CASE WHEN list_sort(p.reasons) IS DISTINCT FROM list_sort(n.reasons) THEN 'reasons' END
        ], lambda x: x IS NOT NULL) AS changed
    FROM curated.conflicts AS n
    FULL JOIN prev_release.curated.conflicts AS p ON p.conflict_id = n.conflict_id
)
SELECT * FROM joined
WHERE change <> 'changed' OR len(changed) > 0
ORDER BY change = 'changed' DESC, change, conflict_id
