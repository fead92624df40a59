-- internal.ranked_official: every official figure (a producer's own or a page citing it) with its authority rank
-- under the declared policy (raw/registry/authority_policy.csv; the first matching rule wins), its producer's name
-- and its measure kind (level or projection). A view: it is a cheap join of curated.observations with small tables,
-- and writing a copy of a million official figures cost more than reading through it four times.
CREATE OR REPLACE VIEW internal.ranked_official AS
WITH authority AS (
    SELECT k.kind AS producer_kind, k.evidence_role, CAST(ap.rank AS INTEGER) AS authority_rank,
           ap.rule AS authority_rule
    FROM (SELECT DISTINCT reg.kind, o.evidence_role
          FROM curated.observations AS o JOIN staging.source_registry AS reg ON reg.source_id = o.producer_id
          WHERE o.is_official) AS k
    JOIN staging.authority_policy AS ap
        ON (ap.producer_kind = '*' OR ap.producer_kind = k.kind) AND ap.evidence_role = k.evidence_role
    QUALIFY row_number() OVER (PARTITION BY k.kind, k.evidence_role ORDER BY CAST(ap.rank AS INTEGER)) = 1
)
SELECT o.*, a.authority_rank, a.authority_rule, reg.organisation AS producer_organisation, m.kind AS measure_kind
FROM curated.observations AS o
JOIN staging.source_registry AS reg ON reg.source_id = o.producer_id
JOIN staging.measures AS m ON m.measure = o.measure
JOIN authority AS a ON a.producer_kind = reg.kind AND a.evidence_role = o.evidence_role
WHERE o.is_official
