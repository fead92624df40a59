-- staging.claims with explicit types: a pandas column that is all NULL would otherwise arrive untyped.
-- The place, industry and statistic columns are optional in the frame (a frame built without them reads as
-- national, all industries): the empty typed row below supplies them by name.
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
    in_scope::BOOLEAN AS in_scope, coalesce(geography, 'United States')::VARCHAR AS geography,
    (CASE WHEN geography IS NULL THEN '0000000' ELSE area_code END)::VARCHAR AS area_code,
    coalesce(area_type, 'national')::VARCHAR AS area_type, industry::VARCHAR AS industry,
    statistic::VARCHAR AS statistic,
    occurrence_count::INTEGER AS occurrence_count,
    source_file::VARCHAR AS source_file, source_line::BIGINT AS source_line
FROM (
    SELECT * FROM claims_frame
    UNION ALL BY NAME
    SELECT NULL::VARCHAR AS geography, NULL::VARCHAR AS area_code, NULL::VARCHAR AS area_type,
           NULL::VARCHAR AS industry, NULL::VARCHAR AS statistic
    WHERE false
)
ORDER BY document_id, value_start;

CREATE OR REPLACE TABLE staging.claim_occurrences AS
SELECT claim_id::VARCHAR AS claim_id, document_id::VARCHAR AS document_id, value_start::BIGINT AS value_start,
       value_end::BIGINT AS value_end, value_text::VARCHAR AS value_text
FROM occurrences_frame
ORDER BY claim_id, value_start;
