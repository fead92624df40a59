-- curated.documents: the articles whose claims are checked, with the exact text their claims' spans index.
CREATE OR REPLACE TABLE curated.documents AS
SELECT document_id::VARCHAR AS document_id, title::VARCHAR AS title, url::VARCHAR AS url,
       published_on::DATE AS published_on, publisher::VARCHAR AS publisher, sha256::VARCHAR AS sha256,
       text::VARCHAR AS text, file::VARCHAR AS file, source_file::VARCHAR AS source_file
FROM staging.documents
ORDER BY document_id
