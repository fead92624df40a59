-- Claims whose verdict is new, gone or different since the previous release (attached read-only as prev_release).
WITH joined AS (
    SELECT
        coalesce(n.observation_id, p.observation_id) AS observation_id,
        CASE WHEN p.observation_id IS NULL THEN 'new'
             WHEN n.observation_id IS NULL THEN 'removed'
             ELSE 'changed' END AS change,
        p.verdict AS verdict_before, n.verdict AS verdict_now,
        p.reasons AS reasons_before, n.reasons AS reasons_now
    FROM curated.claim_verdicts AS n
    FULL JOIN prev_release.curated.claim_verdicts AS p ON p.observation_id = n.observation_id
    WHERE p.observation_id IS NULL OR n.observation_id IS NULL
       OR p.verdict IS DISTINCT FROM n.verdict OR list_sort(p.reasons) IS DISTINCT FROM list_sort(n.reasons)
)
SELECT
    j.*,
    coalesce(no.value_text, po.value_text) AS value_text,
    coalesce(no.document_id, po.document_id) AS document_id,
    coalesce(nd.title, pd.title) AS document_title
FROM joined AS j
LEFT JOIN curated.observations AS no ON no.observation_id = j.observation_id
LEFT JOIN prev_release.curated.observations AS po ON po.observation_id = j.observation_id
LEFT JOIN curated.documents AS nd ON nd.document_id = no.document_id
LEFT JOIN prev_release.curated.documents AS pd ON pd.document_id = po.document_id
ORDER BY j.change = 'changed' DESC, j.change, document_title, j.observation_id
