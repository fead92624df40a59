-- curated.documents: the articles whose claims are checked, with the exact text their claims' spans index.
-- `published_on_source` is optional in staging (a documents table written before it existed reads as unknown):
-- the empty typed row below supplies it by name.
CREATE OR REPLACE TABLE curated.documents AS
SELECT document_id::VARCHAR AS document_id, title::VARCHAR AS title, url::VARCHAR AS url,
       published_on::DATE AS published_on, published_on_source::VARCHAR AS published_on_source,
       publisher::VARCHAR AS publisher, sha256::VARCHAR AS sha256,
       text::VARCHAR AS text, file::VARCHAR AS file, source_file::VARCHAR AS source_file
FROM (
    SELECT * FROM staging.documents
    UNION ALL BY NAME
    SELECT NULL::VARCHAR AS published_on_source WHERE false
)
ORDER BY document_id
