-- Claims of every article in reading order, with their verdicts and the unit of the official figure checked.
SELECT
    d.document_id, d.title, d.url, d.published_on,
    o.observation_id, o.value_text, o.value, o.unit, o.measure, o.subject, o.reference_period, o.attributed_source,
    o.quote, o.value_start - o.char_start AS highlight_start, o.value_end - o.char_start AS highlight_end,
    o.char_start, v.verdict, v.reasons, v.evidence, v.official_value, v.checked_against,
    off.unit AS official_unit,
    (SELECT count(*) FROM curated.claim_occurrences AS co WHERE 'claim:' || co.claim_id = o.observation_id)
        AS other_occurrences
FROM curated.documents AS d
JOIN curated.observations AS o USING (document_id)
JOIN curated.claim_verdicts AS v USING (observation_id)
LEFT JOIN curated.observations AS off ON off.observation_id = v.checked_against
ORDER BY d.document_id, o.char_start
