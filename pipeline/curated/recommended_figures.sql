-- curated.recommended_figures: the recommended official figure for every official fingerprint, picked by the
-- declared authority policy: lowest authority rank, then latest period, then id (an arg_min per fingerprint; a
-- window over every row is slower), with the producer's caveat and a publish label. A figure on a SOC version
-- other than the current one takes the caveat and label raw/definitions/caveats.csv gives that version
-- (`{soc_code}` in a caveat stands for the figure's code).
CREATE OR REPLACE TABLE curated.recommended_figures AS
WITH picked AS (
    SELECT arg_min(observation_id,
                   (authority_rank, -epoch_ms(coalesce(period_end, DATE '1900-01-01')), observation_id)) AS observation_id
    FROM internal.ranked_official
    WHERE is_official  -- a news report of a survey is checked against, never recommended
    GROUP BY measure, coalesce(soc_code, subject), universe, activity, geography, industry, unit
)
SELECT
    r.measure, r.statistic, coalesce(r.soc_code, r.subject) AS occupation, r.subject, r.universe, r.activity,
    r.geography, r.industry, r.unit,
    r.observation_id, r.value, r.value_low, r.value_high, r.period_start, r.period_end, r.reference_period,
    r.producer_id, r.evidence_role,
    'authority rank ' || r.authority_rank || ' (' || r.authority_rule || '), then latest period, then id' AS rule,
    coalesce(replace(by_soc.caveat, '{soc_code}', r.soc_code),
             coalesce(by_producer.caveat, 'Check the source for its definition before publishing.')
             || CASE WHEN r.evidence_role = 'secondary_citation'
                     THEN ' Known only through a page citing the producer.' ELSE '' END) AS caveat,
    coalesce(by_soc.publish_label,
             CASE WHEN r.evidence_role = 'primary' THEN coalesce(by_producer.publish_label, 'publish')
                  ELSE 'publish_with_caveat' END) AS publish_label
FROM picked
JOIN internal.ranked_official AS r USING (observation_id)
LEFT JOIN staging.caveats AS by_producer ON by_producer.producer_id = r.producer_id
LEFT JOIN staging.caveats AS by_soc ON by_soc.soc_version = r.soc_version
ORDER BY r.observation_id
