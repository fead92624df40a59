-- staging.ep_projections: BLS Employment Projections by occupation, one row per occupation and cycle, from the
-- projections workbooks held in raw/bls_ep/<cycle>/ (employment in persons, not thousands). Rebuilt whole.
CREATE OR REPLACE TABLE staging.ep_projections AS
SELECT cycle::VARCHAR AS cycle, soc_code::VARCHAR AS soc_code, title::VARCHAR AS title,
       occupation_type::VARCHAR AS occupation_type, base_year::BIGINT AS base_year,
       projected_year::BIGINT AS projected_year, employment_base::BIGINT AS employment_base,
       employment_projected::BIGINT AS employment_projected, change_number::BIGINT AS change_number,
       change_percent::DOUBLE AS change_percent, annual_openings::BIGINT AS annual_openings,
       median_annual_wage::DOUBLE AS median_annual_wage, source_file::VARCHAR AS source_file,
       source_line::BIGINT AS source_line, snapshot_sha256::VARCHAR AS snapshot_sha256, url::VARCHAR AS url
FROM ep_projections_batch
ORDER BY cycle, soc_code
