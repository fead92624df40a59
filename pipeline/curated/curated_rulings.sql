-- Editorial rulings (staging.rulings, from raw/rulings/rulings.csv) checked against the current evidence:
-- `applied` while the evidence hash matches, `reopened` when the evidence changed, `invalid` when it names a
-- conflict, observation or source that does not exist (the run then stops with the line and field).
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
LEFT JOIN curated.conflicts AS c ON c.conflict_id = r.conflict_id
LEFT JOIN curated.observations AS o ON o.observation_id = r.observation_id
LEFT JOIN curated.sources AS s ON s.source_id = r.source_id
LEFT JOIN curated.evidence AS ev
    ON ev.target_id = CASE WHEN r.action = 'reject_claim' THEN r.observation_id ELSE r.conflict_id END
ORDER BY r.ruling_id;

-- The latest applied ruling per conflict decides its figure; rulings never apply blindly to changed evidence.
CREATE OR REPLACE TEMP TABLE applied_conflict_rulings AS
SELECT r.*, coalesce(
           CASE WHEN r.action = 'accept_figure' THEN r.observation_id END,
           (SELECT o.observation_id FROM curated.conflicts c2, unnest(c2.observation_ids) AS m(observation_id)
            JOIN curated.observations AS o USING (observation_id)
            WHERE c2.conflict_id = r.conflict_id AND r.action = 'prefer_source' AND o.is_official
              AND (o.source_id = r.source_id OR o.producer_id = r.source_id)
            ORDER BY o.period_end DESC NULLS LAST, o.evidence_role = 'primary' DESC, o.observation_id LIMIT 1)
       ) AS chosen_observation_id
FROM curated.rulings AS r
WHERE r.status = 'applied' AND r.action IN ('accept_figure', 'prefer_source', 'mark_not_comparable')
QUALIFY row_number() OVER (PARTITION BY r.conflict_id ORDER BY r.decided_on DESC, r.ruling_id DESC) = 1;

CREATE OR REPLACE TABLE curated.conflicts AS
SELECT
    c.* EXCLUDE (comparability, recommended_value, recommended_observation_id, recommendation_rule),
    CASE WHEN r.action = 'mark_not_comparable' THEN 'not_comparable' ELSE c.comparability END AS comparability,
    CASE WHEN r.ruling_id IS NULL THEN c.recommended_value
         WHEN r.action = 'mark_not_comparable' THEN NULL ELSE o.value END AS recommended_value,
    CASE WHEN r.ruling_id IS NULL THEN c.recommended_observation_id
         WHEN r.action = 'mark_not_comparable' THEN NULL ELSE r.chosen_observation_id END AS recommended_observation_id,
    CASE WHEN r.ruling_id IS NULL THEN c.recommendation_rule
         ELSE 'editorial ruling ' || r.ruling_id || ' (' || r.action || ', ' || r.reviewer || ', '
              || strftime(r.decided_on, '%Y-%m-%d') || '): ' || r.reason END AS recommendation_rule,
    coalesce(r.ruling_id, (SELECT max(x.ruling_id) FROM curated.rulings AS x
                           WHERE x.conflict_id = c.conflict_id AND x.status = 'reopened')) AS ruling_id,
    CASE WHEN r.ruling_id IS NOT NULL THEN 'applied'
         WHEN EXISTS (SELECT 1 FROM curated.rulings AS x WHERE x.conflict_id = c.conflict_id AND x.status = 'reopened')
         THEN 'reopened' ELSE 'none' END AS ruling_status,
    ev.evidence_hash
FROM curated.conflicts AS c
LEFT JOIN applied_conflict_rulings AS r USING (conflict_id)
LEFT JOIN curated.observations AS o ON o.observation_id = r.chosen_observation_id
LEFT JOIN curated.evidence AS ev ON ev.target_id = c.conflict_id
ORDER BY c.conflict_id;

CREATE OR REPLACE TABLE curated.claim_verdicts AS
SELECT v.*,
       r.ruling_id, coalesce(r.status, 'none') AS ruling_status,
       r.status = 'applied' AS rejected_by_editor
FROM curated.claim_verdicts AS v
LEFT JOIN (SELECT * FROM curated.rulings WHERE action = 'reject_claim' AND status IN ('applied', 'reopened')
           QUALIFY row_number() OVER (PARTITION BY observation_id ORDER BY decided_on DESC, ruling_id DESC) = 1) AS r
    USING (observation_id)
ORDER BY v.observation_id;

-- Append-only decision log: one event per ruling whenever its status or evidence changes. Never rebuilt.
CREATE TABLE IF NOT EXISTS ledger.decision_log (
    logged_at TIMESTAMP, ruling_id VARCHAR, action VARCHAR, status VARCHAR, reviewer VARCHAR, reason VARCHAR,
    conflict_id VARCHAR, observation_id VARCHAR, ruling_evidence_hash VARCHAR, current_evidence_hash VARCHAR
);

INSERT INTO ledger.decision_log
SELECT $now, r.ruling_id, r.action, r.status, r.reviewer, r.reason, r.conflict_id, r.observation_id,
       r.ruling_evidence_hash, r.current_evidence_hash
FROM curated.rulings AS r
WHERE r.status <> 'invalid' AND NOT EXISTS (
    SELECT 1 FROM ledger.decision_log AS l
    WHERE l.ruling_id = r.ruling_id AND l.status = r.status
      AND l.current_evidence_hash IS NOT DISTINCT FROM r.current_evidence_hash
      AND l.logged_at = (SELECT max(l2.logged_at) FROM ledger.decision_log AS l2 WHERE l2.ruling_id = r.ruling_id)
);

CREATE OR REPLACE TABLE curated.decision_log AS SELECT * FROM ledger.decision_log ORDER BY logged_at, ruling_id;
