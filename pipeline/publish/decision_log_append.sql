-- The events of the release being published join the append-only ledger of rulings (in the writer's database),
-- only now that the release is built: a run that fails before publishing leaves the history as it was.
INSERT INTO ledger.decision_log SELECT * FROM internal.decision_log_pending;

DELETE FROM internal.decision_log_pending
