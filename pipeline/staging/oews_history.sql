-- staging.oews_history: OEWS values of earlier releases from the live doors' snapshots (the BLS API and the yearly
-- national files), with the columns of staging.oews_data plus `door`. Rebuilt whole from the snapshots held in
-- raw/; the special-value flags are the macros of oews_flag_macros.sql.
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
    v.snapshot_sha256::VARCHAR AS snapshot_sha256, v.door::VARCHAR AS door
FROM oews_history_batch AS v
ORDER BY v.door, v.release, v.series_id
