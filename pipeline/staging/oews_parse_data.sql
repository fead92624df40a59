-- Parse one BLS OEWS time-series data file (oe.data.*) into staging.oews_values_next, in file order, and record
-- the file in staging.oews_files_next.
-- BLS pads series_id and value with spaces; the 25-character series id is
-- OE + seasonal(1) + areatype(1) + area(7) + industry(6) + occupation(6) + datatype(2).
-- Every row is held to the rules of the Pandera models in oews_contract.py, through the macros made from them
-- (`oews_row_ok`, `oews_violations`), so a broken row is quarantined under the rule's Pandera name. The violation
-- list is built only for rows that break a rule (CASE evaluates lazily), so clean rows cost little.
-- source_line is filled in afterwards from the row's position (oews_number_lines): a window function here
-- would serialize the parallel CSV reader. No IN list here: one of more than a few items is planned as a hash join
-- over every row, which also cost the insert its order-preserving batch path (and some rows their line numbers).
-- buffer_size = 32 MB: with the default, CSV batches leave part-filled row groups that the next checkpoint rewrites
-- (~2.5 s on the full release).
INSERT INTO staging.oews_values_next BY NAME
SELECT
    p.* EXCLUDE (series_id, year_raw, ok),
    $release                                                                  AS release,
    CASE WHEN NOT p.ok THEN oews_violations(p) END                           AS violations
FROM (
    SELECT s.*, oews_row_ok(s) AS ok
    FROM (
        SELECT
            r.sid                                                 AS series_id,
            substr(r.sid, 3, 1)                                   AS seasonal_code,
            substr(r.sid, 4, 1)                                   AS areatype_code,
            substr(r.sid, 5, 7)                                   AS area_code,
            substr(r.sid, 12, 6)                                  AS industry_code,
            substr(r.sid, 18, 6)                                  AS occupation_code,
            substr(r.sid, 24, 2)                                  AS datatype_code,
            TRY_CAST(trim(r."year") AS BIGINT)                    AS "year",
            trim(r."year")                                        AS year_raw,
            trim(r.period)                                        AS period,
            TRY_CAST(trim(r."value") AS DOUBLE)                   AS "value",
            trim(r."value")                                       AS value_raw,
            nullif(trim(coalesce(r.footnote_codes, '')), '')      AS footnote_codes
        FROM (
            SELECT trim(series_id) AS sid, "year", period, "value", footnote_codes
            FROM read_csv($data_file, delim = '\t', header = true, all_varchar = true, quote = '', buffer_size = 33554432,
                          columns = {'series_id': 'VARCHAR', 'year': 'VARCHAR', 'period': 'VARCHAR',
                                     'value': 'VARCHAR', 'footnote_codes': 'VARCHAR'})
        ) AS r
    ) AS s
) AS p;

INSERT INTO staging.oews_files_next VALUES ($release, CAST($published AS DATE), $source_file, $sha256)
