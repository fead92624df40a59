-- Copy the published tables from the writer database (the connection's main database) into the attached
-- release file. Quarantine and claim occurrences come from staging; readers see them under curated.
CREATE SCHEMA release.curated;
CREATE TABLE release.curated.documents AS SELECT * FROM curated.documents;
CREATE TABLE release.curated.sources AS SELECT * FROM curated.sources;
CREATE TABLE release.curated.observations AS SELECT * FROM curated.observations;
CREATE TABLE release.curated.claim_verdicts AS SELECT * FROM curated.claim_verdicts;
CREATE TABLE release.curated.conflicts AS SELECT * FROM curated.conflicts;
CREATE TABLE release.curated.comparisons AS SELECT * FROM curated.comparisons;
CREATE TABLE release.curated.recommended_figures AS SELECT * FROM curated.recommended_figures;
CREATE TABLE release.curated.claim_occurrences AS SELECT * FROM staging.claim_occurrences;
CREATE TABLE release.curated.quarantine AS SELECT * FROM staging.quarantine;
CREATE TABLE release.curated.consensus AS SELECT * FROM curated.consensus;
CREATE TABLE release.curated.rulings AS SELECT * FROM curated.rulings;
CREATE TABLE release.curated.decision_log AS SELECT * FROM curated.decision_log;
CREATE TABLE release.curated.evidence AS SELECT * FROM curated.evidence;
CREATE TABLE release.curated.release_info AS
SELECT $release_id AS release_id, $schema_version AS schema_version, $code_version AS code_version;
