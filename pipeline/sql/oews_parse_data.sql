-- Parse one BLS OEWS time-series data file (oe.data.*) into typed columns.
-- BLS pads series_id and value with spaces; the 25-character series id is
-- OE + seasonal(1) + areatype(1) + area(7) + industry(6) + occupation(6) + datatype(2).
-- Raw strings are kept beside typed values so a failing row can be quarantined as written.
SELECT
    $source_file                                         AS source_file,
    CAST(row_number() OVER () + 1 AS BIGINT)             AS source_line,
    trim(series_id)                                      AS series_id,
    substr(trim(series_id), 3, 1)                        AS seasonal_code,
    substr(trim(series_id), 4, 1)                        AS areatype_code,
    substr(trim(series_id), 5, 7)                        AS area_code,
    substr(trim(series_id), 12, 6)                       AS industry_code,
    substr(trim(series_id), 18, 6)                       AS occupation_code,
    substr(trim(series_id), 18, 2) || '-' || substr(trim(series_id), 20, 4) AS soc_code,
    substr(trim(series_id), 24, 2)                       AS datatype_code,
    TRY_CAST(trim("year") AS BIGINT)                     AS "year",
    trim("year")                                         AS year_raw,
    trim(period)                                         AS period,
    TRY_CAST(trim("value") AS DOUBLE)                    AS "value",
    trim("value")                                        AS value_raw,
    nullif(trim(coalesce(footnote_codes, '')), '')       AS footnote_codes
FROM read_csv($data_file, delim = '\t', header = true, all_varchar = true, quote = '',
              columns = {'series_id': 'VARCHAR', 'year': 'VARCHAR', 'period': 'VARCHAR',
                         'value': 'VARCHAR', 'footnote_codes': 'VARCHAR'})
