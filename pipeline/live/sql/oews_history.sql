-- OEWS history from the live API and yearly doors: the columns of staging.oews_data plus `door`.
-- One (door, release) is replaced at a time; the flags are the macros of pipeline/staging/oews_flag_macros.sql.
CREATE TABLE IF NOT EXISTS staging.oews_history (
    series_id VARCHAR, seasonal_code VARCHAR, areatype_code VARCHAR, area_code VARCHAR, industry_code VARCHAR,
    occupation_code VARCHAR, soc_code VARCHAR, datatype_code VARCHAR, "year" BIGINT, period VARCHAR,
    "value" DOUBLE, value_raw VARCHAR, footnote_codes VARCHAR, is_top_coded BOOLEAN, is_not_released BOOLEAN,
    is_low_response BOOLEAN, release VARCHAR, source_file VARCHAR, source_line BIGINT, snapshot_sha256 VARCHAR,
    door VARCHAR
);
DELETE FROM staging.oews_history WHERE door = $door AND release = $release;
INSERT INTO staging.oews_history
SELECT
    v.series_id, v.seasonal_code, v.areatype_code, v.area_code, v.industry_code, v.occupation_code,
    v.soc_code, v.datatype_code, v."year", v.period, v."value", v.value_raw, v.footnote_codes,
    staging.oews_is_top_coded(v.value_raw, v.footnote_codes) AS is_top_coded,
    staging.oews_is_not_released(v."value", v.value_raw, v.footnote_codes) AS is_not_released,
    staging.oews_is_low_response(v."value", v.value_raw) AS is_low_response,
    $release, v.source_file, v.source_line, $snapshot_sha256, $door
FROM oews_history_batch AS v
ORDER BY v.series_id
