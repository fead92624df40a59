-- curated.decision_log: the history of rulings, one event whenever a ruling's status or evidence changes: the
-- append-only ledger (ledger.decision_log, never rebuilt) and the events of this run, which the ledger takes when
-- the run publishes.
CREATE OR REPLACE TABLE curated.decision_log AS
SELECT * FROM ledger.decision_log
UNION ALL
SELECT * FROM internal.decision_log_pending
ORDER BY logged_at, ruling_id
