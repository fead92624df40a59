SELECT 'documents' AS table_name, count(*) AS row_count FROM release.curated.documents
UNION ALL SELECT 'sources', count(*) FROM release.curated.sources
UNION ALL SELECT 'observations', count(*) FROM release.curated.observations
UNION ALL SELECT 'claim_verdicts', count(*) FROM release.curated.claim_verdicts
UNION ALL SELECT 'conflicts', count(*) FROM release.curated.conflicts
UNION ALL SELECT 'comparisons', count(*) FROM release.curated.comparisons
UNION ALL SELECT 'recommended_figures', count(*) FROM release.curated.recommended_figures
UNION ALL SELECT 'claim_occurrences', count(*) FROM release.curated.claim_occurrences
UNION ALL SELECT 'quarantine', count(*) FROM release.curated.quarantine
UNION ALL SELECT 'consensus', count(*) FROM release.curated.consensus
UNION ALL SELECT 'rulings', count(*) FROM release.curated.rulings
UNION ALL SELECT 'decision_log', count(*) FROM release.curated.decision_log
UNION ALL SELECT 'evidence', count(*) FROM release.curated.evidence
