-- The producers and publishers of a conflict's official figures: the sources `prefer_source` may name.
SELECT DISTINCT s.source_id, s.organisation, s.kind
FROM curated.conflicts AS c, unnest(c.observation_ids) AS m(observation_id)
JOIN curated.observations AS o USING (observation_id)
JOIN curated.sources AS s ON s.source_id IN (o.producer_id, o.source_id)
WHERE c.conflict_id = ? AND o.is_official
ORDER BY s.organisation, s.source_id
