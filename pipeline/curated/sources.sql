-- curated.sources: registry sources plus one source per article. role (raw/registry/source_kinds.csv, by kind):
-- `producer` makes statistics, `publisher` repeats or reports other producers' figures, `article` is a document
-- whose claims are checked.
CREATE OR REPLACE TABLE curated.sources AS
SELECT r.source_id, r.organisation, r.kind, r.url, k.role, r.method, r.universe, r.description
FROM staging.source_registry AS r
JOIN staging.source_kinds AS k USING (kind)
UNION ALL
SELECT 'article:' || document_id, coalesce(publisher::VARCHAR, title), 'article', url::VARCHAR, 'article', 'article',
       NULL, title
FROM staging.documents
ORDER BY source_id
