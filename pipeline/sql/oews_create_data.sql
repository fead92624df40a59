-- Typed OEWS values with BLS special values turned into NULL plus flags, never into numbers.
CREATE OR REPLACE TABLE staging.oews_data AS
SELECT
    v.series_id, v.seasonal_code, v.areatype_code, v.area_code, v.industry_code, v.occupation_code,
    v.soc_code, v.datatype_code, v."year", v.period, v."value", v.value_raw, v.footnote_codes,
    v.value_raw IN ('-', '#') AND coalesce(v.footnote_codes, '') LIKE '%5%'    AS is_top_coded,
    v."value" IS NULL AND (coalesce(v.footnote_codes, '') LIKE '%8%' OR v.value_raw IN ('*', '**')) AS is_not_released,
    v."value" IS NULL AND v.value_raw = '~'                                 AS is_low_response,
    v.release, CAST(v.release_published_on AS DATE) AS release_published_on,
    v.source_file, v.source_line, v.snapshot_sha256
FROM oews_valid AS v
ORDER BY v.series_id
