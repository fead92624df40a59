-- internal.decision_log_pending: the events this run adds to the rulings' history, one whenever a ruling's status
-- or evidence changed since its last logged event. They join the append-only ledger (ledger.decision_log) only when
-- the run publishes (pipeline/publish/decision_log_append.sql), so a run that fails leaves no trace in the history.
CREATE TABLE IF NOT EXISTS ledger.decision_log (
    logged_at TIMESTAMP, ruling_id VARCHAR, action VARCHAR, status VARCHAR, reviewer VARCHAR, reason VARCHAR,
    conflict_id VARCHAR, observation_id VARCHAR, ruling_evidence_hash VARCHAR, current_evidence_hash VARCHAR
);

CREATE OR REPLACE TABLE internal.decision_log_pending AS
SELECT $now AS logged_at, r.ruling_id, r.action, r.status, r.reviewer, r.reason, r.conflict_id, r.observation_id,
       r.ruling_evidence_hash, r.current_evidence_hash
FROM curated.rulings AS r
WHERE r.status <> 'invalid' AND NOT EXISTS (
    SELECT 1 FROM ledger.decision_log AS l
    WHERE l.ruling_id = r.ruling_id AND l.status = r.status
      AND l.current_evidence_hash IS NOT DISTINCT FROM r.current_evidence_hash
      AND l.logged_at = (SELECT max(l2.logged_at) FROM ledger.decision_log AS l2 WHERE l2.ruling_id = r.ruling_id)
)
