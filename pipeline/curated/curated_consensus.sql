-- Consensus of independent claims per fingerprint, beside the official figure.
-- Claims that repeat the same figure with the same attribution (in any document) are one piece of evidence:
-- the first document (by publication date, then id) holds it and the others are labelled `copying`.
CREATE OR REPLACE TEMP TABLE claim_evidence AS
SELECT
    o.observation_id, o.document_id, o.measure, coalesce(o.soc_code, o.subject) AS occupation,
    coalesce(o.universe, 'unstated') AS universe, coalesce(o.activity, 'any') AS activity,
    -- projection cycles are different things; levels of different years are compared through vintages instead
    CASE WHEN m.kind <> 'projection' THEN 'any'
         ELSE coalesce(year(o.period_start) || '-' || year(o.period_end), 'unstated') END AS cycle,
    o.value, o.value_low, o.value_high, o.unit, coalesce(o.attributed_source, '') AS attribution,
    row_number() OVER (PARTITION BY o.measure, coalesce(o.soc_code, o.subject), o.activity, o.value,
                                    coalesce(o.attributed_source, '')
                       ORDER BY d.published_on NULLS LAST, o.document_id, o.observation_id) AS copy_rank,
    first_value(o.observation_id) OVER (
        PARTITION BY o.measure, coalesce(o.soc_code, o.subject), o.activity, o.value, coalesce(o.attributed_source, '')
        ORDER BY d.published_on NULLS LAST, o.document_id, o.observation_id) AS original_id
FROM curated.observations AS o
JOIN curated.documents AS d USING (document_id)
JOIN staging.measures AS m USING (measure)
WHERE o.kind = 'claim' AND o.in_scope AND o.measure <> 'unknown';

CREATE OR REPLACE TABLE curated.claim_copies AS
SELECT observation_id, original_id FROM claim_evidence WHERE copy_rank > 1 ORDER BY observation_id;

CREATE OR REPLACE TABLE curated.claim_verdicts AS
SELECT v.* EXCLUDE (reasons),
       CASE WHEN cc.original_id IS NOT NULL THEN list_append(v.reasons, 'copying') ELSE v.reasons END AS reasons,
       cc.original_id AS copy_of
FROM curated.claim_verdicts AS v
LEFT JOIN curated.claim_copies AS cc USING (observation_id)
ORDER BY v.observation_id;

-- Independent claims per fingerprint; abstain ("insufficient") below two independent pieces of evidence.
CREATE OR REPLACE TABLE curated.consensus AS
WITH independent AS (
    SELECT * FROM claim_evidence WHERE copy_rank = 1
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
    FROM claim_evidence GROUP BY ALL
),
official AS (
    -- the figure the claims were checked against, when they agree on one
    SELECT e.measure, e.occupation, e.universe, e.activity, e.cycle, e.unit,
           min(v.checked_against) AS checked_against, count(DISTINCT v.checked_against) AS officials
    FROM claim_evidence AS e JOIN curated.claim_verdicts AS v USING (observation_id)
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
ORDER BY g.measure, g.occupation;
