-- The tables a load fills before they replace staging.oews_values and staging.oews_files (oews_swap), so a load
-- that fails half-way leaves the previous ones untouched.
-- Only what cannot be derived is stored (see oews_data_view.sql): one row per value with its line, one row per
-- file with its provenance. At 6 M rows each stored column costs ~0.3 s to write, and the series id (25
-- characters, too long for DuckDB to inline) most of all; the view rebuilds it from its parts.
-- `violations` lists the rules a row broke; it feeds the quarantine and is dropped before the swap.
CREATE OR REPLACE TABLE staging.oews_values_next (
    seasonal_code VARCHAR, areatype_code VARCHAR, area_code VARCHAR, industry_code VARCHAR,
    occupation_code VARCHAR, datatype_code VARCHAR, "year" BIGINT, period VARCHAR,
    "value" DOUBLE, value_raw VARCHAR, footnote_codes VARCHAR, release VARCHAR, source_line BIGINT,
    violations STRUCT(field VARCHAR, rule VARCHAR, "value" VARCHAR)[]
);

CREATE OR REPLACE TABLE staging.oews_files_next (
    release VARCHAR, release_published_on DATE, source_file VARCHAR, snapshot_sha256 VARCHAR
);
