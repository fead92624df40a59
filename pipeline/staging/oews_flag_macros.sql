-- BLS special values in OEWS become NULL plus a flag, never a number. One definition for every door
-- (time-series files, API, yearly files): `-`/`#` with footnote 5 is a top-coded wage; footnote 8, `*`, `**` an
-- estimate not released or not available; `~` fewer than 0.5% of establishments reporting.
-- Stored in the warehouse (not TEMP) because the staging.oews_data view uses them.
CREATE SCHEMA IF NOT EXISTS staging;
CREATE OR REPLACE MACRO staging.oews_is_top_coded(raw, footnotes) AS
    raw IN ('-', '#') AND coalesce(footnotes, '') LIKE '%5%';
CREATE OR REPLACE MACRO staging.oews_is_not_released(val, raw, footnotes) AS
    val IS NULL AND (coalesce(footnotes, '') LIKE '%8%' OR raw IN ('*', '**'));
CREATE OR REPLACE MACRO staging.oews_is_low_response(val, raw) AS
    val IS NULL AND raw = '~';
