-- curated.claim_verdicts: one verdict per article claim (internal.claim_checks), with `copying` added when the
-- claim repeats an earlier claim's figure and attribution (internal.claim_copies), and the editors' latest
-- `reject_claim` ruling with whether it applies (curated.rulings).
CREATE OR REPLACE TABLE curated.claim_verdicts AS
WITH reject_rulings AS (
    SELECT * FROM curated.rulings WHERE action = 'reject_claim' AND status IN ('applied', 'reopened')
    QUALIFY row_number() OVER (PARTITION BY observation_id ORDER BY decided_on DESC, ruling_id DESC) = 1
)
SELECT
    v.observation_id, v.verdict,
    CASE WHEN cp.copy_rank > 1 THEN list_append(v.reasons, 'copying') ELSE v.reasons END AS reasons,
    v.checked_against, v.official_value, v.official_period_end, v.official_evidence_role,
    v.earlier_match, v.checked_at_writing, v.at_writing_value, v.when_written,
    CASE WHEN cp.copy_rank > 1 THEN cp.original_id END AS copy_of,
    r.ruling_id, coalesce(r.status, 'none') AS ruling_status, r.status = 'applied' AS rejected_by_editor,
    v.differing_fields, v.evidence
FROM internal.claim_checks AS v
LEFT JOIN internal.claim_copies AS cp USING (observation_id)
LEFT JOIN reject_rulings AS r USING (observation_id)
ORDER BY v.observation_id
