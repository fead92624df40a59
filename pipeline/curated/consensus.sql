-- curated.consensus: per claim fingerprint, the median of the independent claims beside the official figure they
-- were checked against. Copies of one figure with one attribution count once (internal.claim_copies); the
-- pipeline abstains (`insufficient`) below two independent claims.
CREATE OR REPLACE TABLE curated.consensus AS
WITH independent AS (
    SELECT * FROM internal.claim_copies WHERE copy_rank = 1
),
grouped AS (
    SELECT measure, occupation, universe, activity, cycle, unit,
           count(*) AS independent_claims,
           median(value) AS consensus_value,
           min(value) AS min_value, max(value) AS max_value,
           -- all independent intervals share a point: the claims agree among themselves
           max(coalesce(value_low, '-infinity'::DOUBLE)) < min(coalesce(value_high, 'infinity'::DOUBLE)) AS claims_agree,
           list(observation_id ORDER BY observation_id) AS claim_ids
    FROM independent
    GROUP BY ALL
),
copies AS (
    SELECT measure, occupation, universe, activity, cycle, unit, count(*) AS all_claims
    FROM internal.claim_copies GROUP BY ALL
),
official AS (
    -- the figure the claims were checked against, when they agree on one
    SELECT e.measure, e.occupation, e.universe, e.activity, e.cycle, e.unit,
           min(v.checked_against) AS checked_against, count(DISTINCT v.checked_against) AS officials
    FROM internal.claim_copies AS e JOIN internal.claim_checks AS v USING (observation_id)
    WHERE v.verdict <> 'not_comparable' AND v.checked_against IS NOT NULL
    GROUP BY ALL
)
SELECT g.measure, g.occupation, g.universe, g.activity, g.cycle, g.unit, c.all_claims, g.independent_claims,
       CASE WHEN g.independent_claims >= 2 THEN g.consensus_value END AS consensus_value,
       g.min_value, g.max_value,
       CASE WHEN g.independent_claims < 2 THEN 'insufficient'
            WHEN g.claims_agree THEN 'agree' ELSE 'disagree' END AS consensus_status,
       CASE WHEN off.officials = 1 THEN off.checked_against END AS official_observation_id,
       ofo.value AS official_value,
       g.claim_ids
FROM grouped AS g
JOIN copies AS c USING (measure, occupation, universe, activity, cycle, unit)
LEFT JOIN official AS off USING (measure, occupation, universe, activity, cycle, unit)
LEFT JOIN curated.observations AS ofo ON ofo.observation_id = CASE WHEN off.officials = 1 THEN off.checked_against END
ORDER BY g.measure, g.occupation, g.universe, g.activity, g.cycle
