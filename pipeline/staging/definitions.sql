-- One staging table per definitions/registry CSV, all columns text; `$<table>` is the file's path.

CREATE OR REPLACE TABLE staging.measures AS
SELECT * FROM read_csv($measures, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.measure_aliases AS
SELECT * FROM read_csv($measure_aliases, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.subjects AS
SELECT * FROM read_csv($subjects, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.subject_topics AS
SELECT * FROM read_csv($subject_topics, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.oews_measures AS
SELECT * FROM read_csv($oews_measures, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.qualifier_precision AS
SELECT * FROM read_csv($qualifier_precision, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.soc_crosswalk AS
SELECT * FROM read_csv($soc_crosswalk, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.measure_transforms AS
SELECT * FROM read_csv($measure_transforms, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.source_registry AS
SELECT * FROM read_csv($source_registry, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.authority_policy AS
SELECT * FROM read_csv($authority_policy, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.attributions AS
SELECT * FROM read_csv($attributions, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.caveats AS
SELECT * FROM read_csv($caveats, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.release_calendar AS
SELECT * FROM read_csv($release_calendar, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.unit_aliases AS
SELECT * FROM read_csv($unit_aliases, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.source_kinds AS
SELECT * FROM read_csv($source_kinds, header = true, all_varchar = true, quote = '"');

CREATE OR REPLACE TABLE staging.focus_occupations AS
SELECT * FROM read_csv($focus_occupations, header = true, all_varchar = true, quote = '"');
