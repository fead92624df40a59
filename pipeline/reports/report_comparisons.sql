-- Every pair of figures inside the conflicts: how they differ (fields and reasons), to say in plain words why a
-- claim differs from the figure to use.
SELECT cmp.conflict_id, cmp.a_id, cmp.b_id, cmp.comparability, cmp.transform, cmp.differing_fields, cmp.agree,
       cmp.reasons
FROM curated.comparisons AS cmp
JOIN curated.conflicts AS c USING (conflict_id)
ORDER BY cmp.conflict_id, cmp.a_id, cmp.b_id
