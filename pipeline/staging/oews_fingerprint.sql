-- What the current staging.oews_data was built from (written by oews_swap), and whether its tables, lookups,
-- view and the flag macros the view uses all exist.
SELECT (SELECT max(record) FROM staging.oews_load) AS record,
       (SELECT count(*) FROM staging.quarantine WHERE source = 'bls_oews') AS quarantined,
       (SELECT count(*) FROM duckdb_tables() AS d
        WHERE d.schema_name = 'staging' AND d.database_name = current_database()
          AND d.table_name IN ('oews_values', 'oews_files', 'oews_areas', 'oews_industries', 'oews_occupations',
                               'oews_datatypes'))
       + (SELECT count(*) FROM duckdb_views() AS v
          WHERE v.schema_name = 'staging' AND v.database_name = current_database() AND v.view_name = 'oews_data')
       + (SELECT count(DISTINCT f.function_name) FROM duckdb_functions() AS f
          WHERE f.schema_name = 'staging' AND f.database_name = current_database()
            AND f.function_name IN ('oews_is_top_coded', 'oews_is_not_released', 'oews_is_low_response'))
       AS relations
