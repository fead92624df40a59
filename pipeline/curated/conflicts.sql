-- curated.conflicts: one row per (topic, measure family) group whose figures disagree or look alike but are not
-- comparable, with the recommended figure: the editors' latest applied ruling when there is one (rulings never
-- apply to changed evidence), else the authority policy's pick.
CREATE OR REPLACE TABLE curated.conflicts AS
WITH applied_rulings AS (
    SELECT r.*, coalesce(
               CASE WHEN r.action = 'accept_figure' THEN r.observation_id END,
               (SELECT o.observation_id FROM internal.conflict_groups AS g, unnest(g.observation_ids) AS m(observation_id)
                JOIN curated.observations AS o USING (observation_id)
                WHERE g.conflict_id = r.conflict_id AND r.action = 'prefer_source' AND o.is_official
                  AND (o.source_id = r.source_id OR o.producer_id = r.source_id)
                ORDER BY o.period_end DESC NULLS LAST, o.evidence_role = 'primary' DESC, o.observation_id LIMIT 1)
           ) AS chosen_observation_id
    FROM curated.rulings AS r
    WHERE r.status = 'applied' AND r.action IN ('accept_figure', 'prefer_source', 'mark_not_comparable')
    QUALIFY row_number() OVER (PARTITION BY r.conflict_id ORDER BY r.decided_on DESC, r.ruling_id DESC) = 1
),
reopened AS (
    SELECT conflict_id, max(ruling_id) AS ruling_id FROM curated.rulings WHERE status = 'reopened' GROUP BY ALL
)
SELECT
    g.conflict_id, g.measure, g.topic, g.observation_ids,
    CASE WHEN r.action = 'mark_not_comparable' THEN 'not_comparable' ELSE g.comparability END AS comparability,
    g.differing_fields, g.reasons,
    CASE WHEN r.ruling_id IS NULL THEN g.recommended_value
         WHEN r.action = 'mark_not_comparable' THEN NULL ELSE o.value END AS recommended_value,
    CASE WHEN r.ruling_id IS NULL THEN g.recommended_observation_id
         WHEN r.action = 'mark_not_comparable' THEN NULL ELSE r.chosen_observation_id END AS recommended_observation_id,
    CASE WHEN r.ruling_id IS NULL THEN g.recommendation_rule
         ELSE 'editorial ruling ' || r.ruling_id || ' (' || r.action || ', ' || r.reviewer || ', '
              || strftime(r.decided_on, '%Y-%m-%d') || '): ' || r.reason END AS recommendation_rule,
    coalesce(r.ruling_id, ro.ruling_id) AS ruling_id,
    CASE WHEN r.ruling_id IS NOT NULL THEN 'applied' WHEN ro.ruling_id IS NOT NULL THEN 'reopened' ELSE 'none' END
        AS ruling_status,
    ev.evidence_hash,
    g.figure_count
FROM internal.conflict_groups AS g
LEFT JOIN applied_rulings AS r USING (conflict_id)
LEFT JOIN reopened AS ro USING (conflict_id)
LEFT JOIN curated.observations AS o ON o.observation_id = r.chosen_observation_id
LEFT JOIN curated.evidence AS ev ON ev.target_id = g.conflict_id
ORDER BY g.conflict_id
