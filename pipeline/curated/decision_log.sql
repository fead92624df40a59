-- curated.decision_log: the append-only history of rulings, one event whenever a ruling's status or evidence
-- changes. The history itself is ledger.decision_log, which is never rebuilt; this publishes a copy of it.
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

CREATE OR REPLACE TABLE curated.decision_log AS SELECT * FROM ledger.decision_log ORDER BY logged_at, ruling_id
