-- OEWS lookup tables (areas, industries, occupations, datatypes, footnotes). BLS serves these files with
-- its own column order and padding, so columns are matched by name and trimmed.
CREATE OR REPLACE TABLE staging.oews_areas AS
SELECT DISTINCT trim(area_code) AS area_code, trim(areatype_code) AS areatype_code,
       trim(state_code) AS state_code, trim(area_name) AS area_name
FROM read_csv($area_file, delim = '\t', header = true, all_varchar = true, quote = '', union_by_name = true);

CREATE OR REPLACE TABLE staging.oews_industries AS
SELECT DISTINCT trim(industry_code) AS industry_code, trim(industry_name) AS industry_name,
       TRY_CAST(trim(display_level) AS INTEGER) AS display_level
FROM read_csv($industry_file, delim = '\t', header = true, all_varchar = true, quote = '', union_by_name = true);

CREATE OR REPLACE TABLE staging.oews_occupations AS
SELECT DISTINCT trim(occupation_code) AS occupation_code,
       substr(trim(occupation_code), 1, 2) || '-' || substr(trim(occupation_code), 3, 4) AS soc_code,
       trim(occupation_name) AS occupation_name, TRY_CAST(trim(display_level) AS INTEGER) AS display_level
FROM read_csv($occupation_file, delim = '\t', header = true, all_varchar = true, quote = '', union_by_name = true);

CREATE OR REPLACE TABLE staging.oews_datatypes AS
SELECT DISTINCT trim(datatype_code) AS datatype_code, trim(datatype_name) AS datatype_name
FROM read_csv($datatype_file, delim = '\t', header = true, all_varchar = true, quote = '', union_by_name = true);
