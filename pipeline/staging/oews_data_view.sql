-- staging.oews_data, the view every reader uses: each stored value with the columns derived from it (series id,
-- SOC code, special-value flags) and its file's provenance. Derived on read, which costs little (a few string
-- operations per row read) and saves writing five string and three flag columns at load time.
-- The flags are the macros of oews_flag_macros.sql. LEFT JOIN: a value never disappears from the view, even if its
-- file's row were missing (load_oews writes both in one transaction).
CREATE OR REPLACE VIEW staging.oews_data AS
SELECT
    'OE' || v.seasonal_code || v.areatype_code || v.area_code || v.industry_code || v.occupation_code
        || v.datatype_code                                                     AS series_id,
    v.seasonal_code, v.areatype_code, v.area_code, v.industry_code, v.occupation_code,
    substr(v.occupation_code, 1, 2) || '-' || substr(v.occupation_code, 3, 4)  AS soc_code,
    v.datatype_code, v."year", v.period, v."value", v.value_raw, v.footnote_codes,
    staging.oews_is_top_coded(v.value_raw, v.footnote_codes)                   AS is_top_coded,
    staging.oews_is_not_released(v."value", v.value_raw, v.footnote_codes)     AS is_not_released,
    staging.oews_is_low_response(v."value", v.value_raw)                       AS is_low_response,
    v.release, f.release_published_on, f.source_file, v.source_line, f.snapshot_sha256
FROM staging.oews_values AS v
LEFT JOIN staging.oews_files AS f USING (release)
