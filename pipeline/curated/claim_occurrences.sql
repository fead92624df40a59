-- curated.claim_occurrences: the other places in its article where a claim's figure is stated again.
CREATE OR REPLACE TABLE curated.claim_occurrences AS
SELECT claim_id, document_id, value_start, value_end, value_text FROM staging.claim_occurrences
ORDER BY claim_id, value_start
