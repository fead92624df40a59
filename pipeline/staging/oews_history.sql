-- staging.oews_history: OEWS values of earlier releases from the live doors' snapshots (the BLS API and the yearly
-- national files), with the columns of staging.oews_data plus the snapshot's URL and `door`. Rebuilt whole from the
-- snapshots held in raw/. Every row is held to the OEWS contract's rules (the macros of oews_contract.py, as for
-- the time-series files); a row that breaks one goes to the quarantine instead. The special-value flags are the
-- macros of oews_flag_macros.sql.
CREATE OR REPLACE TEMP TABLE oews_history_checked AS
SELECT v.*, CASE WHEN NOT oews_row_ok(v) THEN oews_violations(v) END AS violations
FROM oews_history_batch AS v;

CREATE OR REPLACE TEMP TABLE oews_history_quarantine AS
SELECT 'oews_history' AS source, source_file AS file, source_line AS line, field, rule, "value",
       source_file || ', line ' || source_line || ', field ''' || field || ''': fails ' || rule AS reason
FROM (SELECT source_file, source_line, unnest(violations, recursive := true)
      FROM oews_history_checked WHERE violations IS NOT NULL)
ORDER BY file, line, field;

CREATE OR REPLACE TABLE staging.oews_history AS
SELECT
    v.series_id::VARCHAR AS series_id, v.seasonal_code::VARCHAR AS seasonal_code,
    v.areatype_code::VARCHAR AS areatype_code, v.area_code::VARCHAR AS area_code,
    v.industry_code::VARCHAR AS industry_code, v.occupation_code::VARCHAR AS occupation_code,
    v.soc_code::VARCHAR AS soc_code, v.datatype_code::VARCHAR AS datatype_code, v."year"::BIGINT AS "year",
    v.period::VARCHAR AS period, v."value"::DOUBLE AS "value", v.value_raw::VARCHAR AS value_raw,
    v.footnote_codes::VARCHAR AS footnote_codes,
    staging.oews_is_top_coded(v.value_raw, v.footnote_codes) AS is_top_coded,
    staging.oews_is_not_released(v."value", v.value_raw, v.footnote_codes) AS is_not_released,
    staging.oews_is_low_response(v."value", v.value_raw) AS is_low_response,
    v.release::VARCHAR AS release, v.source_file::VARCHAR AS source_file, v.source_line::BIGINT AS source_line,
    v.snapshot_sha256::VARCHAR AS snapshot_sha256, v.url::VARCHAR AS url, v.door::VARCHAR AS door
FROM oews_history_checked AS v
WHERE v.violations IS NULL
ORDER BY v.door, v.release, v.series_id
