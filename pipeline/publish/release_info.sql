-- release.curated.release_info: which release this file is, under which schema version, built by which code.
CREATE TABLE release.curated.release_info AS
SELECT $release_id::VARCHAR AS release_id, $schema_version::VARCHAR AS schema_version,
       $code_version::VARCHAR AS code_version
