-- Publish the new OEWS load: its quarantine records and the table itself, or neither. load_oews runs this
-- inside the transaction that built the table, and commits after it.
-- staging.oews_load records what the table was built from (input sha256s, sizes, mtimes, code
-- version), so an unchanged re-run can skip the whole load (oews_fingerprint).
CREATE TABLE IF NOT EXISTS staging.quarantine (source VARCHAR, file VARCHAR, line BIGINT, field VARCHAR,
    rule VARCHAR, "value" VARCHAR, reason VARCHAR);

CREATE TABLE IF NOT EXISTS staging.oews_load (record VARCHAR);

DELETE FROM staging.quarantine WHERE source = 'bls_oews';

INSERT INTO staging.quarantine SELECT source, file, line, field, rule, "value", reason FROM oews_quarantine_rows;

DROP TABLE IF EXISTS staging.oews_data;

ALTER TABLE staging.oews_data_next RENAME TO oews_data;

DELETE FROM staging.oews_load;

INSERT INTO staging.oews_load VALUES ($record)
