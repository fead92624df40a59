-- internal.measure_pairs: which measures can be compared, and the factor that converts a b-measure value into
-- a-measure units: each measure with itself (factor 1), and every transform of raw/definitions/transforms.csv in
-- both directions (a = annual, b = hourly gives 2080).
CREATE OR REPLACE TABLE internal.measure_pairs AS
SELECT measure AS a_measure, measure AS b_measure, 1.0 AS factor, NULL::VARCHAR AS transform FROM staging.measures
UNION ALL
SELECT to_measure, from_measure, CAST(factor AS DOUBLE), transform FROM staging.measure_transforms
UNION ALL
SELECT from_measure, to_measure, 1.0 / CAST(factor AS DOUBLE), transform FROM staging.measure_transforms
