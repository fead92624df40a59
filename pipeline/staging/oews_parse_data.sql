-- Parse one BLS OEWS time-series data file (oe.data.*) into staging.oews_values_next, in file order, and record
-- the file in staging.oews_files_next.
-- BLS pads series_id and value with spaces; the 25-character series id is
-- OE + seasonal(1) + areatype(1) + area(7) + industry(6) + occupation(6) + datatype(2).
-- Each rule of the Pandera model OewsDataRow (pipeline/schemas.py) is evaluated here, row by row but set-based,
-- and named exactly as Pandera names it, so quarantine records read as before; tests/test_oews_ingest.py checks
-- that this file and the model agree. As in Pandera, a NULL fails only `not_nullable`, never another check.
-- The violation list is built only for rows that break a rule (CASE evaluates lazily), so clean rows cost little.
-- source_line is filled in afterwards from the row's position (oews_number_lines): a window function here
-- would serialize the parallel CSV reader.
-- Speed, on the 6 M-row release: `ok` below uses no regex and no IN list (GLOB on character classes, BETWEEN,
-- plain comparisons; it implies every rule, so a row with ok = true has no violation). An IN list of more than a
-- few items, even inside the lazy CASE, is planned as a hash join over every row, which also cost the insert its
-- order-preserving batch path (and some rows their line numbers); the detail uses a regex instead. buffer_size =
-- 32 MB: with the default, CSV batches leave part-filled row groups that the next checkpoint rewrites (~2.5 s).
INSERT INTO staging.oews_values_next BY NAME
SELECT
    p.* EXCLUDE (series_id, year_raw, ok),
    $release                                                                  AS release,
    CASE WHEN NOT p.ok THEN list_filter([
        CASE WHEN p.series_id IS NULL THEN {'field': 'series_id', 'rule': 'not_nullable', 'value': NULL}
             WHEN NOT regexp_full_match(p.series_id, '^OE[US][NSM]\d{7}[0-9A-Z-]{6}\d{6}\d{2}$')
             THEN {'field': 'series_id', 'rule': 'str_matches(''^OE[US][NSM]\d{7}[0-9A-Z-]{6}\d{6}\d{2}$'')',
                   'value': p.series_id} END,
        CASE WHEN p.areatype_code IS NULL THEN {'field': 'areatype_code', 'rule': 'not_nullable', 'value': NULL}
             WHEN p.areatype_code NOT IN ('N', 'S', 'M')
             THEN {'field': 'areatype_code', 'rule': 'isin([''N'', ''S'', ''M''])', 'value': p.areatype_code} END,
        CASE WHEN p.area_code IS NULL THEN {'field': 'area_code', 'rule': 'not_nullable', 'value': NULL}
             WHEN length(p.area_code) <> 7
             THEN {'field': 'area_code', 'rule': 'str_length(7)', 'value': p.area_code} END,
        CASE WHEN p.industry_code IS NULL THEN {'field': 'industry_code', 'rule': 'not_nullable', 'value': NULL}
             WHEN length(p.industry_code) <> 6
             THEN {'field': 'industry_code', 'rule': 'str_length(6)', 'value': p.industry_code} END,
        CASE WHEN p.occupation_code IS NULL THEN {'field': 'occupation_code', 'rule': 'not_nullable', 'value': NULL}
             WHEN NOT regexp_full_match(p.occupation_code, '^\d{6}$')
             THEN {'field': 'occupation_code', 'rule': 'str_matches(''^\d{6}$'')', 'value': p.occupation_code} END,
        CASE WHEN p.datatype_code IS NULL THEN {'field': 'datatype_code', 'rule': 'not_nullable', 'value': NULL}
             WHEN NOT regexp_full_match(p.datatype_code, '^(0[1-9]|1[0-7])$')
             THEN {'field': 'datatype_code', 'rule': 'isin([''01'', ''02'', ''03'', ''04'', ''05'', ''06'', ''07'', '
                   '''08'', ''09'', ''10'', ''11'', ''12'', ''13'', ''14'', ''15'', ''16'', ''17''])',
                   'value': p.datatype_code} END,
        CASE WHEN p."year" IS NULL THEN {'field': 'year', 'rule': 'not_nullable', 'value': p.year_raw}
             WHEN p."year" < 1997 THEN {'field': 'year', 'rule': 'greater_than_or_equal_to(1997)', 'value': p.year_raw}
             END,
        CASE WHEN p."year" > 2100 THEN {'field': 'year', 'rule': 'less_than_or_equal_to(2100)', 'value': p.year_raw}
             END,
        CASE WHEN p.period IS NULL THEN {'field': 'period', 'rule': 'not_nullable', 'value': NULL}
             WHEN p.period <> 'A01' THEN {'field': 'period', 'rule': 'isin([''A01''])', 'value': p.period} END,
        CASE WHEN p."value" < 0 THEN {'field': 'value', 'rule': 'greater_than_or_equal_to(0)', 'value': p.value_raw}
             END,
        CASE WHEN p."value" IS NULL AND p.value_raw IS DISTINCT FROM '-' AND p.value_raw IS DISTINCT FROM '*'
                  AND p.value_raw IS DISTINCT FROM '**' AND p.value_raw IS DISTINCT FROM '#'
                  AND p.value_raw IS DISTINCT FROM '~'
             THEN {'field': 'value', 'rule': 'value: a number or a BLS special value (-, *, **, #, ~)',
                   'value': p.value_raw} END
    ], lambda x: x IS NOT NULL) END                                                AS violations
FROM (
    SELECT
        s.*,
        -- every rule at once, cheap enough to run on each row; the detail above is built only when this fails
        coalesce(s.series_id GLOB 'OE[US][NSM][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9A-Z-][0-9A-Z-][0-9A-Z-][0-9A-Z-][0-9A-Z-][0-9A-Z-][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
                 AND s.datatype_code BETWEEN '01' AND '17'
                 AND s."year" BETWEEN 1997 AND 2100 AND s.period = 'A01'
                 AND (s."value" >= 0 OR (s."value" IS NULL AND (s.value_raw = '-' OR s.value_raw = '*'
                      OR s.value_raw = '**' OR s.value_raw = '#' OR s.value_raw = '~'))),
                 false)                                                        AS ok
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
