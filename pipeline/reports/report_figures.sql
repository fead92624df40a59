-- Every figure of every conflict, with what an editor needs to judge it: what it measures, who produced it and who
-- published it (a page citing the producer), its verdict when it is a claim, and whether it is the figure to use.
SELECT
    c.conflict_id,
    o.observation_id, o.kind, o.measure, o.measure_family, o.statistic, o.subject, o.soc_code, o.universe,
    o.activity, o.unit, o.value, o.value_low, o.value_high, o.value_text, o.qualifier, o.qualifier_text,
    o.reference_period, o.period_end, o.evidence_role, o.is_official, o.producer_id,
    coalesce(src.organisation, o.source_id) AS source_name,
    CASE WHEN o.is_official AND o.source_id IS DISTINCT FROM o.producer_id THEN pub.organisation END
        AS publisher_name,
    o.attributed_source, o.url,
    o.quote, o.value_start - o.char_start AS highlight_start, o.value_end - o.char_start AS highlight_end,
    d.title AS document_title, v.verdict, v.reasons AS verdict_reasons, v.evidence, v.checked_against,
    o.observation_id = c.recommended_observation_id AS is_recommended
FROM curated.conflicts AS c, unnest(c.observation_ids) AS m(observation_id)
JOIN curated.observations AS o USING (observation_id)
LEFT JOIN curated.sources AS src ON src.source_id = coalesce(o.producer_id, o.source_id)
LEFT JOIN curated.sources AS pub ON pub.source_id = o.source_id
LEFT JOIN curated.documents AS d ON d.document_id = o.document_id
LEFT JOIN curated.claim_verdicts AS v USING (observation_id)
ORDER BY c.conflict_id, o.kind = 'claim' DESC, o.unit, o.value
