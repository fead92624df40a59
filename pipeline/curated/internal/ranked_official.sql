-- internal.ranked_official: every figure a claim may be checked against, with its authority rank under the declared
-- policy (raw/registry/authority_policy.csv; the first matching rule wins), its producer's name and its measure kind
-- (level or projection). That is a producer's own figure or a page citing it (`is_official`), and a news report of
-- a survey whose producer is known (its kind is a producer's in raw/registry/source_kinds.csv), which claims may be
-- checked against but which is never recommended: a publisher repeating figures without a producer is no evidence.
-- A view: it is a cheap join of curated.observations with small tables, and writing a copy of a million official
-- figures cost more than reading through it four times.
CREATE OR REPLACE VIEW internal.ranked_official AS
WITH producers AS (
    SELECT reg.source_id AS producer_id, reg.kind AS producer_kind, reg.organisation AS producer_organisation,
           coalesce(sk.role = 'producer', FALSE) AS reports_count
    FROM staging.source_registry AS reg LEFT JOIN staging.source_kinds AS sk ON sk.kind = reg.kind
),
authority AS (
    SELECT k.producer_kind, k.evidence_role, CAST(ap.rank AS INTEGER) AS authority_rank, ap.rule AS authority_rule
    FROM (SELECT DISTINCT p.producer_kind, o.evidence_role
          FROM curated.observations AS o JOIN producers AS p USING (producer_id)
          WHERE o.is_official OR (o.evidence_role = 'secondary_report' AND p.reports_count)) AS k
    JOIN staging.authority_policy AS ap
        ON (ap.producer_kind = '*' OR ap.producer_kind = k.producer_kind) AND ap.evidence_role = k.evidence_role
    QUALIFY row_number() OVER (PARTITION BY k.producer_kind, k.evidence_role ORDER BY CAST(ap.rank AS INTEGER)) = 1
)
SELECT o.*, a.authority_rank, a.authority_rule, p.producer_organisation, m.kind AS measure_kind
FROM curated.observations AS o
JOIN producers AS p USING (producer_id)
JOIN staging.measures AS m ON m.measure = o.measure
JOIN authority AS a ON a.producer_kind = p.producer_kind AND a.evidence_role = o.evidence_role
WHERE o.is_official OR (o.evidence_role = 'secondary_report' AND p.reports_count)
