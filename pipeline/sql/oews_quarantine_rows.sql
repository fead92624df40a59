-- One quarantine record per broken rule, with file, line, field, rule, value as written and a readable reason.
CREATE OR REPLACE TEMP TABLE oews_quarantine_rows AS
SELECT 'bls_oews' AS source, source_file AS file, source_line AS line, field, rule, "value",
       source_file || ', line ' || source_line || ', field ''' || field || ''': fails ' || rule AS reason
FROM (SELECT source_file, source_line, unnest(violations, recursive := true)
      FROM staging.oews_data_next WHERE violations IS NOT NULL)
ORDER BY file, line, field;

DELETE FROM staging.oews_data_next WHERE violations IS NOT NULL;

ALTER TABLE staging.oews_data_next DROP COLUMN violations
