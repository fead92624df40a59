-- internal.claim_observations: the article claims of curated.observations with what checking them needs: the
-- measure's kind (level or projection) and the publication date of the article.
CREATE OR REPLACE TABLE internal.claim_observations AS
SELECT o.*, m.kind AS measure_kind, d.published_on AS document_date
FROM curated.observations AS o
JOIN staging.measures AS m USING (measure)
JOIN curated.documents AS d USING (document_id)
WHERE o.kind = 'claim'
