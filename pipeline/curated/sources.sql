-- curated.sources: registry sources plus one source per article. role: `producer` makes statistics, `publisher`
-- repeats or reports other producers' figures, `article` is a document whose claims are checked.
CREATE OR REPLACE TABLE curated.sources AS
SELECT source_id, organisation, kind, url,
       CASE WHEN kind IN ('career_site', 'news', 'vendor_blog', 'mirror') THEN 'publisher' ELSE 'producer' END AS role,
       method, universe, description
FROM staging.source_registry
UNION ALL
SELECT 'article:' || document_id, coalesce(publisher::VARCHAR, title), 'article', url::VARCHAR, 'article', 'article',
       NULL, title
FROM staging.documents
ORDER BY source_id
