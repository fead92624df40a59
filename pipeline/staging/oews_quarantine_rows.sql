-- One quarantine record per broken rule, with file, line, field, rule, value as written and a readable reason.
CREATE OR REPLACE TEMP TABLE oews_quarantine_rows AS
SELECT 'bls_oews' AS source, source_file AS file, source_line AS line, field, rule, "value",
       source_file || ', line ' || source_line || ', field ''' || field || ''': fails ' || rule AS reason
FROM (SELECT f.source_file, v.source_line, unnest(v.violations, recursive := true)
      FROM staging.oews_values_next AS v JOIN staging.oews_files_next AS f USING (release)
      WHERE v.violations IS NOT NULL)
ORDER BY file, line, field;

DELETE FROM staging.oews_values_next WHERE violations IS NOT NULL;

ALTER TABLE staging.oews_values_next DROP COLUMN violations
