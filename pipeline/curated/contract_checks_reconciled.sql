-- Named contract checks on the reconciled tables; each returns the number of violating rows.
SELECT 'claims_have_one_verdict',
       (SELECT count(*) FROM curated.observations o WHERE o.kind = 'claim'
          AND (SELECT count(*) FROM curated.claim_verdicts v WHERE v.observation_id = o.observation_id) <> 1)
UNION ALL
SELECT 'verdict_vocabulary', count(*) FROM curated.claim_verdicts
WHERE verdict NOT IN ('confirmed', 'outdated', 'misattributed', 'not_comparable', 'contradicted', 'unverifiable')
UNION ALL
SELECT 'comparability_vocabulary', count(*) FROM curated.conflicts
WHERE comparability NOT IN ('comparable', 'comparable_after_transform', 'not_comparable')
