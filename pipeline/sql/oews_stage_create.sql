-- The table the releases are loaded into before it replaces staging.oews_data (oews_swap), so a load that fails
-- half-way leaves the previous table untouched. `violations` lists the rules a row broke; it feeds the quarantine
-- and is dropped before the swap.
CREATE OR REPLACE TABLE staging.oews_data_next (
    series_id VARCHAR, seasonal_code VARCHAR, areatype_code VARCHAR, area_code VARCHAR, industry_code VARCHAR,
    occupation_code VARCHAR, soc_code VARCHAR, datatype_code VARCHAR, "year" BIGINT, period VARCHAR,
    "value" DOUBLE, value_raw VARCHAR, footnote_codes VARCHAR,
    is_top_coded BOOLEAN, is_not_released BOOLEAN, is_low_response BOOLEAN,
    release VARCHAR, release_published_on DATE, source_file VARCHAR, source_line BIGINT, snapshot_sha256 VARCHAR,
    violations STRUCT(field VARCHAR, rule VARCHAR, "value" VARCHAR)[]
)
