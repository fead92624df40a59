-- internal.conflict_members: the figures of each (topic, measure family) group editors review: the in-scope claims,
-- the figures they were checked against, and per topic the leading official figure of each distinct definition
-- (national, all industries), so editors see every look-alike.
CREATE OR REPLACE TABLE internal.conflict_members AS
WITH claims AS (
    SELECT * FROM internal.claim_observations WHERE in_scope AND measure <> 'unknown'
),
claim_topics AS (
    SELECT DISTINCT topic, measure_family FROM claims
),
leading_official AS (
    SELECT r.* FROM internal.ranked_official AS r
    JOIN claim_topics AS t USING (topic, measure_family)
    WHERE coalesce(r.geography, 'United States') = 'United States' AND r.industry IS NULL
    QUALIFY row_number() OVER (
        PARTITION BY r.topic, r.measure, coalesce(r.soc_code, r.subject), r.universe, r.activity, r.producer_id,
                     r.transform
        ORDER BY r.period_end DESC NULLS LAST, r.authority_rank, r.observation_id) = 1
)
SELECT DISTINCT 'conflict:' || topic || ':' || measure_family AS conflict_id, topic, measure_family, observation_id
FROM (
    SELECT topic, measure_family, observation_id FROM claims
    UNION ALL
    SELECT c.topic, c.measure_family, v.checked_against
    FROM internal.claim_checks AS v JOIN claims AS c USING (observation_id)
    WHERE v.checked_against IS NOT NULL
    UNION ALL
    SELECT topic, measure_family, observation_id FROM leading_official
)
ORDER BY conflict_id, observation_id
