-- curated.quarantine: every row a staging contract rejected, with file, line, field, rule, value and a reason;
-- published so nothing rejected is ever silently dropped.
CREATE OR REPLACE TABLE curated.quarantine AS
SELECT source, file, line, field, rule, "value", reason FROM staging.quarantine
ORDER BY source, file, line, field
