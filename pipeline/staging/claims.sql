-- staging.claims with explicit types: a pandas column that is all NULL would otherwise arrive untyped.
CREATE OR REPLACE TABLE staging.claims AS
SELECT
    claim_id::VARCHAR AS claim_id, document_id::VARCHAR AS document_id, document_sha256::VARCHAR AS document_sha256,
    value::DOUBLE AS value, value_text::VARCHAR AS value_text,
    value_start::BIGINT AS value_start, value_end::BIGINT AS value_end,
    quote::VARCHAR AS quote, char_start::BIGINT AS char_start, char_end::BIGINT AS char_end,
    qualifier::VARCHAR AS qualifier, qualifier_text::VARCHAR AS qualifier_text, rounding_unit::DOUBLE AS rounding_unit,
    range_low::DOUBLE AS range_low, range_high::DOUBLE AS range_high, unit::VARCHAR AS unit,
    measure::VARCHAR AS measure, subject::VARCHAR AS subject, activity::VARCHAR AS activity,
    universe::VARCHAR AS universe, reference_period::VARCHAR AS reference_period,
    period_start::DATE AS period_start, period_end::DATE AS period_end,
    period_from_document_date::BOOLEAN AS period_from_document_date,
    attributed_source::VARCHAR AS attributed_source, attribution_text::VARCHAR AS attribution_text,
    in_scope::BOOLEAN AS in_scope, occurrence_count::INTEGER AS occurrence_count,
    source_file::VARCHAR AS source_file, source_line::BIGINT AS source_line
FROM claims_frame
ORDER BY document_id, value_start;

CREATE OR REPLACE TABLE staging.claim_occurrences AS
SELECT claim_id::VARCHAR AS claim_id, document_id::VARCHAR AS document_id, value_start::BIGINT AS value_start,
       value_end::BIGINT AS value_end, value_text::VARCHAR AS value_text
FROM occurrences_frame
ORDER BY claim_id, value_start;
