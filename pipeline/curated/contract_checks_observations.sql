-- Named contract checks on curated.observations; each returns the number of violating rows.
SELECT 'quote_matches_span' AS check_name, count(*) AS violations
FROM curated.observations AS o JOIN curated.documents AS d USING (document_id)
WHERE o.kind = 'claim'
  AND (substr(d.text, o.char_start + 1, o.char_end - o.char_start) <> o.quote
       OR substr(d.text, o.value_start + 1, o.value_end - o.value_start) <> o.value_text
       OR position(o.value_text IN o.quote) = 0)
UNION ALL
SELECT 'unique_observation_ids', count(*) - count(DISTINCT observation_id) FROM curated.observations
UNION ALL
SELECT 'measure_vocabulary', count(*) FROM curated.observations
WHERE measure NOT IN (SELECT measure FROM staging.measures)
UNION ALL
SELECT 'intervals_contain_values', count(*) FROM curated.observations
WHERE value < coalesce(value_low, value) - 1e-9 OR value > coalesce(value_high, value) + 1e-9
UNION ALL
SELECT 'official_figures_have_provenance', count(*) FROM curated.observations
WHERE kind <> 'claim' AND (source_file IS NULL OR snapshot_sha256 IS NULL OR url IS NULL)
