-- internal.conflict_groups: the (topic, measure family) groups whose figures disagree, or look alike but are not
-- comparable, with the figure the authority policy recommends. curated.conflicts adds the editors' rulings.
CREATE OR REPLACE TABLE internal.conflict_groups AS
WITH grouped AS (
    SELECT
        conflict_id,
        bool_or(comparability = 'not_comparable') AS any_not_comparable,
        bool_or(comparability = 'comparable_after_transform') AS any_transform,
        bool_or(NOT agree) AS any_disagreement,
        list_sort(list_distinct(flatten(list(differing_fields)))) AS differing_fields,
        list_sort(list_distinct(flatten(list(reasons)))) AS reasons
    FROM curated.comparisons
    GROUP BY conflict_id
),
members AS (
    SELECT conflict_id, topic, measure_family, list(observation_id ORDER BY observation_id) AS observation_ids
    FROM internal.conflict_members GROUP BY ALL
),
-- Claims of each conflict and the official figures compatible with at least one of them.
compatible AS (
    SELECT 'conflict:' || c.topic || ':' || c.measure_family AS conflict_id, cc.official_id,
           count(DISTINCT cc.claim_id) AS claims_compatible,
           count(DISTINCT cc.claim_id) FILTER (WHERE cc.measure_transform IS NULL) AS claims_direct
    FROM internal.claim_candidates AS cc JOIN internal.claim_observations AS c ON c.observation_id = cc.claim_id
    WHERE len(cc.differing_fields) = 0
    GROUP BY ALL
),
recommended AS (
    SELECT cp.conflict_id, r.observation_id, r.value, r.authority_rank, r.authority_rule
    FROM compatible AS cp JOIN internal.ranked_official AS r ON r.observation_id = cp.official_id
    WHERE coalesce(r.geography, 'United States') = 'United States' AND r.industry IS NULL AND r.is_official
    QUALIFY row_number() OVER (PARTITION BY cp.conflict_id
                               ORDER BY r.authority_rank, r.period_end DESC NULLS LAST, cp.claims_direct DESC,
                                        cp.claims_compatible DESC, r.observation_id) = 1
)
SELECT
    m.conflict_id, m.measure_family AS measure, m.topic, m.observation_ids,
    CASE WHEN g.any_not_comparable THEN 'not_comparable'
         WHEN g.any_transform THEN 'comparable_after_transform'
         ELSE 'comparable' END AS comparability,
    g.differing_fields, g.reasons,
    rec.value AS recommended_value, rec.observation_id AS recommended_observation_id,
    CASE WHEN rec.observation_id IS NULL
         THEN 'no official figure is comparable with the claims: do not pick one'
         ELSE 'authority rank ' || rec.authority_rank || ' (' || rec.authority_rule || '), latest period' END
        AS recommendation_rule,
    len(m.observation_ids) AS figure_count
FROM members AS m
JOIN grouped AS g USING (conflict_id)
LEFT JOIN recommended AS rec USING (conflict_id)
WHERE g.any_disagreement OR g.any_not_comparable
ORDER BY m.conflict_id
