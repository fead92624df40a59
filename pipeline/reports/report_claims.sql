-- Claims of every article in reading order, with their verdicts, the official figure each was checked against
-- (with its source and period), the earlier release a claim matched, and the evidence hash a ruling on the claim
-- is bound to (curated.evidence).
SELECT
    d.document_id, d.title, d.url, d.published_on,
    o.observation_id, o.value_text, o.value, o.unit, o.measure, o.measure_family, o.statistic, o.topic, o.subject,
    o.soc_code, o.universe, o.activity, o.reference_period, o.attributed_source, o.qualifier_text, o.in_scope,
    o.quote, o.value_start - o.char_start AS highlight_start, o.value_end - o.char_start AS highlight_end,
    o.char_start, v.verdict, v.reasons, v.evidence, v.official_value, v.checked_against, v.differing_fields,
    v.rejected_by_editor, v.ruling_id, v.ruling_status,
    off.unit AS official_unit, off.reference_period AS official_period, off.measure AS official_measure,
    off.subject AS official_subject, off.universe AS official_universe, off.activity AS official_activity,
    off.evidence_role AS official_evidence_role, off.producer_id AS official_producer_id,
    coalesce(prod.organisation, off.producer_id, off.source_id) AS official_source,
    CASE WHEN off.source_id IS DISTINCT FROM off.producer_id THEN pub.organisation END AS official_publisher,
    early.reference_period AS earlier_period,
    ev.evidence_hash,
    (SELECT count(*) FROM curated.claim_occurrences AS co WHERE 'claim:' || co.claim_id = o.observation_id)
        AS other_occurrences
FROM curated.documents AS d
JOIN curated.observations AS o USING (document_id)
JOIN curated.claim_verdicts AS v USING (observation_id)
LEFT JOIN curated.observations AS off ON off.observation_id = v.checked_against
LEFT JOIN curated.observations AS early ON early.observation_id = v.earlier_match
LEFT JOIN curated.sources AS prod ON prod.source_id = off.producer_id
LEFT JOIN curated.sources AS pub ON pub.source_id = off.source_id
LEFT JOIN curated.evidence AS ev ON ev.target_id = o.observation_id
ORDER BY d.document_id, o.char_start
