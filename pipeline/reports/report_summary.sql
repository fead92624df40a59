SELECT
    (SELECT count(*) FROM curated.claim_verdicts) AS claims,
    (SELECT count(*) FROM curated.documents) AS documents,
    (SELECT count(*) FROM curated.conflicts) AS conflicts,
    (SELECT count(*) FROM curated.quarantine) AS quarantined,
    (SELECT list({'verdict': verdict, 'n': n} ORDER BY n DESC, verdict)
     FROM (SELECT verdict, count(*) AS n FROM curated.claim_verdicts GROUP BY verdict)) AS verdicts
